#include "hotspots/facilities.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

TEST_CASE("each incident goes to its nearest facility within the distance, as a brute force finds") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 2000);
    std::vector<XY> facilities, incidents;
    for (int k = 0; k < 60; ++k) facilities.push_back({std::round(u(rng)), std::round(u(rng))});
    facilities.push_back(facilities[3]);  // a duplicate: never wins over the one listed first
    for (int k = 0; k < 3000; ++k) incidents.push_back({std::round(u(rng)), std::round(u(rng))});
    const double distance = 120;
    const auto r = attribute_to_facilities(facilities, incidents, distance);
    std::vector<std::size_t> counts(facilities.size(), 0);
    std::size_t none = 0;
    for (std::size_t i = 0; i < incidents.size(); ++i) {
        std::int64_t best = -1;
        double best_d = 0;
        for (std::size_t f = 0; f < facilities.size(); ++f) {
            const double d = std::hypot(incidents[i].x - facilities[f].x, incidents[i].y - facilities[f].y);
            if (d <= distance && (best < 0 || d < best_d)) {
                best = static_cast<std::int64_t>(f);
                best_d = d;
            }
        }
        REQUIRE(r.facility_of[i] == best);
        if (best >= 0) ++counts[static_cast<std::size_t>(best)];
        else ++none;
    }
    CHECK(r.counts == counts);
    CHECK(r.unattributed == none);
    CHECK(r.attributed + r.unattributed == incidents.size());
    CHECK(r.counts.back() == 0);
    CHECK(none > 0);
}

TEST_CASE("an incident on the distance is attributed; one just beyond is not") {
    const std::vector<XY> facilities = {{0, 0}};
    const auto r = attribute_to_facilities(facilities, {{50, 0}, {50.001, 0}, {30, 40}}, 50);
    CHECK(r.facility_of == std::vector<std::int64_t>{0, -1, 0});
    CHECK(r.counts == std::vector<std::size_t>{2});
}

TEST_CASE("the concentration of counts on facilities, worked by hand") {
    // Ten facilities: 40, 20, 10, 10, 5, 5, 5, 5, 0, 0 (100 incidents).
    const std::vector<std::size_t> counts = {5, 40, 0, 10, 5, 20, 5, 0, 10, 5};
    const auto c = facility_concentration(counts);
    CHECK(c.order.front() == 1);
    CHECK(c.order[1] == 5);
    CHECK(c.order[2] == 3);  // 10 and 10: the one listed first
    CHECK(c.attributed == 100);
    CHECK(c.with_none == 2);
    CHECK(c.top10_pct == Approx(40));           // the top one facility
    CHECK(c.facilities_for_half_pct == Approx(20));  // 40 + 20 >= 50
    CHECK(c.facilities_for_80_pct == Approx(40));    // 40 + 20 + 10 + 10 = 80
    REQUIRE(c.frequency.size() == 41);
    CHECK(c.frequency[0] == 2);
    CHECK(c.frequency[5] == 4);
    CHECK(c.frequency[10] == 2);
    CHECK(c.frequency[40] == 1);
    double pairs = 0;
    for (auto a : counts)
        for (auto b : counts) pairs += std::abs(double(a) - double(b));
    CHECK(c.gini == Approx(pairs / (2.0 * 10 * 10 * 10)));  // sum |ci - cj| / (2 n^2 mean)
}

TEST_CASE("no facilities, or none with an incident") {
    const auto empty = facility_concentration({});
    CHECK(empty.facilities == 0);
    CHECK(empty.gini == 0);
    const auto zeros = facility_concentration({0, 0, 0});
    CHECK(zeros.with_none == 3);
    CHECK(zeros.top10_pct == 0);
    CHECK(zeros.frequency == std::vector<std::size_t>{3});
}
