// months_of against a set of every incident's month_number, and populate_pages against the
// bytes it must leave as they were.
#include "model/memory.hpp"
#include "model/months.hpp"
#include "model/time.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <random>
#include <set>
#include <vector>

using namespace hotspots;

TEST_CASE("months_of: every month an incident starts in, once, whatever the threads", "[months]") {
    std::mt19937_64 rng(7);
    std::vector<Incident> incidents;
    auto add = [&](Seconds t) {
        Incident i;
        i.from = t;
        i.to = t;
        incidents.push_back(i);
    };
    // Months' first seconds, each after the last second of the month before (a bound taken one
    // second wrong misses the month), before 1970 and before year 0; times at random; a run
    // within months (the bounds kept).
    for (int m : {-13, -12, -1, 0, 1, 11, 12, 23640, 24287, 24288, 24299}) {
        const int y = m >= 0 ? m / 12 : -((-m + 11) / 12);
        const Seconds first = days_from_civil(y, m - 12 * y + 1, 1) * seconds_per_day;
        add(first - 1);  // the last second of the month before, then the first of this one
        add(first);
    }
    // Far from those months, so that none of these hides a month missed above.
    std::uniform_int_distribution<Seconds> any(7'300'000'000LL, 13'000'000'000LL);  // years 2201-2381
    for (int k = 0; k < 20000; ++k) add(any(rng));
    for (int k = 0; k < 30000; ++k) add(4'100'000'000LL + k * 600);  // a sorted run over months of 2099
    std::set<int> expected;
    for (const auto& i : incidents) expected.insert(month_number(i.from));
    const std::vector<int> want(expected.begin(), expected.end());
    for (unsigned threads : {1u, 2u, 3u, 8u}) CHECK(months_of(incidents, threads) == want);
    CHECK(months_of({}, 2).empty());
}

TEST_CASE("populate_pages leaves a buffer's bytes as they were", "[memory]") {
    const std::size_t n = (std::size_t{12} << 20) / sizeof(std::uint64_t);  // 12 MB, not page-aligned at its start
    std::unique_ptr<std::uint64_t[]> buffer(new std::uint64_t[n + 1]);
    std::uint64_t* p = buffer.get() + 1;
    for (std::size_t i = 0; i < n; ++i) p[i] = i * 0x9E3779B97F4A7C15ULL;
    populate_pages(p, n * sizeof(std::uint64_t));
    populate_pages(p, 0);
    populate_pages(nullptr, 4096);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < n; ++i) changed += p[i] != i * 0x9E3779B97F4A7C15ULL;
    CHECK(changed == 0);
}
