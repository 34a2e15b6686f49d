#pragma once
// Density-based clusters of incidents: DBSCAN (Ester et al. 1996) and ST-DBSCAN (Birant and
// Kut 2007: a spatial and a temporal radius), labelled exactly as R's dbscan::dbscan labels
// them, and the k-distance knee that chooses eps when none is given. See docs/cluster.md.
#include "hotspots/point_grid.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct DbscanOptions {
    double eps = 0;              // metres (> 0)
    std::size_t min_points = 5;  // neighbours within eps, the point itself included (R's minPts)
    double eps_time = -1;        // ST-DBSCAN: days; < 0 for space only
    unsigned threads = 1;
};

struct DbscanResult {
    std::vector<std::int32_t> cluster;  // per point: 1..clusters, 0 = noise
    std::vector<bool> core;             // per point: a core point
    std::size_t clusters = 0;
};

// Neighbours are the points at distance <= eps (and, with eps_time, |t_i - t_j| <= eps_time);
// a core point has at least min_points of them. Clusters are the connected sets of core
// points, numbered by their lowest point index; a border point (not core, a core neighbour)
// joins the lowest-numbered cluster among its core neighbours. That is R's rule: it grows
// clusters from points in index order and a border point stays with the first that reaches
// it. `times` (days) are needed only with eps_time. Same result for any thread count.
DbscanResult dbscan(const std::vector<PlanePoint>& points, const std::vector<double>& times, const DbscanOptions& o);

// The distance from each point to its k-th nearest other point (R's kNNdist(x, k)).
std::vector<double> knn_distances(const std::vector<PlanePoint>& points, std::size_t k, unsigned threads);

// The knee of the sorted k-distance curve (dbscan::kNNdistplot): the sorted distances and their
// ranks are each scaled to [0, 1], and the knee is the point farthest below the chord from the
// first to the last (Satopää et al. 2011, "Kneedle"). Returns its distance; 0 for fewer than
// three points.
double knee_distance(std::vector<double> distances);

// minPts when not given: ln(n) rounded (Birant and Kut 2007), at least 2 x dimensions
// (Sander et al. 1998): 4 in the plane, 6 with time.
std::size_t default_min_points(std::size_t n, bool with_time);

}  // namespace hotspots
