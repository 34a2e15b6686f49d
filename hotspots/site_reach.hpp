#pragma once
// What each site covers, drawn for the map (site --reach): along the streets, the pieces of
// street within its radius walking (--coverage network); in view, the part of the street
// corridor it sees within its radius (--coverage view). See docs/site.md.
#include "hotspots/site.hpp"
#include "model/geometry.hpp"
#include "model/street.hpp"

#include <vector>

namespace hotspots {

struct SiteReach {
    std::vector<std::vector<XY>> lines;  // along the streets: the pieces reached (two points each)
    std::vector<XY> ring;                // in view: the corridor seen, a closed ring (empty: off the street)
    double length = 0;                   // metres of street reached
    double area = 0;                     // square metres seen
};

// Per site, every point x of the network with |s - s'| + d_N(s', x) <= radius[j], where s' is
// the site's nearest point of the network (as cover_along_network attaches it): whole edges,
// and the part of an edge up to where the remaining distance runs out from either end.
std::vector<SiteReach> reach_along_network(const std::vector<XY>& sites, const std::vector<double>& radius,
                                           const std::vector<NetworkLine>& lines, double snap);

// Per site, the corridor (the lines buffered by half_width) seen from the site's nearest
// point of the network within `tolerance` (nothing further), out to radius[j], over its view
// (views[j], when views is not empty): the ends of rays every half degree, each stopped where
// it first leaves the corridor.
std::vector<SiteReach> reach_in_view(const std::vector<XY>& sites, const std::vector<double>& radius,
                                     const std::vector<View>& views, const std::vector<NetworkLine>& lines,
                                     double half_width, double tolerance);

}  // namespace hotspots
