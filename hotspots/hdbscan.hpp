#pragma once
// HDBSCAN (Campello, Moulavi and Sander 2013; McInnes, Healy and Astels 2017) as R's
// dbscan::hdbscan computes it, so its labels equal R's up to renumbering. See docs/cluster.md.
#include "hotspots/point_grid.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct HdbscanResult {
    std::vector<std::int32_t> cluster;  // per point: 1..clusters, 0 = noise
    std::vector<double> core_distance;  // per point: distance to its (min_points - 1)-th neighbour
    std::vector<double> stability;      // per cluster (index cluster - 1): its excess of mass
    std::size_t clusters = 0;
};

// min_points (>= 2) is R's minPts: the core distance is the distance to the (minPts - 1)-th
// nearest other point, and it is also the smallest cluster size. The mutual reachability
// distance max(core_i, core_j, d_ij) is minimised over a spanning tree by Prim's algorithm in
// R's order (from point 0, the lowest index among equal weights; the tree kept as the chain of
// points in the order Prim adds them, which gives the same single-linkage hierarchy). Clusters
// are condensed from that hierarchy (a split counts when both sides hold min_points points;
// points leave a cluster at the height they join it) and chosen by excess of mass, the root
// never chosen. Time O(n^2) for the tree, memory O(n).
HdbscanResult hdbscan(const std::vector<PlanePoint>& points, std::size_t min_points, unsigned threads);

}  // namespace hotspots
