#include "hotspots/gistar.hpp"
#include "hotspots/sample_generator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

GiStar grid_gi(const std::vector<double>& x, std::size_t cols, std::size_t rows, Contiguity c, bool row,
               Adjustment a = Adjustment::none) {
    const Grid g{0, 10.0 * static_cast<double>(rows), 10, cols, rows};
    std::vector<std::size_t> unit_cell;
    return gi_star(x, grid_neighbours(g, {}, c, 0, row, unit_cell), a);
}

}  // namespace

TEST_CASE("Gi* on a 3 x 3 grid matches the hand computation") {
    // One incident-heavy cell in the middle: n 9, mean 1, S = sqrt(81 / 9 - 1) = sqrt(8).
    const std::vector<double> x{0, 0, 0, 0, 9, 0, 0, 0, 0};
    const auto gi = grid_gi(x, 3, 3, Contiguity::queen, false);
    // Corner: W = 4, sum wx = 9: (9 - 4) / (sqrt 8 sqrt((9 x 4 - 16) / 8)) = sqrt(5) / 2.
    CHECK(gi.z[0] == Approx(std::sqrt(5.0) / 2).epsilon(1e-12));
    // Edge: W = 6: (9 - 6) / (sqrt 8 x sqrt((54 - 36) / 8)) = 1 / sqrt 2.
    CHECK(gi.z[1] == Approx(1 / std::sqrt(2.0)).epsilon(1e-12));
    // The centre sees every cell: its variance is 0, z is reported as 0.
    CHECK(gi.z[4] == 0);
    CHECK(gi.p[0] == Approx(std::erfc(std::sqrt(5.0) / 2 / std::sqrt(2.0))));
    // Rook: the corner sees itself, right and below: W = 3, sum wx = 0 (the centre is diagonal).
    const auto rook = grid_gi(x, 3, 3, Contiguity::rook, false);
    CHECK(rook.z[0] == Approx((0 - 3.0) / (std::sqrt(8.0) * std::sqrt((27.0 - 9) / 8))).epsilon(1e-12));
    // Row-standardised weights: w = 1/4 at the corner, W = 1, S1 = 1/4.
    const auto row = grid_gi(x, 3, 3, Contiguity::queen, true);
    CHECK(row.z[0] == Approx((9.0 / 4 - 1) / (std::sqrt(8.0) * std::sqrt((9.0 / 4 - 1) / 8))).epsilon(1e-12));
}

TEST_CASE("Benjamini-Hochberg matches R's p.adjust(method = 'BH')") {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
    const auto q = benjamini_hochberg({0.01, 0.04, 0.03, 0.005});
    CHECK(q[0] == Approx(0.02));
    CHECK(q[1] == Approx(0.04));
    CHECK(q[2] == Approx(0.04));
    CHECK(q[3] == Approx(0.02));
}

TEST_CASE("bins follow the adjusted p-value and the sign of z") {
    std::vector<double> x(100, 1.0);
    for (int i : {44, 45, 54, 55}) x[static_cast<std::size_t>(i)] = 30;
    const auto gi = grid_gi(x, 10, 10, Contiguity::queen, false, Adjustment::bonferroni);
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double q = gi.p_adjusted[i];
        const int level = q < 0.01 ? 3 : q < 0.05 ? 2 : q < 0.10 ? 1 : 0;
        CHECK(gi.bin[i] == (gi.z[i] > 0 ? level : -level));
        CHECK(q == Approx(std::min(1.0, gi.p[i] * 100)));
    }
    CHECK(gi.bin[44] == 3);
}

TEST_CASE("a constant field or too few units is refused with a message") {
    CHECK_THROWS_WITH(grid_gi(std::vector<double>(16, 2.0), 4, 4, Contiguity::queen, false),
                      Catch::Contains("same value"));
    CHECK_THROWS_AS(grid_gi({1, 2}, 2, 1, Contiguity::queen, false), GiStarError);
}

TEST_CASE("pure noise gives few false hot spots after FDR, across seeds") {
    int seeds_with_any = 0;
    for (unsigned seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        std::poisson_distribution<int> pois(3.0);
        std::vector<double> x(40 * 40);
        for (auto& v : x) v = pois(rng);
        const auto gi = grid_gi(x, 40, 40, Contiguity::queen, false, Adjustment::fdr);
        int significant = 0;
        for (int b : gi.bin) significant += std::abs(b) >= 2;
        seeds_with_any += significant > 0;
    }
    // Under the null, FDR at 5% makes any discovery at most about 5% likely per map.
    CHECK(seeds_with_any <= 3);
}

TEST_CASE("the planted clusters of the sample are significant hot spots after FDR") {
    const Sample s = generate_sample(20260101);
    Box box = Box::nothing();
    for (const auto& i : s.incidents) box.include(i.x, i.y);
    const Grid g = snapped_grid(box, 0, 100);
    std::vector<double> counts(g.cells(), 0.0);
    for (const auto& i : s.incidents) counts[static_cast<std::size_t>(g.row_of(i.y)) * g.cols + static_cast<std::size_t>(g.col_of(i.x))] += 1;
    std::vector<std::size_t> unit_cell;
    const auto gi = gi_star(counts, grid_neighbours(g, {}, Contiguity::queen, 0, false, unit_cell), Adjustment::fdr);
    for (const auto& h : s.hotspots) {
        INFO(h.id);
        const auto cell = static_cast<std::size_t>(g.row_of(h.y)) * g.cols + static_cast<std::size_t>(g.col_of(h.x));
        CHECK(gi.bin[cell] == 3);
    }
}

TEST_CASE("conditional permutation p-values are reproducible, thread-independent and find the clear case") {
    std::vector<double> x(20 * 20, 0.0);
    std::mt19937 rng(3);
    std::poisson_distribution<int> pois(2.0);
    for (auto& v : x) v = pois(rng);
    for (int i : {210, 211, 230, 231}) x[static_cast<std::size_t>(i)] = 40;
    const Grid g{0, 200, 10, 20, 20};
    std::vector<std::size_t> unit_cell;
    const auto nb = grid_neighbours(g, {}, Contiguity::queen, 0, false, unit_cell);
    const auto a = permutation_p(x, nb, 199, 7, 1);
    const auto b = permutation_p(x, nb, 199, 7, 3);
    const auto c = permutation_p(x, nb, 199, 8, 2);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a[210] == Approx(2.0 / 200));  // no permuted sum reaches the planted block's
    for (double p : a) {
        CHECK(p > 0);
        CHECK(p <= 1);
    }
    // Unadjusted, the planted block is significant at 95%. With FDR over 400 units it is not:
    // the smallest p 199 permutations can give is 0.01 (the docs say to use more).
    auto gi = gi_star(x, nb, Adjustment::none);
    set_p_values(gi, a, Adjustment::none);
    CHECK(gi.p[210] == a[210]);
    CHECK(gi.bin[210] == 2);
    set_p_values(gi, a, Adjustment::fdr);
    CHECK(gi.bin[210] < 2);
}

TEST_CASE("Moran's I matches its definition; the grid form matches the general one") {
    // A 6 x 5 grid with a smooth gradient plus noise: positive autocorrelation.
    const Grid g{0, 50, 10, 6, 5};
    std::vector<double> x;
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> noise(0, 1);
    for (std::size_t i = 0; i < g.cells(); ++i) x.push_back(static_cast<double>(i % 6) + noise(rng));
    std::vector<std::size_t> unit_cell;
    const auto nb = grid_neighbours(g, {}, Contiguity::queen, 15, false, unit_cell);  // band 15 m = queen
    const auto m = global_moran(x, nb);
    // Brute force: I = n / W * sum_ij w_ij d_i d_j / sum d_i^2, w = 1 within 15 m (not self).
    double mean = 0;
    for (double v : x) mean += v / static_cast<double>(x.size());
    double num = 0, den = 0, links = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        den += (x[i] - mean) * (x[i] - mean);
        for (std::size_t j = 0; j < x.size(); ++j) {
            if (i == j) continue;
            const double d = std::hypot(g.centre_x(i % 6) - g.centre_x(j % 6), g.centre_y(i / 6) - g.centre_y(j / 6));
            if (d <= 15) {
                num += (x[i] - mean) * (x[j] - mean);
                links += 1;
            }
        }
    }
    CHECK(m.i == Approx(static_cast<double>(x.size()) / links * num / den));
    CHECK(m.expected == Approx(-1.0 / 29));
    CHECK(m.z > 2);
    const auto gm = grid_moran(g, {}, unit_cell, x, 15);
    CHECK(gm.i == Approx(m.i));
    CHECK(gm.z == Approx(m.z));
}

TEST_CASE("nearest-neighbour distances treat coincident points as one place") {
    const std::vector<std::pair<double, double>> pts{{0, 0}, {0, 0}, {3, 4}, {100, 0}, {3, 4}};
    const auto d = nearest_neighbour_distances(pts);
    REQUIRE(d.size() == 5);
    CHECK(d[0] == Approx(5));
    CHECK(d[1] == Approx(5));
    CHECK(d[2] == Approx(5));
    CHECK(d[3] == Approx(std::hypot(97.0, 4.0)));
    CHECK(nearest_neighbour_distances({{1, 1}, {1, 1}}).empty());
}

// Issue 37 #1: the permutation p against the exact conditional distribution, enumerated. Unit
// 0 keeps its value; its three weighted neighbour slots take every ordered draw of three of the
// other eight units' values (8 x 7 x 6 = 336, equally likely without replacement).
TEST_CASE("conditional permutation p is the two-sided p of the exact conditional distribution, never above 1") {
    const std::vector<double> x{5, 0, 1, 9, 2, 7, 3, 3, 4};
    const std::vector<double> w_nb{1.0, 0.5, 2.0};
    Neighbours w;
    auto row = [&w](std::uint32_t self, std::vector<std::uint32_t> js, std::vector<double> ws) {
        w.index.push_back(self);
        w.weight.push_back(1.0);
        for (std::size_t k = 0; k < js.size(); ++k) {
            w.index.push_back(js[k]);
            w.weight.push_back(ws[k]);
        }
        w.offsets.push_back(w.index.size());
    };
    for (std::uint32_t i = 0; i < 9; ++i) row(i, {(i + 1) % 9, (i + 3) % 9, (i + 5) % 9}, w_nb);
    auto exact = [&](std::uint32_t i) {
        const std::vector<std::uint32_t> js{(i + 1) % 9, (i + 3) % 9, (i + 5) % 9};
        double observed = x[i];
        for (std::size_t k = 0; k < 3; ++k) observed += w_nb[k] * x[js[k]];
        double ge = 0, le = 0, all = 0;
        for (std::uint32_t a = 0; a < 9; ++a)
            for (std::uint32_t b = 0; b < 9; ++b)
                for (std::uint32_t c = 0; c < 9; ++c) {
                    if (a == i || b == i || c == i || a == b || a == c || b == c) continue;
                    const double s = x[i] + w_nb[0] * x[a] + w_nb[1] * x[b] + w_nb[2] * x[c];
                    ge += s >= observed - 1e-12;
                    le += s <= observed + 1e-12;
                    all += 1;
                }
        CHECK(all == 336);
        return std::min(1.0, 2 * std::min(ge, le) / all);
    };
    const int m = 20000;
    const auto p = permutation_p(x, w, m, 5, 2);
    for (std::uint32_t i = 0; i < 9; ++i) {
        const double e = exact(i);
        // Monte Carlo error of a share from 20,000 draws, doubled: under 0.008; 0.03 is ~4 SE.
        CHECK(p[i] == Approx(e).margin(0.03));
        CHECK(p[i] <= 1.0);
        CHECK(p[i] >= 2.0 / (m + 1));
    }
    // Every draw ties with the observed sum (all values equal but the unit's own, which stays):
    // both tails hold every draw, and p is 1, not 2 (N + 1) / (N + 1).
    std::vector<double> flat(9, 2.0);
    flat[4] = 50;
    const auto q = permutation_p(flat, w, 99, 1, 1);
    CHECK(q[4] == 1.0);
}
