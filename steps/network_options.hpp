#pragma once
// The options that read a street network for a step other than walk (site's coverage along the
// streets, cocoon's door rounds): --network and how to read it, declared once, checked and read
// in check(). See docs/walk.md for how a network is read.
#include "hotspots/crossings.hpp"
#include "io/network_reader.hpp"
#include "steps/params.hpp"

#include <string>

namespace hotspots::steps {

class Context;

struct NetworkParams {
    std::string path, crs, layer, class_field, exclude, name_field;
    double snap = 1;
    bool node_crossings = false;
    // Filled by read_network_options.
    io::NetworkData data;
    CrossingCount crossings;
};

// Declares --network (with `help`), --network-crs, --network-layer, --class-field,
// --exclude-classes, --street-name-field, --snap and --node-crossings.
void declare_network(Params& p, NetworkParams& n, const std::string& help);

// Refuses the options that describe --network without it; reads it (joined at its crossings
// with --node-crossings) when given.
void read_network_options(const Params& p, NetworkParams& n, Context& ctx);

// "streets.gpkg: 812 lines of 820 features; --node-crossings joined 40 crossings ...", for notes.
std::string network_note(const NetworkParams& n);

}  // namespace hotspots::steps
