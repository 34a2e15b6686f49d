// dashboard: the monthly counts of each area (or unit) and theme, from count tables or incidents.
#include "steps/dashboard.hpp"

#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hotspots::steps {

void DashboardStep::counts_from_tables(DashboardResult& r, Log& log) const {
    // Areas by code, in order of first appearance; months over every table.
    std::map<std::string, std::size_t> index;
    int first = 1 << 30, last = -1;
    for (const auto& t : m_tables) {
        first = std::min(first, t.first_month);
        last = std::max(last, t.first_month + t.months - 1);
        for (const auto& s : t.series)
            if (index.emplace(s.code, r.areas.size()).second) r.areas.push_back({s.code, s.name, s.group, {}, false});
    }
    // A month in several tables is taken from the table where it is fuller (the larger total):
    // a new table's first month can be a stub of a few rows, and re-based counts differ little.
    const int months = last - first + 1;
    std::vector<int> owner(static_cast<std::size_t>(months), -1);
    auto column_total = [&](std::size_t k, int m) {
        double sum = 0;
        const auto& t = m_tables[k];
        for (const auto& s : t.series) sum += s.values[static_cast<std::size_t>(m - t.first_month)];
        return sum;
    };
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        for (int m = t.first_month; m < t.first_month + t.months; ++m) {
            auto& o = owner[static_cast<std::size_t>(m - first)];
            if (o < 0) {
                o = static_cast<int>(k);
                continue;
            }
            const auto other = static_cast<std::size_t>(o);
            const double mine = column_total(k, m), theirs = column_total(other, m);
            const std::size_t taken = mine > theirs ? k : other;
            log.note(fmt::format("{} is in {} ({:.0f} in all) and {} ({:.0f}): taken from {}", format_month_number(m),
                                 m_tables[other].path, theirs, t.path, mine, m_tables[taken].path));
            o = static_cast<int>(taken);
        }
    }
    for (int m = 0; m < months; ++m)
        if (owner[static_cast<std::size_t>(m)] < 0)
            throw std::runtime_error("the count tables leave out " + format_month_number(first + m) +
                                     "; give a table that covers it");
    r.cube.resize(r.areas.size(), m_themes.size(), first, months);
    // A month is missing for an area when the table that gives it has no row for the area (a
    // ward of one table only), or has no row at all for that month (a long table's gap).
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        std::vector<char> has_area(r.areas.size(), 0);
        for (const auto& s : t.series) has_area[index.at(s.code)] = 1;
        for (int i = 0; i < t.months; ++i) {
            const int m = t.first_month + i - first;
            if (owner[static_cast<std::size_t>(m)] != static_cast<int>(k)) continue;
            const bool month_held = t.has_month.empty() || t.has_month[static_cast<std::size_t>(i)];
            for (std::size_t a = 0; a < r.areas.size(); ++a)
                if (!month_held || !has_area[a]) r.cube.is_absent(a, m) = 1;
        }
    }
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        for (const auto& s : t.series) {
            const std::size_t a = index.at(s.code);
            std::vector<std::size_t> themes;
            for (std::size_t th = 0; th < m_themes.size(); ++th)
                if (theme_counts(m_themes[th], s.major, s.minor)) themes.push_back(th);
            for (int i = 0; i < t.months; ++i) {
                const int m = t.first_month + i - first;
                if (owner[static_cast<std::size_t>(m)] != static_cast<int>(k)) continue;
                const double v = s.values[static_cast<std::size_t>(i)];
                r.cube.total(a, m) += v;
                for (auto th : themes) r.cube.count(a, th, m) += v;
            }
        }
    }
}

void DashboardStep::counts_from_incidents(DashboardResult& r, const Ingested& in, Context& ctx) const {
    auto& log = ctx.log();
    std::string per;
    if (units_mode()) {
        unit_rows(r, in, ctx);  // logs its incidents on no unit itself
    } else {
        per = m_per.empty() ? in.layers.front().label() : m_per;
        const auto& layer = in.layers[layer_labelled(per, in.layers)];
        if (layer.generations().size() > 1)
            log.note(fmt::format("areas '{}': reporting its latest boundaries ({}); incidents under earlier ones are not counted",
                                 per, layer.generations().back().source));
        const auto& index = *layer.generations().back().index;
        for (std::size_t i = 0; i < index.size(); ++i) r.areas.push_back({index.code(i), index.name(i), "", index.wkb(i), false});
        r.unit_of = area_unit_of_incident(per, in);
    }
    r.in = &in;
    const auto& unit_of = r.unit_of;
    if (in.set.incidents.empty() || in.months_read.empty())
        throw std::runtime_error("no incidents left after filtering; nothing to count");
    // The months are those the inputs hold (every row read, whatever the filters keep), within
    // --from/--to: a month with none of the theme's incidents is a zero, and a month the inputs
    // do not hold at all is missing data, not a zero.
    int first = in.months_read.front(), last = in.months_read.back();
    if (m_filters.from) first = std::max(first, month_number(*m_filters.from));
    if (m_filters.to) last = std::min(last, month_number(*m_filters.to));
    for (const auto& inc : in.set.incidents) {
        first = std::min(first, month_number(inc.from));
        last = std::max(last, month_number(inc.from));
    }
    r.cube.resize(r.areas.size(), m_themes.size(), first, last - first + 1);
    for (int m = first; m <= last; ++m)
        if (!std::binary_search(in.months_read.begin(), in.months_read.end(), m))
            for (std::size_t a = 0; a < r.areas.size(); ++a) r.cube.is_absent(a, m - first) = 1;
    const auto masks = theme_masks(m_themes, in);
    std::uint64_t outside = 0;
    for (std::size_t i = 0; i < in.set.incidents.size(); ++i) {
        const auto& inc = in.set.incidents[i];
        if (unit_of[i] < 0) {
            ++outside;
            continue;
        }
        const auto a = static_cast<std::size_t>(unit_of[i]);
        const int m = month_number(inc.from) - first;
        r.cube.total(a, m) += 1;
        const std::string& type = in.set.text(inc.crime_type);
        for (std::size_t th = 0; th < m_themes.size(); ++th)
            if (theme_takes(m_themes[th], inc.category, type, (inc.flags & masks[th]) == masks[th]))
                r.cube.count(a, th, m) += 1;
    }
    if (outside && !units_mode()) log.note(fmt::format("{} incidents are in no area of '{}' (not counted)", outside, per));
}

}  // namespace hotspots::steps
