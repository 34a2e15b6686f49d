#include "io/incident_reader.hpp"
#include "io/gdal_util.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <tuple>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::TempDir;

namespace {

const char* police_uk_header =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome "
    "category,Context\n";

std::uint64_t total(const ReadResult& r, std::uint64_t SourceSummary::*field) {
    std::uint64_t n = 0;
    for (const auto& s : r.set.sources) n += s.*field;
    return n;
}

}  // namespace

TEST_CASE("police-uk CSV: every row loaded or rejected with its row and reason", "[reader]") {
    TempDir dir;
    const auto path = dir.write("2019-01-street.csv", std::string(police_uk_header) +
        "abc1,2019-01,Met,Met,-0.197525,51.652279,On or near Montague Close,E01000250,Barnet 001C,Burglary,Under investigation,\n"
        "abc2,2019-01,Met,Met,,,No location,,,Burglary,,\n"
        "abc3,2019-13,Met,Met,-0.2,51.6,On or near X,E01000250,Barnet 001C,Burglary,,\n"
        ",2019-01,Met,Met,-0.25,51.58,\"On or near Church Lane, East\",E01000251,Brent 002A,Anti-social behaviour,,\n"
        "abc5,2019-01,Met,Met,524000,190000,On or near Y,E01000250,Barnet 001C,Robbery,,\n");
    ReadOptions o;
    auto r = read_incidents({path}, o);
    REQUIRE(r.set.sources.size() == 1);
    CHECK(r.set.sources[0].schema == "police-uk");
    CHECK(r.set.sources[0].rows == 5);
    CHECK(r.set.sources[0].loaded == 2);
    CHECK(r.set.sources[0].rejected == 3);
    REQUIRE(r.rejects.size() == 3);
    CHECK(r.rejects[0].row == 2);
    CHECK(r.rejects[0].reason == RejectReason::missing_coordinates);
    CHECK(r.rejects[1].row == 3);
    CHECK(r.rejects[1].reason == RejectReason::bad_date);
    CHECK(r.rejects[2].row == 5);
    CHECK(r.rejects[2].reason == RejectReason::projected_in_lonlat);
    const auto& a = r.set.incidents[0];
    CHECK(a.row == 1);
    CHECK(r.set.id(a) == "abc1");
    CHECK(a.category == Category::burglary);
    CHECK(a.precision == TimePrecision::month);
    CHECK(format_date(a.from) == "2019-01-01");
    CHECK(format_date(a.to) == "2019-01-31");
    // Expected from PROJ's cs2cs EPSG:4326 -> EPSG:27700 on Debian 12.
    CHECK(a.x == Approx(524792.970).margin(0.01));
    CHECK(a.y == Approx(196369.989).margin(0.01));
    const auto& asb = r.set.incidents[1];
    CHECK(r.set.id(asb).empty());
    CHECK(asb.category == Category::anti_social_behaviour);
    CHECK(r.set.text(asb.location) == "On or near Church Lane, East");
    CHECK(r.set.text(asb.lsoa_name) == "Brent 002A");
}

TEST_CASE("API-style CSV uses persistent_id, else the API id", "[reader]") {
    TempDir dir;
    const auto path = dir.write("api.csv",
        "month,category,latitude,longitude,street_id,street_name,location_type,location_subtype,context,outcome_category,"
        "outcome_date,persistent_id,id\n"
        "2017-01,anti-social-behaviour,51.634650,-0.145263,985051,On or near Brookside South,Force,,,,,,54088200\n"
        "2017-01,violent-crime,51.634650,-0.145263,985051,On or near Brookside South,Force,,,,,pid77,54088201\n");
    auto r = read_incidents({path}, {});
    REQUIRE(r.set.incidents.size() == 2);
    CHECK(r.set.sources[0].schema == "police-uk-api");
    CHECK(r.set.id(r.set.incidents[0]) == "54088200");
    CHECK(r.set.id(r.set.incidents[1]) == "pid77");
    CHECK(r.set.incidents[1].category == Category::violence_sexual);
}

TEST_CASE("police export in British National Grid with from/to ranges", "[reader]") {
    TempDir dir;
    const auto path = dir.write("export.csv",
        "ref,offence,from,to,easting,northing\n"
        "R1,Burglary - residential,2023-03-10 22:00,2023-03-12 08:30,524000,190000\n"
        "R2,Assault ABH,10/03/2023 14:05,,524100,190100\n"
        "R3,Robbery,2023-03-10,,0,0\n");
    ReadOptions o;
    o.columns.x = "easting";
    o.columns.y = "northing";
    o.columns.date = "from";
    o.columns.date_to = "to";
    o.columns.type = "offence";
    o.columns.id = "ref";
    CHECK_THROWS_WITH(read_incidents({path}, o), Catch::Contains("--crs"));
    o.crs = "EPSG:27700";
    auto r = read_incidents({path}, o);
    REQUIRE(r.set.incidents.size() == 2);
    CHECK(r.set.incidents[0].x == 524000);
    CHECK(r.set.incidents[0].to - r.set.incidents[0].from == 34 * 3600 + 30 * 60);
    CHECK(r.set.incidents[1].precision == TimePrecision::minute);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].reason == RejectReason::zero_coordinates);
}

TEST_CASE("GeoJSON points, CRS from the file; non-points and far-away points rejected", "[reader]") {
    TempDir dir;
    const auto path = dir.write("points.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"date":"2020-02-01","type":"Robbery"},"geometry":{"type":"Point","coordinates":[-0.2,51.6]}},
{"type":"Feature","properties":{"date":"2020-02-02","type":"Robbery"},"geometry":{"type":"LineString","coordinates":[[-0.2,51.6],[-0.1,51.5]]}},
{"type":"Feature","properties":{"date":"2020-02-03","type":"Robbery"},"geometry":{"type":"Point","coordinates":[2.35,48.85]}},
{"type":"Feature","properties":{"date":"2020-02-04","type":"Robbery"},"geometry":null}
]})");
    auto r = read_incidents({path}, {});
    CHECK(r.set.incidents.size() == 1);
    REQUIRE(r.rejects.size() == 3);
    CHECK(r.rejects[0].reason == RejectReason::not_a_point);
    CHECK(r.rejects[1].reason == RejectReason::outside_crs_area);
    CHECK(r.rejects[2].reason == RejectReason::not_a_point);
    CHECK(r.set.sources[0].crs == "EPSG:4326");
}

TEST_CASE("GeoPackage with typed date-time fields", "[reader]") {
    TempDir dir;
    const auto path = dir.file("inc.gpkg");
    ensure_gdal();
    {
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GPKG"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, 27700);
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "incidents", srs, wkbPoint, nullptr);
        OSRRelease(srs);
        OGRFieldDefnH fd = OGR_Fld_Create("when", OFTDateTime);
        OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
        OGR_F_SetFieldDateTimeEx(f, 0, 2021, 7, 4, 23, 15, 0, 0);
        OGRGeometryH pt = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(pt, 0, 520000, 185000);
        OGR_F_SetGeometryDirectly(f, pt);
        REQUIRE(OGR_L_CreateFeature(layer, f) == OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    ReadOptions o;
    o.columns.date = "when";
    auto r = read_incidents({path}, o);
    REQUIRE(r.set.incidents.size() == 1);
    CHECK(format_datetime(r.set.incidents[0].from) == "2021-07-04T23:15:00");
    CHECK(r.set.incidents[0].x == 520000);
}

TEST_CASE("GeoPackage read in Arrow batches: typed fields, nulls and rows across batches", "[reader]") {
    TempDir dir;
    const auto path = dir.file("big.gpkg");
    ensure_gdal();
    const int n = 70000;  // more than one batch of 65,536
    {
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GPKG"), path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, 27700);
        OGRLayerH layer = GDALDatasetCreateLayer(ds.get(), "incidents", srs, wkbUnknown, nullptr);
        OSRRelease(srs);
        const std::pair<const char*, OGRFieldType> fields[] = {
            {"day", OFTDate}, {"w", OFTInteger}, {"h", OFTReal}, {"kind", OFTString}};
        for (const auto& [name, type] : fields) {
            OGRFieldDefnH fd = OGR_Fld_Create(name, type);
            OGR_L_CreateField(layer, fd, TRUE);
            OGR_Fld_Destroy(fd);
        }
        GDALDatasetStartTransaction(ds.get(), FALSE);
        for (int i = 1; i <= n; ++i) {
            OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(layer));
            OGR_F_SetFieldDateTimeEx(f, 0, 2020 + i % 3, 1 + i % 12, 1 + i % 28, 0, 0, 0, 0);
            if (i % 10 != 0) OGR_F_SetFieldInteger(f, 1, i % 5);  // every tenth weight is null: 1
            OGR_F_SetFieldDouble(f, 2, 100 + i % 50);
            OGR_F_SetFieldString(f, 3, i % 2 ? "Burglary" : "Robbery");
            OGRGeometryH g = nullptr;
            if (i == 65537) {
                g = OGR_G_CreateGeometry(wkbLineString);  // rejected: not a point
                OGR_G_AddPoint_2D(g, 520000, 185000);
                OGR_G_AddPoint_2D(g, 520010, 185000);
            } else if (i == 3) {
                g = OGR_G_CreateGeometry(wkbMultiPoint);  // one point: taken as that point
                OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(p, 0, 521000.5, 186000.25);
                OGR_G_AddGeometryDirectly(g, p);
            } else {
                g = OGR_G_CreateGeometry(wkbPoint);
                OGR_G_SetPoint_2D(g, 0, 510000 + i % 1000, 182000 + i / 1000);
            }
            OGR_F_SetGeometryDirectly(f, g);
            REQUIRE(OGR_L_CreateFeature(layer, f) == OGRERR_NONE);
            OGR_F_Destroy(f);
        }
        GDALDatasetCommitTransaction(ds.get());
    }
    ReadOptions o;
    o.columns.date = "day";
    o.columns.weight = "w";
    o.columns.bandwidth = "h";
    o.columns.type = "kind";
    auto r = read_incidents({path}, o);
    REQUIRE(r.rejects.size() == 1);
    CHECK(r.rejects[0].row == 65537);
    CHECK(r.rejects[0].reason == RejectReason::not_a_point);
    REQUIRE(r.set.incidents.size() == static_cast<std::size_t>(n - 1));
    for (const auto& inc : r.set.incidents) {
        const int i = static_cast<int>(inc.row);
        REQUIRE(inc.weight == (i % 10 == 0 ? 1.0 : static_cast<double>(i % 5)));
        REQUIRE(inc.bandwidth == 100.0 + i % 50);
        REQUIRE(format_date(inc.from) == fmt::format("{:04d}-{:02d}-{:02d}", 2020 + i % 3, 1 + i % 12, 1 + i % 28));
        REQUIRE(inc.category == (i % 2 ? Category::burglary : Category::robbery));
        if (i != 3) REQUIRE(inc.x == 510000 + i % 1000);
    }
    CHECK(r.set.incidents[2].x == 521000.5);
    CHECK(r.set.incidents[2].y == 186000.25);
    CHECK(r.set.incidents.back().row == static_cast<std::uint32_t>(n));
}

TEST_CASE("many files: order and counts do not depend on threads", "[reader]") {
    TempDir dir;
    std::vector<std::string> paths;
    for (int f = 0; f < 7; ++f) {
        std::string text = police_uk_header;
        for (int i = 0; i < 200 + f * 13; ++i) {
            const bool bad = (i * 7 + f) % 31 == 0;
            text += "id" + std::to_string(f) + "_" + std::to_string(i) + ",2019-0" + std::to_string(f + 1) + ",M,M," +
                    (bad ? "" : std::to_string(-0.3 + i * 1e-4)) + ",51.6,L,C,N,Burglary,,\n";
        }
        paths.push_back(dir.write("f" + std::to_string(f) + ".csv", text));
    }
    ReadOptions one;
    one.threads = 1;
    ReadOptions two;
    two.threads = 2;
    auto a = read_incidents(paths, one), b = read_incidents(paths, two);
    CHECK(total(a, &SourceSummary::rows) == total(a, &SourceSummary::loaded) + total(a, &SourceSummary::rejected));
    CHECK(total(a, &SourceSummary::rejected) == a.rejects.size());
    CHECK(a.set.incidents.size() + a.rejects.size() == total(a, &SourceSummary::rows));
    REQUIRE(a.set.incidents.size() == b.set.incidents.size());
    for (std::size_t i = 0; i < a.set.incidents.size(); ++i) {
        REQUIRE(a.set.id(a.set.incidents[i]) == b.set.id(b.set.incidents[i]));
        REQUIRE(a.set.incidents[i].x == b.set.incidents[i].x);
    }
    REQUIRE(a.rejects.size() == b.rejects.size());
    for (std::size_t i = 0; i < a.rejects.size(); ++i) {
        CHECK(a.rejects[i].source == b.rejects[i].source);
        CHECK(a.rejects[i].row == b.rejects[i].row);
    }
}

TEST_CASE("unreadable inputs are errors naming the file", "[reader]") {
    TempDir dir;
    CHECK_THROWS_WITH(read_incidents({dir.file("nope.csv")}, {}), Catch::Contains("nope.csv"));
    const auto junk = dir.write("junk.csv", "a,b\n1,2\n");
    CHECK_THROWS_WITH(read_incidents({junk}, {}), Catch::Contains("junk.csv") && Catch::Contains("--x/--y"));
}

TEST_CASE("a CSV file read in parts gives what reading it whole gives", "[reader]") {
    TempDir dir;
    // Quoted fields with commas, doubled quotes and line breaks, CRLF endings, rows rejected
    // here and there: the parts must cut between records and number rows as one file.
    std::string text = "\xEF\xBB\xBF" "crime_ref,offence,committed_from,easting,northing,location\r\n";
    for (int i = 1; i <= 3000; ++i) {
        const std::string location = i % 7 == 0   ? "\"On or near \"\"The Parade\"\", Edgware\""
                                     : i % 11 == 0 ? "\"Flat 2,\r\nHigh Road\""
                                                   : "On or near High Road";
        const std::string easting = i % 97 == 0 ? "" : fmt::format("{:.1f}", 515000 + (i * 37) % 9000 + 0.5);
        const std::string date = i % 89 == 0 ? "2024-13-01" : fmt::format("2024-{:02d}-{:02d}", 1 + i % 12, 1 + i % 28);
        text += fmt::format("R{},{},{},{},{:.1f},{}\r\n", i, i % 3 ? "Burglary" : "Robbery", date, easting,
                            185000 + (i * 53) % 9000 + 0.5, location);
    }
    const auto path = dir.write("export.csv", text);
    ReadOptions o;
    o.crs = "EPSG:27700";
    o.threads = 1;
    const auto whole = read_incidents({path}, o);
    for (unsigned threads : {2u, 3u, 5u}) {
        o.threads = threads;
        o.split_csv_above = 1000;  // parts even for this small file
        const auto parts = read_incidents({path}, o);
        INFO(threads << " parts");
        REQUIRE(parts.set.sources.size() == 1);
        CHECK(parts.set.sources[0].path == path);
        CHECK(parts.set.sources[0].rows == 3000);
        CHECK(parts.set.sources[0].loaded == whole.set.sources[0].loaded);
        CHECK(parts.set.sources[0].rejected == whole.set.sources[0].rejected);
        REQUIRE(parts.set.incidents.size() == whole.set.incidents.size());
        for (std::size_t i = 0; i < whole.set.incidents.size(); ++i) {
            const auto& a = whole.set.incidents[i];
            const auto& b = parts.set.incidents[i];
            REQUIRE(a.row == b.row);
            REQUIRE(a.source == b.source);
            REQUIRE(a.x == b.x);
            REQUIRE(a.from == b.from);
            REQUIRE(whole.set.id(a) == parts.set.id(b));
            REQUIRE(whole.set.text(a.crime_type) == parts.set.text(b.crime_type));
            REQUIRE(whole.set.text(a.location) == parts.set.text(b.location));
        }
        REQUIRE(parts.rejects.size() == whole.rejects.size());
        for (std::size_t i = 0; i < whole.rejects.size(); ++i) {
            REQUIRE(parts.rejects[i].row == whole.rejects[i].row);
            REQUIRE(parts.rejects[i].reason == whole.rejects[i].reason);
        }
    }
    CHECK(whole.rejects.size() > 40);  // the planted bad dates and missing eastings
    // (GDAL keeps the quoted line break as a plain "\n".)
    CHECK(whole.set.text(whole.set.incidents[10].location) == "Flat 2,\nHigh Road");
}

TEST_CASE("errors in a CSV file read in parts name the file, not a part", "[reader]") {
    TempDir dir;
    std::string text = "a,b,c\n";
    for (int i = 0; i < 500; ++i) text += fmt::format("{},x,y\n", i);
    const auto path = dir.write("no_coordinates.csv", text);
    ReadOptions o;
    o.threads = 2;
    o.split_csv_above = 100;
    try {
        read_incidents({path}, o);
        FAIL("expected an error");
    } catch (const std::exception& e) {
        const std::string m = e.what();
        CHECK(m.find(path) == 0);
        CHECK(m.find("vsi") == std::string::npos);
        CHECK(m.find("no coordinates") != std::string::npos);
    }
}

TEST_CASE("CSV parts: no line end after the last row, and a quoted field across a cut", "[reader]") {
    TempDir dir;
    std::string text = "id,date,easting,northing,note\n";
    for (int i = 1; i <= 400; ++i) {
        // Row 200 holds a long quoted field with line breaks, where a cut is likely to fall.
        const std::string note = i == 200 ? "\"" + std::string(3000, 'x') + "\n" + std::string(3000, 'y') + "\"" : "n";
        text += fmt::format("{},2024-03-{:02d},{}.5,{}.5,{}", i, 1 + i % 28, 515000 + i, 185000 + i, note);
        if (i < 400) text += "\n";
    }
    const auto path = dir.write("tail.csv", text);
    ReadOptions o;
    o.crs = "EPSG:27700";
    o.threads = 1;
    const auto whole = read_incidents({path}, o);
    REQUIRE(whole.set.incidents.size() == 400);
    for (unsigned threads : {2u, 4u}) {
        o.threads = threads;
        o.split_csv_above = 100;
        const auto parts = read_incidents({path}, o);
        INFO(threads << " parts");
        REQUIRE(parts.set.incidents.size() == 400);
        for (std::size_t i = 0; i < 400; ++i) {
            REQUIRE(parts.set.incidents[i].row == i + 1);
            REQUIRE(parts.set.incidents[i].x == whole.set.incidents[i].x);
            REQUIRE(parts.set.id(parts.set.incidents[i]) == whole.set.id(whole.set.incidents[i]));
        }
    }
}

TEST_CASE("an extent leaves out the rows outside it, and rejects what reading all of it rejects", "[reader]") {
    TempDir dir;
    // Rows in British National Grid and the same places in longitude/latitude (the extent's
    // test then comes after the transformation), with bad dates, missing and zero coordinates
    // and points beyond the CRS's area on both sides of the extent.
    std::string bng = "crime_ref,offence,committed_from,easting,northing\n", wgs = "crime_ref,offence,committed_from,lon,lat\n";
    OGRSpatialReferenceH from = OSRNewSpatialReference(nullptr), to = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(from, 27700);
    OSRImportFromEPSG(to, 4326);
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
    for (int i = 1; i <= 2000; ++i) {
        double x = 515000 + (i * 37) % 9000 + 0.5, y = 185000 + (i * 53) % 9000 + 0.5;
        if (i % 101 == 0) x = 9e6;  // beyond the area of EPSG:27700
        const std::string date = i % 89 == 0 ? "2024-13-01" : fmt::format("2024-{:02d}-{:02d}", 1 + i % 12, 1 + i % 28);
        const std::string type = i % 3 ? "Burglary" : fmt::format("Type {}", i);
        double lon = x, lat = y;
        OCTTransform(ct, 1, &lon, &lat, nullptr);
        const bool blank = i % 97 == 0, zero = i % 83 == 0;
        bng += fmt::format("R{},{},{},{},{}\n", i, type, date, blank ? "" : zero ? "0" : fmt::format("{:.1f}", x), zero ? 0.0 : y);
        wgs += fmt::format("R{},{},{},{},{}\n", i, type, date, blank ? "" : zero ? "0" : fmt::format("{:.7f}", lon),
                           zero ? 0.0 : lat);
    }
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(to);
    const Box box{517000, 187000, 521000, 190000};
    const auto inside = [&](const Incident& i) { return i.x >= box.xmin && i.x <= box.xmax && i.y >= box.ymin && i.y <= box.ymax; };
    for (const auto& [name, text, crs] : {std::tuple{"bng.csv", bng, "EPSG:27700"}, std::tuple{"wgs.csv", wgs, ""}}) {
        INFO(name);
        const auto path = dir.write(name, text);
        ReadOptions o;
        o.crs = crs;
        o.threads = 1;
        const auto all = read_incidents({path}, o);
        o.extent = box;
        for (unsigned threads : {1u, 3u}) {
            o.threads = threads;
            o.split_csv_above = threads > 1 ? 1000 : o.split_csv_above;
            const auto kept = read_incidents({path}, o);
            REQUIRE(kept.set.sources.size() == 1);
            const auto& s = kept.set.sources[0];
            CHECK(s.rows == 2000);
            CHECK(s.loaded == all.set.sources[0].loaded);
            CHECK(s.rejected == all.set.sources[0].rejected);
            REQUIRE(kept.rejects.size() == all.rejects.size());
            for (std::size_t k = 0; k < all.rejects.size(); ++k) {
                REQUIRE(kept.rejects[k].row == all.rejects[k].row);
                REQUIRE(kept.rejects[k].reason == all.rejects[k].reason);
            }
            // The incidents kept are exactly those of the whole reading inside the box, in order.
            std::vector<const Incident*> expected;
            for (const auto& i : all.set.incidents)
                if (inside(i)) expected.push_back(&i);
            CHECK(s.outside == all.set.incidents.size() - expected.size());
            CHECK(expected.size() > 100);  // some of each
            CHECK(s.outside > 100);
            REQUIRE(kept.set.incidents.size() == expected.size());
            for (std::size_t k = 0; k < expected.size(); ++k) {
                const auto& a = *expected[k];
                const auto& b = kept.set.incidents[k];
                REQUIRE(a.row == b.row);
                REQUIRE(a.x == b.x);
                REQUIRE(a.y == b.y);
                REQUIRE(a.from == b.from);
                REQUIRE(all.set.text(a.crime_type) == kept.set.text(b.crime_type));
            }
        }
        CHECK(all.rejects.size() > 40);  // the bad dates, blank and zero coordinates, points beyond the CRS
    }
}
