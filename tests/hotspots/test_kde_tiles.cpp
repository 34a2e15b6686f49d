#include "hotspots/kde_tiles.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// Clusters (so tiles differ in load), points outside the grid whose kernels reach in, and
// bandwidths per point from a tenth of a cell to many cells.
std::vector<KernelPoint> scattered(std::size_t n, unsigned seed, const Grid& g) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(g.xmin - 30, g.xmax() + 30), uy(g.ymin() - 30, g.ymax + 30),
        uh(0.1 * g.cell, 9 * g.cell), uw(0.1, 3);
    std::normal_distribution<double> near(0, 2 * g.cell);
    std::vector<KernelPoint> pts(n);
    const double cx = g.xmin + 0.3 * (g.xmax() - g.xmin), cy = g.ymax - 0.6 * (g.ymax - g.ymin());
    for (std::size_t i = 0; i < n; ++i)
        pts[i] = i % 3 ? KernelPoint{ux(rng), uy(rng), uw(rng), uh(rng)} : KernelPoint{cx + near(rng), cy + near(rng), uw(rng), uh(rng)};
    return pts;
}

// The tiles put side by side.
std::vector<double> mosaic(const TiledKde& t) {
    const auto& l = t.layout();
    std::vector<double> out(l.grid.cells(), -1.0);
    for (std::size_t k = 0; k < l.tiles(); ++k) {
        const auto w = l.window(k);
        const auto v = t.tile(k);
        REQUIRE(v.size() == w.rows * w.cols);
        for (std::size_t r = 0; r < w.rows; ++r)
            for (std::size_t c = 0; c < w.cols; ++c) out[(w.row0 + r) * l.grid.cols + w.col0 + c] = v[r * w.cols + c];
    }
    return out;
}

}  // namespace

TEST_CASE("tiles cover the grid once, the last ones narrower when the size does not divide it") {
    const Grid g{1000, 5000, 10, 23, 17};
    for (std::size_t size : {1u, 4u, 5u, 17u, 23u, 100u}) {
        const auto l = tile_layout(g, size);
        std::vector<int> seen(g.cells(), 0);
        for (std::size_t t = 0; t < l.tiles(); ++t) {
            const auto w = l.window(t);
            CHECK(w.rows >= 1);
            CHECK(w.cols >= 1);
            CHECK(w.rows <= size);
            CHECK(w.cols <= size);
            for (std::size_t r = 0; r < w.rows; ++r)
                for (std::size_t c = 0; c < w.cols; ++c) ++seen[(w.row0 + r) * g.cols + w.col0 + c];
        }
        CHECK(std::count(seen.begin(), seen.end(), 1) == static_cast<long>(g.cells()));
    }
    CHECK_THROWS(tile_layout(g, 0));
}

TEST_CASE("the mosaic of tiles is bit for bit the surface over the whole grid, for every kernel and tile size") {
    // 77 x 53 cells: no tile size below divides both sides evenly.
    const Grid g{500000.25, 180000.5, 2.5, 77, 53};
    const auto pts = scattered(900, 7, g);
    auto source = [&](std::size_t i) { return pts[i]; };
    for (Kernel k : {Kernel::quartic, Kernel::triweight, Kernel::epanechnikov, Kernel::triangular, Kernel::uniform,
                     Kernel::gaussian}) {
        const auto whole = accumulate_kernels(pts, g, k, 2);
        // 3 and 7 cells are smaller than most kernels (up to 9 cells, 36 for the gaussian):
        // a point then reaches many tiles.
        for (std::size_t size : {3u, 7u, 16u, 30u, 200u}) {
            INFO(to_string(k) << ", tiles of " << size << " cells");
            const TiledKde tiled(pts.size(), source, tile_layout(g, size), k, 2);
            const auto m = mosaic(tiled);
            double worst = 0;
            std::size_t differ = 0;
            for (std::size_t c = 0; c < m.size(); ++c) {
                worst = std::max(worst, std::abs(m[c] - whole[c]));
                differ += m[c] != whole[c];
            }
            CHECK(differ == 0);
            CHECK(worst == 0.0);
        }
    }
}

TEST_CASE("a tiled surface agrees with a brute-force sum, and with one thread or two") {
    const Grid g{0, 400, 10, 41, 37};
    const auto pts = scattered(300, 11, g);
    auto source = [&](std::size_t i) { return pts[i]; };
    const TiledKde two(pts.size(), source, tile_layout(g, 9), Kernel::quartic, 2);
    const TiledKde one(pts.size(), source, tile_layout(g, 9), Kernel::quartic, 1);
    const auto m = mosaic(two);
    CHECK(m == mosaic(one));
    // Independently: each point against each cell centre, the profile as written.
    double top = 0, worst = 0;
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            double sum = 0;
            for (const auto& p : pts) {
                const double dx = g.centre_x(c) - p.x, dy = g.centre_y(r) - p.y;
                const double u2 = (dx * dx + dy * dy) / (p.bandwidth * p.bandwidth);
                if (u2 < 1) sum += p.weight * (1 - u2) * (1 - u2);
            }
            top = std::max(top, sum);
            worst = std::max(worst, std::abs(sum - m[r * g.cols + c]));
        }
    REQUIRE(top > 0);
    // Non-negative terms summed in another order: within a few ulps per term.
    CHECK(worst / top < 1e-12);
}

TEST_CASE("a tile holds only the points that reach it, and every tile holds each point it needs") {
    const Grid g{0, 1000, 10, 100, 100};
    // One point in the middle of tile (2, 2) of 20-cell tiles, 5 cells of reach: that tile only.
    // One on the corner of four tiles: all four.
    const std::vector<KernelPoint> pts = {{500, 500, 1, 50}, {400, 600, 1, 50}};
    const TiledKde t(pts.size(), [&](std::size_t i) { return pts[i]; }, tile_layout(g, 20), Kernel::quartic, 1);
    std::size_t memberships = 0;
    for (std::size_t k = 0; k < t.layout().tiles(); ++k) memberships += t.points_in(k);
    CHECK(t.points_in(2 * 5 + 2) == 2);  // both
    CHECK(t.points_in(1 * 5 + 1) == 1);  // the corner one
    CHECK(t.points_in(3 * 5 + 3) == 0);
    CHECK(memberships == 5);
}
