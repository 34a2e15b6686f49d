#pragma once
// Prediction zones (docs/predict.md): the prospective surface of hotspots/forecast for the
// month after the data, its half-life and half-distance given or estimated (a back-test as
// evaluate scores the prospective method, or the Knox test's significant bands), and the
// cells covering a share of the study area, the zones.
#include "hotspots/backtest.hpp"
#include "hotspots/knox.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

// The prospective kernel as people state it: an incident's weight halves every
// `half_life_days`, and at `half_distance_m` from it.
struct ProspectiveKernel {
    double half_life_days = 14, half_distance_m = 100;
};
// forecast's prospective method with that kernel: e-folding decay = half-life / ln 2; the
// linear profile 1 - d / radius is one half at radius / 2, so radius = 2 x half-distance.
MethodConfig prospective_method(const ProspectiveKernel& k);

// Months as month_number()s: the month predicted, and the windows before it.
struct PredictionMonths {
    int as_of = 0;          // the month the zones are for
    int train_months = 3;   // the surface weighs the incidents of this many months before it
    int test_months = 6;    // back-test: each of this many months before as_of, in turn
    double coverage = 0.05; // share of the study area the zones (and the back-test) select
};

// One candidate kernel over the back-test months (evaluate's means: of each month's figure).
struct CandidateScore {
    ProspectiveKernel kernel;
    double mean_hit = 0, mean_pai = 0;
    double min_hit = 0, max_hit = 0, min_pai = 0, max_pai = 0;
};

struct PredictionBacktest {
    std::vector<CandidateScore> candidates;  // in the order given
    std::size_t chosen = 0;                  // the highest mean PAI, the first on a tie (evaluate's best)
    std::vector<BacktestRow> rows;           // the chosen kernel's months, in order
    int first_test = 0, last_test = 0;       // month_number()s
};

// Back-tests every candidate on the months [as_of - test_months, as_of), each month's surface
// from the train_months before it, with hotspots/backtest (as evaluate). Throws
// std::invalid_argument when the first test month's window starts before `first_month` (the
// data's first month) or with no candidate.
PredictionBacktest backtest_kernels(const StudyArea& area, const std::vector<ForecastIncident>& inside, int first_month,
                                    const std::vector<ProspectiveKernel>& candidates, const PredictionMonths& months,
                                    unsigned threads);

// Knox's estimate: the upper edges of the furthest space band and the latest time band with a
// significant excess of pairs (p <= `alpha`, ratio > 1) in any cell of the table (the rows and
// column beyond the last edges and the same-location row left out). The time edges are in
// `days_per_unit` days. `found` false when no band is significant.
struct KnoxEstimate {
    ProspectiveKernel kernel;
    bool found = false;
    double space_edge = 0, time_edge = 0;  // in metres and the table's time unit
};
KnoxEstimate knox_kernel(const KnoxTable& table, const KnoxOptions& options, double days_per_unit, double alpha = 0.05);

// The surface for as_of: each study cell's score from the incidents of the train_months before
// it (window ending at as_of's first second).
std::vector<double> prospective_surface(const StudyArea& area, const std::vector<ForecastIncident>& inside,
                                        const ProspectiveKernel& k, const PredictionMonths& months);

// The zones' cells: the round(coverage x cells) study cells (at least one) with the highest
// scores, ties to the lower index; cells scoring 0 are never selected. Ascending indexes.
std::vector<std::uint32_t> top_cells(const std::vector<double>& score, double coverage);

}  // namespace hotspots
