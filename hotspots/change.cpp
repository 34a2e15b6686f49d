#include "hotspots/change.hpp"

#include <cmath>
#include <limits>

namespace hotspots {
namespace {

double log_pmf(std::uint64_t k, std::uint64_t n, double p) {
    const double kd = static_cast<double>(k), nd = static_cast<double>(n);
    if (p <= 0) return k == 0 ? 0 : -INFINITY;
    if (p >= 1) return k == n ? 0 : -INFINITY;
    return std::lgamma(nd + 1) - std::lgamma(kd + 1) - std::lgamma(nd - kd + 1) + kd * std::log(p) +
           (nd - kd) * std::log1p(-p);
}

}  // namespace

double binomial_test(std::uint64_t k, std::uint64_t n, double p0) {
    if (n == 0) return 1;
    const double observed = log_pmf(k, n, p0);
    const double limit = observed + std::log1p(1e-7);
    double p = 0;
    for (std::uint64_t j = 0; j <= n; ++j) {
        const double l = log_pmf(j, n, p0);
        if (l <= limit) p += std::exp(l);
    }
    return std::min(1.0, p);
}

PeriodChange compare_periods(std::uint64_t before, std::uint64_t after, double days_before, double days_after) {
    PeriodChange c;
    c.before = before;
    c.after = after;
    c.difference = static_cast<std::int64_t>(after) - static_cast<std::int64_t>(before);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    c.change_pct = before ? 100.0 * static_cast<double>(c.difference) / static_cast<double>(before) : nan;
    c.rate_ratio = before ? (static_cast<double>(after) / days_after) / (static_cast<double>(before) / days_before) : nan;
    c.p = binomial_test(after, before + after, days_after / (days_before + days_after));
    return c;
}

}  // namespace hotspots
