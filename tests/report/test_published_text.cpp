// report/published_text: a text keeps only the numbers its row publishes.
#include "report/published_text.hpp"

#include <catch2/catch.hpp>

using hotspots::report::published_text;

TEST_CASE("a whole number stays only when it is a published figure exactly", "[published_text]") {
    // A hidden count of 4 in a row whose rate's upper limit is 4.19: the rate is no licence to print 4.
    CHECK(published_text("there were 4 cases", {"4.19149", "28", "41"}, 5) == "there were <5 cases");
    CHECK(published_text("there were 28 cases", {"4.19149", "28", "41"}, 5) == "there were 28 cases");
    // A larger number that is not a figure of the row becomes "x", whatever it is near.
    CHECK(published_text("there were 41 cases", {"40.6"}, 5) == "there were x cases");
}

TEST_CASE("a percentage or a number with decimals may round a published figure", "[published_text]") {
    CHECK(published_text("a decrease of 32%", {"-31.7073"}, 5) == "a decrease of 32%");
    CHECK(published_text("a decrease of 33%", {"-31.7073"}, 5) == "a decrease of x%");
    CHECK(published_text("2.11 per 1,000", {"2.11002"}, 5) == "2.11 per 1,000");
    CHECK(published_text("2.12 per 1,000", {"2.11002"}, 5) == "x per 1,000");
}

TEST_CASE("dates and lengths of time are not figures", "[published_text]") {
    CHECK(published_text("In the 3 months of October to December 2024 there were 3", {}, 5) ==
          "In the 3 months of October to December 2024 there were <5");
    CHECK(published_text("from 2024-10-01 to 2024-12-31", {}, 5) == "from 2024-10-01 to 2024-12-31");
}
