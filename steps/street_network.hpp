#pragma once
// The street network options shared by the steps that count along streets (streets, kde
// --network): the file and how to read it, the snapping tolerance of incidents, and the
// segments with each incident's place on them. See docs/streets.md.
#include "hotspots/street_segments.hpp"
#include "io/network_reader.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"
#include "steps/params.hpp"

#include <string>
#include <vector>

namespace hotspots::steps {

struct StreetNetworkParams {
    std::string path, crs, layer, class_field, exclude, name_field;
    double snap = 1;        // metres: line vertices this close are one junction
    double tolerance = 30;  // metres: incidents further from every street are unsnapped
};

// --network (required when `required`), --network-crs, --network-layer, --class-field,
// --exclude-classes, --street-name-field, --snap, --street-tolerance.
void declare_street_network(Params& p, StreetNetworkParams& o, const std::string& help);

// Reads the network when --network is given (throws UsageError when a network option is
// given without it); records the read.
io::NetworkData read_street_network(const StreetNetworkParams& o, const Params& p, Context& ctx);

// The network's segments and where each point lies on them; logs how many were snapped and
// the unsnapped (never their places).
struct StreetPlaces {
    Network net;
    StreetSegments streets;
    std::vector<Snap> snaps;
    std::size_t unsnapped = 0;
};
StreetPlaces place_on_streets(const io::NetworkData& data, const StreetNetworkParams& o, const std::vector<XY>& points,
                              const std::string& command, Log& log);

// "5 lines of 6 features (...)": what was read, for metadata.
std::string network_note(const io::NetworkData& d, const std::string& path);

}  // namespace hotspots::steps
