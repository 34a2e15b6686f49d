#include "hotspots/backtest.hpp"

#include "model/parallel.hpp"

#include <algorithm>
#include <tuple>

namespace hotspots {

bool backtest_order(const BacktestRow& a, const BacktestRow& b) {
    return std::tie(a.test_month, a.train, a.method, a.share) < std::tie(b.test_month, b.train, b.method, b.share);
}

Backtest run_backtest(const BacktestSpec& spec, const StudyArea& area, const std::vector<ForecastIncident>& incidents,
                      unsigned threads) {
    Backtest out;
    std::vector<ForecastIncident> inside;
    for (const auto& i : incidents)
        if (i.slot >= 0) inside.push_back(i);
    std::stable_sort(inside.begin(), inside.end(), [](const auto& a, const auto& b) { return a.when < b.when; });
    std::vector<int> month(inside.size());
    for (std::size_t k = 0; k < inside.size(); ++k) month[k] = month_number(inside[k].when);
    if (inside.empty()) return out;
    const int first_data = *std::min_element(month.begin(), month.end());
    const int longest = spec.train_months.empty() ? 0 : *std::max_element(spec.train_months.begin(), spec.train_months.end());
    // Indexes of the incidents in months [from, to).
    auto between = [&](int from, int to) {
        const auto a = std::lower_bound(month.begin(), month.end(), from) - month.begin();
        const auto b = std::lower_bound(month.begin(), month.end(), to) - month.begin();
        std::vector<std::uint32_t> idx(static_cast<std::size_t>(b - a));
        for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = static_cast<std::uint32_t>(a + static_cast<std::ptrdiff_t>(k));
        return idx;
    };
    std::vector<int> tests;
    for (int t = spec.first_test; t <= spec.last_test; t += spec.test_months) {
        if (t - longest < first_data) out.skipped.push_back(t);
        else tests.push_back(t);
    }
    out.periods = tests.size();
    const std::size_t nm = spec.methods.size(), nt = spec.train_months.size(), ns = spec.shares.size();
    // One job per test period and training window: its counts once, then every method and share.
    std::vector<std::vector<BacktestRow>> jobs(tests.size() * nt);
    parallel_items(jobs.size(), threads, [&](std::size_t job, unsigned) {
        const std::size_t p = job / nt, tr = job % nt;
        bool any = false;
        for (std::size_t me = 0; me < nm; ++me) any = any || spec.in_shard(p, me);
        if (!any) return;
        const int t = tests[p];
        const auto test = between(t, t + spec.test_months);
        const auto train = between(t - spec.train_months[tr], t);
        const auto* units = spec.units;
        std::vector<double> test_counts(units ? units->size.size() : area.cells.size(), 0), train_counts(test_counts.size(), 0);
        // The place an incident counts in: its unit (none: not counted), else its study cell.
        auto place = [&](std::uint32_t i) { return units ? inside[i].unit : inside[i].slot; };
        for (auto i : test)
            if (place(i) >= 0) test_counts[static_cast<std::size_t>(place(i))] += 1;
        for (auto i : train)
            if (place(i) >= 0) train_counts[static_cast<std::size_t>(place(i))] += 1;
        const auto busiest = units ? std::vector<double>{} : busiest_first(test_counts);
        std::vector<std::pair<double, double>> points;
        for (auto i : train) points.emplace_back(inside[i].x, inside[i].y);
        std::sort(points.begin(), points.end());
        double snapped = 0;
        for (auto i : test) snapped += std::binary_search(points.begin(), points.end(), std::pair{inside[i].x, inside[i].y}) ? 1 : 0;
        const Seconds window_end = days_from_civil(t / 12, t % 12 + 1, 1) * seconds_per_day;
        for (std::size_t me = 0; me < nm; ++me) {
            if (!spec.in_shard(p, me)) continue;
            auto score = score_cells(spec.methods[me], area, inside, train, window_end);
            if (units) score = unit_scores(*units, score);
            for (std::size_t sh = 0; sh < ns; ++sh) {
                BacktestRow row;
                row.test_month = t;
                row.method = me;
                row.train = tr;
                row.share = sh;
                row.c = units ? weighted_catch(score, units->size, test_counts, train_counts, spec.shares[sh])
                              : catch_of(score, test_counts, train_counts, spec.shares[sh], busiest);
                row.snapped = test.empty() ? 0 : snapped / static_cast<double>(test.size());
                jobs[job].push_back(row);
            }
        }
    });
    for (auto& j : jobs)
        for (auto& r : j) out.rows.push_back(r);
    return out;
}

std::optional<BacktestedBandwidth> backtested_bandwidth(const StudyArea& area, const std::vector<ForecastIncident>& incidents,
                                                        const std::vector<double>& candidates, unsigned threads) {
    int first = 1 << 30, last = -(1 << 30);
    for (const auto& i : incidents)
        if (i.slot >= 0) {
            first = std::min(first, month_number(i.when));
            last = std::max(last, month_number(i.when));
        }
    if (last - first + 1 < 4) return std::nullopt;
    BacktestSpec spec;
    for (double h : candidates) {
        MethodConfig m;
        m.bandwidth = h;
        spec.methods.push_back(m);
    }
    spec.train_months = {3};
    spec.shares = {0.05};
    spec.last_test = last;
    spec.first_test = std::max(first + 3, last - 11);
    const auto bt = run_backtest(spec, area, incidents, threads);
    if (bt.periods == 0) return std::nullopt;
    BacktestedBandwidth out;
    out.periods = bt.periods;
    std::vector<double> n(candidates.size(), 0), total(candidates.size(), 0);
    for (const auto& r : bt.rows) {
        n[r.method] += r.c.n;
        total[r.method] += r.c.N;
    }
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        const double hit = total[k] > 0 ? n[k] / total[k] : 0;
        out.trials.emplace_back(candidates[k], hit);
        if (k == 0 || hit > out.hit_rate + 1e-12) {  // ties: the narrower
            out.h = candidates[k];
            out.hit_rate = hit;
        }
    }
    return out;
}

}  // namespace hotspots
