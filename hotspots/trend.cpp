#include "hotspots/trend.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace hotspots {

MannKendall mann_kendall(const std::vector<double>& x) {
    MannKendall m;
    const std::size_t n = x.size();
    if (n < 2) return m;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) m.s += (x[j] > x[i]) - (x[j] < x[i]);
    std::map<double, std::size_t> ties;
    for (double v : x) ++ties[v];
    const double nd = static_cast<double>(n);
    double correction = 0;
    for (const auto& [v, t] : ties) {
        const double td = static_cast<double>(t);
        correction += td * (td - 1) * (2 * td + 5);
    }
    m.var = (nd * (nd - 1) * (2 * nd + 5) - correction) / 18;
    if (m.var > 0) m.z = m.s > 0 ? (m.s - 1) / std::sqrt(m.var) : m.s < 0 ? (m.s + 1) / std::sqrt(m.var) : 0;
    m.p = std::erfc(std::abs(m.z) / std::sqrt(2.0));
    m.tau = m.s / (nd * (nd - 1) / 2);
    return m;
}

namespace {

std::string side(const UnitSeries& u, const MannKendall& t, double alpha, int sign) {
    const std::size_t n = u.sig.size();
    const auto is = [&](std::size_t k) { return u.sig[k] == sign; };
    std::size_t count = 0;
    for (std::size_t k = 0; k < n; ++k) count += is(k);
    const bool last = is(n - 1);
    const bool ninety = static_cast<double>(count) >= 0.9 * static_cast<double>(n);
    const bool opposite_ever = std::any_of(u.sig.begin(), u.sig.end(), [&](int s) { return s == -sign; });
    const bool rising = t.p < alpha && t.s * sign > 0;   // clustering intensifying (z moving away from 0 on this side)
    const bool falling = t.p < alpha && t.s * sign < 0;
    const std::string word = sign > 0 ? "hot spot" : "cold spot";
    if (!last) return ninety ? "historical " + word : "";
    if (ninety) {
        if (rising) return "intensifying " + word;
        if (falling) return "diminishing " + word;
        return "persistent " + word;
    }
    if (count == 1) return "new " + word;
    // The final run of significant steps.
    std::size_t run = 0;
    while (run < n && is(n - 1 - run)) ++run;
    if (run >= 2 && count == run) return "consecutive " + word;
    return opposite_ever ? "oscillating " + word : "sporadic " + word;
}

}  // namespace

std::string arcgis_category(const UnitSeries& u, const MannKendall& trend, double alpha) {
    if (u.sig.empty()) return "no pattern detected";
    for (int sign : {1, -1}) {
        const auto c = side(u, trend, alpha, sign);
        if (!c.empty()) return c;
    }
    return "no pattern detected";
}

std::string sfhotspot_category(const UnitSeries& u, double share, double recent) {
    const std::size_t n = u.sig.size();
    if (n == 0) return "no pattern";
    const auto recent_steps = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(recent * static_cast<double>(n))));
    const double nd = static_cast<double>(n), rd = static_cast<double>(recent_steps);
    bool any[2] = {false, false};
    for (int sign : {1, -1}) {
        std::size_t all = 0, late = 0, early = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (u.sig[k] != sign) continue;
            ++all;
            (k >= n - recent_steps ? late : early) += 1;
        }
        any[sign > 0 ? 0 : 1] = all > 0;
        const std::string word = sign > 0 ? "hotspot" : "coldspot";
        if (static_cast<double>(all) >= share * nd) return "persistent " + word;
        if (static_cast<double>(late) >= share * rd) return "emerging " + word;
        if (n > recent_steps && late == 0 && static_cast<double>(early) >= share * (nd - rd)) return "former " + word;
    }
    if (any[0]) return "intermittent hotspot";
    if (any[1]) return "intermittent coldspot";
    return "no pattern";
}

}  // namespace hotspots
