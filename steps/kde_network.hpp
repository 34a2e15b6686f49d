#pragma once
// kde --network: the density along the streets, on lixels (pieces of the street segments of
// fixed length), with the bandwidth as a walking distance. Kept apart from kde's raster.
// See docs/streets.md.
#include "hotspots/kernel.hpp"
#include "io/feature_writer.hpp"
#include "model/incident.hpp"
#include "steps/street_network.hpp"

#include <optional>
#include <string>

namespace hotspots::steps {

struct KdeNetworkParams {
    NetworkParams net;
    std::string lixels;  // the output
    double lixel = 10;   // metres
    std::string split = "continuous";
};

// --network and its reading options, --lixels, --lixel, --network-kernel.
void declare_kde_network(Params& p, KdeNetworkParams& o);

// Checks the options against each other and reads the network (empty without --network).
void check_kde_network(KdeNetworkParams& o, const Params& p, Context& ctx);

struct LixelDensity {
    io::FeatureTable table;
    double max_value = 0;   // incidents per km
    double mass = 0;        // sum of density x length: the incidents the streets hold
    std::size_t unsnapped = 0;
};

// The density at the middle of each lixel (incidents per km of street; harm weights count),
// every incident weighed by its weight and snapped to its nearest street within the
// tolerance (the unsnapped are counted and logged, never placed).
LixelDensity lixel_density(const KdeNetworkParams& o, const IncidentSet& set,
                           Kernel kernel, double bandwidth, const std::string& crs, Log& log);

}  // namespace hotspots::steps
