// Hotspots from tiles: the threshold over every tile and the groups joined across tile edges
// equal those of the whole grid (hotspots/tile_hotspots.hpp).
#include "hotspots/components.hpp"
#include "hotspots/tile_hotspots.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// Bumps of random size and height, so that hot groups cross tile edges and corners, with
// zeros, negatives and NaN (masked) between; `levels` > 0 rounds the values to so many
// steps, making ties (at the cut and at the peaks).
std::vector<double> bumpy(const Grid& g, unsigned seed, int levels) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ur(0, static_cast<double>(g.rows)), uc(0, static_cast<double>(g.cols)), us(0.5, 5),
        uh(0.2, 3), u(0, 1);
    std::vector<double> v(g.cells(), 0.0);
    for (int b = 0; b < 25; ++b) {
        const double r0 = ur(rng), c0 = uc(rng), s = us(rng), h = uh(rng);
        for (std::size_t r = 0; r < g.rows; ++r)
            for (std::size_t c = 0; c < g.cols; ++c) {
                const double d2 = (std::pow(static_cast<double>(r) - r0, 2) + std::pow(static_cast<double>(c) - c0, 2)) / (s * s);
                if (d2 < 1) v[r * g.cols + c] += h * (1 - d2) * (1 - d2);
            }
    }
    for (auto& x : v) {
        if (levels > 0) x = std::round(x * levels) / levels;
        const double roll = u(rng);
        if (roll < 0.02) x = NAN;
        else if (roll < 0.04) x = -x;
    }
    return v;
}

TileValues cut_into(const std::vector<double>& v, const TileLayout& l) {
    return [&v, l](std::size_t t) {
        const auto w = l.window(t);
        std::vector<double> out;
        for (std::size_t r = 0; r < w.rows; ++r)
            for (std::size_t c = 0; c < w.cols; ++c) out.push_back(v[(w.row0 + r) * l.grid.cols + w.col0 + c]);
        return out;
    };
}

// The k-th largest positive value by sorting all of them (not a selection).
double sorted_kth(const std::vector<double>& v, double percent) {
    std::vector<double> pos;
    for (double x : v)
        if (x > 0) pos.push_back(x);
    std::sort(pos.begin(), pos.end(), std::greater<>());
    const auto k = static_cast<std::size_t>(std::ceil(percent / 100 * static_cast<double>(pos.size())));
    return pos[k - 1];
}

// A group's runs read off the whole grid's labels, row by row.
std::vector<geo::CellRun> runs_from_labels(const Components& c, const Grid& g, std::int32_t id) {
    std::vector<geo::CellRun> out;
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t col = 0; col < g.cols; ++col) {
            if (c.label[r * g.cols + col] != id) continue;
            if (!out.empty() && out.back().row == r && out.back().c1 == col) ++out.back().c1;
            else out.push_back({r, col, col + 1});
        }
    return out;
}

}  // namespace

TEST_CASE("the top:P% cut over tiles is the k-th largest cell, bit for bit, whatever the tiles and budget") {
    const Grid g{0, 0, 10, 61, 47};
    for (unsigned seed : {1u, 2u, 3u}) {
        for (int levels : {0, 4}) {
            const auto v = bumpy(g, seed, levels);
            for (double p : {0.5, 5.0, 20.0, 100.0}) {
                const auto t = parse_threshold("top:" + std::to_string(p) + "%");
                const auto whole = apply_threshold(v, t);
                REQUIRE(whole.cut == sorted_kth(v, p));
                for (std::size_t size : {1u, 7u, 16u, 100u}) {
                    const auto l = tile_layout(g, size);
                    for (std::size_t budget : {1u, 50u, 100000u}) {
                        INFO("seed " << seed << " levels " << levels << " top " << p << "% tile " << size << " budget " << budget);
                        std::size_t passes = 0;
                        const auto tiled = threshold_over_tiles(l, cut_into(v, l), t, budget, &passes);
                        CHECK(tiled.cut == whole.cut);
                        CHECK(tiled.eligible == whole.eligible);
                        CHECK(tiled.details == whole.details);
                        CHECK(passes >= 2);
                        CHECK(passes <= 5);
                    }
                }
            }
        }
    }
}

// share:P% by plain doubles, for values on a grid of quarters (levels 4): every sum is then
// exact in a double, so this sort-and-add is the definition with nothing to round.
double sorted_share(const std::vector<double>& v, double percent) {
    std::vector<double> pos;
    for (double x : v)
        if (x > 0) pos.push_back(x);
    std::sort(pos.begin(), pos.end(), std::greater<>());
    double total = 0, acc = 0;
    for (double x : pos) total += x;
    for (double x : pos)
        if ((acc += x) >= percent / 100 * total) return x;
    return pos.back();
}

TEST_CASE("the share:P% cut over tiles is the whole grid's, bit for bit, whatever the tiles and budget") {
    const Grid g{0, 0, 10, 61, 47};
    for (unsigned seed : {1u, 2u, 3u}) {
        for (int levels : {0, 4}) {
            const auto v = bumpy(g, seed, levels);
            for (double p : {0.5, 5.0, 50.0, 99.0, 100.0}) {
                const auto t = parse_threshold("share:" + std::to_string(p) + "%");
                const auto whole = apply_threshold(v, t);
                if (levels > 0) REQUIRE(whole.cut == sorted_share(v, p));
                for (std::size_t size : {1u, 7u, 16u, 100u}) {
                    const auto l = tile_layout(g, size);
                    for (std::size_t budget : {1u, 50u, 100000u}) {
                        INFO("seed " << seed << " levels " << levels << " share " << p << "% tile " << size << " budget " << budget);
                        std::size_t passes = 0;
                        const auto tiled = threshold_over_tiles(l, cut_into(v, l), t, budget, &passes);
                        CHECK(tiled.cut == whole.cut);
                        CHECK(tiled.eligible == whole.eligible);
                        CHECK(tiled.details == whole.details);
                        CHECK(passes >= 2);
                        CHECK(passes <= 5);
                    }
                }
            }
        }
    }
}

TEST_CASE("share:P% with ties at the cut takes every tied cell, from tiles as from the grid") {
    // 14 cells of 2 and 10 of 1 (and a NaN, a zero and a negative): the total is 38; 50% (19)
    // is reached within the 2s (10 of them hold 20), so the cut is 2 and all fourteen 2s are
    // hot; 80% (30.4) needs the 2s and some 1s: the cut is 1, every positive cell hot.
    const Grid g{0, 0, 1, 9, 3};
    std::vector<double> v(g.cells(), 1.0);
    for (std::size_t c = 0; c < g.cells(); c += 2) v[c] = 2.0;
    v[1] = NAN;
    v[3] = 0;
    v[5] = -4;
    const auto l = tile_layout(g, 2);
    for (const auto& [p, cut] : std::vector<std::pair<std::string, double>>{{"share:50%", 2.0}, {"share:80%", 1.0}}) {
        const auto whole = apply_threshold(v, parse_threshold(p));
        const auto tiled = threshold_over_tiles(l, cut_into(v, l), parse_threshold(p), 1);
        CHECK(whole.cut == cut);
        CHECK(tiled.cut == cut);
        CHECK(whole.eligible == 24);
        CHECK(tiled.eligible == 24);
        CHECK(whole.hot == (cut == 2.0 ? 14u : 24u));
    }
    // All cells equal: every one is hot whatever the share.
    const std::vector<double> flat(g.cells(), 0.3);
    CHECK(threshold_over_tiles(l, cut_into(flat, l), parse_threshold("share:1%"), 1).cut == 0.3);
}

TEST_CASE("mean+Ksd and value:X over tiles agree with the whole grid") {
    const Grid g{0, 0, 10, 53, 38};
    const auto v = bumpy(g, 7, 0);
    const auto l = tile_layout(g, 9);
    const auto t = parse_threshold("mean+1.5sd");
    const auto whole = apply_threshold(v, t);
    const auto tiled = threshold_over_tiles(l, cut_into(v, l), t);
    // The same terms summed in another order: within 2 (n - 1) u of the cut (Higham 2002, 4.2).
    CHECK(std::abs(tiled.cut - whole.cut) <= 2.0 * static_cast<double>(whole.eligible) * 0x1p-53 * whole.cut);
    CHECK(tiled.eligible == whole.eligible);
    const auto value = parse_threshold("value:0.75");
    const auto tv = threshold_over_tiles(l, cut_into(v, l), value);
    CHECK(tv.cut == 0.75);
    CHECK(tv.eligible == apply_threshold(v, value).eligible);
    CHECK(tv.details == apply_threshold(v, value).details);
    const std::vector<double> zeros(g.cells(), 0.0);
    const auto none = threshold_over_tiles(l, cut_into(zeros, l), parse_threshold("top:5%"));
    CHECK(std::isinf(none.cut));
    CHECK(none.eligible == 0);
    CHECK(none.details == apply_threshold(zeros, parse_threshold("top:5%")).details);
}

TEST_CASE("groups joined across tile edges are the whole grid's groups: cells, peak, bounds, runs and incidents") {
    const Grid g{0, 0, 10, 59, 43};
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<std::int64_t> cell(-20, static_cast<std::int64_t>(g.cells()) - 1);
    std::vector<std::int64_t> incident_cell(3000);
    for (auto& c : incident_cell) c = cell(rng);  // some outside (-1 .. -20 as -1)
    for (auto& c : incident_cell) c = std::max<std::int64_t>(c, -1);
    for (unsigned seed : {4u, 5u}) {
        for (int levels : {0, 3}) {
            const auto v = bumpy(g, seed, levels);
            const double cut = apply_threshold(v, parse_threshold("top:15%")).cut;
            const auto whole = connected_components(v, g, cut);
            REQUIRE(whole.list.size() > 3);
            for (std::size_t size : {1u, 2u, 5u, 13u, 43u, 200u}) {
                INFO("seed " << seed << " levels " << levels << " tile " << size);
                const auto l = tile_layout(g, size);
                const auto tiled = groups_over_tiles(l, cut_into(v, l), cut, incident_cell.size(),
                                                     [&](std::size_t i) { return incident_cell[i]; });
                REQUIRE(tiled.list.size() == whole.list.size());
                std::size_t hot = 0;
                for (std::size_t k = 0; k < whole.list.size(); ++k) {
                    const auto& a = whole.list[k];
                    const auto& b = tiled.list[k];
                    CHECK(b.cells == a.cells);
                    CHECK(b.peak == a.peak);
                    CHECK(b.peak_cell == a.peak_cell);
                    CHECK((b.row0 == a.row0 && b.row1 == a.row1 && b.col0 == a.col0 && b.col1 == a.col1));
                    CHECK(std::abs(b.sum - a.sum) <= 2.0 * static_cast<double>(a.cells) * 0x1p-53 * a.sum);
                    const auto want = runs_from_labels(whole, g, static_cast<std::int32_t>(k));
                    const auto got = tiled.runs(k);
                    REQUIRE(got.size() == want.size());
                    for (std::size_t j = 0; j < got.size(); ++j)
                        CHECK((got[j].row == want[j].row && got[j].c0 == want[j].c0 && got[j].c1 == want[j].c1));
                    hot += a.cells;
                }
                CHECK(hot_cells(tiled) == hot);
                for (std::size_t i = 0; i < incident_cell.size(); ++i) {
                    const auto want = incident_cell[i] < 0 ? -1 : whole.label[static_cast<std::size_t>(incident_cell[i])];
                    CHECK(tiled.of_incident[i] == want);
                }
            }
        }
    }
}
