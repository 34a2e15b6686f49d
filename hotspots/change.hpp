#pragma once
// Change between two periods: counts per unit and whether the change is more than chance.
#include <cstdint>

namespace hotspots {

// Two-sided exact binomial test of k successes in n trials with probability p0, as R's
// binom.test: the sum of the probabilities of every outcome no more likely than k
// (with R's relative tolerance of 1e-7).
double binomial_test(std::uint64_t k, std::uint64_t n, double p0);

struct PeriodChange {
    std::uint64_t before = 0, after = 0;
    std::int64_t difference = 0;
    double change_pct = 0;   // NaN when before = 0
    double rate_ratio = 0;   // (after / days_after) / (before / days_before); NaN when before = 0
    double p = 1;            // conditional test: after | before + after ~ Binomial(n, days_after / (days_before + days_after))
};

// Counts of two periods of `days_before` and `days_after` days (the rates are compared, so
// periods of different lengths are fair).
PeriodChange compare_periods(std::uint64_t before, std::uint64_t after, double days_before, double days_after);

}  // namespace hotspots
