// report/published_text: a text keeps only the numbers its row publishes.
#include "report/published_text.hpp"

#include "report/publish.hpp"
#include "steps/product.hpp"

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

TEST_CASE("published metadata keeps only the keys whose role is declared", "[published_text]") {
    using hotspots::ColumnRole;
    // A step's figures as the December leaks came: a mean hit rate n / N (4 / 19 beside a hidden
    // n), a pack's colour scale, a units' remainder, a real whole count, a summary of every count.
    auto meta = nlohmann::json::parse(R"({
        "incidents": 617, "filtered_out": {"before_from": 12},
        "parameters": {"scale_max": 210.79, "cell_m": 50.0, "scale-max": 3.5, "unsnapped": 12, "brand_new": 3},
        "means": [{"method": "kde", "train_months": 3, "mean_hit_rate": 0.21052631578947367, "won": 1, "lost": 2}],
        "solution": {"covered": 120.0, "covered_by_existing": 2.0, "method": "exact", "optimal": true},
        "summary": {"incidents_attributed": 11, "gini": 0.725, "clusters": 2},
        "walk": {"prize": 3, "stops": 2}, "zones": 4, "recent": 12,
        "pai": 2.0, "new_key_of_counts": 3, "before_days": 3.0, "total": 617})");
    const auto keys = hotspots::steps::metadata_roles({{ColumnRole::measure, "parameters.{cell_m scale_max} means.train_months "
                                                                             "before_days pai summary.clusters walk.stops<walk.prize "
                                                                             "zones<recent"},
                                                       {ColumnRole::identifier, "means.method solution.method"},
                                                       {ColumnRole::category, "solution.optimal"},
                                                       {ColumnRole::count, "solution.covered solution.covered_by_existing walk.prize recent "
                                                                           "total<incidents"},
                                                       {ColumnRole::rank, "means.won means.lost"},
                                                       {ColumnRole::rate, "means.mean_hit_rate"}});
    hotspots::report::PublishParams o;
    auto shown = meta;
    hotspots::report::published_metadata(shown, "617", o, keys, true, true);
    // Fail closed: what no declaration covers is left out, whatever its name.
    for (const char* key : {"filtered_out", "new_key_of_counts"}) CHECK_FALSE(shown.contains(key));
    CHECK_FALSE(shown["parameters"].contains("unsnapped"));
    CHECK_FALSE(shown["parameters"].contains("brand_new"));
    CHECK_FALSE(shown["parameters"].contains("scale_max"));  // declared, but a figure of the densities (a pack's scale)
    CHECK(shown["parameters"]["cell_m"] == 50.0);
    CHECK_FALSE(shown["means"][0].contains("mean_hit_rate"));  // a rate without a derivation
    CHECK(shown["means"][0]["method"] == "kde");
    CHECK(shown["summary"] == nlohmann::json({{"clusters", 2}}));
    // Counts below the threshold as the marker, whatever their type; other figures as they are.
    CHECK(shown["solution"]["covered_by_existing"] == "<5");
    CHECK(shown["solution"]["covered"] == 120.0);
    CHECK(shown["solution"]["optimal"] == true);
    CHECK(shown["pai"] == 2.0);
    CHECK(shown["means"][0]["train_months"] == 3);
    CHECK(shown["before_days"] == 3.0);
    // Orders shown where every count is; a figure bounded by a hidden count takes its marker.
    CHECK(shown["means"][0]["won"] == 1);
    CHECK(shown["means"][0]["lost"] == 2);
    CHECK(shown["walk"]["prize"] == "<5");
    CHECK(shown["walk"]["stops"] == "<5");  // 2 stops of at least 2 incidents each would pin the prize's <5
    CHECK(shown["zones"] == 4);             // beside a shown 12
    CHECK(shown["incidents"] == 617);
    auto hidden = meta;
    hotspots::report::published_metadata(hidden, "<5", o, keys, false, true);
    CHECK_FALSE(hidden["means"][0].contains("won"));  // an order between hidden counts
    CHECK(hidden["incidents"] == "<5");
    // A figure that repeats the step's count takes its marker, a secondary "x" too.
    CHECK(shown["total"] == 617);
    auto secondary = meta;
    hotspots::report::published_metadata(secondary, "x", o, keys, true, true);
    CHECK(secondary["total"] == "x");
}
