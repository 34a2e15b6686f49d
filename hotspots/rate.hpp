#pragma once
// Dual kernel rates: an incident surface divided by a denominator surface (residents, address
// points) smoothed with the same kernel and bandwidth, per 1,000.
#include "geo/area_index.hpp"
#include "hotspots/kde.hpp"

#include <vector>

namespace hotspots {

// Each area's value spread evenly over the cells of `grid` whose centre lies inside it, as
// kernel points of bandwidth h (an area holding no cell centre: all of it at one point inside
// it). Areas whose value is not above 0 are left out. `total` gets the sum of the values.
std::vector<KernelPoint> spread_over_cells(const std::vector<geo::AreaInput>& areas, const Grid& grid, double h,
                                           double& total);

struct RateCut {
    double minimum = 0;     // the denominator below which cells became nodata
    std::size_t blank = 0;  // how many
};

// The automatic floor: 5% of the median positive denominator, the median being the value at
// index n / 2 of the n positive values in ascending order (the upper one when n is even).
inline double floor_of_median(double median) { return 0.05 * median; }
// That median's rank from the top (1-based), for a selection of the k-th largest.
inline std::size_t median_rank_from_top(std::size_t n) { return n - n / 2; }

// values[c] = values[c] / denominator[c] x 1,000 where the denominator is at least `minimum`
// (and above 0); NaN elsewhere. A negative `minimum` means 5% of the median positive
// denominator, so sparse edges do not make huge rates whatever the denominator's units.
// Throws std::invalid_argument when the denominator is 0 everywhere.
RateCut divide_by(std::vector<double>& values, const std::vector<double>& denominator, double minimum);

}  // namespace hotspots
