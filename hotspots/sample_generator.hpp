#pragma once
// A synthetic partnership area with planted ground truth (see docs/sample-data.md).
// Deterministic by seed on every platform: it uses its own uniform and normal draws
// rather than the standard library's implementation-defined distributions.
#include "model/sample.hpp"

#include <cstdint>

namespace hotspots {

Sample generate_sample(std::uint64_t seed);

}  // namespace hotspots
