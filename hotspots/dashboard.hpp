#pragma once
// The partnership board's figures: counts of areas x themes by month, turned into the board's
// periods (the month, the last 3 months and the same 3 a year earlier, the rolling 12 months
// and the 12 before), rates per 1,000 residents with exact intervals, the change and its
// test, ranks among peer areas, and months whose data are missing. See docs/dashboard.md.
#include "hotspots/change.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotspots {

// Monthly counts over consecutive months. A month the source does not cover (outside its
// months) is not zero: figures that need it are left empty. Nor is a month the source leaves
// out for an area (`absent`: the month is in no input, or the count table that gives it has
// no row for the area). A month counted with no incident is a zero, and counts as one.
struct CountCube {
    int first_month = 0;  // month_number() of the first month
    int months = 0;
    std::size_t areas = 0, themes = 0;
    std::vector<double> counts;  // [(area x themes + theme) x months + m]
    std::vector<double> totals;  // [area x months + m]: every row of the area, whatever its category
    std::vector<char> absent;    // [area x months + m]: 1 where the source has no data for the area

    void resize(std::size_t area_count, std::size_t theme_count, int first, int month_count);
    char& is_absent(std::size_t a, int m) { return absent[a * std::size_t(months) + std::size_t(m)]; }
    bool is_absent(std::size_t a, int m) const { return absent[a * std::size_t(months) + std::size_t(m)] != 0; }
    double& count(std::size_t a, std::size_t t, int m) { return counts[(a * themes + t) * std::size_t(months) + std::size_t(m)]; }
    double count(std::size_t a, std::size_t t, int m) const {
        return counts[(a * themes + t) * std::size_t(months) + std::size_t(m)];
    }
    double& total(std::size_t a, int m) { return totals[a * std::size_t(months) + std::size_t(m)]; }
    double total(std::size_t a, int m) const { return totals[a * std::size_t(months) + std::size_t(m)]; }
};

// An area's residents by year (any order).
using PopulationByYear = std::vector<std::pair<int, double>>;

// The board's periods, as month numbers [first, last], for the month `m`.
enum class Window : std::uint8_t { month, three, three_before, twelve, twelve_before };
inline constexpr std::array<Window, 5> all_windows{Window::month, Window::three, Window::three_before, Window::twelve,
                                                   Window::twelve_before};
std::pair<int, int> window_months(Window w, int month);
const char* window_name(Window w);  // "month", "3m", "3m_before", "12m", "12m_before"

struct WindowFigure {
    double count = 0;    // NaN: a month of the window is missing (see gaps) or not in the data
    bool in_data = true; // every month of the window lies in the source's months
    std::vector<int> gaps;  // months of the window that are missing data for the area
    double population = 0;  // NaN: none
    int population_year = 0;
    // Per `per` of the denominator (1,000 residents; 100 m of street): NaN without one.
    double rate = 0, rate_low = 0, rate_high = 0;
    double rate_smoothed = NAN;  // global empirical Bayes (options.smooth), per `per`; NaN otherwise
};

// A rank now and a year before, each among the areas that have that period's figure (the two
// sets differ when an area's figure is missing in one period), and the move: the change of
// rank among the areas ranked in both periods, so that it compares ranks of one set.
struct Rank {
    int now = 0, before = 0;     // 1 = lowest; 0 = not ranked (figure missing)
    int of = 0, of_before = 0;   // how many areas were ranked now, and a year before
    int move = 0;                // +1: a higher rank number than a year before among the same areas (worse), -1 lower, 0 same
    bool has_move = false;       // ranked in both periods
};

struct AreaThemeFigures {
    std::array<WindowFigure, 5> windows;  // by Window
    PeriodChange three_change, twelve_change;  // 3m against 3m_before; 12m against 12m_before
    double three_q = 1, twelve_q = 1;          // Benjamini-Hochberg over the reported areas
    bool three_tested = false, twelve_tested = false;
    Rank three_all, three_within, twelve_all, twelve_within;  // among the peers; among the reported
    const WindowFigure& at(Window w) const { return windows[static_cast<std::size_t>(w)]; }
};

struct DashboardOptions {
    int month = 0;                       // the reporting month (month number)
    std::vector<std::size_t> reported;   // areas reported, and the false-discovery family
    std::vector<std::size_t> peers;      // areas ranked against (rank_all)
    double confidence = 0.95;            // of the rates' intervals
    double gap_median = 20;              // see coverage_gaps
    // Global empirical Bayes rates (Marshall 1991, hotspots/eb.hpp) of each theme and window
    // over the reported areas that have a count and residents.
    bool smooth = false;
    // The rates' scale: per 1,000 residents, or per 100 m when the "population" is a street
    // segment's length in metres.
    double per = 1000;
    // Rank by rate when every peer has a denominator; false: always by count (street segments,
    // whose lengths differ so much that one incident on a few metres would top a rate ranking).
    bool rank_by_rate = true;
};

struct Dashboard {
    std::vector<AreaThemeFigures> figures;  // [k x themes + t] for reported[k]
    // Per theme and span (0: 3 months, 1: 12 months): whether ranks are by rate (every peer
    // has residents) or by count.
    std::vector<std::array<bool, 2>> rank_by_rate;
    // Per reported area: every month of missing data (sorted): absent in the cube, or found
    // by coverage_gaps (those also in `suspect`).
    std::vector<std::vector<int>> gaps, suspect;
};

// The days of months `first` to `last` (a leap February counts 29).
double months_days(int first, int last);
// The figure of months `first` to `last` (month numbers) for one area and theme: empty (NaN)
// when a month lies outside the cube or in `gaps`; the rate per 1,000 residents of the year
// holding the middle month, with its exact interval (per `per` of the denominator).
WindowFigure months_figure(const CountCube& cube, std::size_t a, std::size_t t, int first, int last,
                           const std::vector<int>& gaps, const PopulationByYear& population, double confidence,
                           double per = 1000);

// Exact (Garwood) interval for the mean of a Poisson count k at the given confidence.
std::pair<double, double> poisson_interval(double k, double confidence);

// Standard competition ranks (1 = lowest value; ties share the lowest rank, the next rank
// skips: 1, 2, 2, 4). NaN values get rank 0 and are not counted.
std::vector<int> competition_ranks(const std::vector<double>& values);

// Months the source left area `a` out of although it holds other rows for that month: fewer
// rows (every category the inputs hold) than a tenth of the median of the 12 months either
// side, where that median is at least `median_floor`. The floor makes a real zero all but
// impossible to take for missing data: a Poisson count of mean 20 is at most 1 with probability
// 4e-8, while with a floor of 7 (0 with probability 9e-4) one ward-month in a thousand of quiet
// burglary series was blanked. data.police.uk's 2016-03 has 30 rows for Harrow (points near
// its edges), against some 1,300 in other months. Months already absent are skipped.
std::vector<int> coverage_gaps(const CountCube& cube, std::size_t a, double median_floor);

// The residents of year `year`, else of the nearest year given (later on a tie); NaN and 0
// when there are none.
std::pair<double, int> population_for(const PopulationByYear& p, int year);

// Every figure. `population[a]` may be empty (no residents known: rates left empty).
// Throws std::invalid_argument for a population of 0 or less.
Dashboard compute_dashboard(const CountCube& cube, const std::vector<PopulationByYear>& population,
                            const DashboardOptions& options);

}  // namespace hotspots
