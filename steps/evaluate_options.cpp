// evaluate's option values parsed (steps/evaluate_options.hpp).
#include "steps/evaluate_options.hpp"

#include "io/row_parser.hpp"
#include "io/text.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hotspots::steps {
namespace {

std::vector<std::string> split(const std::string& text, const std::string& seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (seps.find(c) != std::string::npos) {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

// A number with a unit, within (0, most] of the unit's base (metres, days).
double number_with(const std::string& v, const std::vector<std::pair<std::string, double>>& units, const std::string& what,
                   double most) {
    std::string t = io::lower_case(v);
    double scale = 1;
    for (const auto& [suffix, factor] : units)
        if (t.size() > suffix.size() && t.ends_with(suffix)) {
            t.resize(t.size() - suffix.size());
            scale = factor;
            break;
        }
    double x = 0;
    if (!io::parse_number(t, x) || !std::isfinite(x) || !(x > 0)) throw UsageError(fmt::format("{} '{}': give a positive number", what, v));
    if (!(x * scale <= most))
        throw UsageError(fmt::format("{} '{}': give at most {:g} {}", what, v, most, units.back().first == "m" ? "m" : "days"));
    return x * scale;
}

// The ranges of the values inside --methods: a bandwidth, a radius or a grid cell of at most
// 10 km (kde's and cocoon's scale; a BCU is some 20 km across), a decay of at most 10 years.
constexpr double max_reach_m = 10000, max_decay_days = 3650;

}  // namespace

// "kde:h=100,200 grid:cell=50,250 repeats prospective:decay=14d,radius=200": every combination
// of each method's values. A value without '=' adds to the key before it.
std::vector<MethodConfig> parse_methods(const std::string& text, double study_cell) {
    std::vector<MethodConfig> out;
    for (const auto& item : split(text, " ;")) {
        const auto colon = item.find(':');
        const std::string name = io::lower_case(item.substr(0, colon));
        std::map<std::string, std::vector<std::string>> values;
        std::string key;
        if (colon != std::string::npos)
            for (const auto& tok : split(item.substr(colon + 1), ",")) {
                const auto eq = tok.find('=');
                if (eq != std::string::npos) {
                    key = io::lower_case(tok.substr(0, eq));
                    values[key].push_back(tok.substr(eq + 1));
                } else if (!key.empty()) {
                    values[key].push_back(tok);
                } else {
                    throw UsageError(fmt::format("--methods {}: '{}' needs a name, as in kde:h=200", item, tok));
                }
            }
        auto allowed = [&](std::initializer_list<const char*> keys) {
            // Not a structured binding: clang 14 cannot capture one in a lambda (C++20 allows it
            // from clang 16), and the fuzz build is clang's.
            for (const auto& entry : values) {
                const std::string& k = entry.first;
                if (std::find_if(keys.begin(), keys.end(), [&](const char* a) { return k == a; }) == keys.end())
                    throw UsageError(fmt::format("--methods {}: {} has no parameter '{}'", item, name, k));
            }
        };
        auto list = [&](const std::string& k, const std::string& def) {
            return values.count(k) ? values[k] : std::vector<std::string>{def};
        };
        const std::vector<std::pair<std::string, double>> metres = {{"km", 1000}, {"m", 1}};
        if (name == "kde") {
            allowed({"h", "kernel"});
            for (const auto& h : list("h", "200"))
                for (const auto& k : list("kernel", "quartic")) {
                    MethodConfig m;
                    m.bandwidth = number_with(h, metres, "--methods kde:h", max_reach_m);
                    const auto kernel = kernel_from_name(io::lower_case(k));
                    if (!kernel) throw UsageError(fmt::format("--methods {}: '{}' is not a kernel; use one of {}", item, k, kernel_names()));
                    m.kernel = *kernel;
                    out.push_back(m);
                }
        } else if (name == "grid") {
            allowed({"cell"});
            for (const auto& c : list("cell", fmt::format("{:g}", study_cell))) {
                MethodConfig m;
                m.method = ForecastMethod::grid;
                m.cell = number_with(c, metres, "--methods grid:cell", max_reach_m);
                const double k = m.cell / study_cell;
                if (std::fabs(k - std::round(k)) > 1e-9 || k < 1)
                    throw UsageError(fmt::format("--methods grid:cell={:g}: give a multiple of --cell {:g} m (or a smaller --cell)",
                                                 m.cell, study_cell));
                out.push_back(m);
            }
        } else if (name == "repeats") {
            allowed({});
            MethodConfig m;
            m.method = ForecastMethod::repeats;
            out.push_back(m);
        } else if (name == "prospective") {
            allowed({"decay", "radius"});
            for (const auto& d : list("decay", "14d"))
                for (const auto& r : list("radius", "200")) {
                    MethodConfig m;
                    m.method = ForecastMethod::prospective;
                    m.decay_days = number_with(d, {{"w", 7}, {"d", 1}}, "--methods prospective:decay", max_decay_days);
                    m.radius = number_with(r, metres, "--methods prospective:radius", max_reach_m);
                    out.push_back(m);
                }
        } else {
            throw UsageError(fmt::format("--methods: '{}' is not a method; use kde, grid, repeats or prospective", name));
        }
    }
    if (out.empty()) throw UsageError("--methods: give at least one method");
    return out;
}

std::vector<int> parse_months(const std::string& text, const char* option) {
    std::vector<int> out;
    for (const auto& v : split(text, ", ")) {
        std::string t = io::lower_case(v);
        int factor = 1;
        if (t.ends_with("y")) {
            factor = 12;
            t.pop_back();
        } else if (t.ends_with("m")) {
            t.pop_back();
        }
        double x = 0;
        if (!io::parse_number(t, x) || x < 1 || x > 120 || x != std::floor(x))
            throw UsageError(fmt::format("{} '{}': give whole months, as 3m or 12m (or 1y)", option, v));
        out.push_back(static_cast<int>(x) * factor);
    }
    if (out.empty()) throw UsageError(std::string(option) + ": give a length, as 3m");
    return out;
}

std::vector<double> parse_shares(const std::string& text) {
    std::vector<double> out;
    for (const auto& v : split(text, ", ")) {
        std::string t = v;
        if (t.ends_with("%")) t.pop_back();
        double x = 0;
        if (!io::parse_number(t, x) || !(x > 0) || x > 50)
            throw UsageError(fmt::format("--shares '{}': give percentages of the study area above 0 and up to 50, as 1%,5%", v));
        out.push_back(x / 100);
    }
    if (out.empty()) throw UsageError("--shares: give at least one share");
    return out;
}

}  // namespace hotspots::steps
