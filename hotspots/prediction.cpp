#include "hotspots/prediction.hpp"

#include "hotspots/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace hotspots {

MethodConfig prospective_method(const ProspectiveKernel& k) {
    MethodConfig m;
    m.method = ForecastMethod::prospective;
    m.decay_days = k.half_life_days / std::log(2.0);
    m.radius = 2 * k.half_distance_m;
    return m;
}

PredictionBacktest backtest_kernels(const StudyArea& area, const std::vector<ForecastIncident>& inside, int first_month,
                                    const std::vector<ProspectiveKernel>& candidates, const PredictionMonths& months,
                                    unsigned threads) {
    if (candidates.empty()) throw std::invalid_argument("no candidate kernel to back-test");
    PredictionBacktest out;
    out.first_test = months.as_of - months.test_months;
    out.last_test = months.as_of - 1;
    if (out.first_test - months.train_months < first_month)
        throw std::invalid_argument(fmt::format("the back-test's first month {} needs {} months of incidents before it, "
                                                "from {}; the incidents start in {}",
                                                format_month_number(out.first_test), months.train_months,
                                                format_month_number(out.first_test - months.train_months),
                                                format_month_number(first_month)));
    // evaluate's spec, with the candidates as its methods: the same months, window and share.
    BacktestSpec spec;
    for (const auto& k : candidates) spec.methods.push_back(prospective_method(k));
    spec.train_months = {months.train_months};
    spec.test_months = 1;
    spec.first_test = out.first_test;
    spec.last_test = out.last_test;
    spec.shares = {months.coverage};
    const auto bt = run_backtest(spec, area, inside, threads);
    const auto sum = summarise_backtest(spec, bt);
    out.chosen = sum.best.at(0);
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        CandidateScore s;
        s.kernel = candidates[c];
        s.mean_hit = sum.score(c, 0).hit;
        s.mean_pai = sum.score(c, 0).pai;
        bool first = true;
        for (const auto& row : bt.rows) {
            if (row.method != c) continue;
            s.min_hit = first ? row.c.hit_rate : std::min(s.min_hit, row.c.hit_rate);
            s.max_hit = first ? row.c.hit_rate : std::max(s.max_hit, row.c.hit_rate);
            s.min_pai = first ? row.c.pai : std::min(s.min_pai, row.c.pai);
            s.max_pai = first ? row.c.pai : std::max(s.max_pai, row.c.pai);
            first = false;
            if (c == out.chosen) out.rows.push_back(row);
        }
        out.candidates.push_back(s);
    }
    return out;
}

KnoxEstimate knox_kernel(const KnoxTable& table, const KnoxOptions& options, double days_per_unit, double alpha) {
    KnoxEstimate e;
    // Rows: 0 same location, 1..bands, then beyond; columns: bands, then beyond.
    const std::size_t space_bands = options.space_edges.size() - 1, time_bands = options.time_edges.size() - 1;
    for (std::size_t r = 1; r <= space_bands; ++r)
        for (std::size_t c = 0; c < time_bands; ++c) {
            const auto& cell = table.at(r, c);
            if (!(cell.p <= alpha) || !(cell.ratio > 1)) continue;
            e.found = true;
            e.space_edge = std::max(e.space_edge, options.space_edges[r]);
            e.time_edge = std::max(e.time_edge, options.time_edges[c + 1]);
        }
    if (e.found) e.kernel = {e.time_edge * days_per_unit, e.space_edge};
    return e;
}

std::vector<double> prospective_surface(const StudyArea& area, const std::vector<ForecastIncident>& inside,
                                        const ProspectiveKernel& k, const PredictionMonths& months) {
    std::vector<std::uint32_t> train;
    for (std::size_t i = 0; i < inside.size(); ++i) {
        const int m = month_number(inside[i].when);
        if (inside[i].slot >= 0 && m >= months.as_of - months.train_months && m < months.as_of)
            train.push_back(static_cast<std::uint32_t>(i));
    }
    // As run_backtest ends a training window: the first second of the month predicted.
    const int t = months.as_of;
    const Seconds window_end = days_from_civil(t / 12, t % 12 + 1, 1) * seconds_per_day;
    return score_cells(prospective_method(k), area, inside, train, window_end);
}

std::vector<std::uint32_t> top_cells(const std::vector<double>& score, double coverage) {
    const auto n = static_cast<double>(score.size());
    const auto want = static_cast<std::size_t>(std::max(1.0, std::round(coverage * n)));
    std::vector<std::uint32_t> order;
    for (std::size_t s = 0; s < score.size(); ++s)
        if (score[s] > 0) order.push_back(static_cast<std::uint32_t>(s));
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return score[a] > score[b]; });
    if (order.size() > want) order.resize(want);
    std::sort(order.begin(), order.end());
    return order;
}

}  // namespace hotspots
