#include "hotspots/board_periods.hpp"

#include "hotspots/gistar.hpp"
#include "model/time.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace hotspots {
namespace {

int weekday_from_monday(std::int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }  // 1970-01-01: a Thursday

int parse_int(const std::string& s, const std::string& text) {
    if (s.empty() || s.size() > 2 || s.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument("'" + text + "': '" + s + "' is not a number");
    return std::stoi(s);
}

int parse_week(std::string s, const std::string& text) {
    if (!s.empty() && (s[0] == 'W' || s[0] == 'w')) s.erase(0, 1);
    const int w = parse_int(s, text);
    if (w < 1 || w > 53) throw std::invalid_argument("'" + text + "': ISO weeks run from 1 to 53");
    return w;
}

void parse_month_day(const std::string& s, int& month, int& day, const std::string& text) {
    const auto dash = s.find('-');
    if (dash == std::string::npos) throw std::invalid_argument("'" + text + "': give dates as MM-DD, e.g. 10-01..03-31");
    month = parse_int(s.substr(0, dash), text);
    day = parse_int(s.substr(dash + 1), text);
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(2001, month))
        throw std::invalid_argument("'" + text + "': " + s + " is not a day of every year (29 February is not)");
}

}  // namespace

std::pair<int, int> financial_year_to_date(int month, int start_month) {
    if (start_month < 1 || start_month > 12) throw std::invalid_argument("a year's first month is 1 to 12");
    const int offset = ((month % 12) - (start_month - 1) + 12) % 12;
    return {month - offset, month};
}

IsoWeek iso_week(std::int64_t day) {
    // The week's Thursday decides its year.
    const std::int64_t thursday = day - weekday_from_monday(day) + 3;
    int y = 0, m = 0, d = 0;
    civil_from_days(thursday, y, m, d);
    return {y, static_cast<int>((thursday - days_from_civil(y, 1, 1)) / 7 + 1)};
}

std::int64_t iso_week_monday(int iso_year, int week) {
    const std::int64_t jan4 = days_from_civil(iso_year, 1, 4);  // always in week 1
    return jan4 - weekday_from_monday(jan4) + 7 * std::int64_t(week - 1);
}

int iso_weeks_in_year(int iso_year) { return iso_week(days_from_civil(iso_year, 12, 28)).week; }

std::string iso_week_text(IsoWeek w) { return fmt::format("{:04d}-W{:02d}", w.year, w.week); }

Season parse_season(const std::string& text) {
    Season s;
    s.text = text;
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0)
        throw std::invalid_argument("'" + text + "': give NAME=W22-W35 (ISO weeks) or NAME=10-01..03-31 (dates)");
    s.name = text.substr(0, eq);
    const std::string spec = text.substr(eq + 1);
    if (const auto dots = spec.find(".."); dots != std::string::npos) {
        s.by_dates = true;
        parse_month_day(spec.substr(0, dots), s.first_month, s.first_day, text);
        parse_month_day(spec.substr(dots + 2), s.last_month, s.last_day, text);
        return s;
    }
    const auto dash = spec.find('-');
    if (dash == std::string::npos)
        throw std::invalid_argument("'" + text + "': give NAME=W22-W35 (ISO weeks) or NAME=10-01..03-31 (dates)");
    s.first_week = parse_week(spec.substr(0, dash), text);
    s.last_week = parse_week(spec.substr(dash + 1), text);
    // Week 53 is in some years only: a season cannot start there.
    if (s.first_week == 53) throw std::invalid_argument("'" + text + "': a season cannot start in week 53 (most years have 52)");
    return s;
}

std::vector<IsoWeek> season_weeks(const Season& s, int season_year) {
    std::vector<IsoWeek> out;
    if (s.by_dates) {
        const std::int64_t start = days_from_civil(season_year, s.first_month, s.first_day);
        const bool wraps = s.last_month * 100 + s.last_day < s.first_month * 100 + s.first_day;
        const std::int64_t end = days_from_civil(season_year + (wraps ? 1 : 0), s.last_month, s.last_day);
        for (std::int64_t d = start - weekday_from_monday(start); d <= end; d += 7) out.push_back(iso_week(d));
        return out;
    }
    auto add = [&](int year, int from, int to) {
        for (int w = from; w <= std::min(to, iso_weeks_in_year(year)); ++w) out.push_back({year, w});
    };
    if (s.first_week <= s.last_week) {
        add(season_year, s.first_week, s.last_week);
    } else {
        add(season_year, s.first_week, 53);
        add(season_year + 1, 1, s.last_week);
    }
    return out;
}

int season_year_on(const Season& s, std::int64_t day) {
    auto first_monday = [&](int year) {
        if (!s.by_dates) return iso_week_monday(year, s.first_week);
        const std::int64_t start = days_from_civil(year, s.first_month, s.first_day);
        return start - weekday_from_monday(start);
    };
    int y = 0, m = 0, d = 0;
    civil_from_days(day, y, m, d);
    const int year = s.by_dates ? y : iso_week(day).year;
    return first_monday(year) <= day ? year : year - 1;
}

std::vector<SpanFigures> span_figures(const CountCube& cube, const std::vector<PopulationByYear>& population,
                                      const std::vector<std::size_t>& reported, const std::vector<std::vector<int>>& gaps,
                                      std::pair<int, int> now, std::pair<int, int> before, double confidence) {
    const std::size_t themes = cube.themes;
    std::vector<SpanFigures> out(reported.size() * themes);
    static const PopulationByYear none;
    for (std::size_t k = 0; k < reported.size(); ++k) {
        const std::size_t a = reported[k];
        const auto& p = a < population.size() ? population[a] : none;
        for (std::size_t t = 0; t < themes; ++t) {
            auto& f = out[k * themes + t];
            f.now = months_figure(cube, a, t, now.first, now.second, gaps[k], p, confidence);
            f.before = months_figure(cube, a, t, before.first, before.second, gaps[k], p, confidence);
            if (std::isnan(f.now.count) || std::isnan(f.before.count)) continue;
            f.change = compare_periods(static_cast<std::uint64_t>(f.before.count), static_cast<std::uint64_t>(f.now.count),
                                       months_days(before.first, before.second), months_days(now.first, now.second));
            f.tested = true;
        }
    }
    for (std::size_t t = 0; t < themes; ++t) {
        std::vector<double> p;
        std::vector<SpanFigures*> tested;
        for (std::size_t k = 0; k < reported.size(); ++k)
            if (auto& f = out[k * themes + t]; f.tested) {
                p.push_back(f.change.p);
                tested.push_back(&f);
            }
        const auto q = benjamini_hochberg(p);
        for (std::size_t i = 0; i < tested.size(); ++i) tested[i]->q = q[i];
    }
    return out;
}

}  // namespace hotspots
