#include "io/row_parser.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;
using namespace hotspots::io;

namespace {

struct Outcome {
    bool ok;
    RejectReason reason;
    Incident inc;
};

Outcome parse(RawRow row, bool lonlat) {
    IncidentSet set;
    RowParser p(set, lonlat);
    Outcome o{};
    std::string detail;
    o.ok = p.parse(row, o.inc, o.reason, detail);
    return o;
}

RawRow row(const char* x, const char* y, const char* date) {
    RawRow r;
    r.x = x;
    r.y = y;
    r.date = date;
    return r;
}

}  // namespace

TEST_CASE("numbers are read with a '.' whatever the locale", "[parse]") {
    double v = 0;
    CHECK(parse_number(" -0.197525 ", v));
    CHECK(v == Approx(-0.197525));
    CHECK(parse_number("+12", v));
    CHECK_FALSE(parse_number("51,6", v));
    CHECK_FALSE(parse_number("1e400", v));
    CHECK_FALSE(parse_number("nan", v));
    CHECK_FALSE(parse_number("", v));
    CHECK_FALSE(parse_number("12abc", v));
}

TEST_CASE("bad coordinates are rejected with a reason", "[parse]") {
    CHECK(parse(row("-0.2", "51.6", "2019-01"), true).ok);
    CHECK(parse(row("", "51.6", "2019-01"), true).reason == RejectReason::missing_coordinates);
    CHECK(parse(row("abc", "51.6", "2019-01"), true).reason == RejectReason::bad_coordinates);
    CHECK(parse(row("0", "0", "2019-01"), true).reason == RejectReason::zero_coordinates);
    CHECK(parse(row("530000", "180000", "2019-01"), true).reason == RejectReason::projected_in_lonlat);
    CHECK(parse(row("-0.2", "95", "2019-01"), true).reason == RejectReason::out_of_range);
    CHECK(parse(row("-0.2", "51.6", "2019-01"), false).reason == RejectReason::degrees_in_projected);
    CHECK(parse(row("530000", "180000", "2019-01"), false).ok);
}

TEST_CASE("dates, ranges and weights", "[parse]") {
    CHECK(parse(row("-0.2", "51.6", ""), true).reason == RejectReason::missing_date);
    CHECK(parse(row("-0.2", "51.6", "2019-13"), true).reason == RejectReason::bad_date);
    RawRow r = row("530000", "180000", "2023-03-10T22:00");
    r.date_to = "2023-03-12T08:30";
    auto o = parse(r, false);
    REQUIRE(o.ok);
    CHECK(o.inc.to - o.inc.from == 34 * 3600 + 30 * 60);
    r.date_to = "2023-03-09";
    CHECK(parse(r, false).reason == RejectReason::reversed_dates);
    r.date_to = "";
    r.weight = "-1";
    CHECK(parse(r, false).reason == RejectReason::bad_weight);
    r.weight = "2.5";
    CHECK(parse(r, false).inc.weight == 2.5);
    RawRow g;
    g.from_geometry = true;
    g.date = "2020-01";
    CHECK(parse(g, false).reason == RejectReason::not_a_point);
}
