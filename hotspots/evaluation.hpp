#pragma once
// The composition around a rolling back-test (hotspots/backtest): the incidents inside the
// study area with the months they span, and the comparison of the configurations tested:
// their means over the test periods, the periods each wins, loses and ties against the best
// (with a sign test), and the one to recommend. See docs/evaluate.md.
#include "hotspots/backtest.hpp"
#include "model/incident.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace hotspots {

struct EvaluationIncidents {
    std::vector<ForecastIncident> inside;  // those in a study cell, in input order
    std::size_t outside = 0;
    int first_month = 0, last_month = 0;   // month_number()s of the earliest and latest inside
};

// `unit_of` (one per incident of `set`, when given): each incident's unit (-1: none) for a
// back-test on units (BacktestSpec::units).
EvaluationIncidents evaluation_incidents(const IncidentSet& set, const StudyArea& area,
                                         const std::vector<std::int64_t>* unit_of = nullptr);

// One configuration (a method with a training window) at one share, over the test periods.
struct ConfigScore {
    double hit = 0, pai = 0, rri = 0, pei = 0, pei_star = 0;  // means over the test periods
    // Periods it catches more, fewer or as many incidents as the best configuration (by mean
    // PAI at this share); the best has none.
    std::size_t won = 0, lost = 0, tied = 0;
    double sign_p = 1;
    bool best = false;
};

struct BacktestSummary {
    // Configuration c is the spec's method c / trains, window c % trains.
    std::size_t configs = 0, trains = 0, shares = 0;
    std::vector<ConfigScore> scores;   // [c * shares + share]
    std::vector<std::size_t> best;     // per share: the configuration with the highest mean PAI
    std::vector<double> overall_pei;   // per configuration: its mean PEI over the shares
    std::size_t recommended = 0;       // the highest overall PEI (the first on a tie)
    std::optional<std::size_t> recommended_kde;  // the same among the kde configurations
    // The mean share of test incidents on a point a training incident also had (the first
    // method, the longest window, the first share); none without such a row.
    std::optional<double> snapped;

    const ConfigScore& score(std::size_t config, std::size_t share) const { return scores[config * shares + share]; }
};

BacktestSummary summarise_backtest(const BacktestSpec& spec, const Backtest& bt);

}  // namespace hotspots
