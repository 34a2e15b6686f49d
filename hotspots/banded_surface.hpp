#pragma once
// A density surface as bands a release may publish (docs/publish.md, "Surfaces"): a value of a
// kernel surface is the sum of kernels round incidents, so an isolated blob integrates to its
// incidents and its centre is theirs. Published instead: classes of the surface (isobands: each
// band is the cells at or above a break), where every connected piece of a band holds at least
// `min_incidents` incidents (counted from the incidents snapped to the surface's cells); a piece
// with fewer falls to the band below, down to none. No value is published, only the band.
#include "model/grid.hpp"

#include <cstddef>
#include <utility>
#include <vector>

namespace hotspots {

struct SurfaceBands {
    std::vector<double> breaks;  // ascending: band k (1-based) is the cells at or above breaks[k-1]
    std::vector<int> band;       // per cell: 0 (below the first break, or demoted), 1..breaks.size(); -1 nodata
    std::size_t demoted = 0;     // pieces that fell to a lower band for holding too few incidents
};

// `values` (NaN: nodata) on `grid`; breaks at the `quantiles` (ascending, in (0, 1)) of the
// cells with a positive value; `points` the incidents' positions in the grid's CRS.
SurfaceBands band_surface(const std::vector<double>& values, const Grid& grid, const std::vector<std::pair<double, double>>& points,
                          std::size_t min_incidents, const std::vector<double>& quantiles);

}  // namespace hotspots
