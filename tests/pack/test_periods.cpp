#include "pack/periods.hpp"
#include "steps/params.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;
using namespace hotspots::pack;

TEST_CASE("relative periods end with the pack month") {
    const int feb25 = parse_month("2025-02");
    CHECK(resolve_period("month", feb25, {}) == "2025-02-01..2025-02-28");
    CHECK(resolve_period("previous month", feb25, {}) == "2025-01-01..2025-01-31");
    CHECK(resolve_period("last 3 months", feb25, {}) == "2024-12-01..2025-02-28");
    CHECK(resolve_period("rolling 12 months", feb25, {}) == "2024-03-01..2025-02-28");
    CHECK(resolve_period("previous 3 months", feb25, {}) == "2024-09-01..2024-11-30");
    CHECK(resolve_period("last 28 days", feb25, {}) == "2025-02-01..2025-02-28");
    CHECK(resolve_period("last 7 days", feb25, {}) == "2025-02-22..2025-02-28");
    CHECK(resolve_period("2024-01..2024-03", feb25, {}) == "2024-01..2024-03");  // as given
}

TEST_CASE("same period last year shifts the base by twelve months, keeping month ends") {
    const auto leap = parse_period("2024-01-01..2024-02-29");
    CHECK(resolve_period("same period last year", -1, leap) == "2023-01-01..2023-02-28");
    const auto feb = parse_period("2023-02-01..2023-02-28");
    CHECK(resolve_period("same period last year", -1, feb) == "2022-02-01..2022-02-28");
    const auto days = parse_period("2024-03-05..2024-03-20");
    CHECK(resolve_period("same period last year", -1, days) == "2023-03-05..2023-03-20");
    CHECK_THROWS_AS(resolve_period("same period last year", -1, std::nullopt), steps::UsageError);
}

TEST_CASE("relative forms need a month; unknown forms list the ones there are") {
    CHECK_THROWS_WITH(resolve_period("last 3 months", -1, {}), Catch::Contains("--month"));
    CHECK_THROWS_WITH(resolve_period("last three months", 100, {}), Catch::Contains("last N months"));
    CHECK_THROWS_AS(resolve_period("last 0 months", 100, {}), steps::UsageError);
    CHECK_THROWS_AS(parse_month("2025-13"), steps::UsageError);
    CHECK_THROWS_AS(parse_month("2025-02-01"), steps::UsageError);
}

TEST_CASE("relative dates") {
    const int dec24 = parse_month("2024-12");
    CHECK(resolve_date("start of month", dec24) == "2024-12-01");
    CHECK(resolve_date("end of month", dec24) == "2024-12-31");
    CHECK(resolve_date("last 28 days", dec24) == "2024-12-04");
    CHECK(resolve_date("2024-06-15", dec24) == "2024-06-15");
    CHECK_THROWS_AS(resolve_date("tomorrow", dec24), steps::UsageError);
}
