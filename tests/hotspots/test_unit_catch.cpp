#include "hotspots/backtest_units.hpp"
#include "hotspots/unit_catch.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <random>

using namespace hotspots;

TEST_CASE("unit catch: units of unequal size, the last taken in part", "[forecast][units]") {
    // Two units of 1 and 3 (km2 or km), the smaller scored higher, one test incident each.
    // Half the size (2) takes unit 0 whole and a third of unit 1: n = 4/3 of N = 2.
    const auto c = weighted_catch({2, 1}, {1, 3}, {1, 1}, {0, 3}, 0.5);
    CHECK(c.n == Approx(4.0 / 3));
    CHECK(c.N == 2);
    CHECK(c.cells == Approx(4.0 / 3));
    CHECK(c.hit_rate == Approx(2.0 / 3));
    CHECK(c.pai == Approx((2.0 / 3) / 0.5));
    // RRI: n_train = 0 + 3 / 3 = 1 of N_train = 3: (4/3 / 1) / (2 / 3) = 2.
    CHECK(c.rri == Approx(2));
    // The densest first (1 per 1, then 1 per 3): size 2 holds 4/3 at best, so PEI = 1, and
    // 4/3 needs all of size 2: PEI* = 1.
    CHECK(c.pei == Approx(1));
    CHECK(c.pei_star == Approx(1));
    // Ranked the other way: 2 of the 3 of unit 1 hold 2/3 incident; the best holds 4/3.
    const auto worse = weighted_catch({1, 2}, {1, 3}, {1, 1}, {0, 3}, 0.5);
    CHECK(worse.n == Approx(2.0 / 3));
    CHECK(worse.pei == Approx(0.5));
    // 2/3 of an incident needs 2/3 of unit 0 (the densest): PEI* = (2/3) / 2.
    CHECK(worse.pei_star == Approx(1.0 / 3));
}

TEST_CASE("unit catch: a tied run crossing the share is taken in equal parts", "[forecast][units]") {
    // Units 0 and 1 tied; a quarter of the size 4 is 1 of their 2: each counts half.
    const auto c = weighted_catch({1, 1, 0}, {1, 1, 2}, {2, 0, 1}, {1, 1, 1}, 0.25);
    CHECK(c.n == Approx(1));
    CHECK(c.cells == Approx(1));
    CHECK(c.n_train == Approx(1));
    // Whatever the units' order, the same catch.
    const auto swapped = weighted_catch({1, 1, 0}, {1, 1, 2}, {0, 2, 1}, {1, 1, 1}, 0.25);
    CHECK(swapped.n == Approx(1));
}

TEST_CASE("unit catch: equal units at whole shares agree with the cells' catch", "[forecast][units]") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> count(0, 4);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> score(40), test(40), train(40), size(40, 2500.0);
        for (std::size_t k = 0; k < 40; ++k) {
            score[k] = count(rng);  // many ties
            test[k] = count(rng);
            train[k] = count(rng);
        }
        for (double share : {0.05, 0.25, 0.5}) {  // 2, 10 and 20 units: whole
            const auto a = weighted_catch(score, size, test, train, share);
            const auto b = catch_of(score, test, train, share);
            CHECK(a.n == Approx(b.n));
            CHECK(a.cells == Approx(b.cells));
            CHECK(a.hit_rate == Approx(b.hit_rate));
            CHECK(a.pai == Approx(b.pai));
            CHECK(a.rri == Approx(b.rri));
            CHECK(a.pei == Approx(b.pei));
            // PEI* differs: the cells' a* counts whole cells, the units' takes the last in part.
            CHECK(a.pei_star <= b.pei_star + 1e-12);
        }
    }
}

TEST_CASE("unit scores: the weighted mean of the unit's cells", "[forecast][units]") {
    BacktestUnits u;
    u.size = {10, 20, 5};
    u.cells = {{{0, 1.0}, {1, 1.0}}, {{1, 30.0}, {2, 10.0}}, {}};
    const auto s = unit_scores(u, {2, 4, 8});
    CHECK(s[0] == Approx(3));
    CHECK(s[1] == Approx((30 * 4 + 10 * 8) / 40.0));
    CHECK(s[2] == 0);
}

TEST_CASE("line in cells: the length of a line inside each cell it crosses", "[forecast][units]") {
    Grid g;  // 2 x 2 cells of 50 m from (0, 0) to (100, 100)
    g.cell = 50;
    g.xmin = 0;
    g.ymax = 100;
    g.cols = g.rows = 2;
    // Across the top row at y = 60: 40 m in each of its cells.
    auto a = line_in_cells(g, {{10, 60}, {90, 60}});
    REQUIRE(a.size() == 2);
    CHECK(a[0].first == 0);
    CHECK(a[0].second == Approx(40));
    CHECK(a[1].first == 1);
    CHECK(a[1].second == Approx(40));
    // The diagonal from the bottom left to the top right: 50 sqrt 2 in cells (1, 0) and (0, 1),
    // none in the two it only touches at the centre.
    auto d = line_in_cells(g, {{0, 0}, {100, 100}});
    REQUIRE(d.size() == 2);
    CHECK(d[0].first == 1);
    CHECK(d[1].first == 2);
    CHECK(d[0].second == Approx(50 * std::sqrt(2.0)));
    CHECK(d[1].second == Approx(50 * std::sqrt(2.0)));
    // A bent line leaving the grid: only what lies inside counts (30 + 40 m in cell 2).
    auto b = line_in_cells(g, {{-20, 20}, {30, 20}, {30, 60}, {30, 300}});
    REQUIRE(b.size() == 2);
    CHECK(b[0].first == 0);
    CHECK(b[0].second == Approx(50));
    CHECK(b[1].first == 2);
    CHECK(b[1].second == Approx(30 + 30));
}

TEST_CASE("hexagon units: every study cell in one, sizes clipped to the mask", "[forecast][units]") {
    // A 1 km square mask, 50 m study cells, hexagons of 200 m.
    const Wkb square = [] {
        Wkb w = {1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0};
        for (auto [x, y] : std::vector<std::pair<double, double>>{{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}})
            for (double v : {x, y}) {
                unsigned char b[8];
                std::memcpy(b, &v, 8);
                w.insert(w.end(), b, b + 8);
            }
        return w;
    }();
    const auto area = study_area(Box{0, 0, 1000, 1000}, {square}, 50);
    REQUIRE(area.cells.size() == 400);
    HexGrid hex;
    hex.size = 200;
    const auto u = hex_backtest_units(area, hex, {square});
    const double whole = std::sqrt(3.0) / 2 * 200 * 200;
    std::vector<int> seen(area.cells.size(), 0);
    double total = 0;
    for (std::size_t k = 0; k < u.cells.size(); ++k) {
        for (const auto& [slot, w] : u.units.cells[k]) {
            ++seen[slot];
            CHECK(w == 1);
        }
        CHECK(u.units.size[k] <= whole * (1 + 1e-12));
        total += u.units.size[k];
        // A hexagon whose corners all lie inside the mask keeps its whole area.
        bool in = true;
        for (const auto& c : hex.corners(u.cells[k])) in = in && c.x > 0 && c.x < 1000 && c.y > 0 && c.y < 1000;
        if (in) CHECK(u.units.size[k] == Approx(whole));
    }
    CHECK(std::count(seen.begin(), seen.end(), 1) == 400);
    // The clipped hexagons tile the mask but for slivers holding no cell's centre.
    CHECK(total <= 1e6 * (1 + 1e-9));
    CHECK(total > 0.97e6);
    // Each incident goes to the hexagon holding it; one far off to none.
    const auto of = hex_unit_of(u, {{500, 500}, {5000, 5000}});
    REQUIRE(of[0] >= 0);
    CHECK(u.cells[static_cast<std::size_t>(of[0])] == hex.cell_of(500, 500));
    CHECK(of[1] == -1);
}
