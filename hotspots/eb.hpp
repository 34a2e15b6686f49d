#pragma once
// Empirical Bayes smoothing of rates (Marshall 1991): small populations' rates are pulled
// towards a mean rate (all areas', or their neighbourhood's) in proportion to how little
// their own count can be trusted.
#include "hotspots/gistar.hpp"

#include <stdexcept>
#include <vector>

namespace hotspots {

struct EbRates {
    std::vector<double> raw, smoothed;  // cases per person (multiply for per 1,000)
    std::vector<double> prior_mean, prior_variance;  // global: the same for every area
};

// Global (spdep::EBest, Poisson): b = sum cases / sum population, s2 = sum x_i (r_i - b)^2 /
// sum x, a = max(0, s2 - b / mean x), smoothed r_i = b + a (r_i - b) / (a + b / x_i).
// Throws std::invalid_argument for a population of 0 or less, negative cases, unequal sizes.
EbRates eb_global(const std::vector<double>& cases, const std::vector<double>& population);

// Local: over each area i and its neighbours N_i (`w`, the area itself included or not; it is
// always counted once), m_i = sum cases / sum population, nbar_i their mean population,
// a_i = max(0, C_i / sum x - m_i / nbar_i), smoothed r_i = m_i + (r_i - m_i) a_i / (a_i + m_i / x_i)
// (0 where m_i is 0). Marshall's C_i = sum_{j in N_i} x_j (r_j - m_i)^2 (spdep::EBlocal with
// geoda = TRUE, GeoDa); spdep::EBlocal's default sums x_j (r_j - m_j)^2, each neighbour's
// deviation from its own neighbourhood's mean (`spdep_default`).
enum class EbLocalSpread { marshall, spdep_default };
EbRates eb_local(const std::vector<double>& cases, const std::vector<double>& population, const Neighbours& w,
                 EbLocalSpread spread);

// The EB-standardised Moran's I (Assuncao and Reis 1999; the statistic of spdep::EBImoran.mc):
// with b and a of eb_global, each area's z_i = (r_i - b) / sqrt(a + b / x_i), and Moran's I of
// z under the weights w (the area itself left out): (n / S0) sum_ij w_ij zc_i zc_j / sum zc^2,
// zc = z - mean z, S0 = sum of all weights. Throws std::invalid_argument as eb_global, and when
// the weights sum to 0 or every z is the same.
double eb_moran(const std::vector<double>& cases, const std::vector<double>& population, const Neighbours& w);

}  // namespace hotspots
