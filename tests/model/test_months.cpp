// months_of against a set of every incident's month_number.
#include "model/months.hpp"
#include "model/time.hpp"

#include <catch2/catch.hpp>

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
