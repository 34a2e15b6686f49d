#pragma once
// Local Moran's I (Anselin 1995): local indicators of spatial association with analytic and
// conditional-permutation inference, and the four quadrants of the Moran scatter plot.
#include "hotspots/gistar.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

// The same neighbours without each unit itself (Gi*'s weights include it; Moran's I does not):
// weight 1 each (binary) or 1 / number of neighbours (row-standardised, spdep's style "W").
// A unit with no neighbour keeps an empty row.
Neighbours without_self(const Neighbours& w, bool row_standardise);

// Variance of I_i: `conditional` on x_i (spdep::localmoran's default, conditional = TRUE;
// Sokal, Oden and Thomson 1998) or under total randomisation (Anselin 1995; conditional = FALSE).
enum class LisaVariance { conditional, total };

struct LocalMoran {
    std::vector<double> i, expected, variance, z, p;  // p: two-sided, normal
    std::vector<double> dev, lag;                     // x - mean; sum_j w_ij (x_j - mean)
    double mean = 0, m2 = 0;                          // m2 = sum (x - mean)^2 / n
};

struct LisaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// With z_i = x_i - mean, m2 = sum z^2 / n, W_i = sum_j w_ij, S_i = sum_j w_ij^2 (spdep's
// defaults mlvar = TRUE, adjust.x = FALSE): I_i = z_i / m2 sum_j w_ij z_j;
// conditional: E = -z_i^2 W_i / ((n - 1) m2), Var = (z_i / m2)^2 n / (n - 2) (S_i - W_i^2 / (n - 1))
// (m2 - z_i^2 / (n - 1)); total: E = -W_i / (n - 1), b2 = (sum z^4 / n) / m2^2,
// Var = (n - b2) / (n - 1) S_i + (2 b2 - n) / ((n - 1)(n - 2)) (W_i^2 - S_i) - E^2.
// Z = (I - E) / sqrt(Var) (0 where Var is 0). `w` holds no unit itself (without_self).
// Throws LisaError when every unit has the same value or there are under 3 units.
LocalMoran local_moran(const std::vector<double>& x, const Neighbours& w, LisaVariance variance);

// Conditional permutation pseudo p-values: x_i stays, its neighbours' values are drawn from
// the other n - 1 units `permutations` times (without replacement as in Anselin 1995 and
// GeoDa, or with replacement as spdep 1.2's localmoran_perm); with G = #(I_sim >= I_i),
// p = (min(G, permutations - G) + 1) / (permutations + 1) (spdep's "Pr(folded) Sim"). Each
// unit draws from its own stream (seed, unit): the same result whatever the thread count.
// Units without neighbours get p = 1.
std::vector<double> local_moran_permutation_p(const std::vector<double>& x, const Neighbours& w, int permutations,
                                              std::uint64_t seed, bool with_replacement, unsigned threads);

namespace detail {
struct PermutationStats {
    std::vector<double> p, mean, variance;  // NaN mean and variance where a unit was not permuted
};
// The conditional permutation core shared by the univariate and bivariate statistics: unit i's
// statistic is scale_i sum_j w_ij values_j, its neighbours' values drawn from the other units.
PermutationStats conditional_permutations(const std::vector<double>& scale, const std::vector<double>& values,
                                          const Neighbours& w, int permutations, std::uint64_t seed,
                                          bool with_replacement, unsigned threads);
}  // namespace detail

// The p-values adjusted over all units: Benjamini-Hochberg, Bonferroni or none.
std::vector<double> adjust_p(const std::vector<double>& p, Adjustment adjustment);

// The quadrant of each unit significant at adjusted p < alpha: "HH" (high among high),
// "LL", "HL" (a high value among low ones), "LH"; "not significant" otherwise. High means
// above the mean (z_i > 0), and for the lag sum_j w_ij z_j > 0 (GeoDa's and spdep's "pysal").
std::vector<std::string> lisa_quadrants(const LocalMoran& m, const std::vector<double>& p_adjusted, double alpha);

}  // namespace hotspots
