#pragma once
// Coverage along the streets for the covering models (site --coverage network): a site covers
// a demand point when the walk between them (from the site to its nearest point of the
// network, along the network, then to the demand point) is within the site's radius. See
// docs/site.md.
#include "model/geometry.hpp"
#include "model/street.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct NetworkCoverNote {
    std::size_t edges = 0, pieces = 0;
    std::size_t sites_off_network = 0;  // sites further from the network than their radius: they cover nothing
    std::size_t pairs_straight = 0, pairs_network = 0;  // site-point pairs within reach, as the crow flies and walking
};

// `covers` holds, per site, the demand points within its radius as the crow flies (ascending,
// as coverage_within gives them); keeps only those within `radius[j]` walking. The walk is
// never shorter than the straight line, so no point is lost by the first cut. Both ends join
// the network at the nearest point of its nearest line (network.hpp's attach_points); the
// lines are joined where vertices lie within `snap` metres. Each site's search stops at its
// radius; sites run on `threads` threads, with the same answer for any number.
NetworkCoverNote cover_along_network(std::vector<std::vector<std::uint32_t>>& covers, const std::vector<XY>& demand,
                                     const std::vector<XY>& sites, const std::vector<double>& radius,
                                     const std::vector<NetworkLine>& lines, double snap, unsigned threads = 1);

}  // namespace hotspots
