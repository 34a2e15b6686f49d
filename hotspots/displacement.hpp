#pragma once
// Displacement and diffusion of benefit round a target area (a hotspot that got patrols, a
// street with new lighting): the weighted displacement quotient of Bowers & Johnson (2003),
// from counts in the target, a buffer round it and a control area, before and after.
#include <cstdint>
#include <string>

namespace hotspots {

struct DisplacementCounts {
    std::uint64_t target_before = 0, target_after = 0, buffer_before = 0, buffer_after = 0, control_before = 0,
                  control_after = 0;
};

struct Displacement {
    // Success: A_a/C_a - A_b/C_b (below 0: the target fell relative to the control). Buffer:
    // B_a/C_a - B_b/C_b. WDQ = buffer / success, only when success < 0 (else NaN, as when the
    // control has no incident in a period).
    double success = 0, buffer = 0, wdq = 0;
    std::string reading;  // what the numbers say, in words
};

Displacement weighted_displacement(const DisplacementCounts& c);

}  // namespace hotspots
