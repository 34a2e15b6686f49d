#pragma once
// A hotspot map as a forecast (docs/evaluate.md): methods that score the cells of a study area
// from training incidents, the cells a share of the area selects, and the measures of how
// well they catch the test incidents: hit rate, PAI (Chainey, Tompson & Uhlig 2008), RRI
// (Levine 2008), PEI and PEI* (Hunt 2016; White, Hunt & Green 2023).
#include "hotspots/kernel.hpp"
#include "model/geometry.hpp"
#include "model/grid.hpp"
#include "model/incident.hpp"
#include "model/time.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

// The study area: the cells of a grid whose centres lie in the mask.
struct StudyArea {
    Grid grid;
    std::vector<std::uint32_t> cells;  // grid indexes (row-major) of the study cells, ascending
    std::vector<std::int32_t> slot;    // grid index -> position in `cells`, or -1 outside
};
StudyArea study_area(const Grid& grid, const std::vector<std::uint8_t>& inside);
// The study area of `cell` cells over `extent` (snapped outwards to multiples of the cell):
// the cells whose centre is inside `mask`, every cell when it is empty. Used by kde's
// back-tested bandwidth and by evaluate, so both score the same cells.
StudyArea study_area(const Box& extent, const std::vector<Wkb>& mask, double cell);

// An incident as the back-test sees it: its study cell (-1 outside), when, and where exactly
// (for repeats and the snapped-point share).
struct ForecastIncident {
    std::int32_t slot = -1;
    Seconds when = 0;
    double x = 0, y = 0;
    double weight = 1;  // harm weight: what the kde and prospective methods count
    std::int32_t unit = -1;  // with units (hotspots/unit_catch.hpp): the unit it counts in, -1 none
};
// Every incident of `set` with its study cell (-1 outside the area), in order.
std::vector<ForecastIncident> forecast_incidents(const IncidentSet& set, const StudyArea& area);
// A box holding every point forecast_incidents can give a cell of `grid` (so a study cell):
// the grid's extent grown by one cell on every side, so that a point on an edge is inside
// whichever way its cell is rounded. A back-test reads only the incidents inside it.
Box cells_reach(const Grid& grid);
// The incidents a back-test's rows test, what each row's N counts, so that a release can link
// N to every other count of the same incidents: held once a test period (a period has a row
// per method and share).
struct TestedIncidents {
    std::vector<std::vector<std::uint32_t>> by_period;  // per distinct test period, ascending
    std::vector<std::uint32_t> period_of_row;           // per row, its period in by_period
    std::vector<std::vector<std::uint32_t>> rows() const;  // per row, its period's incidents
};
// `row_months`: each row's test period (its first month, month_number()), in any order; a
// period lasts `months` months. An incident is tested in a period when it is in a study cell,
// in the period and, with `unit_of`, on a unit.
TestedIncidents tested_incidents(const std::vector<ForecastIncident>& placed, const std::vector<int>& row_months,
                                 int months, const std::vector<std::int64_t>* unit_of = nullptr);

enum class ForecastMethod { kde, grid, repeats, prospective };

struct MethodConfig {
    ForecastMethod method = ForecastMethod::kde;
    double bandwidth = 200;  // kde: metres, as kde's --bandwidth
    Kernel kernel = Kernel::quartic;  // kde
    double cell = 50;        // grid: metres, a multiple of the study grid's cell
    double decay_days = 14;  // prospective: e-folding time
    double radius = 200;     // prospective: reach of the near-repeat boost, metres
    std::string label() const;  // "kde h=200" (", kernel=gaussian" when not quartic), "grid cell=50", "repeats", ...
};

// How many cells the stencil of a kde or prospective method holds on `area`'s grid (the cells
// within its reach, no further than the grid reaches), and so the memory it takes (24 bytes
// each) and the work of spreading each training cell. 0 for the other methods.
double stencil_cells(const MethodConfig& m, const StudyArea& area);
inline constexpr double stencil_cell_bytes = 24;

// Scores of every study cell from the training incidents (`train`: indexes into `all`, all in
// the window ending at `window_end`). Higher is hotter. Pure; cheap to call per window.
std::vector<double> score_cells(const MethodConfig& m, const StudyArea& area, const std::vector<ForecastIncident>& all,
                                const std::vector<std::uint32_t>& train, Seconds window_end);

// How a selection of `share` of the study area catches the test incidents.
struct ForecastCatch {
    double n = 0;          // test incidents in the selected cells (fractional at a tie, see below)
    double n_train = 0;    // training incidents in them
    double N = 0, N_train = 0;  // all test and training incidents in the study area
    double cells = 0;      // selected cells (share x study cells)
    double hit_rate = 0, pai = 0, rri = 0, pei = 0, pei_star = 0;
};

// Selects the cells with the highest scores covering `share` (0..1) of the study cells
// (round(share x cells), at least one); cells tied with the last one selected share the
// remaining places equally, each counting with the same fraction (the expected catch of a
// random choice among them). Then: hit rate n/N; PAI = (n/N)/(a/A); RRI = (n/n_train) /
// (N/N_train); PEI = n/n*, with n* the most test incidents any selection of as many cells
// holds; PEI* = a*/a, with a* the fewest cells (the busiest test cells first) holding at least n. Measures
// with a zero denominator are 0.
ForecastCatch catch_of(const std::vector<double>& score, const std::vector<double>& test_counts,
               const std::vector<double>& train_counts, double share);
// The same with the test counts above zero already sorted, busiest first (a back-test scores
// many methods and shares on one test period).
ForecastCatch catch_of(const std::vector<double>& score, const std::vector<double>& test_counts,
               const std::vector<double>& train_counts, double share, const std::vector<double>& busiest);
std::vector<double> busiest_first(const std::vector<double>& test_counts);

// Two-sided sign test: the probability of a split at least as uneven as `wins` to `losses`
// (ties left out) under a fair coin.
double sign_test(std::size_t wins, std::size_t losses);

}  // namespace hotspots
