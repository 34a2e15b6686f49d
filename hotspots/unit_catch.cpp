#include "hotspots/unit_catch.hpp"

#include <algorithm>
#include <numeric>

namespace hotspots {

std::vector<double> unit_scores(const BacktestUnits& u, const std::vector<double>& cell_score) {
    std::vector<double> out(u.cells.size(), 0.0);
    for (std::size_t k = 0; k < u.cells.size(); ++k) {
        double sum = 0, weight = 0;
        for (const auto& [slot, w] : u.cells[k]) {
            sum += w * cell_score[slot];
            weight += w;
        }
        out[k] = weight > 0 ? sum / weight : 0;
    }
    return out;
}

namespace {

// Units by a key, highest first; the index breaks ties so the order never depends on the sort.
std::vector<std::uint32_t> order_by(const std::vector<double>& key) {
    std::vector<std::uint32_t> order(key.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return key[a] != key[b] ? key[a] > key[b] : a < b;
    });
    return order;
}

// The most test incidents a selection of size `a` holds (the densest units first, the last
// in part), and the least size holding `n` in that order.
std::pair<double, double> best_and_least(const std::vector<double>& size, const std::vector<double>& test, double a, double n) {
    std::vector<double> density(size.size());
    for (std::size_t k = 0; k < size.size(); ++k) density[k] = test[k] / size[k];
    double best = 0, filled = 0, held = 0, least = 0;
    bool reached = n <= 0;
    for (const auto k : order_by(density)) {
        if (test[k] <= 0) break;
        if (filled < a) {
            const double take = std::min(size[k], a - filled);
            best += test[k] * take / size[k];
            filled += take;
        }
        if (!reached) {
            const double need = n - held;
            if (test[k] >= need) {
                least += size[k] * need / test[k];
                reached = true;
            } else {
                least += size[k];
                held += test[k];
            }
        }
        if (filled >= a && reached) break;
    }
    return {best, reached ? least : 0};
}

}  // namespace

ForecastCatch weighted_catch(const std::vector<double>& score, const std::vector<double>& size,
                             const std::vector<double>& test, const std::vector<double>& train, double share) {
    ForecastCatch c;
    const std::size_t m = score.size();
    if (m == 0) return c;
    double total = 0;
    for (std::size_t k = 0; k < m; ++k) {
        total += size[k];
        c.N += test[k];
        c.N_train += train[k];
    }
    const double target = std::clamp(share, 0.0, 1.0) * total;
    const auto order = order_by(score);
    double taken = 0;
    for (std::size_t i = 0; i < m && taken < target;) {
        std::size_t j = i;
        double run = 0;
        for (; j < m && score[order[j]] == score[order[i]]; ++j) run += size[order[j]];
        const double f = std::min(1.0, (target - taken) / run);
        for (std::size_t k = i; k < j; ++k) {
            c.n += f * test[order[k]];
            c.n_train += f * train[order[k]];
            c.cells += f;
        }
        taken += f * run;
        i = j;
    }
    c.hit_rate = c.N > 0 ? c.n / c.N : 0;
    c.pai = taken > 0 ? c.hit_rate / (taken / total) : 0;
    c.rri = c.n_train > 0 && c.N_train > 0 && c.N > 0 ? (c.n / c.n_train) / (c.N / c.N_train) : 0;
    const auto [best, least] = best_and_least(size, test, taken, c.n);
    c.pei = best > 0 ? c.n / best : 0;
    c.pei_star = c.n > 0 && taken > 0 ? std::min(1.0, least / taken) : 0;
    return c;
}

}  // namespace hotspots
