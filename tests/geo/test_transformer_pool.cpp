#include "geo/transformer_pool.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <thread>
#include <vector>

using namespace hotspots::geo;

namespace {

// Points in and around England in lon/lat (some outside the grid's area, some NaN-bound).
void points(std::vector<double>& x, std::vector<double>& y) {
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(-9.0, 3.0), lat(49.0, 61.0);
    x.resize(2000);
    y.resize(2000);
    for (std::size_t k = 0; k < x.size(); ++k) x[k] = lon(rng), y[k] = lat(rng);
}

// The same bits from `t` as from a transformer made on the spot.
bool same_as_new(const Transformer& t, const std::string& from, const std::string& to) {
    const Transformer fresh(from, to);
    std::vector<double> x, y;
    points(x, y);
    auto x2 = x, y2 = y;
    t.transform(x.data(), y.data(), x.size());
    fresh.transform(x2.data(), y2.data(), x2.size());
    const auto& a = t.valid_box();
    const auto& b = fresh.valid_box();
    return std::memcmp(x.data(), x2.data(), x.size() * sizeof(double)) == 0 &&
           std::memcmp(y.data(), y2.data(), y.size() * sizeof(double)) == 0 && t.operation() == fresh.operation() &&
           t.is_identity() == fresh.is_identity() && a.xmin == b.xmin && a.ymin == b.ymin && a.xmax == b.xmax &&
           a.ymax == b.ymax;
}

}  // namespace

TEST_CASE("a transformer made ahead is the one take() would have made", "[transformer_pool]") {
    TransformerPool pool;
    pool.prepare({{"EPSG:4326", "EPSG:27700"}, {"EPSG:27700", "EPSG:4326"}});
    const auto forward = pool.take("EPSG:4326", "EPSG:27700");
    const auto back = pool.take("EPSG:27700", "EPSG:4326");
    REQUIRE(forward);
    REQUIRE(back);
    CHECK(forward.get() != back.get());
    CHECK(same_as_new(*forward, "EPSG:4326", "EPSG:27700"));
    CHECK(same_as_new(*back, "EPSG:27700", "EPSG:4326"));
    // None prepared for this pair: made on the spot.
    const auto other = pool.take("EPSG:4326", "EPSG:3857");
    CHECK(same_as_new(*other, "EPSG:4326", "EPSG:3857"));
}

TEST_CASE("each transformer made ahead goes to one taker, the others get their own", "[transformer_pool]") {
    TransformerPool pool;
    pool.prepare({{"EPSG:4326", "EPSG:27700"}, {"EPSG:4326", "EPSG:27700"}});
    // Four threads at once (two take prepared ones, maybe while they are being made).
    std::vector<std::unique_ptr<Transformer>> taken(4);
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < taken.size(); ++k)
        threads.emplace_back([&, k] { taken[k] = pool.take("EPSG:4326", "EPSG:27700"); });
    for (auto& t : threads) t.join();
    for (std::size_t k = 0; k < taken.size(); ++k) {
        REQUIRE(taken[k]);
        for (std::size_t j = 0; j < k; ++j) CHECK(taken[j].get() != taken[k].get());
        CHECK(same_as_new(*taken[k], "EPSG:4326", "EPSG:27700"));
    }
}

TEST_CASE("a CRS PROJ does not know fails in take(), with the constructor's message", "[transformer_pool]") {
    std::string expected;
    try {
        Transformer("EPSG:4326", "NOT:A_CRS");
    } catch (const CrsError& e) {
        expected = e.what();
    }
    REQUIRE_FALSE(expected.empty());
    TransformerPool pool;
    pool.prepare({{"EPSG:4326", "NOT:A_CRS"}, {"EPSG:4326", "EPSG:27700"}});
    try {
        pool.take("EPSG:4326", "NOT:A_CRS");
        FAIL("no error");
    } catch (const CrsError& e) {
        CHECK(std::string(e.what()) == expected);
    }
    // The pair after the failed one is still made and handed out.
    CHECK(same_as_new(*pool.take("EPSG:4326", "EPSG:27700"), "EPSG:4326", "EPSG:27700"));
}

TEST_CASE("a pool dropped with transformers not taken leaves nothing behind", "[transformer_pool]") {
    // The destructor waits for the one being made and drops the rest (ASan: no leak).
    auto pool = std::make_unique<TransformerPool>();
    pool->prepare({{"EPSG:4326", "EPSG:27700"}, {"EPSG:27700", "EPSG:4326"}, {"EPSG:4326", "EPSG:3857"}});
    const auto first = pool->take("EPSG:4326", "EPSG:27700");
    pool.reset();
    CHECK(same_as_new(*first, "EPSG:4326", "EPSG:27700"));
}
