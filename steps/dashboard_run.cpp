// dashboard: the run: the counts, the areas reported, the month, the figures and the missing
// months said.
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"

#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hotspots::steps {
namespace {

// Entries of the MPS tables that are not places: never ranked.
bool mps_pseudo_area(const std::string& name) {
    for (const char* n : {"Unknown", "London Heathrow and London City Airports", "Aviation Security (SO18)"})
        if (same_text(name, n)) return true;
    return false;
}

// A theme nothing in the data matches is a mapping that failed (a misspelt text, a layout
// without that detail): it is left out with a warning, never reported as 0 everywhere.
// What the columns of a theme's conditions hold, for the warning on a theme matching nothing
// (Yes where the file has Y).
std::string condition_values_text(const Theme& t, const Ingested* in) {
    if (!in || t.where.empty()) return "";
    std::string out;
    for (const auto& w : t.where) {
        const auto at = std::find(in->conditions.begin(), in->conditions.end(), w);
        if (at == in->conditions.end()) continue;
        const auto k = static_cast<std::size_t>(at - in->conditions.begin());
        std::vector<std::pair<std::string, std::uint64_t>> seen;
        if (k < in->condition_values.size()) seen.assign(in->condition_values[k].begin(), in->condition_values[k].end());
        std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string values;
        for (std::size_t v = 0; v < seen.size() && v < 8; ++v)
            values += fmt::format("{}'{}' ({})", v ? ", " : "", seen[v].first, seen[v].second);
        out += fmt::format("; '{}': its column holds {}", w, values.empty() ? "no values" : values);
    }
    return out;
}

void drop_empty_themes(DashboardResult& r, Log& log) {
    std::vector<std::size_t> keep;
    for (std::size_t th = 0; th < r.themes.size(); ++th) {
        double sum = 0;
        for (std::size_t a = 0; a < r.cube.areas; ++a)
            for (int m = 0; m < r.cube.months; ++m) sum += r.cube.count(a, th, m);
        if (sum > 0) keep.push_back(th);
        else log.warning(fmt::format("theme '{}': nothing in the data matches its rules; left out (check its texts: "
                                     "docs/dashboard.md){}",
                                     r.themes[th].name, condition_values_text(r.themes[th], r.in)));
    }
    if (keep.empty()) throw std::runtime_error("no theme matches anything in the data; give --themes with rules for it");
    if (keep.size() == r.themes.size()) return;
    CountCube c;
    c.resize(r.cube.areas, keep.size(), r.cube.first_month, r.cube.months);
    c.totals = r.cube.totals;
    std::vector<Theme> themes;
    for (std::size_t k = 0; k < keep.size(); ++k) {
        themes.push_back(r.themes[keep[k]]);
        for (std::size_t a = 0; a < c.areas; ++a)
            for (int m = 0; m < c.months; ++m) c.count(a, k, m) = r.cube.count(a, keep[k], m);
    }
    r.themes = std::move(themes);
    r.cube = std::move(c);
}

}  // namespace

using detail::parse_month;

void DashboardStep::choose_areas(DashboardResult& r, const Ingested& in, Log& log) const {
    std::vector<bool> keep(r.areas.size(), true);
    if (!m_within.empty()) {
        if (units_mode()) {
            units_within(r, in, keep);
        } else if (m_tables.empty()) {
            const std::string per = m_per.empty() ? in.layers.front().label() : m_per;
            const auto& layer = in.layers[layer_labelled(per, in.layers)];
            const auto inside = areas_within(layer, m_within.front(), in.layers);
            const auto offset = layer.offset(layer.generations().size() - 1);
            for (std::size_t a = 0; a < r.areas.size(); ++a) keep[a] = inside[offset + a];
        } else {
            // A table's areas by code, name or borough.
            for (const auto& w : m_within) {
                const bool any = std::any_of(r.areas.begin(), r.areas.end(), [&](const DashboardArea& a) {
                    return same_text(a.code, w) || same_text(a.name, w) || same_text(a.group, w);
                });
                if (!any) {
                    std::vector<std::string> names;
                    for (const auto& a : r.areas) names.push_back(a.group.empty() ? a.name : a.group);
                    const std::string near = closest(w, names);
                    throw UsageError("--within " + w + ": no area of the tables has this code, name or borough" +
                                     (near.empty() ? "" : "; did you mean " + near + "?"));
                }
            }
            for (std::size_t a = 0; a < r.areas.size(); ++a)
                keep[a] = std::any_of(m_within.begin(), m_within.end(), [&](const std::string& w) {
                    return same_text(r.areas[a].code, w) || same_text(r.areas[a].name, w) || same_text(r.areas[a].group, w);
                });
        }
    }
    for (std::size_t a = 0; a < r.areas.size(); ++a)
        // A street may be called "Unknown": only the MPS tables' pseudo-areas are left out.
        if (keep[a] && (units_mode() || !mps_pseudo_area(r.areas[a].name))) r.reported.push_back(a);
    if (r.reported.empty()) throw UsageError("--within " + m_filters.within + ": no area to report");
    if (!m_within.empty())
        log.note(fmt::format("--within {}: {} of {} {} reported", fmt::join(m_within, ","), r.reported.size(),
                             r.areas.size(), r.unit.kind == "streets" ? "street segments" : r.unit.kind));
}

// Missing months, said once per kind and set of months, naming the areas: months the inputs
// do not hold, months a count table gives without an area, and months an area has (almost)
// no rows in while it has many in the months around.
void DashboardStep::warn_missing(const DashboardResult& r, Log& log) const {
    const auto& cube = r.cube;
    std::vector<int> whole;  // absent for every area: not in the inputs
    for (int m = 0; m < cube.months; ++m) {
        bool all = cube.areas > 0;
        for (std::size_t a = 0; a < cube.areas && all; ++a) all = cube.is_absent(a, m);
        if (all) whole.push_back(cube.first_month + m);
    }
    auto months_of = [](const std::vector<int>& ms) {
        std::vector<std::string> out;
        for (int g : ms) out.push_back(format_month_number(g));
        return fmt::format("{}", fmt::join(out, ", "));
    };
    const int month = r.month;
    auto in_periods = [&](const std::vector<int>& ms) {
        return std::any_of(ms.begin(), ms.end(), [&](int g) { return g >= month - 23 && g <= month; });
    };
    if (!whole.empty())
        log.warning(fmt::format("{} {} not in the {}: missing data, not zero; {} periods holding {} are left empty",
                                months_of(whole), whole.size() == 1 ? "is" : "are",
                                m_tables.empty() ? "inputs (no row of any kind)" : "count tables",
                                in_periods(whole) ? "the" : "any", whole.size() == 1 ? "it" : "them"));
    std::map<std::vector<int>, std::vector<std::string>> absent, suspect;
    for (std::size_t k = 0; k < r.reported.size(); ++k) {
        const std::size_t a = r.reported[k];
        std::vector<int> own;
        for (int m = 0; m < cube.months; ++m)
            if (cube.is_absent(a, m) && !std::binary_search(whole.begin(), whole.end(), cube.first_month + m))
                own.push_back(cube.first_month + m);
        if (!own.empty()) absent[own].push_back(r.areas[a].name);
        if (!r.figures.suspect[k].empty()) suspect[r.figures.suspect[k]].push_back(r.areas[a].name);
    }
    auto names_of = [](const std::vector<std::string>& names) {
        const std::size_t shown = std::min<std::size_t>(names.size(), 5);
        return fmt::format("{} area{} ({}{})", names.size(), names.size() == 1 ? "" : "s",
                           fmt::join(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                           names.size() > shown ? ", ..." : "");
    };
    for (const auto& [gaps, names] : absent)
        log.warning(fmt::format("the count table giving {} has no row for {}: missing data there, not zero; the periods "
                                "holding {} are left empty for {}",
                                months_of(gaps), names_of(names), gaps.size() == 1 ? "it" : "them",
                                names.size() == 1 ? "it" : "them"));
    for (const auto& [gaps, names] : suspect)
        log.warning(fmt::format("(almost) no rows in {} for {} while the months around have at least {:g} a month: the "
                                "source left {} out of {}; taken as missing data, and the periods holding {} are left "
                                "empty (--gap-median sets that floor)",
                                months_of(gaps), names_of(names), m_gap_median, names.size() == 1 ? "it" : "them",
                                gaps.size() == 1 ? "that month" : "those months", gaps.size() == 1 ? "it" : "them"));
}

std::unique_ptr<Result> DashboardStep::run(Ingested& in, Context& ctx) {
    auto r = std::make_unique<DashboardResult>();
    r->themes = m_themes;
    if (m_tables.empty()) {
        r->source_kind = "incidents";
        counts_from_incidents(*r, in, ctx);
    } else {
        r->source_kind = "count tables";
        counts_from_tables(*r, ctx.log());
        // Polygons for the map layer, where an --areas layer has the table's codes.
        for (auto& a : r->areas)
            for (const auto& l : in.layers) {
                const auto& index = *l.generations().back().index;
                if (const int i = index.find_code(a.code); i >= 0 && a.polygon.empty()) a.polygon = index.wkb(std::size_t(i));
            }
    }
    drop_empty_themes(*r, ctx.log());
    ctx.log().stage("monthly counts");
    choose_areas(*r, in, ctx.log());
    join_population(*r, ctx.log());

    // The month: given, or the last month of the data (for dated incidents, the last whole
    // month: a month whose last day has passed in the data).
    const int last = r->cube.first_month + r->cube.months - 1;
    if (!m_month_text.empty()) {
        r->month = parse_month(m_month_text);
    } else {
        r->month = last;
        if (m_tables.empty()) {
            Seconds latest = 0;
            bool monthly = true;
            for (const auto& inc : in.set.incidents) {
                latest = std::max(latest, inc.from);
                monthly = monthly && inc.precision == TimePrecision::month;
            }
            int y = 0, m = 0, d = 0;
            civil_from_days(latest / seconds_per_day, y, m, d);
            if (!monthly && d < days_in_month(y, m)) r->month = last - 1;
        }
        ctx.log().note("--month not given: reporting " + format_month_number(r->month) + ", the last complete month of the data");
    }
    if (r->month < r->cube.first_month || r->month > last)
        throw UsageError(fmt::format("--month {}: the data run from {} to {}", format_month_number(r->month),
                                     format_month_number(r->cube.first_month), format_month_number(last)));
    if (r->month - 23 < r->cube.first_month)
        ctx.log().warning(fmt::format("the data start in {}: the 12 months before the last 12 need {}; those figures are "
                                      "left empty",
                                      format_month_number(r->cube.first_month), format_month_number(r->month - 23)));

    DashboardOptions o;
    o.month = r->month;
    o.reported = r->reported;
    for (std::size_t a = 0; a < r->areas.size(); ++a)
        if (units_mode() || !mps_pseudo_area(r->areas[a].name)) o.peers.push_back(a);
    o.confidence = m_confidence;
    o.gap_median = m_gap_median;
    o.smooth = m_smooth == "eb";
    o.per = r->unit.streets ? 100 : 1000;
    // Segments' lengths differ too much for a rate ranking (one incident on 5 m would top it).
    o.rank_by_rate = !units_mode();
    try {
        r->figures = compute_dashboard(r->cube, r->population, o);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("--population: ") + e.what());
    }
    for (std::size_t k = 0; k < r->reported.size(); ++k)
        for (std::size_t t = 0; t < r->themes.size(); ++t)
            r->changes.push_back(cube_change_points(r->cube, r->reported[k], t, r->figures.gaps[k], m_change));
    ctx.log().stage("figures");
    warn_missing(*r, ctx.log());
    board_periods(*r, ctx.log());
    outcome_groups(*r, ctx.log());
    compare(*r);
    nlohmann::json extra = {{"month", format_month_number(r->month)},
                            {"themes", m_themes_text},
                            {"population", m_population},
                            {"confidence", m_confidence},
                            {"change_penalty", m_change.penalty_log_n},
                            {"change_min_months", m_change.min_segment},
                            {"source_kind", r->source_kind},
                            {"within", fmt::format("{}", fmt::join(m_within, ","))}};
    if (!m_tables.empty()) {
        nlohmann::json tables = nlohmann::json::array();
        for (const auto& t : m_tables)
            tables.push_back({{"path", t.path},
                              {"layout", t.layout},
                              {"rows", t.rows},
                              {"months", format_month_number(t.first_month) + ".." +
                                             format_month_number(t.first_month + t.months - 1)}});
        extra["count_tables"] = tables;
    }
    if (units_mode()) {
        extra["units"] = r->unit_note;
        extra["units"]["rate"] = r->unit.streets ? "per 100 m of street" : "none (units of one size: the count)";
        extra["units"]["ranked_by"] = "count";
    }
    r->metadata = metadata("dashboard", m_input, m_filters, in, extra);
    return r;
}

}  // namespace hotspots::steps
