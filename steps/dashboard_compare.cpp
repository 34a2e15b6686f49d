// dashboard: ranks among Most Similar Groups and targets' red/amber/green status
// (docs/dashboard.md, "Comparators and targets").
#include "hotspots/board_targets.hpp"
#include "io/gdal_util.hpp"
#include "io/side_table.hpp"
#include "steps/dashboard.hpp"
#include "steps/dashboard_periods.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace hotspots::steps {
namespace {

std::string cell(const io::SideTable& t, const std::vector<std::string>& row, const char* name) {
    const int c = t.column(name);
    return c < 0 ? std::string() : std::string(trim_blanks(row[static_cast<std::size_t>(c)]));
}

double parse_value(const std::string& text, const std::string& where) {
    std::string s = text;
    if (!s.empty() && s.back() == '%') s.pop_back();
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
        throw UsageError(where + ": '" + text + "' is not a number");
    return v;
}

// The area of the source with this code or name; -1 when none.
std::int64_t area_named(const DashboardResult& r, const std::string& text) {
    // Street segments, hexagons and cells by their code only: a street's name is shared by its
    // segments, and taking the first would be a silent wrong answer.
    const bool by_name = r.unit.kind == "areas";
    for (std::size_t a = 0; a < r.areas.size(); ++a)
        if (same_text(r.areas[a].code, text) || (by_name && same_text(r.areas[a].name, text)))
            return static_cast<std::int64_t>(a);
    return -1;
}

}  // namespace

void DashboardStep::check_compare(Context& ctx) {
    m_groups.clear();
    m_target_rows.clear();
    if (!m_compare_with.empty()) {
        const auto t = io::read_side_table(m_compare_with);
        ctx.record_read(m_compare_with);
        if (t.column("area") < 0 || t.column("peer") < 0)
            throw UsageError("--compare-with " + m_compare_with + ": give columns area and peer (and group, its name)");
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const std::string area = cell(t, t.rows[i], "area"), peer = cell(t, t.rows[i], "peer");
            const std::string group = cell(t, t.rows[i], "group");
            if (area.empty() || peer.empty())
                throw UsageError(fmt::format("--compare-with {}: row {}: give an area and a peer", m_compare_with, i + 1));
            auto it = std::find_if(m_groups.begin(), m_groups.end(), [&](const Peers& p) { return same_text(p.area, area); });
            if (it == m_groups.end()) {
                m_groups.push_back({area, group.empty() ? "most similar group of " + area : group, {}, i + 1});
                it = m_groups.end() - 1;
            }
            it->peers.push_back(peer);
        }
    }
    if (!m_targets.empty()) {
        const auto t = io::read_side_table(m_targets);
        ctx.record_read(m_targets);
        const bool change = t.column("change") >= 0, level = t.column("level") >= 0;
        if (t.column("theme") < 0 || t.column("area") < 0 || (!change && !level))
            throw UsageError("--targets " + m_targets + ": give columns theme, area (or *) and change (%) or level");
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const std::string where = fmt::format("--targets {}: row {}", m_targets, i + 1);
            Target x{cell(t, t.rows[i], "theme"), cell(t, t.rows[i], "area"), false, 0, i + 1};
            const std::string c = change ? cell(t, t.rows[i], "change") : "", l = level ? cell(t, t.rows[i], "level") : "";
            if (c.empty() == l.empty()) throw UsageError(where + ": give a change or a level, one of them");
            x.level = !l.empty();
            x.value = parse_value(x.level ? l : c, where);
            if (x.level && x.value < 0) throw UsageError(where + ": a level is a count, 0 or more");
            const bool known = std::any_of(m_themes.begin(), m_themes.end(), [&](const Theme& th) {
                return same_text(th.key, x.theme) || same_text(th.name, x.theme);
            });
            if (!known) {
                std::vector<std::string> keys;
                for (const auto& th : m_themes) keys.push_back(th.key);
                throw UsageError(fmt::format("{}: no theme '{}' on this board (its themes: {})", where, x.theme, fmt::join(keys, ", ")));
            }
            if (x.area.empty()) throw UsageError(where + ": give an area (a code, a name, or * for every area)");
            m_target_rows.push_back(std::move(x));
        }
    }
}

void DashboardStep::compare(DashboardResult& r) const {
    const std::size_t themes = r.themes.size();
    if (!m_groups.empty()) {
        r.group_ranks.assign(r.reported.size() * themes, {});
        std::vector<std::vector<int>> gaps(r.areas.size());
        std::vector<char> known(r.areas.size(), 0);
        auto gaps_of = [&](std::size_t a) -> const std::vector<int>& {
            if (!known[a]) {
                gaps[a] = coverage_gaps(r.cube, a, m_gap_median);
                for (int m = 0; m < r.cube.months; ++m)
                    if (r.cube.is_absent(a, m)) gaps[a].push_back(r.cube.first_month + m);
                known[a] = 1;
            }
            return gaps[a];
        };
        for (const auto& g : m_groups) {
            const auto own = area_named(r, g.area);
            if (own < 0)
                throw std::runtime_error(fmt::format("--compare-with {}: row {}: no area of the source is '{}'", m_compare_with,
                                                     g.row, g.area));
            std::vector<std::size_t> members{static_cast<std::size_t>(own)};
            for (const auto& p : g.peers) {
                const auto a = area_named(r, p);
                if (a < 0)
                    throw std::runtime_error(fmt::format("--compare-with {}: '{}' (a peer of {}) is no area of the source",
                                                         m_compare_with, p, g.area));
                if (std::find(members.begin(), members.end(), static_cast<std::size_t>(a)) == members.end())
                    members.push_back(static_cast<std::size_t>(a));
            }
            const auto k = std::find(r.reported.begin(), r.reported.end(), static_cast<std::size_t>(own));
            if (k == r.reported.end()) continue;  // not on this board (--within)
            const auto slot = static_cast<std::size_t>(k - r.reported.begin());
            const bool by_rate = std::all_of(members.begin(), members.end(), [&](std::size_t a) { return r.areas[a].has_population; });
            for (std::size_t th = 0; th < themes; ++th) {
                auto& out = r.group_ranks[slot * themes + th];
                out.group = g.group;
                out.basis = by_rate ? "rate" : "count";
                for (const Window w : {Window::three, Window::twelve}) {
                    const auto [first, last] = window_months(w, r.month);
                    std::vector<double> values;
                    for (std::size_t a : members) {
                        const auto f = months_figure(r.cube, a, th, first, last, gaps_of(a), r.population[a], m_confidence);
                        values.push_back(by_rate ? f.rate : f.count);
                    }
                    const auto ranks = competition_ranks(values);
                    const int of = static_cast<int>(std::count_if(values.begin(), values.end(), [](double v) { return !std::isnan(v); }));
                    (w == Window::three ? out.rank_3m : out.rank_12m) = ranks.front();
                    (w == Window::three ? out.of_3m : out.of_12m) = ranks.front() ? of : 0;
                }
            }
        }
    }
    if (m_target_rows.empty()) return;
    r.target_status.assign(r.reported.size() * themes, {});
    for (const auto& t : m_target_rows)
        if (t.area != "*" && area_named(r, t.area) < 0)
            throw std::runtime_error(fmt::format("--targets {}: row {}: no {} of the source is '{}'{}", m_targets, t.row,
                                                 r.unit.kind == "areas" ? "area" : r.unit.code, t.area,
                                                 r.unit.kind == "areas" ? "" : fmt::format(" (give its {} column's value, or *)", r.unit.code)));
    for (std::size_t k = 0; k < r.reported.size(); ++k)
        for (std::size_t th = 0; th < themes; ++th) {
            // The area's own row, else the theme's row for every area (*).
            const Target* best = nullptr;
            for (const auto& t : m_target_rows) {
                if (!same_text(t.theme, r.themes[th].key) && !same_text(t.theme, r.themes[th].name)) continue;
                if (t.area == "*") best = best ? best : &t;
                else if (area_named(r, t.area) == static_cast<std::int64_t>(r.reported[k])) best = &t;
            }
            if (!best) continue;
            const auto& f = r.figures.figures[k * themes + th];
            auto& out = r.target_status[k * themes + th];
            if (best->level) {
                const double n = f.at(Window::twelve).count;
                out.target = fmt::format("{:g} in 12 months", best->value);
                out.status = rag_name(rag_level(n, best->value, m_amber_margin));
                out.rule = fmt::format("12-month count {} against {:g}: green at or below, amber up to {:g}% above", 
                                       std::isnan(n) ? std::string("missing") : fmt::format("{:.0f}", n), best->value, m_amber_margin);
            } else {
                const double c = f.twelve_tested ? f.twelve_change.change_pct : std::nan("");
                out.target = fmt::format("{:+g}%", best->value);
                out.status = rag_name(rag_change(c, best->value, m_amber_margin));
                out.rule = fmt::format("12-month change {} against {:+g}%: green at or below, amber up to {:g} points above",
                                       std::isnan(c) ? std::string("not measured") : fmt::format("{:+.1f}%", c), best->value,
                                       m_amber_margin);
            }
        }
}

void add_compare_fields(const DashboardResult& r, io::FeatureTable& t) {
    using io::FieldType;
    using R = ColumnRole;
    // Ranks among a group holding areas not on the board cannot be made again from the
    // published rows: no derivation, so publishing withholds them.
    if (!r.group_ranks.empty()) {
        t.fields.push_back({"compare_group", FieldType::text, R::identifier, {}});
        for (const char* n : {"rank_group_3m", "rank_group_3m_of", "rank_group_12m", "rank_group_12m_of"})
            t.fields.push_back({n, FieldType::integer, R::rank, {}});
        t.fields.push_back({"rank_group_basis", FieldType::text, R::identifier, {}});
    }
    if (!r.target_status.empty()) {
        t.fields.push_back({"target", FieldType::text, R::identifier, {}});
        t.fields.push_back({"target_status", FieldType::text, R::category, {}});
        t.fields.push_back({"target_rule", FieldType::text, R::text, {}});
    }
}

void add_compare_values(const DashboardResult& r, std::size_t k, std::size_t th, std::vector<io::FieldValue>& row) {
    const std::size_t i = k * r.themes.size() + th;
    auto rank = [](int v) { return v > 0 ? io::FieldValue{std::int64_t(v)} : io::FieldValue{}; };
    if (!r.group_ranks.empty()) {
        const auto& g = r.group_ranks[i];
        row.emplace_back(g.group);
        row.push_back(rank(g.rank_3m));
        row.push_back(rank(g.of_3m));
        row.push_back(rank(g.rank_12m));
        row.push_back(rank(g.of_12m));
        row.emplace_back(g.basis);
    }
    if (!r.target_status.empty()) {
        const auto& t = r.target_status[i];
        row.emplace_back(t.target);
        row.emplace_back(t.status);
        row.emplace_back(t.rule);
    }
}

}  // namespace hotspots::steps
