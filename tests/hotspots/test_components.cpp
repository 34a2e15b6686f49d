#include "geo/cells.hpp"
#include "geo/zones.hpp"
#include "hotspots/components.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

TEST_CASE("hot cells touching at sides or corners form one group") {
    // 5 x 4 grid:
    //  9 . . . 4
    //  . 8 . . 4
    //  . . . . .
    //  3 3 . 7 .
    const Grid g{0, 40, 10, 5, 4};
    std::vector<double> v(20, 0.0);
    v[0] = 9;
    v[6] = 8;
    v[4] = v[9] = 4;
    v[15] = v[16] = 3;
    v[18] = 7;
    const auto c = connected_components(v, g, 3);
    REQUIRE(c.list.size() == 4);
    CHECK(c.label[0] == c.label[6]);  // diagonal neighbours
    CHECK(c.list[0].cells == 2);
    CHECK(c.list[0].peak == 9);
    CHECK(c.list[0].peak_cell == 0);
    CHECK(c.list[1].cells == 2);  // the column of 4s
    CHECK(c.list[2].cells == 2);  // the 3s
    CHECK(c.list[3].cells == 1);
    CHECK(c.label[2] == -1);
    CHECK(connected_components(v, g, 5).list.size() == 2);
}

TEST_CASE("cells become a polygon with their exact area, diagonal ones separate parts") {
    const Grid g{100, 200, 10, 4, 4};
    const auto square = geo::cells_to_polygon({{0, 0, 2}, {1, 0, 2}}, g, 0);
    CHECK(geo::polygon_facts(square).area == Approx(400));
    CHECK(geo::polygon_facts(square).centroid.x == Approx(110));
    CHECK(geo::polygon_facts(square).centroid.y == Approx(190));
    const auto diagonal = geo::cells_to_polygon({{0, 0, 1}, {1, 1, 2}}, g, 0);
    CHECK(geo::polygon_rings(diagonal).size() == 2);
    CHECK(geo::polygon_facts(diagonal).area == Approx(200));
    // A ring of 8 cells around a hole.
    const auto ring = geo::cells_to_polygon({{0, 0, 3}, {1, 0, 1}, {1, 2, 3}, {2, 0, 3}}, g, 0);
    const auto rings = geo::polygon_rings(ring);
    REQUIRE(rings.size() == 1);
    CHECK(rings[0].size() == 2);  // exterior and one hole
    CHECK(geo::polygon_facts(ring).area == Approx(800));
}

TEST_CASE("rasterize marks the cells whose centre is inside, holes excluded") {
    const Grid g{0, 100, 10, 10, 10};
    // A 60 x 60 square from (20, 20) with a 20 x 20 hole at (40, 40).
    const std::string wkt = "POLYGON((20 20,80 20,80 80,20 80,20 20),(40 40,60 40,60 60,40 60,40 40))";
    geo::GeosContext ctx;
    GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
    auto geom = geo::own(ctx, GEOSWKTReader_read_r(ctx.get(), reader, wkt.c_str()));
    GEOSWKTReader_destroy_r(ctx.get(), reader);
    const auto mask = geo::rasterize({geo::to_wkb(ctx, geom.get())}, g);
    std::size_t inside = 0;
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            const double x = g.centre_x(c), y = g.centre_y(r);
            const bool expected = x > 20 && x < 80 && y > 20 && y < 80 && !(x > 40 && x < 60 && y > 40 && y < 60);
            REQUIRE(mask[r * g.cols + c] == expected);
            inside += expected;
        }
    CHECK(inside == 32);  // 36 - 4
}

TEST_CASE("mask runs hold rasterize's cells, for the whole grid and any window") {
    // Overlapping polygons (a union to take), a hole, a diagonal edge and a point on a cell
    // centre line, over a grid whose edges do not fall on the polygons'.
    const Grid g{3, 157, 7, 23, 19};
    geo::GeosContext ctx;
    std::vector<Wkb> polys;
    for (const char* wkt : {"POLYGON((20 20,110 30,90 140,25 120,20 20),(40 50,60 50,60 80,40 80,40 50))",
                            "POLYGON((80 60,150 60,150 150,80 150,80 60))", "POLYGON((10.5 139.5,30 160,5 150,10.5 139.5))"}) {
        GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx.get());
        auto geom = geo::own(ctx, GEOSWKTReader_read_r(ctx.get(), reader, wkt));
        GEOSWKTReader_destroy_r(ctx.get(), reader);
        polys.push_back(geo::to_wkb(ctx, geom.get()));
    }
    const auto mask = geo::rasterize(polys, g);
    const geo::MaskRuns runs(polys, g);
    std::size_t inside = 0;
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            REQUIRE(runs.inside(r, c) == (mask[r * g.cols + c] != 0));
            inside += mask[r * g.cols + c];
        }
    CHECK(runs.cells() == inside);
    CHECK(inside > 100);
    for (std::size_t size : {1u, 4u, 9u, 30u})
        for (std::size_t r0 = 0; r0 < g.rows; r0 += size)
            for (std::size_t c0 = 0; c0 < g.cols; c0 += size) {
                const std::size_t rows = std::min(size, g.rows - r0), cols = std::min(size, g.cols - c0);
                const auto w = runs.window(r0, c0, rows, cols);
                for (std::size_t r = 0; r < rows; ++r)
                    for (std::size_t c = 0; c < cols; ++c) REQUIRE(w[r * cols + c] == mask[(r0 + r) * g.cols + c0 + c]);
            }
}

TEST_CASE("circles merge where they overlap, and address points are counted per zone") {
    const std::vector<geo::XY> pts{{0, 0}, {300, 0}, {1000, 0}};
    const auto zones = geo::merged_circles(pts, 200);
    REQUIRE(zones.size() == 2);
    CHECK(zones[0].members == std::vector<std::size_t>{0, 1});
    CHECK(zones[1].members == std::vector<std::size_t>{2});
    const double circle = geo::polygon_facts(zones[1].polygon).area;
    CHECK(circle == Approx(3.14159265 * 200 * 200).epsilon(0.005));
    CHECK(geo::polygon_facts(zones[0].polygon).area < 2 * circle);
    const auto counts = geo::count_inside({zones[0].polygon, zones[1].polygon},
                                          {{150, 0}, {150, 150}, {-199, 0}, {1000, 199}, {600, 0}});
    CHECK(counts[0] == 2);  // (150, 150) is 212 m from both centres
    CHECK(counts[1] == 1);
}
