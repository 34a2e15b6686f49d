#include "hotspots/threshold.hpp"

#include "hotspots/exact_sum.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>

namespace hotspots {
namespace {

const char* forms = "use top:P% (e.g. top:5%), mean+Ksd (e.g. mean+2sd), value:X or share:P% (e.g. share:50%)";

double number(std::string_view s, std::string_view whole) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
        throw std::invalid_argument(fmt::format("--threshold '{}': '{}' is not a number; {}", whole, s, forms));
    return v;
}

double percent(std::string_view s, std::string_view whole) {
    if (s.empty() || s.back() != '%') throw std::invalid_argument(fmt::format("--threshold '{}': give a percentage; {}", whole, forms));
    const double v = number(s.substr(0, s.size() - 1), whole);
    if (!(v > 0 && v <= 100)) throw std::invalid_argument(fmt::format("--threshold '{}': the percentage must be in (0, 100]; {}", whole, forms));
    return v;
}

}  // namespace

Threshold parse_threshold(std::string_view text) {
    Threshold t;
    t.text = std::string(text);
    if (text.starts_with("top:")) {
        t.kind = Threshold::Kind::top;
        t.parameter = percent(text.substr(4), text);
    } else if (text.starts_with("share:")) {
        t.kind = Threshold::Kind::share;
        t.parameter = percent(text.substr(6), text);
    } else if (text.starts_with("value:")) {
        t.kind = Threshold::Kind::value;
        t.parameter = number(text.substr(6), text);
    } else if (text.starts_with("mean+") && text.ends_with("sd")) {
        t.kind = Threshold::Kind::mean_sd;
        t.parameter = number(text.substr(5, text.size() - 7), text);
        if (t.parameter < 0) throw std::invalid_argument(fmt::format("--threshold '{}': K must not be negative", text));
    } else {
        throw std::invalid_argument(fmt::format("--threshold '{}' is not understood; {}", text, forms));
    }
    return t;
}

ThresholdResult apply_threshold(const std::vector<double>& values, const Threshold& t) {
    ThresholdResult r;
    std::vector<double> v;
    for (double x : values)
        if (x > 0) v.push_back(x);  // NaN compares false: masked cells drop out
    r.eligible = v.size();
    if (v.empty()) {
        r.cut = INFINITY;
        r.details = "no cell has a positive value";
        return r;
    }
    switch (t.kind) {
        case Threshold::Kind::top: {
            const auto k = static_cast<std::size_t>(std::ceil(t.parameter / 100 * static_cast<double>(v.size())));
            std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k - 1), v.end(), std::greater<>());
            r.cut = v[k - 1];
            r.details = threshold_details(t, v.size(), r.cut);
            break;
        }
        case Threshold::Kind::mean_sd: {
            double sum = 0;
            for (double x : v) sum += x;
            const double mean = sum / static_cast<double>(v.size());
            double ss = 0;
            for (double x : v) ss += (x - mean) * (x - mean);
            const double sd = std::sqrt(ss / static_cast<double>(v.size()));
            r.cut = mean + t.parameter * sd;
            r.details = threshold_details(t, v.size(), r.cut, mean, sd);
            break;
        }
        case Threshold::Kind::value:
            r.cut = t.parameter;
            r.details = threshold_details(t, v.size(), r.cut);
            break;
        case Threshold::Kind::share: {
            // Exact sums (hotspots/exact_sum.hpp): the cut depends on the values only, not on
            // the order they are summed in, so a surface made in tiles finds the same one.
            std::sort(v.begin(), v.end(), std::greater<>());
            ExactSum total;
            for (double x : v) total.add(x);
            ExactSum target;
            target.add(share_target(t, total.value()));
            ExactSum acc;
            r.cut = v.back();
            for (double x : v) {
                acc.add(x);
                if (acc.compare(target) >= 0) {
                    r.cut = x;
                    break;
                }
            }
            r.details = fmt::format("the highest cells holding {:g}% of the surface's total: value >= {:.6g}",
                                    t.parameter, r.cut);
            break;
        }
    }
    for (double x : v) r.hot += (x >= r.cut);
    return r;
}

double share_target(const Threshold& t, double total) { return t.parameter / 100 * total; }

std::string threshold_details(const Threshold& t, std::size_t eligible, double cut, double mean, double sd) {
    switch (t.kind) {
        case Threshold::Kind::top:
            return fmt::format("the top {:g}% of {} non-zero cells: value >= {:.6g}", t.parameter, eligible, cut);
        case Threshold::Kind::mean_sd:
            return fmt::format("mean {:.6g} + {:g} x sd {:.6g} of {} non-zero cells: value >= {:.6g}", mean, t.parameter, sd,
                               eligible, cut);
        case Threshold::Kind::value:
            return fmt::format("value >= {:.6g}", cut);
        case Threshold::Kind::share:
            break;
    }
    return fmt::format("the highest cells holding {:g}% of the surface's total: value >= {:.6g}", t.parameter, cut);
}

}  // namespace hotspots
