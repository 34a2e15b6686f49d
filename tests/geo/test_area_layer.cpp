#include "geo/area_layer.hpp"
#include "hotspots/summary.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;
using hotspots::test::area;

namespace {

Incident at(double x, double y, const char* date) {
    Incident i;
    i.x = x;
    i.y = y;
    i.from = i.to = parse_when(date)->from;
    return i;
}

std::shared_ptr<const geo::AreaIndex> index_of(std::vector<geo::AreaInput> inputs) {
    std::vector<geo::AreaNote> notes;
    return std::make_shared<const geo::AreaIndex>(inputs, notes);
}

}  // namespace

TEST_CASE("incidents map to the boundaries in force on their date", "[mapping]") {
    // Old: one ward over the square. New (from 2022-05-05): split in two halves.
    auto old_gen = index_of({area("OLD", "POLYGON((0 0,100 0,100 100,0 100,0 0))")});
    auto new_gen = index_of({area("NEWW", "POLYGON((0 0,50 0,50 100,0 100,0 0))"),
                             area("NEWE", "POLYGON((50 0,100 0,100 100,50 100,50 0))")});
    AreaLayer layer("ward", {{new_gen, parse_when("2022-05-05")->from, std::nullopt, "new"},
                             {old_gen, std::nullopt, parse_when("2022-05-04")->to, "old"}});
    IncidentSet set;
    set.incidents = {at(25, 50, "2022-05-04T23:59"), at(25, 50, "2022-05-05T00:00"), at(75, 50, "2023-01-01"),
                     at(500, 500, "2023-01-01")};
    auto result = map_to_areas(set, {layer}, 2);
    REQUIRE(result.size() == 1);
    CHECK(layer.code(result[0][0]) == "OLD");
    CHECK(layer.code(result[0][1]) == "NEWW");
    CHECK(layer.code(result[0][2]) == "NEWE");
    CHECK(result[0][3] == outside_all);

    auto rows = summarise(set, {layer}, result);
    // Three areas, then "outside" (no "no-boundaries" row: it is empty).
    REQUIRE(rows.size() == 4);
    CHECK(rows[3].code == "outside");
    CHECK(rows[3].total == 1);
    std::uint64_t total = 0;
    for (const auto& r : rows) total += r.total;
    CHECK(total == set.incidents.size());
}

TEST_CASE("a gap between generations is reported, overlaps refused", "[mapping]") {
    auto gen = index_of({area("A", "POLYGON((0 0,10 0,10 10,0 10,0 0))")});
    AreaLayer layer("ward", {{gen, std::nullopt, parse_when("2020-12-31")->to, "a"},
                             {gen, parse_when("2022-01-01")->from, std::nullopt, "b"}});
    IncidentSet set;
    set.incidents = {at(5, 5, "2021-06-01")};
    CHECK(map_to_areas(set, {layer}, 1)[0][0] == no_generation);
    CHECK_THROWS_AS(AreaLayer("ward", {{gen, std::nullopt, parse_when("2022-06-01")->to, "a"},
                                       {gen, parse_when("2022-01-01")->from, std::nullopt, "b"}}),
                    std::invalid_argument);
}

TEST_CASE("mapping does not depend on the number of threads", "[mapping]") {
    auto gen = index_of({area("A", "POLYGON((0 0,60 0,60 100,0 100,0 0))"), area("B", "POLYGON((60 0,100 0,100 100,60 100,60 0))")});
    AreaLayer layer("ward", {{gen, std::nullopt, std::nullopt, "g"}});
    IncidentSet set;
    for (int i = 0; i < 5000; ++i) set.incidents.push_back(at((i * 37) % 120, (i * 53) % 110, "2020-01-01"));
    const auto one = map_to_areas(set, {layer}, 1);
    for (unsigned t : {2u, 3u, 7u}) CHECK(map_to_areas(set, {layer}, t) == one);
}
