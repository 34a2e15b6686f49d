#include "hotspots/cocoon.hpp"

#include "model/time.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

namespace {

Seconds day(int y, int m, int d) { return days_from_civil(y, m, d) * seconds_per_day; }

Incident at(double x, double y, Seconds when, TimePrecision p = TimePrecision::day) {
    Incident i;
    i.x = x;
    i.y = y;
    i.from = when;
    i.to = p == TimePrecision::month ? when + 29 * seconds_per_day : when;
    i.precision = p;
    return i;
}

}  // namespace

TEST_CASE("circles that overlap merge; zones are listed most recent first and expire days after their last") {
    IncidentSet set;
    set.incidents = {at(0, 0, day(2024, 12, 2)), at(300, 0, day(2024, 12, 9)),   // 300 m apart: radius 200 overlaps
                     at(5000, 0, day(2024, 12, 20)),                             // alone
                     at(9000, 0, day(2024, 10, 1))};                             // before --since
    const auto z = cocoon_zones(set, day(2024, 12, 1), 200, 28);
    CHECK(z.recent == 3);
    REQUIRE(z.zones.size() == 2);
    CHECK(z.zones[0].incidents == std::vector<std::size_t>{2});
    CHECK(z.zones[1].incidents == std::vector<std::size_t>{0, 1});
    CHECK(z.zones[1].first == day(2024, 12, 2));
    CHECK(z.zones[1].last == day(2024, 12, 9));
    CHECK(z.zones[1].expires == day(2025, 1, 6));
    CHECK_FALSE(z.month_only);
}

TEST_CASE("a month-only incident is recent when its month reaches since, and counts as of its last day") {
    IncidentSet set;
    set.incidents = {at(0, 0, day(2024, 11, 1), TimePrecision::month)};
    const auto z = cocoon_zones(set, day(2024, 11, 20), 200, 28);
    REQUIRE(z.zones.size() == 1);
    CHECK(z.month_only);
    CHECK(z.zones[0].last == day(2024, 11, 30));
    CHECK(z.zones[0].expires == day(2024, 12, 28));
}

TEST_CASE("nothing since gives no zone, with the latest incident for the message") {
    IncidentSet set;
    set.incidents = {at(0, 0, day(2024, 3, 5))};
    const auto z = cocoon_zones(set, day(2024, 12, 1), 200, 28);
    CHECK(z.recent == 0);
    CHECK(z.zones.empty());
    CHECK(z.latest == day(2024, 3, 5));
}
