#include "geo/crs.hpp"
#include "geo/land.hpp"

#include <catch2/catch.hpp>

using namespace hotspots::geo;

TEST_CASE("towns of the British Isles are on land, its seas are not (issue 26 #4)", "[land]") {
    struct Place {
        const char* name;
        double lon, lat;
    };
    // Town centres, coastal ones most (the outline is coarse), from Penzance to Lerwick.
    const Place towns[] = {
        {"Harrow", -0.33, 51.58},       {"Birmingham", -1.90, 52.48},  {"Glasgow", -4.25, 55.86},
        {"Cardiff", -3.18, 51.48},      {"Belfast", -5.93, 54.60},     {"Dublin", -6.26, 53.35},
        {"Aberdeen", -2.10, 57.15},     {"Inverness", -4.22, 57.48},   {"Plymouth", -4.14, 50.37},
        {"Brighton", -0.14, 50.82},     {"Portsmouth", -1.09, 50.80},  {"Liverpool", -2.98, 53.41},
        {"Blackpool", -3.05, 53.82},    {"Swansea", -3.94, 51.62},     {"Penzance", -5.54, 50.12},
        {"Stornoway", -6.39, 58.21},    {"Kirkwall", -2.96, 58.98},    {"Lerwick", -1.15, 60.15},
        {"Douglas", -4.48, 54.15},      {"Newport (Wight)", -1.29, 50.70}, {"Cork", -8.47, 51.90},
        {"Galway", -9.05, 53.27},       {"Southend", 0.71, 51.54},     {"Great Yarmouth", 1.73, 52.61},
        {"Holyhead", -4.63, 53.31},     {"Stranraer", -5.03, 54.90},   {"Whitehaven", -3.59, 54.55},
        {"Portree", -6.19, 57.41},      {"Wick", -3.09, 58.44},        {"Scarborough", -0.40, 54.28},
    };
    for (const auto& t : towns) {
        INFO(t.name);
        CHECK(land_at(t.lon, t.lat) == Land::land);
    }
    const Place seas[] = {{"Irish Sea", -5.0, 53.8},   {"North Sea", 1.0, 55.0},     {"English Channel", -2.0, 50.1},
                          {"Bristol Channel", -5.0, 51.3}, {"off Aberdeen", -1.0, 57.0}, {"the Minch", -6.0, 58.0},
                          {"Atlantic", -10.5, 54.5},   {"Celtic Sea", -7.0, 51.0}};
    for (const auto& s : seas) {
        INFO(s.name);
        CHECK(land_at(s.lon, s.lat) == Land::sea);
    }
    // Outside the outlines' region: no answer (France, Kent's corner by Calais, Spain).
    CHECK(land_at(1.60, 50.73) == Land::unknown);  // Boulogne
    CHECK(land_at(1.31, 51.13) == Land::unknown);  // Dover
    CHECK(land_at(-3.70, 40.42) == Land::unknown);  // Madrid
}

TEST_CASE("NW London with easting and northing swapped lies in the Irish Sea", "[land]") {
    // Harrow's centre in British National Grid, (515400, 188500); swapped, (188500, 515400).
    Transformer t("EPSG:27700", "EPSG:4326");
    double x = 515400, y = 188500;
    t.transform(x, y);
    CHECK(land_at(x, y) == Land::land);
    x = 188500, y = 515400;
    t.transform(x, y);
    CHECK(land_at(x, y) == Land::sea);
}
