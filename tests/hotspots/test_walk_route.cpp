#include "hotspots/walk_route.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

namespace {

WalkStop stop(double x, double y, double prize) {
    WalkStop s;
    s.centre = {x, y};
    s.prize = prize;
    return s;
}

std::vector<std::string> notes, warnings;
const WalkMessages quiet{[](const std::string& m) { notes.push_back(m); },
                         [](const std::string& m) { warnings.push_back(m); }, [](const std::string&) {}};

}  // namespace

TEST_CASE("without a network a walk is straight lines; the best route within the length is the enumerated one") {
    // From (0,0), no end, 400 m: 100 then 200 along x (200 m, prize 6) beats (0,300) alone
    // (300 m, prize 4); 100 then (0,300) needs 100 + sqrt(100^2 + 300^2) = 416 m. The stop at
    // 1000 m is beyond the length as the crow flies and is no candidate.
    const std::vector<WalkStop> stops = {stop(100, 0, 5), stop(0, 300, 4), stop(200, 0, 1), stop(1000, 0, 9)};
    WalkSettings s;
    s.budget = 400;
    s.detour = 1;
    warnings.clear();
    auto plan = plan_walk(stops, s, quiet);
    CHECK(plan.candidates == 3);
    CHECK(plan.reachable == 3);
    CHECK(plan.prize_available == 10);
    CHECK(plan.prize == 6);
    CHECK(plan.length == Approx(200));
    REQUIRE(plan.stops.size() == 2);
    CHECK(plan.stops[0].centre.x == 100);
    CHECK(plan.stops[1].centre.x == 200);
    CHECK(plan.legs.size() == 2);  // no end: no leg after the last stop
    CHECK(plan.legs[1].length == Approx(100));
    CHECK(warnings.size() == 1);  // no network: said once

    // One visit: the single stop worth most; a round walk back to the start adds its leg home.
    s.visits = 1;
    s.has_end = true;
    plan = plan_walk(stops, s, quiet);
    REQUIRE(plan.stops.size() == 1);
    CHECK(plan.stops[0].prize == 5);
    CHECK(plan.length == Approx(200));
    CHECK(plan.legs.size() == 2);
}

TEST_CASE("along a network the walk goes round the corner, naming the streets, and a stop beyond reach that way says so") {
    // An L of two streets: (0,0)-(100,0) "High Road" then (100,0)-(100,100) "Mill Lane". The
    // stop at (100,100) is 141 m away as the crow flies but 200 m along the streets.
    const std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}}, "High Road"}, {{{100, 0}, {100, 100}}, "Mill Lane"}};
    WalkSettings s;
    s.network = &lines;
    s.budget = 250;
    notes.clear();
    const auto plan = plan_walk({stop(100, 100, 3)}, s, quiet);
    CHECK(plan.on_network);
    CHECK(plan.length == Approx(200));
    REQUIRE(plan.legs.size() == 1);
    CHECK(plan.legs[0].via == "High Road (100 m), Mill Lane (100 m)");
    CHECK(plan.network_note.find("2 edges in 1 connected pieces") != std::string::npos);
    s.budget = 150;
    // Within 150 m as the crow flies, so a candidate; the search along the streets stops at
    // 150 m and never reaches it.
    CHECK_THROWS_WITH(plan_walk({stop(100, 100, 3)}, s, quiet), Catch::Contains("no stop is within --max-length 150 m"));
}
