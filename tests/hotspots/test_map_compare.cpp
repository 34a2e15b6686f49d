#include "hotspots/map_compare.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

TEST_CASE("agreement of two hot-cell maps: identical, disjoint halves, and a worked table") {
    const std::vector<std::uint8_t> all(8, 1), half = {1, 1, 1, 1, 0, 0, 0, 0}, other = {0, 0, 0, 0, 1, 1, 1, 1};
    auto same = agreement(half, half, all);
    CHECK(same.kappa == 1);
    CHECK(same.jaccard == 1);
    CHECK(same.a_in_b == 1);
    auto apart = agreement(half, other, all);
    CHECK(apart.kappa == Approx(-1));  // p_o = 0, p_e = 1/2
    CHECK(apart.jaccard == 0);
    // 100 cells: 20 hot in both, 10 only in A, 5 only in B, 65 in neither.
    // p_o = 0.85; p_e = 0.30 x 0.25 + 0.70 x 0.75 = 0.6; kappa = 0.25 / 0.4 = 0.625.
    std::vector<std::uint8_t> a(100, 0), b(100, 0), v(100, 1);
    for (int k = 0; k < 20; ++k) a[k] = b[k] = 1;
    for (int k = 20; k < 30; ++k) a[k] = 1;
    for (int k = 30; k < 35; ++k) b[k] = 1;
    auto g = agreement(a, b, v);
    CHECK(g.observed == Approx(0.85));
    CHECK(g.expected == Approx(0.6));
    CHECK(g.kappa == Approx(0.625));
    CHECK(g.jaccard == Approx(20.0 / 35.0));
    CHECK(g.a_in_b == Approx(20.0 / 30.0));
    CHECK(g.b_in_a == Approx(20.0 / 25.0));
    // Invalid cells are not counted: the 65 "neither" cells left out make kappa negative.
    std::fill(v.begin() + 35, v.end(), 0);
    auto h = agreement(a, b, v);
    CHECK(h.cells == 35);
    CHECK(h.neither == 0);
    CHECK(h.kappa < 0);
}

TEST_CASE("kappa of independent random maps is near 0, and equals a brute-force 2 x 2 table") {
    std::mt19937 rng(4);
    std::bernoulli_distribution pa(0.2), pb(0.3);
    std::vector<std::uint8_t> a, b, v;
    for (int k = 0; k < 20000; ++k) {
        a.push_back(pa(rng));
        b.push_back(pb(rng));
        v.push_back(k % 7 != 0);
    }
    const auto g = agreement(a, b, v);
    double t[2][2] = {{0, 0}, {0, 0}}, n = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (v[k]) ++t[a[k]][b[k]], ++n;
    const double po = (t[0][0] + t[1][1]) / n;
    const double pe = ((t[1][0] + t[1][1]) * (t[0][1] + t[1][1]) + (t[0][0] + t[0][1]) * (t[0][0] + t[1][0])) / (n * n);
    CHECK(g.kappa == Approx((po - pe) / (1 - pe)).epsilon(1e-12));
    CHECK(std::fabs(g.kappa) < 0.03);
}

TEST_CASE("dual surfaces: difference, ratio and log ratio with floors and nodata") {
    const double nan = std::nan("");
    const std::vector<double> a = {4, 2, 0, nan, 1}, b = {2, 0.001, 1, 1, 4};
    const auto d = dual_surface(a, b, DualKind::difference, 0, 0);
    CHECK(d[0] == 2);
    CHECK(d[2] == -1);
    CHECK(std::isnan(d[3]));
    const auto r = dual_surface(a, b, DualKind::ratio, 0, 0.01);
    CHECK(r[0] == 2);
    CHECK(std::isnan(r[1]));  // below the floor of b
    CHECK(r[2] == 0);
    const auto l = dual_surface(a, b, DualKind::log_ratio, 0.01, 0.01);
    CHECK(l[0] == Approx(std::log(2.0)));
    CHECK(std::isnan(l[2]));  // a is 0
    CHECK(l[4] == Approx(std::log(0.25)));
    CHECK(surface_floor({0, 1, 2, 3, nan}, 0.05) == Approx(0.1));
}
