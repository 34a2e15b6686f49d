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

std::vector<double> holm(const std::vector<double>& p) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!std::isnan(p[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
    std::vector<double> out(p.size(), NAN);
    const double m = static_cast<double>(order.size());
    double running = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        running = std::max(running, std::min(1.0, (m - static_cast<double>(k)) * p[order[k]]));
        out[order[k]] = running;
    }
    return out;
}

double sfhotspot_step_p(double p, std::size_t neighbours, SfScheme scheme) {
    if (scheme == SfScheme::v1_0 || std::isnan(p)) return p;
    return std::min(1.0, static_cast<double>(neighbours + 2) * p);
}

std::string sfhotspot_category(const std::vector<double>& z, const std::vector<double>& p, const SfhotspotParams& params) {
    const std::size_t n = z.size();
    if (n < 2) return "no pattern";
    // 1.1 adjusts once, per step and unit (the caller's p); 1.0 adjusted over the unit's steps.
    const auto adjusted = params.scheme == SfScheme::v1_0 ? holm(p) : p;
    std::size_t r = static_cast<std::size_t>(std::floor(params.recent_prop * static_cast<double>(n)));
    if (r < 1 || n - r < 1) r = 1;
    auto side = [&](int sign) -> std::string {
        std::size_t all = 0, recent = 0, older = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const bool sig = !std::isnan(adjusted[k]) && adjusted[k] < params.critical_p;
            if (!sig || !(sign > 0 ? z[k] > 0 : !(z[k] > 0))) continue;
            ++all;
            if (k + 1 >= n - r) ++recent;  // steps n - r .. n, counted from 1
            if (k + 1 <= n - r) ++older;   // steps 1 .. n - r
        }
        const double a = static_cast<double>(all) / static_cast<double>(n);
        const double re = static_cast<double>(recent) / static_cast<double>(r);
        const double ol = static_cast<double>(older) / static_cast<double>(n - r);
        const std::string word = sign > 0 ? "hotspot" : "coldspot";
        if (a >= params.persistent_prop) return "persistent " + word;
        if (ol < params.hotspot_prop && re >= params.recent_prop) return "emerging " + word;
        if (ol >= params.hotspot_prop && re < params.hotspot_prop) return "former " + word;
        if (a >= params.hotspot_prop) return "intermittent " + word;
        return "";
    };
    const std::string hot = side(1), cold = side(-1);
    if (!hot.empty() && !cold.empty()) return "mixed hot/coldspot";
    if (!hot.empty()) return hot;
    if (!cold.empty()) return cold;
    return "no pattern";
}

}  // namespace hotspots
