#include "hotspots/change.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

TEST_CASE("the exact binomial test matches R's binom.test") {
    // R 4.2: binom.test(7, 20, 0.5)$p.value etc.
    CHECK(binomial_test(7, 20, 0.5) == Approx(0.263176).epsilon(1e-5));
    CHECK(binomial_test(30, 45, 0.4) == Approx(0.0003654242).epsilon(1e-5));
    CHECK(binomial_test(0, 5, 0.5) == Approx(0.0625).epsilon(1e-9));
    CHECK(binomial_test(120, 200, 31.0 / 61) == Approx(0.01072991).epsilon(1e-5));
    CHECK(binomial_test(10, 20, 0.5) == Approx(1.0));
    CHECK(binomial_test(0, 0, 0.5) == 1.0);
}

TEST_CASE("period comparison uses rates, so periods of different lengths are fair") {
    // 100 in 30 days then 100 in 60 days: the rate halved.
    const auto c = compare_periods(100, 100, 30, 60);
    CHECK(c.difference == 0);
    CHECK(c.rate_ratio == Approx(0.5));
    CHECK(c.change_pct == Approx(0));
    CHECK(c.p == Approx(binomial_test(100, 200, 60.0 / 90)));
    CHECK(c.p < 0.001);
    const auto same = compare_periods(50, 52, 365, 366);
    CHECK(same.p > 0.5);
    const auto fresh = compare_periods(0, 4, 365, 365);
    CHECK(std::isnan(fresh.rate_ratio));
    CHECK(std::isnan(fresh.change_pct));
    CHECK(fresh.p == Approx(0.125));  // binom.test(4, 4, 0.5)
}

TEST_CASE("cells holding incidents are the units, counted into their period") {
    IncidentSet set;
    const std::pair<double, const char*> at[] = {{5, "2023-01-10"}, {7, "2024-01-10"}, {15, "2024-02-01"}, {16, "2022-06-01"}};
    for (const auto& [x, d] : at) {
        Incident i;
        i.x = x;
        i.y = 5;
        i.from = i.to = parse_when(d)->from;
        set.incidents.push_back(i);
    }
    std::vector<std::int64_t> unit_of;
    auto units = cell_change_units(set, 10, unit_of);
    REQUIRE(units.size() == 2);
    CHECK(unit_of == std::vector<std::int64_t>{0, 0, 1, 1});
    CHECK(units[0].x == 5);
    CHECK(units[1].x == 15);
    const auto n = count_periods(set, unit_of, *parse_period("2023-01..2023-12"), *parse_period("2024-01..2024-12"), units);
    CHECK(n.before == 1);
    CHECK(n.after == 2);
    CHECK(n.neither == 1);
    CHECK(units[0].before == 1);
    CHECK(units[0].after == 1);
    CHECK(units[1].after == 1);
}
