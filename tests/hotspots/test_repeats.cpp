#include "hotspots/repeats.hpp"
#include "hotspots/sample_generator.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>

using namespace hotspots;

namespace {

Incident at(double x, double y, double day) {
    Incident i;
    i.x = x;
    i.y = y;
    i.from = i.to = static_cast<Seconds>(day * 86400);
    i.precision = TimePrecision::day;
    return i;
}

// Gini by its definition: mean absolute difference over all ordered pairs / (2 mean).
double gini_brute(const std::vector<std::size_t>& c) {
    double diff = 0, sum = 0;
    for (auto a : c) {
        sum += static_cast<double>(a);
        for (auto b : c) diff += std::abs(static_cast<double>(a) - static_cast<double>(b));
    }
    const double n = static_cast<double>(c.size());
    return diff / (2 * n * n * (sum / n));
}

}  // namespace

TEST_CASE("incidents at the same point form one place, in time order") {
    IncidentSet set;
    for (auto i : {at(0, 0, 30), at(5, 5, 1), at(0, 0, 10), at(0, 0, 20), at(5, 5, 3), at(9, 9, 2)}) set.incidents.push_back(i);
    std::size_t unkeyed = 0;
    const auto g = group_places(set, {RepeatKey::point, 0}, unkeyed);
    REQUIRE(g.size() == 3);
    CHECK(unkeyed == 0);
    CHECK(g[0].members == std::vector<std::uint32_t>{2, 3, 0});  // days 10, 20, 30
    CHECK(g[1].members.size() == 2);
    CHECK(median_gap_days(set, g[0]) == Approx(10));
    const auto c = concentration(g);
    CHECK(c.locations == 3);
    CHECK(c.repeat_locations == 2);
    CHECK(c.incidents_at_repeats_pct == Approx(100.0 * 5 / 6));
    CHECK(c.top1_pct == Approx(50));  // ceil(0.03) = 1 location holds 3 of 6
    CHECK(c.gini == Approx(gini_brute({3, 2, 1})));
    const auto t = repeat_timing(set, g);
    CHECK(t.repeats == 3);                             // gaps 10, 10, 2 days
    CHECK(t.within_pct[0] == Approx(100.0 / 3));       // <= 7 days: one
    CHECK(t.within_pct[1] == Approx(100.0));           // <= 14 days: all three
    CHECK(t.followed_21d_pct == Approx(100.0 * 3 / 6));
    CHECK_FALSE(t.month_only);
}

TEST_CASE("the Gini coefficient matches its definition on uneven counts") {
    std::vector<PlaceGroup> groups;
    const std::vector<std::size_t> counts{1, 1, 1, 2, 3, 7, 1, 12, 1, 1};
    for (auto n : counts) groups.push_back({std::vector<std::uint32_t>(n, 0), 0, 0});
    CHECK(concentration(groups).gini == Approx(gini_brute(counts)));
    std::vector<PlaceGroup> equal(5, PlaceGroup{{0, 0}, 0, 0});
    CHECK(concentration(equal).gini == Approx(0).margin(1e-12));
}

TEST_CASE("with a tolerance, each incident joins the nearest earlier seed") {
    IncidentSet set;
    // Seeds at 0 and 10; the point at 6 is nearer 10; the point at 4 nearer 0; 30 alone.
    for (auto i : {at(0, 0, 1), at(10, 0, 2), at(6, 0, 3), at(4, 0, 4), at(30, 0, 5), at(5, 0, 6)})
        set.incidents.push_back(i);
    std::size_t unkeyed = 0;
    const auto g = group_places(set, {RepeatKey::point, 5}, unkeyed);
    REQUIRE(g.size() == 3);
    CHECK(g[0].members == std::vector<std::uint32_t>{0, 3, 5});  // 5 is equally near both: the earlier seed
    CHECK(g[1].members == std::vector<std::uint32_t>{1, 2});
    CHECK(g[2].members == std::vector<std::uint32_t>{4});
}

TEST_CASE("month-only dates are reported by month") {
    IncidentSet set;
    auto a = at(0, 0, 0), b = at(0, 0, 40);
    a.precision = b.precision = TimePrecision::month;
    set.incidents = {a, b};
    std::size_t unkeyed = 0;
    const auto t = repeat_timing(set, group_places(set, {}, unkeyed));
    CHECK(t.month_only);
    CHECK(t.next_month_pct == Approx(100));  // 1 Jan 1970 and 10 Feb 1970
}

TEST_CASE("the planted repeat addresses of the sample are found, by address and by point") {
    const Sample s = generate_sample(20260101);
    IncidentSet set;
    for (const auto& i : s.incidents) {
        Incident inc = at(i.x, i.y, 0);
        inc.from = i.from;
        inc.group = i.address_ref.empty() ? 0 : set.strings().intern(i.address_ref);
        set.incidents.push_back(inc);
    }
    std::size_t unkeyed = 0;
    const auto by_field = group_places(set, {RepeatKey::field, 0}, unkeyed);
    const auto by_point = group_places(set, {RepeatKey::point, 0}, unkeyed);
    std::map<std::string, const PlaceGroup*> field_index;
    for (const auto& g : by_field) field_index[set.text(set.incidents[g.members.front()].group)] = &g;
    for (const auto& planted : s.repeats) {
        INFO(planted.address_ref);
        REQUIRE(field_index.count(planted.address_ref));
        const auto& g = *field_index[planted.address_ref];
        CHECK(g.members.size() >= static_cast<std::size_t>(planted.count));
        CHECK(g.x == planted.x);
        CHECK(g.y == planted.y);
        const auto it = std::find_if(by_point.begin(), by_point.end(),
                                     [&](const PlaceGroup& p) { return p.x == planted.x && p.y == planted.y; });
        REQUIRE(it != by_point.end());
        CHECK(it->members.size() >= static_cast<std::size_t>(planted.count));
    }
}
