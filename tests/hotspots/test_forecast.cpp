#include "hotspots/backtest.hpp"
#include "hotspots/displacement.hpp"
#include "hotspots/forecast.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

TEST_CASE("forecast: PAI, RRI, PEI and PEI* on a hand-built grid", "[forecast]") {
    // Ten cells. The forecast ranks cells 0, 1, 2 highest; the test incidents are 5, 3, 0, 2
    // in cells 0..3 (10 in all); training 4, 4, 2 in cells 0..2.
    const std::vector<double> score = {9, 8, 7, 1, 0, 0, 0, 0, 0, 0};
    const std::vector<double> test = {5, 3, 0, 2, 0, 0, 0, 0, 0, 0};
    const std::vector<double> train = {4, 4, 2, 0, 0, 0, 0, 0, 0, 0};
    const auto c = catch_of(score, test, train, 0.3);
    CHECK(c.cells == 3);
    CHECK(c.n == 8);
    CHECK(c.N == 10);
    CHECK(c.hit_rate == Approx(0.8));
    CHECK(c.pai == Approx(0.8 / 0.3));
    // RRI: (8 / 10 training in the cells) / (10 test / 10 training in all) = 0.8.
    CHECK(c.rri == Approx(0.8));
    // The best three cells hold 5 + 3 + 2 = 10: PEI = 0.8. Eight need the two busiest cells: PEI* = 2/3.
    CHECK(c.pei == Approx(0.8));
    CHECK(c.pei_star == Approx(2.0 / 3));
    // A perfect forecast: PEI = 1.
    const auto perfect = catch_of(test, test, train, 0.3);
    CHECK(perfect.pei == Approx(1));
    CHECK(perfect.pei_star == Approx(1));
    // No test incident: every measure 0, nothing divided by zero.
    const auto none = catch_of(score, std::vector<double>(10, 0), train, 0.3);
    CHECK(none.pai == 0);
    CHECK(none.pei == 0);
    CHECK(none.pei_star == 0);
}

TEST_CASE("forecast: cells tied at the cut share the remaining places", "[forecast]") {
    // Two places left among four tied cells holding 4, 0, 0, 0 test incidents: half of 4.
    const std::vector<double> score = {5, 1, 1, 1, 1, 0};
    const std::vector<double> test = {1, 4, 0, 0, 0, 0};
    const std::vector<double> train(6, 1);
    const auto c = catch_of(score, test, train, 0.5);
    CHECK(c.cells == 3);
    CHECK(c.n == Approx(1 + 4 * 0.5));
    CHECK(c.n_train == Approx(1 + 4 * 0.5));
}

TEST_CASE("forecast: PEI and PEI* are never above 1 and PAI is the hit rate over the area share", "[forecast]") {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (int trial = 0; trial < 200; ++trial) {
        const std::size_t m = 5 + static_cast<std::size_t>(u(rng) * 50);
        std::vector<double> score(m), test(m), train(m);
        for (std::size_t s = 0; s < m; ++s) {
            score[s] = std::floor(u(rng) * 4);
            test[s] = std::floor(u(rng) * u(rng) * 6);
            train[s] = std::floor(u(rng) * 3);
        }
        const double share = 0.05 + 0.5 * u(rng);
        const auto c = catch_of(score, test, train, share);
        CHECK(c.pei <= 1 + 1e-12);
        CHECK(c.pei_star <= 1 + 1e-12);
        CHECK(c.n <= c.N + 1e-9);
        if (c.N > 0) CHECK(c.pai == Approx(c.n / c.N / (c.cells / static_cast<double>(m))));
    }
}

TEST_CASE("forecast: the sign test against the binomial", "[forecast]") {
    CHECK(sign_test(5, 5) == Approx(1));
    // 9 wins, 1 loss: 2 * (1 + 10) / 1024.
    CHECK(sign_test(9, 1) == Approx(22.0 / 1024));
    CHECK(sign_test(0, 0) == 1);
    CHECK(sign_test(60, 20) < 1e-4);
}

namespace {

StudyArea square(std::size_t n, double cell) {
    Grid g;
    g.xmin = 0;
    g.ymax = static_cast<double>(n) * cell;
    g.cell = cell;
    g.cols = g.rows = n;
    return study_area(g, std::vector<std::uint8_t>(g.cells(), 1));
}

std::int32_t slot_at(const StudyArea& a, double x, double y) {
    return a.slot[static_cast<std::size_t>(a.grid.row_of(y)) * a.grid.cols + static_cast<std::size_t>(a.grid.col_of(x))];
}

}  // namespace

TEST_CASE("forecast: method scores against brute force", "[forecast]") {
    const auto area = square(20, 50);
    std::mt19937 rng(9);
    std::uniform_real_distribution<double> u(0, 1000);
    std::vector<ForecastIncident> all;
    const Seconds end = 100 * seconds_per_day;
    for (int k = 0; k < 300; ++k) {
        ForecastIncident i;
        i.x = std::round(u(rng) / 25) * 25 + 1;  // some share points
        i.y = std::round(u(rng) / 25) * 25 + 1;
        i.x = std::min(i.x, 999.0);
        i.y = std::min(i.y, 999.0);
        i.when = static_cast<Seconds>(u(rng) / 10) * seconds_per_day;
        i.slot = slot_at(area, i.x, i.y);
        all.push_back(i);
    }
    std::vector<std::uint32_t> train(all.size());
    for (std::uint32_t k = 0; k < all.size(); ++k) train[k] = k;
    auto centre = [&](std::size_t s) {
        const auto g = area.cells[s];
        return std::pair{area.grid.centre_x(g % area.grid.cols), area.grid.centre_y(g / area.grid.cols)};
    };
    auto cell_centre_of = [&](const ForecastIncident& i) { return centre(static_cast<std::size_t>(i.slot)); };
    MethodConfig kde;
    kde.bandwidth = 180;
    const auto k = score_cells(kde, area, all, train, end);
    MethodConfig pro;
    pro.method = ForecastMethod::prospective;
    pro.decay_days = 20;
    pro.radius = 160;
    const auto p = score_cells(pro, area, all, train, end);
    MethodConfig grid;
    grid.method = ForecastMethod::grid;
    grid.cell = 200;
    const auto gr = score_cells(grid, area, all, train, end);
    MethodConfig rep;
    rep.method = ForecastMethod::repeats;
    const auto r = score_cells(rep, area, all, train, end);
    MethodConfig gauss;
    gauss.bandwidth = 60;
    gauss.kernel = Kernel::gaussian;
    const auto ga = score_cells(gauss, area, all, train, end);
    for (std::size_t s = 0; s < area.cells.size(); ++s) {
        const auto [cx, cy] = centre(s);
        double kb = 0, pb = 0, gb = 0, rb = 0, gab = 0;
        for (const auto& i : all) {
            const auto [ix, iy] = cell_centre_of(i);  // incidents count at their cell's centre
            const double d = std::hypot(ix - cx, iy - cy);
            if (d < 180) kb += std::pow(1 - d * d / (180 * 180), 2);
            if (d < 240) gab += kernel_profile(Kernel::gaussian, d * d / (60.0 * 60.0));
            if (d < 160) pb += std::exp(-static_cast<double>(end - i.when) / seconds_per_day / 20) * (1 - d / 160);
            if (std::floor(ix / 200) == std::floor(cx / 200) && std::floor((1000 - iy) / 200) == std::floor((1000 - cy) / 200)) gb += 1;
            if (i.slot == static_cast<std::int32_t>(s)) {
                int same = 0;
                for (const auto& j : all) same += j.x == i.x && j.y == i.y;
                if (same >= 2) rb += 1;
            }
        }
        CHECK(k[s] == Approx(kb).margin(1e-9));
        CHECK(ga[s] == Approx(gab).margin(1e-9));
        CHECK(p[s] == Approx(pb).margin(1e-9));
        CHECK(gr[s] == Approx(gb));
        CHECK(r[s] == Approx(rb));
    }
}

TEST_CASE("forecast: a persistent hot spot is caught, and threads do not change the back-test", "[forecast]") {
    const auto area = square(40, 50);  // 2 x 2 km
    std::mt19937 rng(3);
    std::normal_distribution<double> hot(1000, 40);
    std::uniform_real_distribution<double> any(0, 2000), day(0, 27);
    std::vector<ForecastIncident> all;
    const int first = 2020 * 12;  // January 2020
    for (int m = 0; m < 12; ++m)
        for (int k = 0; k < 60; ++k) {
            ForecastIncident i;
            const bool in_hot = k < 30;  // half of each month's incidents in the hot spot
            i.x = std::clamp(in_hot ? hot(rng) : any(rng), 1.0, 1999.0);
            i.y = std::clamp(in_hot ? hot(rng) : any(rng), 1.0, 1999.0);
            const int mm = first + m;
            i.when = (days_from_civil(mm / 12, mm % 12 + 1, 1) + static_cast<std::int64_t>(day(rng))) * seconds_per_day;
            i.slot = slot_at(area, i.x, i.y);
            all.push_back(i);
        }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.when < b.when; });
    BacktestSpec spec;
    MethodConfig kde;
    kde.bandwidth = 150;
    spec.methods = {kde};
    spec.train_months = {3};
    spec.first_test = first + 2;  // its window reaches before the data: left out
    spec.last_test = first + 11;
    spec.shares = {0.01, 0.05};
    const auto one = run_backtest(spec, area, all, 1);
    const auto two = run_backtest(spec, area, all, 2);
    CHECK(one.periods == 9);
    CHECK(one.skipped.size() == 1);
    REQUIRE(one.rows.size() == 18);
    for (std::size_t k = 0; k < one.rows.size(); ++k) {
        CHECK(one.rows[k].c.n == two.rows[k].c.n);
        CHECK(one.rows[k].c.pai == two.rows[k].c.pai);
    }
    // 5% of the area (80 cells, 450 m square) holds nearly all of the hot spot's half.
    for (const auto& r : one.rows)
        if (r.share == 1) CHECK(r.c.hit_rate > 0.4);
}

TEST_CASE("displacement: the weighted displacement quotient on constructed counts", "[forecast]") {
    // Target 20 -> 10, buffer 10 -> 15, control 100 -> 100: success -0.1, buffer +0.05, WDQ -0.5.
    auto d = weighted_displacement({20, 10, 10, 15, 100, 100});
    CHECK(d.success == Approx(-0.1));
    CHECK(d.buffer == Approx(0.05));
    CHECK(d.wdq == Approx(-0.5));
    CHECK(d.reading.find("some displacement") != std::string::npos);
    // The buffer falls too: diffusion of benefit.
    d = weighted_displacement({20, 10, 10, 5, 100, 100});
    CHECK(d.wdq == Approx(0.5));
    CHECK(d.reading.find("diffusion") != std::string::npos);
    // The control halves: the target's fall to 10 is only in step with it; no reduction, no WDQ.
    d = weighted_displacement({20, 10, 10, 15, 100, 50});
    CHECK(d.success == Approx(0));
    CHECK(std::isnan(d.wdq));
    // A buffer that rose by more than the target fell.
    d = weighted_displacement({20, 10, 10, 25, 100, 100});
    CHECK(d.wdq == Approx(-1.5));
    CHECK(d.reading.find("no net benefit") != std::string::npos);
    // No control incidents after: nothing to measure by.
    CHECK(std::isnan(weighted_displacement({20, 10, 10, 15, 100, 0}).wdq));
}

TEST_CASE("forecast: cells_reach holds every point a study cell can get", "[forecast]") {
    // Grids snapped as evaluate snaps them, over odd extents and cells; points on the grid's
    // edges, a hair either side of them, and at random within two cells of it.
    std::mt19937 rng(7);
    for (const double cell : {5.0, 50.0, 0.1, 333.3}) {
        const Grid g = snapped_grid({412345.6, 287654.3, 412345.6 + 37 * cell + 1.7, 287654.3 + 23 * cell + 0.4}, 0, cell);
        const Box b = cells_reach(g);
        std::vector<double> xs = {g.xmin, g.xmax(), std::nextafter(g.xmin, 0.0), std::nextafter(g.xmax(), 1e9)};
        std::vector<double> ys = {g.ymin(), g.ymax, std::nextafter(g.ymin(), 0.0), std::nextafter(g.ymax, 1e9)};
        std::uniform_real_distribution<double> ux(g.xmin - 2 * cell, g.xmax() + 2 * cell), uy(g.ymin() - 2 * cell, g.ymax + 2 * cell);
        for (int k = 0; k < 1000; ++k) {
            xs.push_back(ux(rng));
            ys.push_back(uy(rng));
        }
        std::size_t in_grid = 0, outside_box = 0;
        for (double x : xs)
            for (double y : ys) {
                const bool inside_box = x >= b.xmin && x <= b.xmax && y >= b.ymin && y <= b.ymax;
                if (g.contains(g.col_of(x), g.row_of(y))) {
                    ++in_grid;
                    REQUIRE(inside_box);
                }
                outside_box += inside_box ? 0 : 1;
            }
        // Both kinds occur, and the box is no more than a cell wider than the grid each way.
        CHECK(in_grid > 0);
        CHECK(outside_box > 0);
        CHECK(b.xmin >= g.xmin - cell);
        CHECK(b.xmax <= g.xmax() + cell);
        CHECK(b.ymin >= g.ymin() - cell);
        CHECK(b.ymax <= g.ymax + cell);
    }
}

TEST_CASE("forecast: the incidents each back-test row tests, against brute force", "[forecast]") {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> slot(-1, 3), month(0, 11), day(1, 28), unit(-1, 2);
    std::vector<ForecastIncident> placed(300);
    std::vector<std::int64_t> unit_of(placed.size());
    for (std::size_t i = 0; i < placed.size(); ++i) {
        placed[i].slot = slot(rng);
        placed[i].when = days_from_civil(2024, month(rng) + 1, day(rng)) * seconds_per_day;
        unit_of[i] = unit(rng);
    }
    const int jan = month_number(days_from_civil(2024, 1, 1) * seconds_per_day);
    // Rows out of order, periods repeated (several methods and shares a period).
    const std::vector<int> row_months = {jan + 7, jan + 2, jan + 7, jan + 3, jan + 2, jan + 11};
    for (const int months : {1, 2, 3})
        for (const bool units : {false, true}) {
            const auto t = tested_incidents(placed, row_months, months, units ? &unit_of : nullptr);
            const auto rows = t.rows();
            REQUIRE(rows.size() == row_months.size());
            CHECK(t.by_period.size() == 4);
            for (std::size_t r = 0; r < rows.size(); ++r) {
                std::vector<std::uint32_t> expected;
                for (std::size_t i = 0; i < placed.size(); ++i) {
                    const int m = month_number(placed[i].when);
                    if (placed[i].slot >= 0 && (!units || unit_of[i] >= 0) && m >= row_months[r] && m < row_months[r] + months)
                        expected.push_back(static_cast<std::uint32_t>(i));
                }
                INFO("months " << months << ", units " << units << ", row " << r);
                CHECK(rows[r] == expected);
            }
        }
}
