#pragma once
// An exact sum of non-negative doubles, whatever their order (docs/kde.md, "share:P% from
// tiles"): a fixed-point accumulator wide enough for every finite double (Kulisch's long
// accumulator), so adding the same values in any order, or in any grouping, gives the same
// bits, and value() rounds the exact sum once, to nearest (ties to even).
#include <array>
#include <cstdint>

namespace hotspots {

class ExactSum {
public:
    // x must be finite and >= 0; throws std::invalid_argument otherwise.
    void add(double x);
    // Adds m x 2^(position - 1074): m a sum of significands of one binade (a double's
    // significand with its implicit bit, at the position of its last bit; see position_of).
    void add_scaled(unsigned __int128 m, int position);
    void add(const ExactSum& other);
    // The sum rounded to the nearest double (ties to even); infinity beyond the largest.
    double value() const;
    // -1, 0 or 1 as the exact sum is below, equal to or above x (x finite, >= 0).
    int compare(double x) const;
    int compare(const ExactSum& other) const;

    // A positive finite double as significand m and the position of its last bit:
    // x = m x 2^(position - 1074).
    static void split(double x, std::uint64_t& m, int& position);

private:
    static constexpr int limbs = 36;  // 2,304 bits: 2^-1074 up to 2^1024 x 2^128 terms
    std::array<std::uint64_t, limbs> m_limb{};
    std::uint64_t bits(int from, int count) const;  // count <= 64 bits starting at bit `from`
    bool any_below(int bit) const;
};

}  // namespace hotspots
