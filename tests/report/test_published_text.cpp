// report/published_text: a text keeps only the numbers its row publishes.
#include "report/published_text.hpp"

#include "report/publish.hpp"

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

TEST_CASE("published metadata keeps no figure that a hidden count can be read from", "[published_text]") {
    // A back-test over one period: its mean hit rate is n / N itself (4 / 19 beside n = <5).
    auto meta = nlohmann::json::parse(R"({
        "incidents": 617, "parameters": {"scale_max": 210.79, "cell_m": 50.0, "scale-max": 3.5, "unsnapped": 12,
                                         "inside_on_no_unit": 3},
        "means": [{"method": "kde", "train_months": 3, "mean_hit_rate": 0.21052631578947367, "mean_pai": 21.05, "won": 7}],
        "backtest": {"first_month": "2024-11", "mean_hit_rate": 0.028985507246376812},
        "solution": {"covered": 120.0, "covered_by_existing": 2.0, "method": "exact"},
        "summary": {"incidents_attributed": 11, "gini": 0.725},
        "before_days": 3.0})");
    hotspots::report::PublishParams o;
    hotspots::report::published_metadata(meta, "617", o);
    CHECK_FALSE(meta["parameters"].contains("scale_max"));
    CHECK_FALSE(meta["parameters"].contains("scale-max"));
    CHECK(meta["parameters"]["cell_m"] == 50.0);
    CHECK_FALSE(meta["parameters"].contains("unsnapped"));  // evaluate's units' note, a remainder
    CHECK_FALSE(meta["parameters"].contains("inside_on_no_unit"));
    CHECK_FALSE(meta["means"][0].contains("mean_hit_rate"));
    CHECK_FALSE(meta["means"][0].contains("mean_pai"));
    CHECK(meta["means"][0]["won"] == 7);
    CHECK(meta["means"][0]["train_months"] == 3);  // a length of time, not a count
    CHECK_FALSE(meta["backtest"].contains("mean_hit_rate"));
    CHECK(meta["backtest"]["first_month"] == "2024-11");
    CHECK(meta["solution"]["covered_by_existing"] == "<5");  // a whole float is a count too
    CHECK(meta["solution"]["covered"] == 120.0);
    CHECK_FALSE(meta.contains("summary"));
    CHECK(meta["before_days"] == 3.0);
    CHECK(meta["incidents"] == 617);
}
