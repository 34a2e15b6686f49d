// dashboard: the board's other periods: the financial year to date and the seasons' weeks
// (docs/dashboard.md, "Financial year and seasons"; the algorithms in hotspots/board_periods).
#include "steps/dashboard_periods.hpp"
#include "steps/dashboard_detail.hpp"

#include "model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <map>

namespace hotspots::steps {
namespace {

using detail::num;
using detail::whole;

std::int64_t first_day(int month) { return days_from_civil(month / 12, month % 12 + 1, 1); }
std::int64_t last_day(int month) { return days_from_civil(month / 12, month % 12 + 1, days_in_month(month / 12, month % 12 + 1)); }

std::string fytd_sentence(const DashboardResult& r, const SpanFigures& f) {
    if (std::isnan(f.now.count)) return "";
    std::string s = fmt::format("In the financial year to date ({}) there were {:.0f}.",
                                months_text(r.fytd.first, r.fytd.second), f.now.count);
    if (!std::isnan(f.before.count)) {
        const std::string w = change_words(f.before.count, f.now.count);
        s += fmt::format(" In the same months a year earlier there were {:.0f}{}.", f.before.count, w.empty() ? "" : "; " + w);
    }
    return s;
}

}  // namespace

void DashboardStep::board_periods(DashboardResult& r, Log& log) const {
    if (m_financial_year) {
        r.fytd = financial_year_to_date(r.month, m_year_start);
        r.fytd_before = {r.fytd.first - 12, r.fytd.second - 12};
        r.fytd_figures = span_figures(r.cube, r.population, r.reported, r.figures.gaps, r.fytd, r.fytd_before, m_confidence);
        log.note(fmt::format("financial year to date: {} against {}", months_text(r.fytd.first, r.fytd.second),
                             months_text(r.fytd_before.first, r.fytd_before.second)));
    }
    if (m_seasons.empty()) {
        if (!m_weekly.empty())
            log.note("--weekly: no --season given, so no weekly table is written");
        return;
    }
    if (!r.in) throw std::logic_error("--season without incidents");
    for (const auto& inc : r.in->set.incidents)
        if (inc.precision == TimePrecision::month)
            throw std::runtime_error("--season counts incidents by their days, and these have months only "
                                     "(data.police.uk); use a police export with dates, or leave --season out");
    r.seasons = m_seasons;
    weekly_counts(r);
}

void DashboardStep::weekly_counts(DashboardResult& r) const {
    const std::int64_t data_first = first_day(r.cube.first_month), data_last = last_day(r.month);
    const auto masks = theme_masks(r.themes, *r.in);
    std::vector<std::int64_t> slot_of_area(r.areas.size(), -1);  // reported index k of each area
    for (std::size_t k = 0; k < r.reported.size(); ++k) slot_of_area[r.reported[k]] = static_cast<std::int64_t>(k);
    const std::size_t themes = r.themes.size();
    for (std::size_t s = 0; s < r.seasons.size(); ++s) {
        const int year = season_year_on(r.seasons[s], data_last);
        // Each week of this season and the same weeks (by number) of earlier years; a week 53
        // an earlier year does not have is left out.
        std::map<std::int64_t, std::pair<IsoWeek, int>> weeks;  // Monday -> week, years before
        for (const auto& w : season_weeks(r.seasons[s], year))
            for (int b = 0; b <= static_cast<int>(m_season_years); ++b)
                if (w.week <= iso_weeks_in_year(w.year - b))
                    weeks.emplace(iso_week_monday(w.year - b, w.week), std::pair{IsoWeek{w.year - b, w.week}, b});
        std::map<std::int64_t, std::size_t> row_of;  // Monday -> its first row (areas x themes follow)
        for (const auto& [monday, wb] : weeks) {
            row_of[monday] = r.weekly.size();
            const char* outside = monday < data_first ? "before the data" : monday + 6 > data_last ? "after the month" : "";
            for (std::size_t k = 0; k < r.reported.size(); ++k) {
                // A week touching a month of missing data for the area is missing too.
                std::string why = outside;
                for (int g : r.figures.gaps[k])
                    if (why.empty() && first_day(g) <= monday + 6 && last_day(g) >= monday) why = "missing data";
                for (std::size_t th = 0; th < themes; ++th) {
                    DashboardResult::WeekCount c;
                    c.k = k;
                    c.theme = th;
                    c.season = s;
                    c.season_year = year - wb.second;
                    c.years_before = wb.second;
                    c.week = wb.first;
                    c.count = why.empty() ? 0.0 : std::nan("");
                    c.missing = why;
                    r.weekly.push_back(std::move(c));
                }
            }
        }
        const auto& set = r.in->set;
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            if (r.unit_of[i] < 0 || slot_of_area[static_cast<std::size_t>(r.unit_of[i])] < 0) continue;
            const auto& inc = set.incidents[i];
            const std::int64_t day = inc.from >= 0 ? inc.from / seconds_per_day : -((-inc.from + seconds_per_day - 1) / seconds_per_day);
            const auto it = row_of.find(day - ((day + 3) % 7 + 7) % 7);
            if (it == row_of.end()) continue;
            const auto k = static_cast<std::size_t>(slot_of_area[static_cast<std::size_t>(r.unit_of[i])]);
            for (std::size_t th = 0; th < themes; ++th) {
                if (!theme_takes(r.themes[th], inc.category, set.text(inc.crime_type), (inc.flags & masks[th]) == masks[th]))
                    continue;
                auto& c = r.weekly[it->second + k * themes + th];
                if (std::isnan(c.count)) continue;
                c.count += 1;
                c.incidents.push_back(static_cast<std::uint32_t>(i));
            }
        }
    }
}

void DashboardStep::write_weekly(const DashboardResult& r, Writer& w) const {
    if (m_weekly.empty() || r.seasons.empty()) return;
    using R = ColumnRole;
    const std::vector<Column> header{{r.unit.code, R::area},     {r.unit.name, R::area},     {"theme", R::identifier},
                                     {"season", R::identifier},  {"season_year", R::identifier},
                                     {"years_before", R::identifier}, {"week", R::identifier},   {"week_start", R::identifier},
                                     {"week_end", R::identifier}, {"count", R::count},         {"missing", R::identifier}};
    std::vector<std::vector<std::string>> rows;
    Members m{"count", {}, false};
    // By season, area, theme, then this year's weeks and each earlier year's.
    std::vector<std::size_t> order(r.weekly.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto &x = r.weekly[a], &y = r.weekly[b];
        return std::tie(x.season, x.k, x.theme, x.years_before) < std::tie(y.season, y.k, y.theme, y.years_before);
    });
    for (std::size_t i : order) {
        const auto& c = r.weekly[i];
        const auto& area = r.areas[r.reported[c.k]];
        const std::int64_t monday = iso_week_monday(c.week.year, c.week.week);
        rows.push_back({area.code, area.name, r.themes[c.theme].key, r.seasons[c.season].name, std::to_string(c.season_year),
                        std::to_string(c.years_before), iso_week_text(c.week), format_date(monday * seconds_per_day),
                        format_date((monday + 6) * seconds_per_day),
                        std::isnan(c.count) ? std::string() : fmt::format("{:.0f}", c.count), c.missing});
        m.rows.push_back(c.incidents);
    }
    w.counts("weekly", {std::move(m)});
    w.table("weekly", header, rows, r.metadata);
}

void add_fytd_fields(const DashboardResult& r, io::FeatureTable& t) {
    if (r.fytd_figures.empty()) return;
    using io::FieldType;
    using R = ColumnRole;
    auto field = [&](const std::string& n, FieldType type, R role, Derivation d = {}) {
        t.fields.push_back({n, type, role, std::move(d)});
    };
    field("fytd_from", FieldType::text, R::identifier);
    field("fytd_to", FieldType::text, R::identifier);
    for (const char* n : {"count_fytd", "count_fytd_before"}) field(n, FieldType::integer, R::count);
    field("change_fytd", FieldType::integer, R::rate, Derivation::difference("count_fytd", "count_fytd_before"));
    field("change_fytd_pct", FieldType::real, R::rate, Derivation::change("count_fytd", "count_fytd_before"));
    for (const char* n : {"p_fytd", "p_fytd_adjusted"}) field(n, FieldType::real, R::statistic);
    field("direction_fytd", FieldType::text, R::category);
    field("population_fytd", FieldType::real, R::measure);
    field("rate_fytd", FieldType::real, R::rate, Derivation::ratio("count_fytd", "population_fytd", 1000));
    field("text_fytd", FieldType::text, R::text, Derivation::words("count_fytd,count_fytd_before"));
}

void add_fytd_values(const DashboardResult& r, std::size_t k, std::size_t th, std::vector<io::FieldValue>& row) {
    if (r.fytd_figures.empty()) return;
    const auto& f = r.fytd_figures[k * r.themes.size() + th];
    const bool t = f.tested;
    row.emplace_back(format_month_number(r.fytd.first));
    row.emplace_back(format_month_number(r.fytd.second));
    row.push_back(whole(f.now.count));
    row.push_back(whole(f.before.count));
    row.push_back(t ? io::FieldValue{f.change.difference} : io::FieldValue{});
    row.push_back(t ? num(f.change.change_pct) : io::FieldValue{});
    row.push_back(t ? num(f.change.p) : io::FieldValue{});
    row.push_back(t ? num(f.q) : io::FieldValue{});
    row.emplace_back(std::string(!t || f.q >= 0.05 ? "" : f.change.after > f.change.before ? "increase" : "decrease"));
    row.push_back(num(f.now.population));
    row.push_back(num(f.now.rate));
    row.emplace_back(fytd_sentence(r, f));
}

std::vector<std::pair<std::string, std::pair<int, int>>> fytd_count_columns(const DashboardResult& r) {
    if (r.fytd_figures.empty()) return {};
    return {{"count_fytd", r.fytd}, {"count_fytd_before", r.fytd_before}};
}

}  // namespace hotspots::steps
