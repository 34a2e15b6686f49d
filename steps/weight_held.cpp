#include "steps/weight_held.hpp"

#include <fmt/format.h>

namespace hotspots::steps {

void log_weight_held(Log& log, double held, double total_weight) {
    if (!(total_weight > 0)) return;
    const double pct = 100 * held / total_weight;
    log.note(fmt::format("the grid holds {:.2f}% of the total weight {:g}", pct, total_weight));
    if (pct < 99)
        log.warning("part of the kernels falls outside the grid (--extent) or between cell centres (bandwidth close to "
                    "the cell size); densities near the edge are low");
}

}  // namespace hotspots::steps
