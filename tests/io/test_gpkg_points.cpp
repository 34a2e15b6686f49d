// The GeoPackage geometry blobs of io/gpkg_points, built here byte by byte from the
// GeoPackage encoding (http://www.geopackage.org/spec/#gpb_format) and ISO WKB.
#include "io/gdal_util.hpp"
#include "io/gpkg_points.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace hotspots::io;

namespace {

using Bytes = std::vector<unsigned char>;

void put_u32(Bytes& b, std::uint32_t v, bool little) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<unsigned char>(v >> (little ? 8 * i : 8 * (3 - i))));
}

void put_double(Bytes& b, double d, bool little) {
    std::uint64_t v;
    std::memcpy(&v, &d, 8);
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<unsigned char>(v >> (little ? 8 * i : 8 * (7 - i))));
}

Bytes wkb_point(double x, double y, bool little, std::uint32_t type = 1, int extra = 0) {
    Bytes b{static_cast<unsigned char>(little ? 1 : 0)};
    put_u32(b, type, little);
    put_double(b, x, little);
    put_double(b, y, little);
    for (int i = 0; i < extra; ++i) put_double(b, 7.0, little);
    return b;
}

// Header: magic, version, flags (byte order, envelope kind, empty), SRS id, envelope doubles.
Bytes blob(const Bytes& wkb, unsigned envelope_kind, bool little_header, bool empty = false, unsigned version = 0) {
    static const int doubles[] = {0, 4, 6, 6, 8};
    Bytes b{'G', 'P', static_cast<unsigned char>(version),
            static_cast<unsigned char>((little_header ? 1 : 0) | envelope_kind << 1 | (empty ? 0x10 : 0))};
    put_u32(b, 27700, little_header);
    for (int i = 0; i < doubles[envelope_kind < 5 ? envelope_kind : 0]; ++i) put_double(b, 1.0 + i, little_header);
    b.insert(b.end(), wkb.begin(), wkb.end());
    return b;
}

bool point_of(const Bytes& b, double& x, double& y) { return gpkg_blob_point(b.data(), b.size(), x, y); }

}  // namespace

TEST_CASE("GeoPackage blobs: every envelope kind and byte order gives the point bit for bit", "[gpkg_points]") {
    ensure_gdal();
    const double x0 = 448000.123456789, y0 = 305000.987654321;
    for (unsigned kind = 0; kind <= 4; ++kind)
        for (bool little_header : {true, false})
            for (bool little_wkb : {true, false}) {
                double x = 0, y = 0;
                REQUIRE(point_of(blob(wkb_point(x0, y0, little_wkb), kind, little_header), x, y));
                CHECK(std::memcmp(&x, &x0, 8) == 0);
                CHECK(std::memcmp(&y, &y0, 8) == 0);
            }
}

TEST_CASE("GeoPackage blobs: empty, Z, M, multipoints and other geometry", "[gpkg_points]") {
    ensure_gdal();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double x = 0, y = 0;
    CHECK_FALSE(point_of(blob(wkb_point(nan, nan, true), 0, true, true), x, y));  // POINT EMPTY
    CHECK_FALSE(point_of(blob(wkb_point(nan, 5, true), 0, true), x, y));           // half a point
    // An empty flag on a point with coordinates is not something to guess about.
    CHECK_THROWS_AS(point_of(blob(wkb_point(1000, 2000, true), 0, true, true), x, y), GpkgFallback);
    REQUIRE(point_of(blob(wkb_point(1000, 2000, false, 1001, 1), 2, true), x, y));  // Z, big-endian
    CHECK((x == 1000 && y == 2000));
    REQUIRE(point_of(blob(wkb_point(1500, 2500, true, 3001, 2), 4, false), x, y));  // ZM
    CHECK((x == 1500 && y == 2500));
    Bytes multi{1};
    put_u32(multi, 4, true);
    put_u32(multi, 1, true);
    const Bytes inner = wkb_point(3000, 4000, true);
    multi.insert(multi.end(), inner.begin(), inner.end());
    REQUIRE(point_of(blob(multi, 0, true), x, y));  // a multipoint of one point is that point
    CHECK((x == 3000 && y == 4000));
    Bytes two{1};
    put_u32(two, 4, true);
    put_u32(two, 2, true);
    two.insert(two.end(), inner.begin(), inner.end());
    two.insert(two.end(), inner.begin(), inner.end());
    CHECK_FALSE(point_of(blob(two, 0, true), x, y));
    Bytes line{1};
    put_u32(line, 2, true);
    put_u32(line, 2, true);
    for (double v : {1.0, 2.0, 3.0, 4.0}) put_double(line, v, true);
    CHECK_FALSE(point_of(blob(line, 0, true), x, y));
}

TEST_CASE("GeoPackage blobs: what GDAL reads its own way goes back to GDAL", "[gpkg_points]") {
    ensure_gdal();
    double x = 0, y = 0;
    const Bytes p = wkb_point(1000, 2000, true);
    CHECK_THROWS_AS(point_of(blob(p, 0, true, false, 1), x, y), GpkgFallback);  // version 1
    CHECK_THROWS_AS(point_of(blob(p, 5, true), x, y), GpkgFallback);            // envelope kind 5
    Bytes extended = blob(p, 0, true);
    extended[3] |= 0x20;
    CHECK_THROWS_AS(point_of(extended, x, y), GpkgFallback);
    Bytes raw = p;  // WKB without the GeoPackage header (SpatiaLite or plain WKB)
    CHECK_THROWS_AS(point_of(raw, x, y), GpkgFallback);
    Bytes cut = blob(p, 0, true);
    cut.resize(cut.size() - 4);  // a truncated point: GDAL's parser refuses it too
    CHECK_THROWS_AS(point_of(cut, x, y), GpkgFallback);
    Bytes header_only = blob(p, 4, true);
    header_only.resize(8 + 64);
    CHECK_THROWS_AS(point_of(header_only, x, y), GpkgFallback);
}
