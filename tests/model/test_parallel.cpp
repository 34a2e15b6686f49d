#include "model/parallel.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

using namespace hotspots;

TEST_CASE("chunks cover the range exactly once", "[parallel]") {
    for (unsigned threads : {1u, 2u, 3u, 8u}) {
        for (std::size_t n : {0u, 1u, 5u, 1000u}) {
            std::vector<int> hits(n, 0);
            parallel_chunks(n, threads, [&](std::size_t b, std::size_t e, unsigned) {
                for (std::size_t i = b; i < e; ++i) ++hits[i];
            });
            for (auto h : hits) REQUIRE(h == 1);
        }
    }
}

TEST_CASE("the lowest failing item is reported", "[parallel]") {
    for (int round = 0; round < 20; ++round) {
        try {
            parallel_items(50, 4, [](std::size_t i, unsigned) {
                if (i == 7 || i == 30) throw std::runtime_error(std::to_string(i));
            });
            FAIL("no exception");
        } catch (const std::runtime_error& e) {
            REQUIRE(std::string(e.what()) == "7");
        }
    }
}
