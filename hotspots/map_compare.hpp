#pragma once
// Two surfaces on one grid: their difference, ratio or log ratio (sfhotspot's
// hotspot_dual_kde), and how far their hot cells agree (shares, Jaccard, Cohen's kappa).
// See docs/compare.md.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

enum class DualKind { difference, ratio, log_ratio };

// Per cell (NaN in either input: NaN):
//   difference  a - b
//   ratio       a / b, where b > floor_b (else NaN)
//   log_ratio   ln(a / b), where a > floor_a and b > floor_b (else NaN)
std::vector<double> dual_surface(const std::vector<double>& a, const std::vector<double>& b, DualKind kind,
                                 double floor_a, double floor_b);

// A floor for dividing by a surface: `share` of the median of its positive, finite cells (0
// when it has none), so that a ratio is not made of the thin tails of two kernels.
double surface_floor(const std::vector<double>& v, double share);

struct Agreement {
    std::size_t cells = 0;            // compared: valid cells
    std::size_t a = 0, b = 0;         // hot in A, hot in B
    std::size_t both = 0, neither = 0;
    double a_in_b = 0, b_in_a = 0;    // |A ∩ B| / |A|, |A ∩ B| / |B| (0 for an empty map)
    double jaccard = 0;               // |A ∩ B| / |A ∪ B|
    double observed = 0, expected = 0;  // p_o and p_e of kappa
    double kappa = 0;                 // Cohen's (p_o - p_e) / (1 - p_e); 1 when p_e = 1
};

// Counts over the cells where `valid` is non-zero; a cell is hot in A where a_hot is non-zero.
Agreement agreement(const std::vector<std::uint8_t>& a_hot, const std::vector<std::uint8_t>& b_hot,
                    const std::vector<std::uint8_t>& valid);

}  // namespace hotspots
