#include "hotspots/site_study.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

namespace {

Incident at(double x, double y, double weight = 1) {
    Incident i;
    i.x = x;
    i.y = y;
    i.weight = weight;
    return i;
}

}  // namespace

TEST_CASE("incidents at one point merge into one demand point, weights summed, in the order first met") {
    IncidentSet set;
    set.incidents = {at(10, 0, 2), at(0, 0), at(10, 0, 3), at(10, 0)};
    const auto d = site_demand(set);
    REQUIRE(d.points.size() == 2);
    CHECK(d.points[0].x == 10);
    CHECK(d.weight == std::vector<double>{6, 1});
    CHECK(d.incidents == std::vector<std::uint64_t>{3, 1});
    CHECK(d.hotspot == std::vector<int>{-1, -1});
    CHECK_FALSE(d.month_only);
}

TEST_CASE("an existing site counts first; each chosen site adds only what is not yet covered") {
    // Demand on a line at 0, 100, 200, 300 (weights 1, 2, 3, 4); radius 60. The existing site
    // at 300 covers 4; of the candidates at 0, 100 and 150, the best two new sites are 150
    // (covers 100 and 200: 5) then 0 (covers 0: 1); the site at 100 adds only 1 after 150.
    IncidentSet set;
    set.incidents = {at(0, 0, 1), at(100, 0, 2), at(200, 0, 3), at(300, 0, 4)};
    SiteCandidates c;
    c.points = {{0, 0}, {100, 0}, {150, 0}};
    c.existing = {{300, 0}};
    SiteSettings s;
    s.radius = 60;
    s.count = 2;
    s.solver = "greedy";
    const auto r = site_study(site_demand(set), c, s);
    REQUIRE(r.reach);
    CHECK(r.pairs == 5);  // 0:{0} 100:{100} 150:{100,200} existing:{300}
    CHECK(r.existing_incidents == 1);
    CHECK(r.solution.existing_covered == 4);
    REQUIRE(r.picks.size() == 2);
    CHECK(r.picks[0].site == 2);
    CHECK(r.picks[0].gain == 5);
    CHECK(r.picks[0].incidents_new == 2);
    CHECK(r.picks[0].covered == 9);
    CHECK(r.picks[1].gain == 1);
    CHECK(r.picks[1].covered == 10);
    CHECK(r.picks[1].incidents_covered == 4);
    // One candidate left out: two of three drawn at random; every pair covers at least
    // 4 (existing) + 3 (100 and 0) and at most all 10.
    CHECK(r.random_draws == 20);
    CHECK(r.random_mean >= 7);
    CHECK(r.random_mean <= 10);
}

TEST_CASE("no candidate within reach solves nothing; an unreachable share says why instead of throwing") {
    IncidentSet set;
    set.incidents = {at(0, 0), at(1000, 0)};
    SiteCandidates c;
    c.points = {{5000, 0}};
    SiteSettings s;
    s.radius = 50;
    CHECK_FALSE(site_study(site_demand(set), c, s).reach);
    c.points = {{0, 0}};
    s.model = "lscp";
    s.share = 0.9;
    const auto r = site_study(site_demand(set), c, s);
    CHECK(r.reach);
    CHECK_FALSE(r.infeasible.empty());
}
