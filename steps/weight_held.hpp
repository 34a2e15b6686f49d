#pragma once
// The share of a surface's total weight its grid holds, said alike by an untiled kde, the
// writers of a tiled one once its last tile is summed, and hotspots merge once it has every
// shard's tiles (docs/kde.md, "How much weight the grid holds").
#include "steps/context.hpp"

namespace hotspots::steps {

// Notes "the grid holds P% of the total weight W" and warns below 99% (kernels cut off by the
// extent, or a bandwidth close to the cell). Nothing when total_weight is not positive: a rate
// or a raw surface holds no weight.
void log_weight_held(Log& log, double held, double total_weight);

}  // namespace hotspots::steps
