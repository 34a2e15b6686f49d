#pragma once
// The partnership board's other periods (docs/dashboard.md, "Financial year and seasons"): the
// financial year to date against the same months a year earlier, and named seasons of ISO 8601
// weeks (the summer violence plan, Autumn and Winter Nights) against the same weeks of
// earlier years. Days are counted from 1970-01-01 (days_from_civil).
#include "hotspots/dashboard.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotspots {

// The financial year to date: from the year's first month (`start_month`, 1-12; 4 = April,
// the UK's April to March) to `month` (month numbers); a month before the start month belongs
// to the year that began the previous calendar year.
std::pair<int, int> financial_year_to_date(int month, int start_month);

// ISO 8601 week of a day: weeks start on Monday; week 1 holds the year's first Thursday.
struct IsoWeek {
    int year = 0, week = 0;
    bool operator==(const IsoWeek& o) const { return year == o.year && week == o.week; }
};
IsoWeek iso_week(std::int64_t day);
std::int64_t iso_week_monday(int iso_year, int week);  // the Monday of that week
int iso_weeks_in_year(int iso_year);                   // 52, or 53 (a year starting on Thursday, or a leap year on Wednesday)
std::string iso_week_text(IsoWeek w);                  // "2020-W53"

// A named season: ISO weeks `first_week` to `last_week` (wrapping into the next ISO year when
// last < first: W40-W10), or the weeks holding the days from one date (month-day) to another.
struct Season {
    std::string name, text;  // "summer", as given
    bool by_dates = false;
    int first_week = 0, last_week = 0;         // by weeks: 1-53
    int first_month = 0, first_day = 0;        // by dates
    int last_month = 0, last_day = 0;
};
// "NAME=W22-W35" or "NAME=10-01..03-31" (MM-DD..MM-DD; the end before the start runs into the
// next year). Throws std::invalid_argument saying what is wrong.
Season parse_season(const std::string& text);

// The weeks of the season that starts in `season_year` (its first week's ISO year, or the
// calendar year of its first date), in order. A week 53 the year does not have is left out.
std::vector<IsoWeek> season_weeks(const Season& s, int season_year);
// The latest season year whose first week starts on or before `day`.
int season_year_on(const Season& s, std::int64_t day);

// A span of months against another (the financial year to date against a year earlier), per
// reported area and theme, tested and adjusted as the board's 3 and 12 months are.
struct SpanFigures {
    WindowFigure now, before;
    PeriodChange change;
    bool tested = false;
    double q = 1;  // Benjamini-Hochberg over the reported areas, per theme
};
// `gaps[k]`: the missing months of reported area k (Dashboard::gaps). Result [k x themes + t].
std::vector<SpanFigures> span_figures(const CountCube& cube, const std::vector<PopulationByYear>& population,
                                      const std::vector<std::size_t>& reported, const std::vector<std::vector<int>>& gaps,
                                      std::pair<int, int> now, std::pair<int, int> before, double confidence);

}  // namespace hotspots
