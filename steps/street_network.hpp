#pragma once
// The street network options of every step that reads streets other than walk (streets, kde
// --network, --units streets, site's coverage along the streets, cocoon's door rounds):
// --network and how to read it, declared once, refused without --network, read in check();
// and, for the steps that count along the streets, each incident's place on the segments.
// See docs/streets.md and docs/walk.md (how a network is read).
#include "hotspots/crossings.hpp"
#include "hotspots/street_segments.hpp"
#include "io/network_reader.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"
#include "steps/params.hpp"

#include <string>
#include <vector>

namespace hotspots::steps {

struct NetworkParams {
    std::string path, crs, layer, class_field, exclude, name_field;
    double snap = 1;        // metres: line vertices this close are one junction
    double tolerance = 30;  // metres: incidents further from every street are unsnapped
    bool node_crossings = false;
    // Filled by read_network.
    io::NetworkData data;
    CrossingCount crossings;
};

struct NetworkDeclare {
    // --street-tolerance: the step snaps incidents to the street segments.
    bool snaps_incidents = true;
    // Declared defaults are listed in a pack's manifest; site and cocoon keep theirs in the
    // fields so that their manifests do not list options of a network they were not given.
    bool declared_defaults = true;
};

// Declares --network (with `help`), --network-crs, --network-layer, --class-field,
// --exclude-classes, --street-name-field, --snap, --node-crossings and (when the step snaps
// incidents) --street-tolerance.
void declare_network(Params& p, NetworkParams& n, const std::string& help, NetworkDeclare what = {});

// Refuses the options that describe --network without it (UsageError); reads it when given
// (joined at its crossings with --node-crossings) and records the read.
void read_network(const Params& p, NetworkParams& n, Context& ctx);

// The network's segments and where each point lies on them; logs how many were snapped and
// the unsnapped (never their places).
struct StreetPlaces {
    Network net;
    StreetSegments streets;
    std::vector<Snap> snaps;
    std::size_t unsnapped = 0;
};
StreetPlaces place_on_streets(const NetworkParams& n, const std::vector<XY>& points, const std::string& command, Log& log);

// "streets.gpkg: 812 lines of 820 features (...); --node-crossings joined 40 crossings ...":
// what was read, for notes and metadata.
std::string network_note(const NetworkParams& n);

}  // namespace hotspots::steps
