#include "hotspots/rate.hpp"

#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

TEST_CASE("a rate divides by the denominator where it is large enough, per 1,000") {
    std::vector<double> values{2, 4, 6, 8};
    const auto cut = divide_by(values, {1000, 2000, 10, 0}, 100);
    CHECK(values[0] == Approx(2));
    CHECK(values[1] == Approx(2));
    CHECK(std::isnan(values[2]));
    CHECK(std::isnan(values[3]));
    CHECK(cut.blank == 2);
    // Automatic: 5% of the median positive denominator (positives 10, 1000, 2000: median 1000).
    std::vector<double> again{2, 4, 6, 8};
    const auto automatic = divide_by(again, {1000, 2000, 10, 0}, -1);
    CHECK(automatic.minimum == Approx(50));
    std::vector<double> none{1};
    CHECK_THROWS_AS(divide_by(none, {0}, -1), std::invalid_argument);
}

TEST_CASE("an area's value is spread evenly over the cells whose centre it holds") {
    Grid g;
    g.xmin = 0;
    g.ymax = 100;
    g.cell = 10;
    g.cols = 10;
    g.rows = 10;
    // A 40 x 20 m rectangle on cell edges holds 8 cell centres; a tiny square holds none.
    std::vector<geo::AreaInput> areas = {test::area("R", "POLYGON((0 0,40 0,40 20,0 20,0 0))"),
                                         test::area("T", "POLYGON((61 61,62 61,62 62,61 62,61 61))"),
                                         test::area("Z", "POLYGON((80 80,90 80,90 90,80 90,80 80))")};
    areas[0].value = 800;
    areas[1].value = 5;
    areas[2].value = 0;  // left out
    double total = 0;
    const auto pts = spread_over_cells(areas, g, 50, total);
    CHECK(total == 805);
    REQUIRE(pts.size() == 9);
    for (std::size_t k = 0; k < 8; ++k) {
        CHECK(pts[k].weight == Approx(100));
        CHECK(pts[k].bandwidth == 50);
        CHECK(pts[k].x < 40);
        CHECK(pts[k].y < 20);
    }
    CHECK(pts[8].weight == 5);
    CHECK(pts[8].x > 61);
    CHECK(pts[8].x < 62);
}
