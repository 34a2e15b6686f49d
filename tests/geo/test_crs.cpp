#include "geo/crs.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots::geo;

TEST_CASE("WGS84 lon/lat to British National Grid agrees with cs2cs", "[crs]") {
    Transformer t("EPSG:4326", "EPSG:27700");
    // Expected values from PROJ's cs2cs on Debian 12 (Helmert, no OSTN15 grid).
    double x = -0.1276, y = 51.5072;
    t.transform(x, y);
    CHECK(x == Approx(530043.195).margin(0.01));
    CHECK(y == Approx(180358.209).margin(0.01));
    double xs[] = {-1.5}, ys[] = {52.0};
    t.transform(xs, ys, 1);
    CHECK(xs[0] == Approx(434423.007).margin(0.01));
    CHECK(ys[0] == Approx(233624.375).margin(0.01));
    CHECK(t.operation().find("OSGB36") != std::string::npos);
}

TEST_CASE("round trip and identity", "[crs]") {
    Transformer there("EPSG:4326", "EPSG:27700"), back("EPSG:27700", "EPSG:4326");
    double x = -0.25, y = 51.6;
    there.transform(x, y);
    back.transform(x, y);
    CHECK(x == Approx(-0.25).margin(1e-9));
    CHECK(y == Approx(51.6).margin(1e-9));
    Transformer same("EPSG:27700", "EPSG:27700");
    CHECK(same.is_identity());
}

TEST_CASE("the valid box is the British National Grid area of use", "[crs]") {
    Transformer t("EPSG:4326", "EPSG:27700");
    const auto& b = t.valid_box();
    // London is inside; Paris is not.
    CHECK(b.xmin < 530000);
    CHECK(b.xmax > 530000);
    double x = 2.35, y = 48.85;
    t.transform(x, y);
    CHECK((x < b.xmin || x > b.xmax || y < b.ymin || y > b.ymax));
}

TEST_CASE("unknown CRS is a clear error", "[crs]") {
    CHECK_THROWS_AS(describe_crs("EPSG:999999"), CrsError);
    CHECK(describe_crs("EPSG:4326").geographic);
    CHECK_FALSE(describe_crs("EPSG:27700").geographic);
    CHECK(describe_crs("EPSG:27700").id == "EPSG:27700");
}
