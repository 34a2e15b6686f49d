#include "geo/area_index.hpp"
#include "hotspots/sample_generator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace hotspots;

TEST_CASE("the sample is deterministic by seed", "[sample]") {
    const auto a = generate_sample(7), b = generate_sample(7), c = generate_sample(8);
    REQUIRE(a.incidents.size() == b.incidents.size());
    for (std::size_t i = 0; i < a.incidents.size(); ++i) {
        REQUIRE(a.incidents[i].x == b.incidents[i].x);
        REQUIRE(a.incidents[i].from == b.incidents[i].from);
        REQUIRE(a.incidents[i].crime_id == b.incidents[i].crime_id);
    }
    CHECK(a.wards[0].wkb == b.wards[0].wkb);
    CHECK(a.incidents.size() != c.incidents.size());
}

TEST_CASE("the sample's areas partition the BCU and hold every incident", "[sample]") {
    const auto s = generate_sample(20260101);
    REQUIRE(s.wards.size() == 21);
    REQUIRE(s.boroughs.size() == 3);
    CHECK(s.incidents.size() > 18000);
    CHECK(s.incidents.size() < 22000);
    std::vector<geo::AreaInput> wards, bcu;
    for (const auto& w : s.wards) wards.push_back({w.code, w.name, w.wkb, w.code});
    bcu.push_back({s.bcu[0].code, s.bcu[0].name, s.bcu[0].wkb, "bcu"});
    std::vector<geo::AreaNote> notes;
    geo::AreaIndex ward_index(wards, notes), bcu_index(bcu, notes);
    CHECK(notes.empty());
    double sum = 0;
    for (std::size_t i = 0; i < ward_index.size(); ++i) sum += ward_index.area_m2(i);
    CHECK(sum == Approx(bcu_index.area_m2(0)).epsilon(1e-9));
    geo::AreaLocator locate(ward_index);
    for (const auto& inc : s.incidents) REQUIRE(locate.locate(inc.x, inc.y) >= 0);
}

TEST_CASE("planted truth is in the incidents", "[sample]") {
    const auto s = generate_sample(20260101);
    // Every planted repeat address has at least its planted count of incidents there.
    std::map<std::string, int> at_address;
    for (const auto& i : s.incidents)
        if (!i.address_ref.empty()) ++at_address[i.address_ref];
    for (const auto& r : s.repeats) CHECK(at_address[r.address_ref] >= r.count);
    // Chain links follow each other within 14 days (and a few hours) and 200 m of the first.
    std::map<int, std::vector<ChainLink>> chains;
    for (const auto& c : s.chains) chains[c.chain].push_back(c);
    CHECK(chains.size() == 40);
    for (const auto& [id, links] : chains) {
        for (std::size_t k = 1; k < links.size(); ++k) {
            CHECK(links[k].from > links[k - 1].from);
            CHECK(links[k].from - links[k - 1].from <= 14 * seconds_per_day + 3 * 3600);
            CHECK(std::hypot(links[k].x - links[0].x, links[k].y - links[0].y) < 200);
        }
    }
    // Each planted hotspot has its incidents concentrated near its centre.
    for (const auto& h : s.hotspots) {
        int near = 0;
        for (const auto& i : s.incidents)
            if (i.category == h.category && std::hypot(i.x - h.x, i.y - h.y) < 2 * h.sd) ++near;
        CHECK(near >= h.count * 8 / 10);
    }
}
