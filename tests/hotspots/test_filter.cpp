#include "hotspots/filter.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

namespace {

IncidentSet three() {
    IncidentSet set;
    const char* dates[] = {"2019-01", "2019-06-15", "2020-01-01T00:00"};
    const char* types[] = {"Burglary", "Residential burglary", "Robbery"};
    for (int k = 0; k < 3; ++k) {
        Incident i;
        auto w = parse_when(dates[k]);
        i.from = w->from;
        i.to = w->to;
        i.crime_type = set.strings().intern(types[k]);
        i.category = categorise(types[k]);
        set.incidents.push_back(i);
    }
    return set;
}

}  // namespace

TEST_CASE("period filter uses the start date, inclusive", "[filter]") {
    auto set = three();
    FilterOptions o;
    o.from = parse_when("2019-01")->from;
    o.to = parse_when("2019-12")->to;
    FilterCounts c;
    auto keep = select(set, o, c);
    CHECK(keep == std::vector<bool>{true, true, false});
    CHECK(c.after_to == 1);
    CHECK(c.total() == 1);
}

TEST_CASE("crime type filter: a category or a raw type", "[filter]") {
    auto set = three();
    FilterOptions o;
    o.crime_types = {"burglary"};
    FilterCounts c;
    CHECK(select(set, o, c) == std::vector<bool>{true, true, false});
    CHECK(c.other_type == 1);
    o.crime_types = {"residential BURGLARY"};
    FilterCounts c2;
    CHECK(select(set, o, c2) == std::vector<bool>{false, true, false});
    o.crime_types = {"no such thing"};
    FilterCounts c3;
    CHECK_THROWS_AS(select(set, o, c3), std::invalid_argument);
}

TEST_CASE("keep_selected compacts incidents and columns together", "[filter]") {
    auto set = three();
    std::vector<std::vector<std::int32_t>> cols{{10, 11, 12}};
    keep_selected(set, {false, true, true}, cols);
    REQUIRE(set.incidents.size() == 2);
    CHECK(cols[0] == std::vector<std::int32_t>{11, 12});
    CHECK(set.text(set.incidents[0].crime_type) == "Residential burglary");
}
