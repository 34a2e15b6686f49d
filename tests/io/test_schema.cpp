#include "io/schema.hpp"

#include <catch2/catch.hpp>

using namespace hotspots::io;

TEST_CASE("data.police.uk bulk street CSV is recognised", "[schema]") {
    std::vector<std::string> f = {"Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                                  "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context"};
    auto s = detect_schema(f, false, {}, SchemaKind::automatic);
    CHECK(s.kind == SchemaKind::police_uk);
    CHECK(s.lonlat_columns);
    CHECK(s.x == 4);
    CHECK(s.y == 5);
    CHECK(s.date == 1);
    CHECK(s.type == 9);
    CHECK(s.lsoa_name == 8);
}

TEST_CASE("data.police.uk API CSV is recognised", "[schema]") {
    std::vector<std::string> f = {"month", "category", "latitude", "longitude", "street_id", "street_name", "location_type",
                                  "location_subtype", "context", "outcome_category", "outcome_date", "persistent_id", "id"};
    auto s = detect_schema(f, false, {}, SchemaKind::automatic);
    CHECK(s.kind == SchemaKind::police_uk_api);
    CHECK(s.x == 3);
    CHECK(s.y == 2);
    CHECK(s.id == 11);
    CHECK(s.id_fallback == 12);
    CHECK(s.location == 5);
}

TEST_CASE("generic tables: options name the columns, case-insensitively", "[schema]") {
    std::vector<std::string> f = {"Ref", "Offence", "From", "To", "E", "N"};
    ColumnOptions c;
    c.x = "e";
    c.y = "n";
    c.date = "from";
    c.date_to = "TO";
    c.type = "offence";
    c.id = "ref";
    auto s = detect_schema(f, false, c, SchemaKind::automatic);
    CHECK(s.kind == SchemaKind::generic);
    CHECK_FALSE(s.lonlat_columns);
    CHECK(s.x == 4);
    CHECK(s.date_to == 3);
    c.x = "east";
    CHECK_THROWS_WITH(detect_schema(f, false, c, SchemaKind::automatic), Catch::Contains("--x east: no such column"));
}

TEST_CASE("generic tables: common names are guessed and said", "[schema]") {
    auto s = detect_schema({"easting", "northing", "date", "crime_type"}, false, {}, SchemaKind::automatic);
    CHECK(s.x == 0);
    CHECK_FALSE(s.notes.empty());
    auto g = detect_schema({"date"}, true, {}, SchemaKind::automatic);
    CHECK(g.use_geometry);
}

TEST_CASE("missing coordinates or dates name what to do", "[schema]") {
    CHECK_THROWS_WITH(detect_schema({"a", "b"}, false, {}, SchemaKind::automatic), Catch::Contains("--x/--y"));
    CHECK_THROWS_WITH(detect_schema({"lon", "lat"}, false, {}, SchemaKind::automatic), Catch::Contains("--date"));
    CHECK_THROWS_AS(detect_schema({"x"}, false, {}, SchemaKind::police_uk), SchemaError);
    CHECK_THROWS_AS(schema_from_name("csv"), SchemaError);
}

TEST_CASE("a column's name says its axis (issue 26 #4)", "[schema]") {
    for (const char* x : {"easting", "Easting", "x", "X", "lon", "lng", "Longitude", "grid_x", "x_coord", "Asset_XCords",
                          "easting (m)"})
        CHECK(axis_named(x) == 'x');
    for (const char* y : {"northing", "NORTHING", "y", "lat", "Latitude", "grid_y", "y_coord", "Asset_YCords", "northing_m"})
        CHECK(axis_named(y) == 'y');
    // Names that say neither, or both, say nothing.
    for (const char* none : {"a", "b", "location", "street", "lat_lon", "xy", "easting_or_northing", "latest", "extra",
                             "longitude_latitude", "", "yard"})
        CHECK(axis_named(none) == 0);
}
