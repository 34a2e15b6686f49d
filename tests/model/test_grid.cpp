#include "model/grid.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

TEST_CASE("automatic cells round to the 1, 2, 2.5, 5 ladder, nearest on a log scale") {
    CHECK(round_cell(60.26) == 50);
    CHECK(round_cell(44.124) == 50);
    CHECK(round_cell(33) == 25);
    CHECK(round_cell(150) == 200);
    CHECK(round_cell(1.4) == 1);
    CHECK(round_cell(7.5) == 10);  // log(10/7.5) < log(7.5/5)
    CHECK(round_cell(0.3) == 0.25);
    CHECK(round_cell(2500) == 2500);
    // Extents a little apart give the same cell: their grids line up.
    CHECK(round_cell(11031.0 / 250) == round_cell(11500.0 / 250));
}

TEST_CASE("snapped grids of one cell size line up whatever the extent") {
    const Grid a = snapped_grid({440248, 299712, 455191, 310743}, 0, 50);
    const Grid b = snapped_grid({441000, 300100, 452000, 309000}, 900, 50);
    CHECK(std::fmod(a.xmin - b.xmin, 50.0) == 0);
    CHECK(std::fmod(a.ymax - b.ymax, 50.0) == 0);
}
