#pragma once
// Bivariate local Moran's I (Anselin, Syabri and Smirnov 2002): how a unit's value of one
// variable relates to its neighbours' values of another (this year's burglary against last
// year's around it; crime against street lights). As spdep::localmoran_bv.
#include "hotspots/lisa.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct LocalMoranBv {
    std::vector<double> i;           // I^B_i = zx_i sum_j w_ij zy_j
    std::vector<double> zx, lag_zy;  // x and y standardised (sample sd, n - 1); the lag of zy
    // From the conditional permutations (none: empty): the folded pseudo p, and the mean and
    // variance of the simulated I^B_i (spdep's E.Ibvi and Var.Ibvi).
    std::vector<double> p, expected, variance;
};

// zx = (x - mean x) / sd x, zy likewise (sd with n - 1, as R's scale()); I^B_i = zx_i lag_i,
// lag_i = sum_j w_ij zy_j. Conditional permutations keep zx_i and draw the neighbours' zy from
// the other n - 1 units (with or without replacement; spdep draws with), each unit from its own
// stream (seed, unit): p = (min(G, M - G) + 1) / (M + 1), G = #(I_sim >= I_i), M = permutations.
// `w` holds no unit itself (without_self). Throws LisaError when x or y is constant, they
// differ in length from w, or there are under 3 units.
LocalMoranBv local_moran_bv(const std::vector<double>& x, const std::vector<double>& y, const Neighbours& w,
                            int permutations, std::uint64_t seed, bool with_replacement, unsigned threads);

// The same figures in the univariate shape, so that lisa_quadrants reads them: dev = zx, lag =
// the lag of zy (so "HL" is a high x among low y around it), z = (I - E) / sqrt(Var) from the
// permutation moments and p its two-sided normal p (spdep's Z.Ibvi and its Pr(z != E(Ibvi))).
LocalMoran as_local_moran(const LocalMoranBv& m);

}  // namespace hotspots
