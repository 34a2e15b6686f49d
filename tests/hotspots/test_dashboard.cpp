#include "hotspots/dashboard.hpp"
#include "model/time.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

using namespace hotspots;

namespace {
int month(int y, int m) { return y * 12 + m - 1; }

// A cube of `areas` x 1 theme over 2019-01 .. 2021-12, every month `base` (the theme's
// count and the area's total).
CountCube flat_cube(std::size_t areas, double base) {
    CountCube c;
    c.resize(areas, 1, month(2019, 1), 36);
    for (std::size_t a = 0; a < areas; ++a)
        for (int m = 0; m < 36; ++m) c.count(a, 0, m) = c.total(a, m) = base;
    return c;
}
}  // namespace

TEST_CASE("the board's periods at a year's end") {
    const int jan = month(2021, 1);
    CHECK(window_months(Window::three, jan) == std::make_pair(month(2020, 11), jan));
    CHECK(window_months(Window::three_before, jan) == std::make_pair(month(2019, 11), month(2020, 1)));
    CHECK(window_months(Window::twelve, jan) == std::make_pair(month(2020, 2), jan));
    CHECK(window_months(Window::twelve_before, jan) == std::make_pair(month(2019, 2), month(2020, 1)));
}

TEST_CASE("exact Poisson intervals equal R's poisson.test") {
    // R 4.2: poisson.test(k)$conf.int
    auto [l0, h0] = poisson_interval(0, 0.95);
    CHECK(l0 == 0);
    CHECK(h0 == Approx(3.6888795).epsilon(1e-7));
    auto [l1, h1] = poisson_interval(1, 0.95);
    CHECK(l1 == Approx(0.025317808).epsilon(1e-7));
    CHECK(h1 == Approx(5.571643391).epsilon(1e-7));
    auto [l10, h10] = poisson_interval(10, 0.95);
    CHECK(l10 == Approx(4.7953887).epsilon(1e-7));
    CHECK(h10 == Approx(18.3903560).epsilon(1e-7));
    auto [l100, h100] = poisson_interval(100, 0.95);
    CHECK(l100 == Approx(81.363991).epsilon(1e-7));
    CHECK(h100 == Approx(121.626794).epsilon(1e-7));
}

TEST_CASE("competition ranks: ties share the lowest rank, missing values are not ranked") {
    const double nan = std::nan("");
    CHECK(competition_ranks({5, 3, 3, 9, nan}) == std::vector<int>{3, 1, 1, 4, 0});
    CHECK(competition_ranks({2, 2, 2}) == std::vector<int>{1, 1, 1});
    CHECK(competition_ranks({}).empty());
}

TEST_CASE("a month with (almost) no rows among busy months is missing data; among quiet months it is not") {
    auto busy = flat_cube(2, 100);
    busy.total(0, 20) = 0;
    CHECK(coverage_gaps(busy, 0, 7) == std::vector<int>{month(2019, 1) + 20});
    CHECK(coverage_gaps(busy, 1, 7).empty());
    auto low = flat_cube(1, 100);
    low.total(0, 20) = 9;  // a tenth of the usual is not a real month
    low.total(0, 22) = 30;
    CHECK(coverage_gaps(low, 0, 7) == std::vector<int>{month(2019, 1) + 20});
    auto quiet = flat_cube(1, 2);
    quiet.total(0, 20) = 0;
    CHECK(coverage_gaps(quiet, 0, 7).empty());
}

TEST_CASE("population of the year, else the nearest") {
    const PopulationByYear p{{2011, 100}, {2015, 150}, {2021, 200}};
    CHECK(population_for(p, 2015) == std::make_pair(150.0, 2015));
    CHECK(population_for(p, 2013) == std::make_pair(150.0, 2015));  // a tie: the later year
    CHECK(population_for(p, 2030) == std::make_pair(200.0, 2021));
    CHECK(std::isnan(population_for({}, 2020).first));
}

TEST_CASE("figures of hand-built counts: windows, rates, test, ranks") {
    // Three areas; the reporting month 2021-12. Area 0 has 10 a month, area 1 20, area 2 5;
    // area 1 doubles in the last 3 months.
    CountCube c = flat_cube(3, 10);
    for (int m = 0; m < 36; ++m) {
        c.count(1, 0, m) = c.total(1, m) = m >= 33 ? 40 : 20;
        c.count(2, 0, m) = c.total(2, m) = 5;
    }
    const std::vector<PopulationByYear> pop{{{2021, 10000}, {2020, 10000}}, {{2021, 5000}, {2020, 5000}},
                                            {{2021, 1000}, {2020, 1000}}};
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = {0, 1, 2};
    o.peers = {0, 1, 2};
    const auto d = compute_dashboard(c, pop, o);
    REQUIRE(d.figures.size() == 3);
    const auto& a1 = d.figures[1];
    CHECK(a1.at(Window::month).count == 40);
    CHECK(a1.at(Window::three).count == 120);
    CHECK(a1.at(Window::three_before).count == 60);
    CHECK(a1.at(Window::twelve).count == 9 * 20 + 3 * 40);
    CHECK(a1.at(Window::twelve_before).count == 240);
    CHECK(a1.at(Window::twelve).rate == Approx(300.0 / 5000 * 1000));
    const auto [lo, hi] = poisson_interval(300, 0.95);
    CHECK(a1.at(Window::twelve).rate_low == Approx(lo / 5000 * 1000));
    CHECK(a1.at(Window::twelve).rate_high == Approx(hi / 5000 * 1000));
    // The test is change's: after | n ~ Binomial(n, days_after / (days_before + days_after)).
    const double days_after = 30 + 31 + 31 + 0.0, days_before = 30 + 31 + 31 + 0.0;  // Oct..Dec both years
    CHECK(a1.three_change.p == Approx(binomial_test(120, 180, days_after / (days_before + days_after))));
    CHECK(a1.three_q < 0.05);
    CHECK(d.figures[0].three_change.p == 1.0);
    // Rates per 1,000: area 0 12/yr per 1,000 ... area 2 60, area 1 (300 / 5) 60 -> ranks by rate.
    CHECK(d.rank_by_rate[0][1]);
    CHECK(d.figures[0].twelve_all.now == 1);
    CHECK(d.figures[1].twelve_all.now == 2);  // 60.0 against area 2's 60.0: a tie
    CHECK(d.figures[2].twelve_all.now == 2);
    CHECK(d.figures[1].twelve_all.of == 3);
    // A year before, area 1 had 48 per 1,000: below area 2's 60.
    CHECK(d.figures[1].twelve_all.before == 2);
    CHECK(d.figures[2].twelve_all.before == 3);
}

TEST_CASE("without every peer's population, ranks are by count") {
    CountCube c = flat_cube(2, 10);
    for (int m = 0; m < 36; ++m) c.count(1, 0, m) = c.total(1, m) = 3;
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = {0, 1};
    o.peers = {0, 1};
    const auto d = compute_dashboard(c, {{{2021, 1000}}, {}}, o);
    CHECK_FALSE(d.rank_by_rate[0][0]);
    CHECK(d.figures[0].three_all.now == 2);
    CHECK(d.figures[1].three_all.now == 1);
    CHECK(std::isnan(d.figures[1].at(Window::twelve).rate));
}

TEST_CASE("periods before the data, and missing months, are left empty, never 0") {
    CountCube c = flat_cube(1, 50);
    c.total(0, 30) = c.count(0, 0, 30) = 0;  // 2021-07: no rows
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = o.peers = {0};
    auto d = compute_dashboard(c, {}, o);
    CHECK(std::isnan(d.figures[0].at(Window::twelve).count));
    CHECK(d.figures[0].at(Window::twelve).gaps == std::vector<int>{month(2021, 7)});
    CHECK(d.figures[0].at(Window::three).count == 150);
    CHECK_FALSE(d.figures[0].twelve_tested);
    o.month = month(2020, 6);  // its 12 months before start in 2018-07, before the data
    d = compute_dashboard(c, {}, o);
    CHECK_FALSE(d.figures[0].at(Window::twelve_before).in_data);
    CHECK(std::isnan(d.figures[0].at(Window::twelve_before).count));
}

TEST_CASE("the false-discovery family is the reported areas only") {
    // Area 0 changes a little; 20 unchanged peers are not reported, so they do not dilute it.
    CountCube c = flat_cube(21, 30);
    for (int m = 33; m < 36; ++m) c.count(0, 0, m) = c.total(0, m) = 45;
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = {0};
    for (std::size_t a = 0; a < 21; ++a) o.peers.push_back(a);
    const auto only = compute_dashboard(c, {}, o);
    CHECK(only.figures[0].three_q == Approx(only.figures[0].three_change.p));
    o.reported = o.peers;
    const auto all = compute_dashboard(c, {}, o);
    CHECK(all.figures[0].three_q > only.figures[0].three_q);
}

TEST_CASE("a population of 0 is refused") {
    CountCube c = flat_cube(1, 1);
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = o.peers = {0};
    CHECK_THROWS_AS(compute_dashboard(c, {{{2021, 0}}}, o), std::invalid_argument);
}

TEST_CASE("leap years: February 2020 has 29 days in the rate ratio") {
    CountCube c;
    c.resize(1, 1, month(2018, 1), 26);
    for (int m = 0; m < 26; ++m) c.count(0, 0, m) = c.total(0, m) = 28;
    DashboardOptions o;
    o.month = month(2020, 2);
    o.reported = o.peers = {0};
    const auto d = compute_dashboard(c, {}, o);
    // Dec 2019 - Feb 2020 (91 days) against Dec 2018 - Feb 2019 (90 days), equal counts.
    CHECK(d.figures[0].three_change.rate_ratio == Approx(90.0 / 91.0));
}

TEST_CASE("issue 26: a zero month in a quiet series is a zero, not missing data") {
    // Kenton's burglaries of April-August 2018 were 5, 8, 0, 9, 5: the June 0 was taken for
    // missing data (a tenth of a median of 7) and Kenton left the June board.
    CountCube c = flat_cube(2, 7);
    const double kenton[] = {5, 8, 0, 9, 5};
    for (int k = 0; k < 5; ++k) c.count(0, 0, 27 + k) = c.total(0, 27 + k) = kenton[k];  // 2021-04 .. 2021-08
    DashboardOptions o;
    o.month = month(2021, 6);
    o.reported = o.peers = {0, 1};
    const auto d = compute_dashboard(c, {}, o);
    CHECK(d.gaps[0].empty());
    CHECK(d.figures[0].at(Window::month).count == 0);
    CHECK(d.figures[0].at(Window::three).count == 13);
    CHECK(d.figures[0].three_all.now == 1);
    CHECK(coverage_gaps(c, 0, o.gap_median).empty());
}

TEST_CASE("issue 26: months absent from the source are missing data, whatever the counts around") {
    CountCube c = flat_cube(2, 3);  // quiet: no count heuristic could tell
    c.is_absent(0, 34) = 1;          // 2021-11 absent for area 0 only (a table without it)
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = o.peers = {0, 1};
    const auto d = compute_dashboard(c, {}, o);
    CHECK(d.gaps[0] == std::vector<int>{month(2021, 11)});
    CHECK(d.gaps[1].empty());
    CHECK(d.suspect[0].empty());
    CHECK(std::isnan(d.figures[0].at(Window::three).count));
    CHECK(d.figures[0].at(Window::three_before).count == 9);
    CHECK(d.figures[1].at(Window::three).count == 9);
}

TEST_CASE("issue 26: each rank over its own period's areas; the move among the areas ranked in both") {
    // Four areas; area 3 has no figure now (absent), so now ranks 3 areas and a year before 4.
    // Willesden Green was printed 62/61 -> 54/61: one denominator for two sets.
    CountCube c = flat_cube(4, 10);
    for (int m = 0; m < 36; ++m) {
        c.count(0, 0, m) = c.total(0, m) = m >= 33 ? 5 : 40;  // the highest a year ago, the lowest now
        c.count(1, 0, m) = c.total(1, m) = 20;
        c.count(3, 0, m) = c.total(3, m) = 50;
    }
    for (int m = 33; m < 36; ++m) c.is_absent(3, m) = 1;
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = o.peers = {0, 1, 2, 3};
    const auto d = compute_dashboard(c, {}, o);
    const Rank& r0 = d.figures[0].three_all;
    CHECK(r0.now == 1);
    CHECK(r0.of == 3);
    CHECK(r0.before == 3);  // 120 against 60, 30 and 150; now 15 against 60 and 30
    CHECK(r0.of_before == 4);
    CHECK(r0.has_move);
    CHECK(r0.move == -1);  // among areas 0, 1 and 2: 3rd -> 1st
    const Rank& r1 = d.figures[1].three_all;
    // Area 1 is 2nd of 4 a year ago and 3rd of 3 now: 2 -> 3 of different sets. Among the three
    // ranked in both it was 2nd and is 3rd: up.
    CHECK(r1.before == 2);
    CHECK(r1.now == 3);
    CHECK(r1.move == 1);
    const Rank& r2 = d.figures[2].three_all;
    CHECK(r2.before == 1);
    CHECK(r2.now == 2);
    CHECK(r2.move == 1);
    const Rank& r3 = d.figures[3].three_all;
    CHECK(r3.now == 0);
    CHECK(r3.before == 4);
    CHECK_FALSE(r3.has_move);
}

TEST_CASE("street segments: rates per 100 m of the length, ranks by count whatever the rates") {
    // Two segments, every month 1 and 2 incidents, 50 m and 400 m long: 12 and 24 in 12 months.
    CountCube c = flat_cube(2, 1);
    for (int m = 0; m < 36; ++m) c.count(1, 0, m) = c.total(1, m) = 2;
    const std::vector<PopulationByYear> length{{{0, 50.0}}, {{0, 400.0}}};
    DashboardOptions o;
    o.month = month(2021, 12);
    o.reported = o.peers = {0, 1};
    o.per = 100;
    o.rank_by_rate = false;
    const auto d = compute_dashboard(c, length, o);
    const auto& short_one = d.figures[0].at(Window::twelve);
    const auto& long_one = d.figures[1].at(Window::twelve);
    CHECK(short_one.rate == Approx(12.0 / 50 * 100));  // 24 per 100 m
    CHECK(long_one.rate == Approx(24.0 / 400 * 100));  // 6 per 100 m
    // The interval scales as the rate: R's poisson.test(12)$conf.int / 50 * 100.
    CHECK(short_one.rate_low == Approx(6.200575 / 50 * 100).epsilon(1e-6));
    CHECK(short_one.rate_high == Approx(20.961585 / 50 * 100).epsilon(1e-6));
    // By rate the short segment would be ranked higher (2 of 2); by count the long one is.
    CHECK_FALSE(d.rank_by_rate[0][1]);
    CHECK(d.figures[0].twelve_all.now == 1);
    CHECK(d.figures[1].twelve_all.now == 2);
    o.rank_by_rate = true;
    const auto by_rate = compute_dashboard(c, length, o);
    CHECK(by_rate.rank_by_rate[0][1]);
    CHECK(by_rate.figures[0].twelve_all.now == 2);
}
