// Gi* in tiles equals Gi* over the whole grid's weights, bit for bit, and both equal a brute
// force written from the formula (hotspots/gistar_tiles.hpp).
#include "hotspots/gistar_tiles.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// Gi* of every active cell from the definition: all pairs, neighbours by centre distance
// (or queen/rook by row and column offsets), population sd.
std::vector<double> brute_z(const Grid& g, const std::vector<std::uint8_t>& active, const std::vector<double>& x,
                            Contiguity c, double band, bool row) {
    std::vector<std::size_t> cells;
    for (std::size_t i = 0; i < g.cells(); ++i)
        if (active.empty() || active[i]) cells.push_back(i);
    const double n = static_cast<double>(cells.size());
    double mean = 0;
    for (double v : x) mean += v / n;
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean) / n;
    const double s = std::sqrt(var);
    std::vector<double> z;
    for (std::size_t a = 0; a < cells.size(); ++a) {
        std::vector<std::size_t> near;
        for (std::size_t b = 0; b < cells.size(); ++b) {
            const double dr = std::abs(static_cast<double>(cells[a] / g.cols) - static_cast<double>(cells[b] / g.cols));
            const double dc = std::abs(static_cast<double>(cells[a] % g.cols) - static_cast<double>(cells[b] % g.cols));
            const bool in = band > 0 ? std::hypot(dr * g.cell, dc * g.cell) <= band
                                     : dr <= 1 && dc <= 1 && (c == Contiguity::queen || dr == 0 || dc == 0);
            if (in) near.push_back(b);
        }
        const double w = row ? 1.0 / static_cast<double>(near.size()) : 1.0;
        double wx = 0;
        for (auto b : near) wx += w * x[b];
        const double W = w * static_cast<double>(near.size()), S1 = w * w * static_cast<double>(near.size());
        z.push_back((wx - mean * W) / (s * std::sqrt((n * S1 - W * W) / (n - 1))));
    }
    return z;
}

}  // namespace

TEST_CASE("Gi* in tiles equals Gi* over the whole grid bit for bit, and the formula, whatever the tiles") {
    const Grid g{0, 0, 50, 29, 23};
    std::mt19937_64 rng(3);
    std::poisson_distribution<int> count(1.5);
    std::bernoulli_distribution keep(0.85);
    for (bool masked : {false, true}) {
        std::vector<std::uint8_t> active;
        if (masked)
            for (std::size_t i = 0; i < g.cells(); ++i) active.push_back(keep(rng) ? 1 : 0);
        std::vector<std::size_t> unit_cell;
        grid_neighbours(g, active, Contiguity::queen, 0, false, unit_cell);
        std::vector<double> x(unit_cell.size());
        for (std::size_t k = 0; k < x.size(); ++k)
            x[k] = count(rng) + (unit_cell[k] % g.cols < 6 && unit_cell[k] / g.cols < 6 ? 6 : 0);  // a planted corner
        struct Case {
            Contiguity c;
            double band;
            bool row;
        };
        for (const Case& w : {Case{Contiguity::queen, 0, false}, Case{Contiguity::rook, 0, true}, Case{Contiguity::queen, 180, false},
                              Case{Contiguity::queen, 260, true}}) {
            const auto nb = grid_neighbours(g, active, w.c, w.band, w.row, unit_cell);
            auto whole = gi_star(x, nb, Adjustment::fdr);
            const auto perm = permutation_p(x, nb, 99, 7, 2);
            const auto brute = brute_z(g, active, x, w.c, w.band, w.row);
            double worst = 0;
            for (std::size_t k = 0; k < x.size(); ++k) worst = std::max(worst, std::abs(whole.z[k] - brute[k]));
            CHECK(worst < 1e-9);
            for (std::size_t tile : {1u, 3u, 4u, 10u, 29u, 64u}) {  // smaller than the band (180 m: 3.6 cells) and larger
                INFO("masked " << masked << " band " << w.band << " row " << w.row << " tile " << tile);
                GridGiOptions o;
                o.contiguity = w.c;
                o.band_m = w.band;
                o.row_standardise = w.row;
                std::vector<std::size_t> tiled_cells;
                const auto tiled = grid_gi_star_tiled(g, active, x, tile, o, tiled_cells);
                CHECK(tiled_cells == unit_cell);
                CHECK(tiled.mean == whole.mean);
                CHECK(tiled.sd == whole.sd);
                CHECK(tiled.z == whole.z);
                CHECK(tiled.p == whole.p);
                CHECK(tiled.p_adjusted == whole.p_adjusted);
                CHECK(tiled.bin == whole.bin);
                o.permutations = 99;
                o.seed = 7;
                o.threads = tile % 2 ? 1 : 2;
                const auto permuted = grid_gi_star_tiled(g, active, x, tile, o, tiled_cells);
                CHECK(permuted.p == perm);
                CHECK(permuted.z == whole.z);
            }
        }
    }
    std::vector<std::size_t> cells;
    CHECK_THROWS_AS(grid_gi_star_tiled(g, {}, std::vector<double>(g.cells(), 1.0), 5, {}, cells), GiStarError);
    CHECK_THROWS_AS(grid_gi_star_tiled(g, {}, std::vector<double>(g.cells(), 1.0), 0, {}, cells), std::invalid_argument);
}

TEST_CASE("A tile of the units' values is the whole grid's array cut to the tile") {
    // An 11 x 7 grid with a ragged mask; the units' values placed on the whole grid by hand,
    // then every tile compared with its window of that array.
    const Grid g{0, 700, 100, 11, 7};
    std::mt19937 rng(3);
    std::vector<std::uint8_t> active(g.cells());
    for (auto& a : active) a = rng() % 3 != 0;
    std::vector<std::size_t> unit_cell;
    for (std::size_t i = 0; i < g.cells(); ++i)
        if (active[i]) unit_cell.push_back(i);
    GiStar gi;
    for (std::size_t k = 0; k < unit_cell.size(); ++k) {
        gi.z.push_back(static_cast<double>(k) - 20.5);
        gi.p.push_back(1.0 / static_cast<double>(k + 2));
        gi.p_adjusted.push_back(1.0 / static_cast<double>(k + 3));
        gi.bin.push_back(static_cast<int>(k % 7) - 3);
    }
    for (std::size_t size : {1, 2, 3, 4, 11, 20}) {
        const TileLayout layout = tile_layout(g, size);
        std::size_t seen = 0;
        for (std::size_t t = 0; t < layout.tiles(); ++t) {
            const GridWindow w = layout.window(t);
            const auto bands = gi_tile(layout, unit_cell, gi, t);
            const std::size_t n = w.rows * w.cols;
            REQUIRE(bands.size() == gi_tile_bands * n);
            for (int sign : {1, -1}) {
                const auto spots = gi_spot_tile(layout, unit_cell, gi, sign, t);
                for (std::size_t r = 0; r < w.rows; ++r)
                    for (std::size_t c = 0; c < w.cols; ++c) {
                        const std::size_t cell = (w.row0 + r) * g.cols + w.col0 + c, at = r * w.cols + c;
                        const auto unit = std::find(unit_cell.begin(), unit_cell.end(), cell);
                        if (unit == unit_cell.end()) {
                            CHECK(std::isnan(bands[at]));
                            CHECK(std::isnan(bands[3 * n + at]));
                            CHECK(spots[at] == 0.0);
                            continue;
                        }
                        const auto k = static_cast<std::size_t>(unit - unit_cell.begin());
                        seen += sign > 0;
                        CHECK(bands[at] == gi.z[k]);
                        CHECK(bands[n + at] == gi.p[k]);
                        CHECK(bands[2 * n + at] == gi.p_adjusted[k]);
                        CHECK(bands[3 * n + at] == gi.bin[k]);
                        CHECK(spots[at] == (sign * gi.bin[k] >= 2 ? std::abs(gi.z[k]) : 0.0));
                    }
            }
        }
        CHECK(seen == unit_cell.size());  // every unit in exactly one tile
    }
}
