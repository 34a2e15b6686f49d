#include "io/area_reader.hpp"
#include "io/gdal_util.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::TempDir;

TEST_CASE("--areas specs", "[areas]") {
    auto s = parse_area_spec("wards_2018.geojson,as=ward,code=GSS_CODE,to=2022-05-04");
    CHECK(s.path == "wards_2018.geojson");
    CHECK(s.label == "ward");
    CHECK(s.code_field == "GSS_CODE");
    REQUIRE(s.to);
    CHECK(format_datetime(*s.to) == "2022-05-04T23:59:59");
    CHECK(parse_area_spec("dir/bcu.gpkg").label == "bcu");
    CHECK(parse_area_spec("odd,name.gpkg,as=x").path == "odd,name.gpkg");
    CHECK_THROWS_WITH(parse_area_spec("w.gpkg,colour=red"), Catch::Contains("unknown key 'colour'"));
    CHECK_THROWS_AS(parse_area_spec("w.gpkg,from=2022-13-01"), IoError);
    CHECK_THROWS_AS(parse_area_spec("w.gpkg,from=2022-05-05,to=2022-01-01"), IoError);
}

TEST_CASE("area layers: fields detected, reprojected to the working CRS", "[areas]") {
    TempDir dir;
    const auto path = dir.write("wards.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"WD13CD":"E05000043","WD13NM":"Brunswick Park"},
 "geometry":{"type":"Polygon","coordinates":[[[-0.15,51.62],[-0.13,51.62],[-0.13,51.64],[-0.15,51.64],[-0.15,51.62]]]}}]})");
    auto layer = read_area_layer(parse_area_spec(path), "EPSG:27700");
    CHECK(layer.code_field == "WD13CD");
    CHECK(layer.name_field == "WD13NM");
    REQUIRE(layer.inputs.size() == 1);
    CHECK(layer.inputs[0].code == "E05000043");
    std::vector<geo::AreaNote> notes;
    geo::AreaIndex index(layer.inputs, notes);
    // Corners from cs2cs EPSG:4326 -> EPSG:27700: (-0.15, 51.64) has the smallest easting,
    // (-0.15, 51.62) the smallest northing.
    CHECK(index.extent().xmin == Approx(528115.101).margin(0.01));
    CHECK(index.extent().ymin == Approx(192862.568).margin(0.01));
    CHECK_THROWS_WITH(read_area_layer(parse_area_spec(path + ",code=GSS_CODE"), "EPSG:27700"),
                      Catch::Contains("no field 'GSS_CODE'"));
}

TEST_CASE("area codes: repeated codes refused, or made unique on request", "[areas]") {
    TempDir dir;
    // Two wards named Edgware (no code field: the names are the codes), in two districts.
    const auto path = dir.write("named.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"NAME":"Edgware","DISTRICT":"Barnet"},
 "geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
{"type":"Feature","properties":{"NAME":"Kenton","DISTRICT":"Brent"},
 "geometry":{"type":"Polygon","coordinates":[[[10,0],[20,0],[20,10],[10,10],[10,0]]]}},
{"type":"Feature","properties":{"NAME":"Edgware","DISTRICT":"Harrow"},
 "geometry":{"type":"Polygon","coordinates":[[[20,0],[30,0],[30,10],[20,10],[20,0]]]}}],
 "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}}})");
    const auto plain = read_area_layer(parse_area_spec(path), "EPSG:27700");
    CHECK(plain.code_field == "NAME");
    CHECK_THROWS_WITH(check_unique_codes(plain), Catch::Contains("features 0 and 2 (Edgware) have the same code 'Edgware'") &&
                                                     Catch::Contains("named.geojson") && Catch::Contains("unique=FIELD"));
    const auto unique = read_area_layer(parse_area_spec(path + ",unique=DISTRICT"), "EPSG:27700");
    REQUIRE(unique.inputs.size() == 3);
    CHECK(unique.inputs[0].code == "Edgware (Barnet)");
    CHECK(unique.inputs[0].name == "Edgware (Barnet)");
    CHECK(unique.inputs[1].code == "Kenton");  // used once: as it was
    CHECK(unique.inputs[2].code == "Edgware (Harrow)");
    CHECK_NOTHROW(check_unique_codes(unique));
    CHECK_THROWS_WITH(read_area_layer(parse_area_spec(path + ",unique=BOROUGH"), "EPSG:27700"),
                      Catch::Contains("no field 'BOROUGH' for unique="));
    CHECK_THROWS_AS(parse_area_spec(path + ",unique=in:"), IoError);
    // A repeated code whose suffixes repeat too stays refused.
    std::vector<geo::AreaInput> same = {plain.inputs[0], plain.inputs[2]};
    CHECK(qualify_repeated_codes(same, [](std::size_t) { return std::string("Harrow"); }) == 2);
    CHECK(same[0].code == same[1].code);
}
