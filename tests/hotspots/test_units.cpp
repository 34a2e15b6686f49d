#include "hotspots/units.hpp"

#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

TEST_CASE("neighbour specifications parse, or say which forms there are") {
    CHECK(parse_neighbours("queen").kind == NeighbourSpec::Kind::queen);
    CHECK(parse_neighbours("rook").kind == NeighbourSpec::Kind::rook);
    const auto b = parse_neighbours("band:450");
    CHECK(b.kind == NeighbourSpec::Kind::band);
    CHECK(b.band == 450);
    CHECK(parse_neighbours("knn:4").k == 4);
    for (const char* bad : {"bishop", "band:", "band:-1", "band:nan", "knn:0", "knn:2.5", "knn:x"})
        CHECK_THROWS_AS(parse_neighbours(bad), std::invalid_argument);
}

TEST_CASE("the first peak of a series, or its maximum") {
    bool peak = false;
    CHECK(first_peak({1, 3, 2, 5, 4}, peak) == 1);
    CHECK(peak);
    CHECK(first_peak({1, 2, 3, 4}, peak) == 3);
    CHECK_FALSE(peak);
    CHECK(first_peak({5, 4, 3}, peak) == 0);  // falling from the start: the first value is the peak
    CHECK(peak);
}

TEST_CASE("the automatic cell is the larger of the mean and median nearest-neighbour distance") {
    // Points on a line at 0, 10, 30, 60 (and a duplicate of 0): nearest distances of the four
    // places are 10, 10, 20, 30 -> by incident 10, 10, 10, 20, 30: mean 16, median 10.
    IncidentSet set;
    for (double x : {0.0, 0.0, 10.0, 30.0, 60.0}) {
        Incident i;
        i.x = x;
        set.incidents.push_back(i);
    }
    const auto a = auto_cell(set);
    CHECK(a.mean == Approx(16));
    CHECK(a.median == Approx(10));
    CHECK(a.cell == 16);
    IncidentSet one;
    one.incidents.resize(3);  // three incidents at one place
    CHECK_THROWS_AS(auto_cell(one), std::invalid_argument);
}

TEST_CASE("k nearest areas by centroid, ties by index, the area itself in its row") {
    std::vector<Wkb> squares;
    std::vector<std::string> codes, names;
    for (int k = 0; k < 4; ++k) {  // four unit squares in a row
        squares.push_back(test::wkb_from_wkt("POLYGON((" + std::to_string(k) + " 0," + std::to_string(k + 1) + " 0," +
                                             std::to_string(k + 1) + " 1," + std::to_string(k) + " 1," +
                                             std::to_string(k) + " 0))"));
        codes.push_back("A" + std::to_string(k));
        names.push_back(codes.back());
    }
    const auto u = area_units(squares, codes, names, parse_neighbours("knn:1"), false);
    REQUIRE(u.nb.size() == 4);
    auto row = [&](std::size_t i) {
        return std::vector<std::uint32_t>(u.nb.index.begin() + static_cast<std::ptrdiff_t>(u.nb.offsets[i]),
                                          u.nb.index.begin() + static_cast<std::ptrdiff_t>(u.nb.offsets[i + 1]));
    };
    CHECK(row(0) == std::vector<std::uint32_t>{0, 1});
    CHECK(row(1) == std::vector<std::uint32_t>{0, 1});  // 0 and 2 are equally near: the lower index
    CHECK(row(3) == std::vector<std::uint32_t>{2, 3});
    const auto rook = area_units(squares, codes, names, parse_neighbours("rook"), true);
    CHECK(rook.nb.offsets[2] - rook.nb.offsets[1] == 3);  // itself and both sides
    CHECK(rook.nb.weight[rook.nb.offsets[1]] == Approx(1.0 / 3));
}

TEST_CASE("cells refuse knn; every incident finds its cell's unit") {
    Grid g;
    g.xmin = 0;
    g.ymax = 20;
    g.cell = 10;
    g.cols = 2;
    g.rows = 2;
    CHECK_THROWS_AS(cell_units(g, {}, parse_neighbours("knn:3"), false), std::invalid_argument);
    const auto u = cell_units(g, {1, 0, 1, 1}, parse_neighbours("queen"), false);
    CHECK(u.unit_cell == std::vector<std::size_t>{0, 2, 3});
    IncidentSet set;
    for (auto [x, y] : {std::pair{5.0, 15.0}, {15.0, 15.0}, {15.0, 5.0}, {25.0, 5.0}}) {
        Incident i;
        i.x = x;
        i.y = y;
        set.incidents.push_back(i);
    }
    CHECK(unit_of_incident(u, set) == std::vector<std::int64_t>{0, -1, 2, -1});
}
