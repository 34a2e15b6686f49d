#pragma once
// Numbers as text for large outputs: the same characters as fmt's "{:.Nf}" (and printf's
// "%.Nf"), several times faster for the common case (a million rows carry four coordinates
// each).
#include <cstddef>

namespace hotspots::io {

// The most characters write_fixed writes (the sign, 309 integer digits, the point, decimals).
inline constexpr std::size_t fixed_max_chars = 330;

// Writes `v` with `decimals` (0 to 9) digits after the point at `out`, rounded as fmt's
// "{:.Nf}" rounds (the exact binary value, ties to even), and returns the end. `out` must
// have room for fixed_max_chars characters. Values that are not finite, too large for exact
// integer arithmetic, near a rounding tie, or negative that round to zero are handed to fmt,
// so the characters never differ from its.
char* write_fixed(char* out, double v, int decimals);

}  // namespace hotspots::io
