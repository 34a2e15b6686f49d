// dashboard: outcomes per area, theme and period (docs/dashboard.md, "Outcomes"; the groups in
// hotspots/outcomes).
#include "io/gdal_util.hpp"
#include "io/outcome_table.hpp"
#include "steps/dashboard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace hotspots::steps {

void DashboardStep::check_outcomes(Context& ctx, bool tables) {
    m_outcome_groups = default_outcome_groups();
    if (!m_outcome_groups_path.empty()) {
        std::vector<OutcomeGroups::Row> rows;
        for (const auto& r : io::read_outcome_groups(m_outcome_groups_path)) rows.push_back({r.category, r.group, r.positive});
        try {
            m_outcome_groups = outcome_groups_from(std::move(rows));
        } catch (const std::invalid_argument& e) {
            throw io::IoError("--outcome-groups " + m_outcome_groups_path + ": " + e.what());
        }
        m_outcome_groups.source = m_outcome_groups_path;
        ctx.record_read(m_outcome_groups_path);
    }
    if (m_outcome_column.empty()) return;
    if (tables) throw UsageError("--outcome-column reads incidents' outcomes; count tables have none");
    if (m_outcomes.empty()) throw UsageError("--outcome-column: give --outcomes FILE.csv for the outcomes table");
}

void DashboardStep::outcome_groups(DashboardResult& r, Log& log) const {
    if (m_outcome_column.empty()) {
        if (!m_outcomes.empty()) log.note("--outcomes: no --outcome-column given, so no outcomes table is written");
        return;
    }
    r.outcome_groups = m_outcome_groups;
    const auto& set = r.in->set;
    r.outcome_of.assign(set.incidents.size(), -1);
    std::map<std::uint32_t, int> by_text;  // pool index -> group
    std::map<std::string, std::uint64_t> unknown;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto text = set.incidents[i].group;
        auto it = by_text.find(text);
        if (it == by_text.end()) it = by_text.emplace(text, outcome_group_of(m_outcome_groups, set.text(text))).first;
        r.outcome_of[i] = it->second;
        if (it->second == -2) ++unknown[set.text(text)];
    }
    if (!unknown.empty()) {
        std::vector<std::string> shown;
        for (const auto& [t, n] : unknown) shown.push_back(fmt::format("'{}' ({})", t, n));
        log.warning(fmt::format("--outcome-column {}: {} outcome categories are not in the groups table ({}): counted as "
                                "'not in the table'; add them to a copy of docs/outcome-groups.csv and give it as "
                                "--outcome-groups",
                                m_outcome_column, unknown.size(), fmt::join(shown, ", ")));
    }
    log.note("outcomes are the latest known when the files were made (data.police.uk: at download time); the most "
             "recent months' crimes have had the least time to reach one, so their shares of charges look worse");
}

namespace {

struct OutcomePeriod {
    std::string name;
    int first = 0, last = 0;
};

}  // namespace

void DashboardStep::write_outcomes(const DashboardResult& r, Writer& w) const {
    if (m_outcomes.empty() || r.outcome_of.empty()) return;
    std::vector<OutcomePeriod> periods;
    for (Window win : {Window::three, Window::three_before, Window::twelve, Window::twelve_before}) {
        const auto [a, b] = window_months(win, r.month);
        periods.push_back({window_name(win), a, b});
    }
    if (!r.fytd_figures.empty()) {
        periods.push_back({"fytd", r.fytd.first, r.fytd.second});
        periods.push_back({"fytd_before", r.fytd_before.first, r.fytd_before.second});
    }
    const auto& g = r.outcome_groups;
    const std::size_t groups = g.groups.size(), themes = r.themes.size(), areas = r.reported.size() + 1;  // + all
    // Columns of a cell: the groups, then "not in the table", then "no outcome recorded".
    const std::size_t unmapped = groups, none = groups + 1, slots = groups + 2;
    const int unavailable = unavailable_group(g);
    std::vector<std::int64_t> slot_of_area(r.areas.size(), -1);
    for (std::size_t k = 0; k < r.reported.size(); ++k) slot_of_area[r.reported[k]] = static_cast<std::int64_t>(k);
    const auto masks = theme_masks(r.themes, *r.in);
    const auto& set = r.in->set;
    using R = ColumnRole;
    const std::vector<Column> header{
        {r.unit.code, R::area},      {r.unit.name, R::area},         {"theme", R::identifier},
        {"period", R::identifier},   {"first_month", R::identifier}, {"last_month", R::identifier},
        {"outcome_group", R::identifier}, {"count", R::count},       {"crimes", R::count},
        {"share", R::rate, Derivation::ratio("count", "crimes")}, {"note", R::identifier}};
    std::vector<std::vector<std::string>> rows;
    Members count_members{"count", {}, false}, crime_members{"crimes", {}, false};
    for (const auto& p : periods) {
        // cells[(area x themes + theme) x slots + slot]: the incidents.
        std::vector<std::vector<std::uint32_t>> cells(areas * themes * slots);
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            if (r.unit_of[i] < 0) continue;
            const auto k = slot_of_area[static_cast<std::size_t>(r.unit_of[i])];
            const int m = month_number(set.incidents[i].from);
            if (k < 0 || m < p.first || m > p.last) continue;
            const auto& inc = set.incidents[i];
            const int o = r.outcome_of[i];
            const std::size_t slot = o >= 0 ? static_cast<std::size_t>(o) : o == -2 ? unmapped : none;
            for (std::size_t th = 0; th < themes; ++th)
                if (theme_takes(r.themes[th], inc.category, set.text(inc.crime_type), (inc.flags & masks[th]) == masks[th]))
                    for (std::size_t at : {static_cast<std::size_t>(k), r.reported.size()})
                        cells[(at * themes + th) * slots + slot].push_back(static_cast<std::uint32_t>(i));
        }
        const bool in_data = p.first >= r.cube.first_month && p.last < r.cube.first_month + r.cube.months;
        for (std::size_t at = 0; at < areas; ++at) {
            const bool all = at == r.reported.size();
            // A month of missing data in the period leaves it empty, as the board's counts are.
            bool missing = !in_data;
            for (std::size_t k = 0; k < r.reported.size(); ++k)
                if (all || k == at)
                    for (int gm : r.figures.gaps[k]) missing = missing || (gm >= p.first && gm <= p.last);
            const std::string code = all ? "all" : r.areas[r.reported[at]].code;
            const std::string name = all ? "All areas reported" : r.areas[r.reported[at]].name;
            for (std::size_t th = 0; th < themes; ++th) {
                const auto* cell = &cells[(at * themes + th) * slots];
                std::vector<std::uint32_t> crimes, positive;
                for (std::size_t s = 0; s < none; ++s) crimes.insert(crimes.end(), cell[s].begin(), cell[s].end());
                for (std::size_t s = 0; s < groups; ++s)
                    if (g.positive[s]) positive.insert(positive.end(), cell[s].begin(), cell[s].end());
                const double n = static_cast<double>(crimes.size());
                auto add = [&](const std::string& group, const std::vector<std::uint32_t>& members, bool share,
                               const std::string& note) {
                    const bool shown = !missing;
                    rows.push_back({code, name, r.themes[th].key, p.name, format_month_number(p.first),
                                    format_month_number(p.last), group, shown ? std::to_string(members.size()) : "",
                                    shown && share ? std::to_string(crimes.size()) : "",
                                    shown && share && n > 0 ? fmt::format("{}", static_cast<double>(members.size()) / n) : "",
                                    missing ? "missing data" : note});
                    count_members.rows.push_back(shown ? members : std::vector<std::uint32_t>{});
                    crime_members.rows.push_back(shown && share ? crimes : std::vector<std::uint32_t>{});
                };
                for (std::size_t s = 0; s < groups; ++s) add(g.groups[s], cell[s], true, "");
                if (!cell[unmapped].empty()) add("not in the table", cell[unmapped], true, "");
                add("no outcome recorded", cell[none], false, "not among the crimes the shares are of");
                // Mostly "Status update unavailable": say so; a rate of the rest would be an average
                // over the few whose outcome is known.
                const double unknown = unavailable >= 0 ? static_cast<double>(cell[unavailable].size()) : 0;
                if (n > 0 && unknown / n > m_unavailable_limit) {
                    const std::string note =
                        fmt::format("{:.0f} of {:.0f} outcomes ({:.0f}%) are 'Status update unavailable': no positive "
                                    "outcome rate is given for this period",
                                    unknown, n, 100 * unknown / n);
                    add("positive outcome", positive, false, note);
                } else {
                    add("positive outcome", positive, true, n > 0 ? "" : "no crimes with an outcome");
                }
            }
        }
    }
    w.counts("outcomes", {std::move(count_members), std::move(crime_members)});
    w.table("outcomes", header, rows, r.metadata);
}

}  // namespace hotspots::steps
