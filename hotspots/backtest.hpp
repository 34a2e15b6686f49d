#pragma once
// Rolling back-tests of forecasting methods (docs/evaluate.md): for each test period, each
// method is fitted on each training window just before it, and its selections of each share
// of the study area are scored on the test period.
#include "hotspots/forecast.hpp"
#include "hotspots/unit_catch.hpp"

#include <optional>
#include <vector>

namespace hotspots {

struct BacktestSpec {
    std::vector<MethodConfig> methods;
    std::vector<int> train_months;  // lengths of the training windows
    int test_months = 1;
    int first_test = 0, last_test = 0;  // month_number()s: the first and last test periods' starts
    std::vector<double> shares;         // of the study area, 0..1
    // Units of unequal size to rank instead of the study cells (hexagons, street segments):
    // test and training incidents count in their `unit` (those in none are not counted), each
    // method's cell scores become unit scores (unit_scores) and are scored by weighted_catch.
    const BacktestUnits* units = nullptr;
    // evaluate --shard (docs/scale.md): the units are the test periods x methods, in order;
    // shard i of N scores the units i, i+N, i+2N, ... Every shard together: every row once.
    std::size_t shard_index = 0, shard_count = 1;
    bool in_shard(std::size_t period, std::size_t method) const {
        return (period * methods.size() + method) % shard_count == shard_index;
    }
};

struct BacktestRow {
    int test_month = 0;  // month_number() of the test period's start
    std::size_t method = 0, train = 0, share = 0;  // indexes into the spec's lists
    ForecastCatch c;
    double snapped = 0;  // share of the test incidents at a point a training incident shares
};

struct Backtest {
    std::vector<BacktestRow> rows;  // by test period, then training window, method, share (backtest_order)
    std::size_t periods = 0;
    std::vector<int> skipped;  // test months left out: a training window reaches before the data
};

// The rows' order: test period, training window, method, share; sorting shards' rows by it
// gives the unsharded table.
bool backtest_order(const BacktestRow& a, const BacktestRow& b);

// `incidents` sorted by time; those outside the study area (slot -1) are left out. Each
// training window's scores are computed once and used for every share; the work is split
// over `threads`, and the result does not depend on their number.
Backtest run_backtest(const BacktestSpec& spec, const StudyArea& area, const std::vector<ForecastIncident>& incidents,
                      unsigned threads);

// kde's --bandwidth auto (docs/kde.md): the quartic bandwidth among `candidates` whose map of
// the 3 months before best catches each of the last (up to) 12 months' incidents in the top 5%
// of the study area (the kde hotspots' default share); nothing when the incidents span fewer
// than 4 months. `trials`: each candidate's mean hit rate.
struct BacktestedBandwidth {
    double h = 0, hit_rate = 0;
    std::size_t periods = 0;
    std::vector<std::pair<double, double>> trials;
};
std::optional<BacktestedBandwidth> backtested_bandwidth(const StudyArea& area, const std::vector<ForecastIncident>& incidents,
                                                        const std::vector<double>& candidates, unsigned threads);

}  // namespace hotspots
