#pragma once
// Figures written to outputs are rounded to what they can claim (metres to 0.1, shares to
// 0.01), so files stay readable and equal from run to run.
#include <cmath>

namespace hotspots::steps {

inline double round_to(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

}  // namespace hotspots::steps
