#include "model/time.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

TEST_CASE("civil dates round-trip through day numbers", "[time]") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(2000, 3, 1) == 11017);
    for (std::int64_t d = -800000; d < 800000; d += 997) {
        int y, m, dd;
        civil_from_days(d, y, m, dd);
        REQUIRE(days_from_civil(y, m, dd) == d);
    }
}

TEST_CASE("a month is its first to its last second", "[time]") {
    auto feb = parse_when("2024-02");
    REQUIRE(feb);
    CHECK(feb->precision == TimePrecision::month);
    CHECK(format_datetime(feb->from) == "2024-02-01T00:00:00");
    CHECK(format_datetime(feb->to) == "2024-02-29T23:59:59");
    auto feb23 = parse_when("2023-02");
    CHECK(format_date(feb23->to) == "2023-02-28");
}

TEST_CASE("date forms", "[time]") {
    auto d = parse_when("2022-05-05");
    REQUIRE(d);
    CHECK(d->precision == TimePrecision::day);
    CHECK(d->to - d->from == seconds_per_day - 1);
    auto uk = parse_when("5/5/2022");
    REQUIRE(uk);
    CHECK(uk->from == d->from);
    auto t = parse_when("2022-05-05T14:30");
    REQUIRE(t);
    CHECK(t->precision == TimePrecision::minute);
    CHECK(t->from == t->to);
    CHECK(format_datetime(t->from) == "2022-05-05T14:30:00");
    auto t2 = parse_when("05/05/2022 14:30:15");
    REQUIRE(t2);
    CHECK(t2->from == t->from + 15);
    CHECK(parse_when("2022-05-05T14:30:15.250Z")->from == t->from + 15);
    CHECK(parse_when(" 2022-05-05 ")->from == d->from);
}

TEST_CASE("impossible dates are refused", "[time]") {
    for (const char* bad : {"", "2023-02-30", "2023-13", "2023-00-10", "31/02/2020", "2022-05-05T25:00", "2022-05-05T12:60",
                            "yesterday", "2022/05/05", "2022-5-5", "2022-05-05X", "0000-01"}) {
        INFO(bad);
        CHECK_FALSE(parse_when(bad));
    }
}

TEST_CASE("month numbers count calendar months, before 1970 too") {
    CHECK(month_number(days_from_civil(2024, 3, 15) * 86400) == 2024 * 12 + 2);
    CHECK(month_number(days_from_civil(2024, 4, 1) * 86400 - 1) == 2024 * 12 + 2);  // 31 March, 23:59:59
    CHECK(month_number(-3600) == 1969 * 12 + 11);                                    // 31 December 1969
}
