#include "geo/point_memo.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace hotspots::geo;

namespace {

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// `distinct` map points in England and Wales at 6 decimals, as police.uk writes them, each
// repeated over `n` rows in a shuffled order.
void snapped(std::size_t distinct, std::size_t n, std::vector<double>& x, std::vector<double>& y) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(-4.5, 0.5), lat(51.0, 54.5);
    std::vector<double> px(distinct), py(distinct);
    for (std::size_t k = 0; k < distinct; ++k) {
        px[k] = std::round(lon(rng) * 1e6) / 1e6;
        py[k] = std::round(lat(rng) * 1e6) / 1e6;
    }
    x.resize(n);
    y.resize(n);
    std::uniform_int_distribution<std::size_t> pick(0, distinct - 1);
    for (std::size_t i = 0; i < n; ++i) {
        const auto k = i < distinct ? i : pick(rng);  // every point at least once
        x[i] = px[k];
        y[i] = py[k];
    }
    std::shuffle(x.begin(), x.end(), std::mt19937(11));
    std::shuffle(y.begin(), y.end(), std::mt19937(11));  // the same permutation
}

// Each point transformed alone by a transformer of its own: the reference.
void one_by_one(const std::vector<double>& x, const std::vector<double>& y, std::vector<double>& rx, std::vector<double>& ry) {
    Transformer t("EPSG:4326", "EPSG:27700");
    rx = x;
    ry = y;
    for (std::size_t i = 0; i < x.size(); ++i) t.transform(rx[i], ry[i]);
}

// Runs the memo over x, y in calls of the given sizes (cycled).
void through_memo(PointMemo& memo, std::vector<double>& x, std::vector<double>& y, const std::vector<std::size_t>& calls) {
    for (std::size_t at = 0, c = 0; at < x.size(); ++c) {
        const std::size_t len = std::min(calls[c % calls.size()], x.size() - at);
        memo.transform(x.data() + at, y.data() + at, len);
        at += len;
    }
}

}  // namespace

TEST_CASE("remembered points are PROJ's own bits, and each distinct point goes to PROJ once", "[crs]") {
    std::vector<double> x, y, rx, ry;
    snapped(300, 20000, x, y);
    one_by_one(x, y, rx, ry);
    Transformer t("EPSG:4326", "EPSG:27700");
    PointMemo memo(t);
    // Calls of uneven sizes: a point is new in one call and remembered in later ones, or
    // repeated within the call where it is new.
    through_memo(memo, x, y, {1, 7, 5000, 333, 14659});
    for (std::size_t i = 0; i < x.size(); ++i) {
        INFO("row " << i);
        REQUIRE(same_bits(x[i], rx[i]));
        REQUIRE(same_bits(y[i], ry[i]));
    }
    CHECK(memo.computed() == 300);
    CHECK(memo.found() == 20000 - 300);
}

TEST_CASE("past its size the memo still gives PROJ's bits, and drops its table for points that do not repeat",
          "[crs]") {
    Transformer t("EPSG:4326", "EPSG:27700");
    SECTION("mostly repeated: the first points are kept, later new ones computed each time") {
        std::vector<double> x, y, rx, ry;
        snapped(50, 5000, x, y);
        one_by_one(x, y, rx, ry);
        PointMemo memo(t, 40);
        through_memo(memo, x, y, {1000});
        for (std::size_t i = 0; i < x.size(); ++i) REQUIRE((same_bits(x[i], rx[i]) && same_bits(y[i], ry[i])));
        CHECK(memo.computed() > 50);  // the 10 points not kept go to PROJ every time
        CHECK(memo.found() + memo.computed() == 5000);
        CHECK(memo.found() > memo.computed());  // still on: most rows were the 40 kept points
    }
    SECTION("all distinct: once full, every point goes to PROJ") {
        std::vector<double> x, y, rx, ry;
        snapped(3000, 3000, x, y);
        one_by_one(x, y, rx, ry);
        PointMemo memo(t, 100);
        through_memo(memo, x, y, {500});
        // The first call filled the table with points seen once: it was dropped.
        for (std::size_t i = 0; i < x.size(); ++i) REQUIRE((same_bits(x[i], rx[i]) && same_bits(y[i], ry[i])));
        CHECK(memo.found() == 0);
        CHECK(memo.computed() == 3000);
    }
}

TEST_CASE("points PROJ cannot take stay NaN, and the identity changes nothing", "[crs]") {
    Transformer t("EPSG:4326", "EPSG:27700");
    PointMemo memo(t);
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<double> x = {-1.5, inf, -1.5, nan, 400.0, 400.0}, y = {52.0, 52.0, 52.0, 52.0, 95.0, 95.0};
    std::vector<double> rx = x, ry = y;
    t.transform(rx.data(), ry.data(), rx.size());
    memo.transform(x.data(), y.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        INFO("point " << i);
        CHECK((same_bits(x[i], rx[i]) || (std::isnan(x[i]) && std::isnan(rx[i]))));
        CHECK((same_bits(y[i], ry[i]) || (std::isnan(y[i]) && std::isnan(ry[i]))));
    }
    CHECK(std::isnan(x[1]));
    CHECK(same_bits(x[0], x[2]));

    Transformer same("EPSG:27700", "EPSG:27700");
    PointMemo none(same);
    double px = 530000.25, py = 180000.5;
    none.transform(&px, &py, 1);
    CHECK(px == 530000.25);
    CHECK(py == 180000.5);
}

TEST_CASE("a call of more points than one block gives PROJ's bits, each distinct point computed once", "[crs]") {
    // 200,000 rows in one call: the memo works through them in blocks of 65,536, a point new
    // in one block remembered in the next.
    std::vector<double> x, y, rx, ry;
    snapped(5000, 200000, x, y);
    one_by_one(x, y, rx, ry);
    Transformer t("EPSG:4326", "EPSG:27700");
    PointMemo memo(t);
    memo.transform(x.data(), y.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        INFO("row " << i);
        REQUIRE(same_bits(x[i], rx[i]));
        REQUIRE(same_bits(y[i], ry[i]));
    }
    CHECK(memo.computed() == 5000);
    CHECK(memo.found() == 200000 - 5000);
}
