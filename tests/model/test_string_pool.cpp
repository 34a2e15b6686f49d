#include "model/incident.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

using namespace hotspots;

TEST_CASE("the string pool gives one index per distinct string, whatever the order") {
    StringPool pool;
    CHECK(pool.size() == 1);
    CHECK(pool.intern("") == 0);  // always there
    std::map<std::string, std::uint32_t> seen{{"", 0}};
    std::mt19937 random(30);
    std::uniform_int_distribution<int> pick(0, 49999), length(0, 40);
    // Values that repeat, share prefixes, and differ only in their length or last byte, through
    // many growths of the table.
    for (int k = 0; k < 200000; ++k) {
        const int n = pick(random);
        std::string s = "On or near Street " + std::to_string(n);
        s.resize(static_cast<std::size_t>(n % 7 == 0 ? length(random) % 3 : s.size() + static_cast<std::size_t>(n % 5)), 'x');
        const auto i = pool.intern(s);
        const auto [it, fresh] = seen.emplace(s, i);
        INFO(s);
        REQUIRE(it->second == i);                // the same string, the same index
        REQUIRE(pool[i] == s);
        if (fresh) REQUIRE(i == seen.size() - 1);  // a new string takes the next index
    }
    CHECK(pool.size() == seen.size());
    StringPool moved(std::move(pool));
    for (const auto& [s, i] : seen) CHECK(moved.intern(s) == i);
    CHECK(moved.size() == seen.size());
}
