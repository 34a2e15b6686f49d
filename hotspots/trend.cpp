#include "hotspots/trend.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <cmath>
#include <map>

namespace hotspots {

StepSpec parse_step(const std::string& text) {
    StepSpec s;
    if (text == "auto" || text == "month" || text == "quarter" || text == "year") {
        s.unit = text;
        return s;
    }
    int days = 0;
    if (text.size() > 1 && text.back() == 'd') {
        const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size() - 1, days);
        if (ec == std::errc() && p == text.data() + text.size() - 1 && days >= 1 && days <= 3660) {
            s.unit = "days";
            s.days = days;
            return s;
        }
    }
    throw std::invalid_argument("'" + text + "': give month, quarter, year, Nd (e.g. 14d) or auto");
}

TimeSteps time_steps(const IncidentSet& set, const StepSpec& spec) {
    Seconds lo = set.incidents.front().from, hi = lo;
    for (const auto& i : set.incidents) {
        lo = std::min(lo, i.from);
        hi = std::max(hi, i.from);
    }
    const int months = month_number(hi) - month_number(lo) + 1;
    TimeSteps s;
    std::string step = spec.unit == "days" ? fmt::format("{}d", spec.days) : spec.unit;
    int days = spec.days;
    if (spec.unit == "auto") {
        step = months < 6 ? "7d" : months <= 36 ? "month" : months <= 144 ? "quarter" : "year";
        days = months < 6 ? 7 : 0;
        s.rule = fmt::format("auto: the incidents span {} months", months);
    }
    const auto first_day = static_cast<std::int64_t>(std::floor(static_cast<double>(lo) / 86400.0));
    auto index = [&](Seconds t) -> std::int64_t {
        if (days) return (static_cast<std::int64_t>(std::floor(static_cast<double>(t) / 86400.0)) - first_day) / days;
        if (step == "month") return month_number(t) - month_number(lo);
        if (step == "quarter") return month_number(t) / 3 - month_number(lo) / 3;
        return month_number(t) / 12 - month_number(lo) / 12;
    };
    std::size_t count = 0;
    for (const auto& i : set.incidents) {
        s.of.push_back(static_cast<std::size_t>(index(i.from)));
        count = std::max(count, s.of.back() + 1);
    }
    for (std::size_t k = 0; k < count; ++k) {
        if (days) s.names.push_back(format_date((first_day + static_cast<std::int64_t>(k) * days) * 86400));
        else if (step == "month") {
            const int m = month_number(lo) + static_cast<int>(k);
            s.names.push_back(fmt::format("{:04d}-{:02d}", m / 12, m % 12 + 1));
        } else if (step == "quarter") {
            const int q = month_number(lo) / 3 + static_cast<int>(k);
            s.names.push_back(fmt::format("{:04d}-Q{}", q / 4, q % 4 + 1));
        } else {
            s.names.push_back(std::to_string(month_number(lo) / 12 + static_cast<int>(k)));
        }
    }
    if (s.rule.empty()) s.rule = "given";
    s.rule = step + " (" + s.rule + ")";
    return s;
}

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
