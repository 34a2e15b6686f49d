#include "hotspots/rate_tiles.hpp"

#include "hotspots/rate.hpp"

#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

using namespace hotspots;

namespace {

// A 23 x 17 grid of 10 m cells from (1000, 4830) to (1230, 5000), so no tile size below divides
// it; areas with ragged edges, a hole, two parts that overlap, one smaller than a cell (its
// residents at a point), one touching the grid only in part, and one with no residents.
const Grid grid{1000, 5000, 10, 23, 17};

std::vector<geo::AreaInput> areas() {
    std::vector<geo::AreaInput> a = {
        test::area("A", "POLYGON((995 4825,1093 4840,1120 4921,1040 4990,990 4960,995 4825))"),
        test::area("B", "POLYGON((1093 4840,1240 4830,1235 4930,1120 4921,1093 4840),"
                        "(1150 4860,1190 4860,1190 4900,1150 4900,1150 4860))"),
        test::area("C", "MULTIPOLYGON(((1120 4921,1235 4930,1230 5010,1040 4990,1120 4921)),"
                        "((1140 4940,1200 4940,1200 4980,1140 4980,1140 4940)))"),
        test::area("T", "POLYGON((1171 4871,1173 4871,1173 4873,1171 4873,1171 4871))"),
        test::area("Z", "POLYGON((1000 4830,1050 4830,1050 4860,1000 4860,1000 4830))"),
        test::area("E", "POLYGON((1220 4990,1300 4990,1300 5060,1220 5060,1220 4990))")};
    const double values[] = {1234, 3100.5, 877, 9, 0, 40};
    for (std::size_t i = 0; i < a.size(); ++i) a[i].value = values[i];
    return a;
}

// Cells equal as bit patterns (NaN equal to NaN), or the first difference.
std::string first_difference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return "sizes differ";
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::memcmp(&a[i], &b[i], sizeof(double)) != 0 && !(std::isnan(a[i]) && std::isnan(b[i])))
            return "cell " + std::to_string(i) + ": " + std::to_string(a[i]) + " against " + std::to_string(b[i]);
    return "";
}

std::vector<double> window_of(const std::vector<double>& whole, const GridWindow& w) {
    std::vector<double> out;
    for (std::size_t r = 0; r < w.rows; ++r)
        for (std::size_t c = 0; c < w.cols; ++c) out.push_back(whole[(w.row0 + r) * grid.cols + w.col0 + c]);
    return out;
}

}  // namespace

TEST_CASE("the runs of each area hold its cells, as spread_over_cells counts them") {
    const auto a = areas();
    const SpreadRuns runs(a, grid, 25);
    std::size_t kept = 0;
    for (const auto& area : a) {
        if (!(area.value > 0)) continue;
        const auto cells = geo::rasterize({area.wkb}, grid);
        CHECK(runs.cells(kept++) == static_cast<std::size_t>(std::count(cells.begin(), cells.end(), 1)));
    }
    double total = 0;
    spread_over_cells(a, grid, 25, total);
    CHECK(runs.total() == total);
    CHECK(runs.cells(3) == 0);  // T: smaller than a cell
}

TEST_CASE("the residents' sums in tiles are the whole grid's, bit for bit") {
    const auto a = areas();
    for (Kernel kernel : {Kernel::quartic, Kernel::gaussian, Kernel::uniform}) {
        for (double h : {4.0, 25.0, 61.0}) {
            double total = 0;
            const auto whole = accumulate_kernels(spread_over_cells(a, grid, h, total), grid, kernel, 2);
            const auto spread = std::make_shared<const SpreadRuns>(a, grid, h);
            for (std::size_t size : {1u, 3u, 5u, 8u, 30u}) {
                const auto layout = tile_layout(grid, size);
                const auto tile = spread_tiles(spread, layout, kernel, h, 2);
                for (std::size_t t = 0; t < layout.tiles(); ++t) {
                    const auto diff = first_difference(tile(t), window_of(whole, layout.window(t)));
                    INFO("kernel " << to_string(kernel) << ", h " << h << ", tiles of " << size << ", tile " << t);
                    REQUIRE(diff.empty());
                }
            }
        }
    }
}

TEST_CASE("the rate in tiles is divide_by's over the whole grid, its floor the same median") {
    const auto a = areas();
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(990, 1240), uy(4820, 5010), uw(0.5, 2);
    std::vector<KernelPoint> incidents(300);
    for (auto& p : incidents) p = {ux(rng), uy(rng), uw(rng), 25};
    double total = 0;
    const auto den = accumulate_kernels(spread_over_cells(a, grid, 25, total), grid, Kernel::quartic, 1);
    // A floor given at the 30th percentile of the denominator's cells: some cells blank.
    std::vector<double> sorted = den;
    std::sort(sorted.begin(), sorted.end());
    const double given = sorted[sorted.size() * 3 / 10];
    for (double minimum : {-1.0, 0.0, given}) {
        auto whole = accumulate_kernels(incidents, grid, Kernel::quartic, 1);
        const auto cut = divide_by(whole, den, minimum);
        if (minimum == given) REQUIRE(std::count_if(whole.begin(), whole.end(), [](double v) { return std::isnan(v); }) > 0);
        const auto spread = std::make_shared<const SpreadRuns>(a, grid, 25);
        for (std::size_t size : {2u, 7u, 23u}) {
            const auto layout = tile_layout(grid, size);
            const auto tiled = std::make_shared<const TiledKde>(
                incidents.size(), [&](std::size_t i) { return incidents[i]; }, layout, Kernel::quartic, 2);
            const TiledRate rate(tiled, spread_tiles(spread, layout, Kernel::quartic, 25, 2), minimum);
            CHECK(rate.minimum() == cut.minimum);
            if (minimum < 0) {
                // The median by brute force: the upper middle of the positive cells, sorted.
                std::vector<double> positive;
                for (double d : den)
                    if (d > 0) positive.push_back(d);
                std::sort(positive.begin(), positive.end());
                CHECK(rate.positive() == positive.size());
                CHECK(rate.median() == positive[positive.size() / 2]);
                CHECK(rate.passes() >= 2);
            }
            for (std::size_t t = 0; t < layout.tiles(); ++t) {
                INFO("floor " << minimum << ", tiles of " << size << ", tile " << t);
                REQUIRE(first_difference(rate.tile(t), window_of(whole, layout.window(t))).empty());
            }
        }
    }
}

TEST_CASE("the k-th largest over tiles is the sorted cells' k-th, ties and NaN included") {
    const Grid g{0, 100, 1, 13, 11};
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<int> pick(0, 9);
    std::vector<double> cells(g.cells());
    for (auto& v : cells) {
        const int k = pick(rng);
        v = k == 0 ? NAN : k == 1 ? -2.0 : k == 2 ? 0.0 : k < 6 ? 1.5 : std::ldexp(1.0 + pick(rng) / 16.0, pick(rng) - 5);
    }
    std::vector<double> positive;
    for (double v : cells)
        if (v > 0) positive.push_back(v);
    std::sort(positive.begin(), positive.end(), std::greater<>());
    for (std::size_t size : {1u, 4u, 13u}) {
        const auto layout = tile_layout(g, size);
        const TileValues tile = [&](std::size_t t) {
            const auto w = layout.window(t);
            std::vector<double> out;
            for (std::size_t r = 0; r < w.rows; ++r)
                for (std::size_t c = 0; c < w.cols; ++c) out.push_back(cells[(w.row0 + r) * g.cols + w.col0 + c]);
            return out;
        };
        for (std::size_t budget : {1u, 5u, 1000u})
            for (std::size_t k : {std::size_t{1}, std::size_t{2}, median_rank_from_top(positive.size()), positive.size()}) {
                std::size_t n = 0;
                const double v = kth_largest_over_tiles(layout, tile, [&](std::size_t m) {
                    n = m;
                    return k;
                }, budget);
                CHECK(n == positive.size());
                CHECK(v == positive[k - 1]);
            }
    }
}
