#include "hotspots/banded_surface.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

namespace {

// A 1 x 10 strip of 100 m cells from x = 0.
Grid strip() {
    Grid g;
    g.xmin = 0;
    g.ymax = 100;
    g.cell = 100;
    g.cols = 10;
    g.rows = 1;
    return g;
}

}  // namespace

TEST_CASE("bands break at the quantiles of the cells with density", "[banded_surface]") {
    const std::vector<double> v = {0, 1, 2, 3, 4, 5, 6, 7, 8, std::nan("")};
    // Every cell holds plenty of incidents: nothing falls.
    std::vector<std::pair<double, double>> points;
    for (int c = 0; c < 9; ++c)
        for (int k = 0; k < 5; ++k) points.emplace_back(c * 100 + 50, 50);
    const auto b = band_surface(v, strip(), points, 5, {0.5, 0.75});
    // Positive values 1..8: the 0.5 quantile is the 4th (floor(0.5 x 7) = 3 -> 4), 0.75 the 6th (5 -> 6).
    REQUIRE(b.breaks == std::vector<double>{4, 6});
    CHECK(b.band == std::vector<int>{0, 0, 0, 0, 1, 1, 2, 2, 2, -1});
    CHECK(b.demoted == 0);
}

TEST_CASE("a piece of a band holding fewer incidents than the threshold falls", "[banded_surface]") {
    // Two separate peaks: cells 1-2 and 6-7 (cells 4 and 9 are nothing between and after).
    const std::vector<double> v = {1, 9, 9, 1, 0, 1, 9, 9, 1, 0};
    std::vector<std::pair<double, double>> points;
    for (int k = 0; k < 6; ++k) points.emplace_back(150, 50);  // six incidents in the first peak
    points.emplace_back(650, 50);                              // one lone incident in the second
    const auto b = band_surface(v, strip(), points, 5, {0.75});  // 8 positive cells: the 6th (floor(0.75 x 7) = 5)
    REQUIRE(b.breaks == std::vector<double>{9});
    // The first peak keeps its band; the second, with one incident, falls to none: the lone
    // incident's kernel is not published.
    CHECK(b.band == std::vector<int>{0, 1, 1, 0, 0, 0, 0, 0, 0, 0});
    CHECK(b.demoted == 1);
}

TEST_CASE("a fallen piece is counted again with the band below it joins", "[banded_surface]") {
    // One hill: a top of cell 2 (3 incidents) on a shoulder of cells 1-3 holding 2 more.
    const std::vector<double> v = {0, 2, 5, 2, 0, 0, 0, 0, 0, 0};
    const std::vector<std::pair<double, double>> points = {{250, 50}, {250, 50}, {250, 50}, {150, 50}, {350, 50}};
    const auto b = band_surface(v, strip(), points, 5, {0.5, 1.0});  // of 2, 2, 5: the 2nd and the 3rd
    REQUIRE(b.breaks == std::vector<double>{2, 5});
    // The top alone holds 3 < 5 and falls to band 1, where the whole hill holds 5: kept there.
    CHECK(b.band == std::vector<int>{0, 1, 1, 1, 0, 0, 0, 0, 0, 0});
    CHECK(b.demoted == 1);
}
