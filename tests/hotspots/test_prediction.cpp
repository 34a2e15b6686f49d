#include "hotspots/prediction.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace hotspots;

namespace {

// A 24 x 20 grid of 50 m cells; the study area leaves out a corner block so slots differ from
// grid indexes.
StudyArea small_area() {
    Grid g;
    g.xmin = 1000;
    g.ymax = 3000;
    g.cell = 50;
    g.cols = 24;
    g.rows = 20;
    std::vector<std::uint8_t> inside(g.cells(), 1);
    for (std::size_t r = 0; r < 5; ++r)
        for (std::size_t c = 0; c < 6; ++c) inside[r * g.cols + c] = 0;
    return study_area(g, inside);
}

Seconds month_start(int m) { return days_from_civil(m / 12, m % 12 + 1, 1) * seconds_per_day; }

// Incidents over `months` months from `first`, most around two centres (one fading, one
// growing), at random seconds.
std::vector<ForecastIncident> incidents(const StudyArea& a, int first, int months, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> nd(0, 90);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<ForecastIncident> out;
    const Grid& g = a.grid;
    for (int m = first; m < first + months; ++m) {
        const Seconds t0 = month_start(m), t1 = month_start(m + 1);
        for (int k = 0; k < 60; ++k) {
            ForecastIncident f;
            const double pick = u(rng);
            const double grow = static_cast<double>(m - first) / months;
            if (pick < 0.35 * (1 - grow)) f.x = 1600 + nd(rng), f.y = 2300 + nd(rng);
            else if (pick < 0.7) f.x = 1900 + nd(rng), f.y = 2600 + nd(rng);
            else f.x = g.xmin + u(rng) * g.cell * g.cols, f.y = g.ymin() + u(rng) * g.cell * g.rows;
            f.when = t0 + static_cast<Seconds>(u(rng) * static_cast<double>(t1 - t0 - 1));
            const auto c = g.col_of(f.x), r = g.row_of(f.y);
            if (!g.contains(c, r)) continue;
            f.slot = a.slot[static_cast<std::size_t>(r) * g.cols + static_cast<std::size_t>(c)];
            if (f.slot >= 0) out.push_back(f);
        }
    }
    return out;
}

// The prospective score of every study cell straight from its definition: each incident of the
// window adds 2^(-age / half-life) x (1 - d / (2 x half-distance)) to every cell whose centre is
// closer than 2 x half-distance to its own cell's centre.
std::vector<double> brute_surface(const StudyArea& a, const std::vector<ForecastIncident>& all, const ProspectiveKernel& k,
                                  int as_of, int train) {
    const Grid& g = a.grid;
    const double reach = 2 * k.half_distance_m;
    std::vector<double> out(a.cells.size(), 0);
    for (const auto& f : all) {
        const int m = month_number(f.when);
        if (m < as_of - train || m >= as_of) continue;
        const double age = static_cast<double>(month_start(as_of) - f.when) / 86400.0;
        const double w = std::pow(2.0, -age / k.half_life_days);
        const auto src = a.cells[static_cast<std::size_t>(f.slot)];
        const double sx = g.centre_x(src % g.cols), sy = g.centre_y(src / g.cols);
        for (std::size_t s = 0; s < a.cells.size(); ++s) {
            const double d = std::hypot(g.centre_x(a.cells[s] % g.cols) - sx, g.centre_y(a.cells[s] / g.cols) - sy);
            if (d < reach || d == 0) out[s] += w * (1 - d / reach);
        }
    }
    return out;
}

// PAI of the top round(share x cells) cells by score on the test month's incidents.
double brute_pai(const std::vector<double>& score, const std::vector<ForecastIncident>& all, int month, double share) {
    std::vector<std::size_t> order(score.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return score[x] > score[y]; });
    const auto k = static_cast<std::size_t>(std::round(share * static_cast<double>(score.size())));
    REQUIRE(score[order[k - 1]] > score[order[k]]);  // no tie at the cut: the selection is crisp
    std::vector<char> chosen(score.size(), 0);
    for (std::size_t q = 0; q < k; ++q) chosen[order[q]] = 1;
    double n = 0, N = 0;
    for (const auto& f : all)
        if (month_number(f.when) == month) {
            N += 1;
            n += chosen[static_cast<std::size_t>(f.slot)];
        }
    return (n / N) / (static_cast<double>(k) / static_cast<double>(score.size()));
}

}  // namespace

TEST_CASE("predict: the kernel halves at its half-life and half-distance", "[predict]") {
    const auto m = prospective_method({10, 150});
    CHECK(m.method == ForecastMethod::prospective);
    CHECK(std::exp(-10 / m.decay_days) == Approx(0.5));
    CHECK(1 - 150 / m.radius == Approx(0.5));
}

TEST_CASE("predict: the surface equals its definition, cell by cell", "[predict]") {
    const auto a = small_area();
    const int first = 2024 * 12;
    const auto inc = incidents(a, first, 5, 7);
    for (const ProspectiveKernel k : {ProspectiveKernel{7, 50}, ProspectiveKernel{28, 120}, ProspectiveKernel{3, 20}}) {
        const PredictionMonths pm{first + 5, 3, 1, 0.05};
        const auto got = prospective_surface(a, inc, k, pm);
        const auto want = brute_surface(a, inc, k, first + 5, 3);
        REQUIRE(got.size() == want.size());
        for (std::size_t s = 0; s < got.size(); ++s) CHECK(got[s] == Approx(want[s]).epsilon(1e-9).margin(1e-12));
    }
}

TEST_CASE("predict: the back-tested choice equals a brute-force search over the candidates", "[predict]") {
    const auto a = small_area();
    const int first = 2023 * 12 + 3;
    const auto inc = incidents(a, first, 10, 11);
    std::vector<ProspectiveKernel> cands;
    for (double hl : {5.0, 20.0, 60.0})
        for (double hd : {40.0, 90.0, 200.0}) cands.push_back({hl, hd});
    const PredictionMonths pm{first + 10, 3, 5, 0.06};
    const auto bt = backtest_kernels(a, inc, first, cands, pm, 2);
    REQUIRE(bt.candidates.size() == cands.size());
    CHECK(bt.first_test == first + 5);
    CHECK(bt.last_test == first + 9);
    std::size_t best = 0;
    std::vector<double> mean(cands.size(), 0);
    for (std::size_t c = 0; c < cands.size(); ++c) {
        for (int t = first + 5; t < first + 10; ++t) mean[c] += brute_pai(brute_surface(a, inc, cands[c], t, 3), inc, t, 0.06) / 5;
        CHECK(bt.candidates[c].mean_pai == Approx(mean[c]).epsilon(1e-9));
        CHECK(bt.candidates[c].min_pai <= bt.candidates[c].mean_pai);
        CHECK(bt.candidates[c].max_pai >= bt.candidates[c].mean_pai);
        if (mean[c] > mean[best]) best = c;
    }
    CHECK(bt.chosen == best);
    // The candidates differ: the choice is not the first by default.
    CHECK(*std::max_element(mean.begin(), mean.end()) > *std::min_element(mean.begin(), mean.end()) + 0.1);
    REQUIRE(bt.rows.size() == 5);
    for (const auto& row : bt.rows) CHECK(row.method == best);
    // The same on one thread.
    const auto one = backtest_kernels(a, inc, first, cands, pm, 1);
    CHECK(one.chosen == bt.chosen);
    for (std::size_t c = 0; c < cands.size(); ++c) CHECK(one.candidates[c].mean_pai == bt.candidates[c].mean_pai);
}

TEST_CASE("predict: too few months for the back-test is refused", "[predict]") {
    const auto a = small_area();
    const int first = 2024 * 12;
    const auto inc = incidents(a, first, 8, 3);
    // 6 test months after 3 of training need 9 months before as_of: 8 are not enough.
    CHECK_THROWS_AS(backtest_kernels(a, inc, first, {{14, 100}}, {first + 8, 3, 6, 0.05}, 1), std::invalid_argument);
    CHECK_NOTHROW(backtest_kernels(a, inc, first, {{14, 100}}, {first + 8, 3, 5, 0.05}, 1));
    CHECK_THROWS_AS(backtest_kernels(a, inc, first, {}, {first + 8, 3, 5, 0.05}, 1), std::invalid_argument);
}

TEST_CASE("predict: the top cells cover the share, ties to the lower index, never a zero", "[predict]") {
    std::vector<double> score(200);
    for (std::size_t s = 0; s < score.size(); ++s) score[s] = static_cast<double>((s * 37) % 200);
    for (double share : {0.005, 0.05, 0.1, 0.33, 1.0}) {
        const auto top = top_cells(score, share);
        // Cell 0 scores 0 and is never chosen: at full coverage one fewer.
        const double want = std::max(1.0, std::round(share * 200));
        CHECK(static_cast<double>(top.size()) == std::min(want, 199.0));
        CHECK(std::is_sorted(top.begin(), top.end()));
        double least_in = 1e300, most_out = -1;
        std::vector<char> in(200, 0);
        for (auto s : top) in[s] = 1, least_in = std::min(least_in, score[s]);
        for (std::size_t s = 0; s < 200; ++s)
            if (!in[s]) most_out = std::max(most_out, score[s]);
        CHECK(least_in >= most_out);
    }
    const std::vector<double> tied = {1, 3, 3, 3, 0, 2};
    CHECK(top_cells(tied, 2.0 / 6) == std::vector<std::uint32_t>{1, 2});
    CHECK(top_cells(std::vector<double>(5, 0.0), 0.5).empty());
}

TEST_CASE("predict: Knox's estimate is the furthest significant band in space and in time", "[predict]") {
    KnoxOptions o;  // space 0,100,200,300,400; time 0,7,14,21,28
    KnoxTable t;
    t.rows = 6;  // same location, 4 bands, beyond
    t.cols = 5;  // 4 bands, beyond
    t.cells.assign(t.rows * t.cols, KnoxCell{});
    auto set = [&](std::size_t r, std::size_t c, double p, double ratio) {
        t.cells[r * t.cols + c].p = p;
        t.cells[r * t.cols + c].ratio = ratio;
    };
    CHECK_FALSE(knox_kernel(t, o, 1).found);
    set(0, 3, 0.001, 5);   // same location: not a distance band
    set(1, 0, 0.001, 3);   // 0-100 m, 0-7 days
    set(2, 1, 0.04, 1.4);  // 100-200 m, 7-14 days
    set(3, 0, 0.2, 1.3);   // not significant
    set(4, 3, 0.01, 0.5);  // significant but fewer pairs than chance
    set(5, 4, 0.001, 2);   // beyond both: left out
    set(1, 4, 0.001, 2);   // beyond in time: left out
    auto e = knox_kernel(t, o, 1);
    REQUIRE(e.found);
    CHECK(e.space_edge == 200);
    CHECK(e.time_edge == 14);
    CHECK(e.kernel.half_distance_m == 200);
    CHECK(e.kernel.half_life_days == 14);
    e = knox_kernel(t, o, 30);
    CHECK(e.kernel.half_life_days == 420);
}
