#pragma once
// A small, fixed random number generator for permutation tests: the same numbers on every
// platform and compiler (the standard distributions are not), seeded per task so results do
// not depend on how tasks are spread over threads.
#include <cstdint>

namespace hotspots {

// splitmix64: the next number of the sequence whose state is `s`.
inline std::uint64_t next_random(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// An integer in [0, n), unbiased (by rejection).
inline std::uint64_t random_below(std::uint64_t& s, std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t r;
    do r = next_random(s);
    while (r >= limit);
    return r % n;
}

}  // namespace hotspots
