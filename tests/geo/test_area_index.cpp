#include "geo/area_index.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace hotspots::geo;
using hotspots::test::area;

namespace {

// The rule, computed the slow way: among all areas covering the point, the lowest code.
int brute_force(const std::vector<AreaInput>& inputs, double x, double y) {
    GeosContext ctx;
    auto pt = make_point(ctx, x, y);
    int best = -1;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        auto g = from_wkb(ctx, inputs[i].wkb.data(), inputs[i].wkb.size());
        if (GEOSCovers_r(ctx.get(), g.get(), pt.get()) == 1 && (best < 0 || inputs[i].code < inputs[static_cast<std::size_t>(best)].code))
            best = static_cast<int>(i);
    }
    return best;
}

}  // namespace

TEST_CASE("holes and multipolygons", "[areas]") {
    std::vector<AreaInput> in = {
        area("RING", "POLYGON((0 0,30 0,30 30,0 30,0 0),(10 10,20 10,20 20,10 20,10 10))"),
        area("MULTI", "MULTIPOLYGON(((12 12,18 12,18 18,12 18,12 12)),((100 100,110 100,110 110,100 110,100 100)))"),
    };
    std::vector<AreaNote> notes;
    AreaIndex index(in, notes);
    AreaLocator loc(index);
    CHECK(loc.locate(5, 5) == 0);
    CHECK(loc.locate(15, 15) == 1);    // inside the hole, in the island
    CHECK(loc.locate(11, 11) == -1);   // in the hole, outside the island
    CHECK(loc.locate(105, 105) == 1);  // the far part of the multipolygon
    CHECK(loc.locate(50, 50) == -1);
    CHECK(loc.locate(-1e9, 5) == -1);
}

TEST_CASE("boundary points go to exactly one area: the lowest code", "[areas]") {
    // Four squares meeting at (10, 10); codes deliberately not in input order.
    std::vector<AreaInput> in = {
        area("D", "POLYGON((0 0,10 0,10 10,0 10,0 0))"),   area("B", "POLYGON((10 0,20 0,20 10,10 10,10 0))"),
        area("C", "POLYGON((0 10,10 10,10 20,0 20,0 10))"), area("A", "POLYGON((10 10,20 10,20 20,10 20,10 10))"),
    };
    std::vector<AreaNote> notes;
    AreaIndex index(in, notes);
    AreaLocator loc(index);
    CHECK(index.code(static_cast<std::size_t>(loc.locate(10, 10))) == "A");  // shared by all four
    CHECK(index.code(static_cast<std::size_t>(loc.locate(10, 5))) == "B");   // D|B edge
    CHECK(index.code(static_cast<std::size_t>(loc.locate(5, 10))) == "C");   // D|C edge
    CHECK(index.code(static_cast<std::size_t>(loc.locate(0, 5))) == "D");    // outer edge belongs to its area
    CHECK(index.code(static_cast<std::size_t>(loc.locate(20, 20))) == "A");  // outer corner
    CHECK(loc.locate(20.000001, 20) == -1);
}

TEST_CASE("grid lookup agrees with brute force on random and boundary points", "[areas]") {
    // A fan of triangles and a ring around a hole, with many shared edges.
    std::vector<AreaInput> in;
    for (int k = 0; k < 12; ++k) {
        const double a0 = k * 3.14159265358979 / 6, a1 = (k + 1) * 3.14159265358979 / 6;
        in.push_back(area("T" + std::to_string(100 - k), "POLYGON((500 500," + std::to_string(500 + 400 * std::cos(a0)) + " " +
                                                         std::to_string(500 + 400 * std::sin(a0)) + "," +
                                                         std::to_string(500 + 400 * std::cos(a1)) + " " +
                                                         std::to_string(500 + 400 * std::sin(a1)) + ",500 500))"));
    }
    in.push_back(area("Q", "POLYGON((900 0,1000 0,1000 1000,900 1000,900 0),(920 100,980 100,980 200,920 200,920 100))"));
    std::vector<AreaNote> notes;
    AreaIndex index(in, notes);
    AreaLocator loc(index);
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> u(-50, 1050);
    for (int i = 0; i < 4000; ++i) {
        const double x = u(rng), y = u(rng);
        REQUIRE(loc.locate(x, y) == brute_force(in, x, y));
    }
    // Integer points hit shared edges, vertices and cell edges.
    for (int x = 880; x <= 1000; x += 10)
        for (int y = 0; y <= 220; y += 10) REQUIRE(loc.locate(x, y) == brute_force(in, x, y));
    CHECK(loc.locate(500, 500) >= 0);
    // The centre is a vertex of all twelve triangles; "T100" sorts first in byte order.
    CHECK(index.code(static_cast<std::size_t>(loc.locate(500, 500))) == "T100");
}

TEST_CASE("invalid polygons are repaired and reported", "[areas]") {
    std::vector<AreaInput> in = {area("BOWTIE", "POLYGON((0 0,10 10,10 0,0 10,0 0))")};
    std::vector<AreaNote> notes;
    AreaIndex index(in, notes);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].where.find("BOWTIE") != std::string::npos);
    CHECK(notes[0].message.find("repaired") != std::string::npos);
    CHECK(index.area_m2(0) == Approx(50));
    AreaLocator loc(index);
    CHECK(loc.locate(2, 5) == 0);
    CHECK(loc.locate(5, 2) == -1);
}

TEST_CASE("missing, empty and non-polygon geometry is an error naming the feature", "[areas]") {
    std::vector<AreaNote> notes;
    std::vector<AreaInput> missing = {{"E05000043", "X", {}, "wards.gpkg feature 17"}};
    try {
        AreaIndex index(missing, notes);
        FAIL("no error");
    } catch (const AreaError& e) {
        CHECK(std::string(e.what()).find("wards.gpkg feature 17 (E05000043)") != std::string::npos);
    }
    CHECK_THROWS_AS(AreaIndex({area("E", "POLYGON EMPTY")}, notes), AreaError);
    CHECK_THROWS_AS(AreaIndex({area("L", "LINESTRING(0 0,1 1)")}, notes), AreaError);
    CHECK_THROWS_AS(AreaIndex({}, notes), AreaError);
}
