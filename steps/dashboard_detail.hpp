#pragma once
// Helpers the dashboard's files share (steps/dashboard*.cpp); not for other steps.
#include "io/feature_writer.hpp"
#include "steps/dashboard.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps::detail {

// "2021-11" as a month number; throws UsageError naming --month.
int parse_month(const std::string& text);

// A figure as a cell: empty for NaN (and, for a rank, for 0: unranked).
io::FieldValue num(double v);
io::FieldValue whole(double v);
io::FieldValue rank_value(int r);

// "up (worse)", "down (better)", "same" or "" (no move).
std::string move_text(const Rank& r);
// "increase" or "decrease" when the change is tested and its q is under 0.05, else "".
std::string direction(bool tested, const PeriodChange& c, double q);
// "2016-03;2016-04"
std::string months_list(const std::vector<int>& months);
// Every missing month in any of the figure's periods.
std::string gaps_text(const AreaThemeFigures& f);
// The board's sentences on the 3 and 12 months against a year earlier.
std::string three_sentence(const DashboardResult& r, const Theme& t, const AreaThemeFigures& f);
std::string twelve_sentence(const DashboardResult& r, const AreaThemeFigures& f);

// What each cell of the cube counts: its incidents, or, from count tables, ids of its units of
// count (consecutive per cell), so that the board, the tidy table and the series say which
// counts add up to which.
struct CubeMembers {
    const CountCube* cube = nullptr;
    bool own_ids = false;
    std::vector<std::vector<std::uint32_t>> cell;  // as CountCube::counts

    // The members of area `a` and theme `th` in the months first..last (month numbers).
    std::vector<std::uint32_t> of(std::size_t a, std::size_t th, int first, int last) const;
    // The same in a window of the board ending in `month`.
    std::vector<std::uint32_t> in_window(std::size_t a, std::size_t th, Window win, int month) const;
};
CubeMembers cube_members(const DashboardResult& r);

// The board's table with its first columns (the unit's code and name), for rows of every kind.
io::FeatureTable board_table(const DashboardResult& r, const std::string& crs);

}  // namespace hotspots::steps::detail
