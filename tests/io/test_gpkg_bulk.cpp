#include "io/gdal_util.hpp"
#include "io/gpkg_bulk.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <chrono>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

using namespace hotspots;
using namespace hotspots::io;
using hotspots::test::TempDir;

namespace {

struct Point {
    double x, y;
    std::string name;
    std::int64_t n;
    bool null_name = false;  // the column left unset: NULL
};

// An empty point layer with GDAL's spatial index, as the writers make it.
void make_layer(const std::string& file) {
    auto [ds, layer] = create_layer("GPKG", file, file, "t", "EPSG:27700", wkbPoint);
    add_field(layer, "name", OFTString, file);
    add_field(layer, "n", OFTInteger64, file);
    close_checked(std::move(ds), file);
}

// The same points through GDAL's own feature path: the reference.
void write_with_gdal(const std::string& file, const std::vector<Point>& pts) {
    auto [ds, layer] = create_layer("GPKG", file, file, "t", "EPSG:27700", wkbPoint);
    add_field(layer, "name", OFTString, file);
    add_field(layer, "n", OFTInteger64, file);
    GDALDatasetStartTransaction(ds.get(), FALSE);
    for (const auto& p : pts) {
        FeaturePtr f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
        auto* h = static_cast<OGRFeatureH>(f.get());
        if (!p.null_name) OGR_F_SetFieldString(h, 0, p.name.c_str());
        OGR_F_SetFieldInteger64(h, 1, p.n);
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, p.x, p.y);
        OGR_F_SetGeometryDirectly(h, g);
        write_feature(layer, h, file);
    }
    commit(ds.get(), file);
    close_checked(std::move(ds), file);
}

std::string sql_text(GDALDatasetH ds, const std::string& sql) {
    OGRLayerH r = GDALDatasetExecuteSQL(ds, sql.c_str(), nullptr, nullptr);
    REQUIRE(r);
    OGRFeatureH f = OGR_L_GetNextFeature(r);
    std::string out = f ? OGR_F_GetFieldAsString(f, 0) : "";
    if (f) OGR_F_Destroy(f);
    GDALDatasetReleaseResultSet(ds, r);
    return out;
}

std::string file_bytes(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("GeoPackage rows written in bulk read back as GDAL's own, with a valid packed spatial index", "[writers]") {
    ensure_gdal();
    // 1 point: the root is a leaf; 51 and 52: one full leaf and one more; 5,000: three levels.
    // Rows go in 64 a statement: 64 and 128 are whole statements, 5,000 ends with a part one.
    for (std::size_t n : {1u, 51u, 52u, 64u, 128u, 5000u}) {
        TempDir dir;
        std::mt19937_64 rng(n);
        std::uniform_real_distribution<double> ux(500000, 520000), uy(180000, 195000);
        std::vector<Point> pts;
        for (std::size_t i = 0; i < n; ++i)
            pts.push_back({std::round(ux(rng) * 100) / 100, uy(rng), fmt::format("row {} \"quoted\", é", i), std::int64_t(i) * 7 - 3});
        if (n > 2) pts[1] = {pts[0].x, pts[0].y, "", 0};  // a repeated place and an empty text
        for (std::size_t i = 2; i < n; i += 7) pts[i].null_name = true;
        const std::string bulk = dir.file("bulk.gpkg"), ref = dir.file("ref.gpkg"), split = dir.file("split.gpkg");
        const std::string parts1 = dir.file("parts1.gpkg"), parts2 = dir.file("parts2.gpkg");
        // One thread, and two splitting even the smallest table: the same file, byte for byte.
        // In parts of 64 rows, the first thread slowed down so that the second makes parts
        // (made in memory and copied in) and the tree goes in among them: again the same bytes
        // with one thread and with two.
        struct Run {
            std::string file;
            unsigned threads;
            std::size_t part_rows;
        };
        for (const auto& run : {Run{bulk, 1, 16384}, Run{split, 2, 16384}, Run{parts1, 1, 64}, Run{parts2, 2, 64}}) {
            StableGpkgDate date(std::string("2026-12-07T00:00:00Z"));  // GDAL's last_change, else the time now
            make_layer(run.file);
            std::vector<GpkgPoint> points;
            for (const auto& p : pts) points.push_back({p.x, p.y});
            GpkgBulkInsert rows(run.file, run.file, "t", {"name", "n"});
            std::vector<int> seen(n, 0);
            std::mutex mutex;
            std::thread::id first;  // the thread of part 0: the one writing the file
            std::size_t others = 0;  // rows made on the other thread
            rows.write(points, [&](std::size_t begin, std::size_t end, GpkgRows& out) {
                bool mine;
                {
                    std::lock_guard lock(mutex);
                    if (begin == 0) first = std::this_thread::get_id();
                    mine = begin == 0 || std::this_thread::get_id() == first;
                    if (!mine) others += end - begin;
                }
                if (mine && run.part_rows == 64 && run.threads == 2) std::this_thread::sleep_for(std::chrono::milliseconds(2));
                for (std::size_t i = begin; i < end; ++i) {
                    ++seen[i];
                    if (!pts[i].null_name) out.text(0, pts[i].name);
                    out.integer(1, pts[i].n);
                    out.insert();
                }
            }, run.threads, 1, run.part_rows);
            CHECK(std::count(seen.begin(), seen.end(), 1) == std::ptrdiff_t(n));
            if (run.threads == 1) CHECK(others == 0);
            if (run.file == parts2 && n > 3 * 64) CHECK(others > 0);  // the copying was exercised
        }
        for (const auto& [x, y] : {std::pair{bulk, split}, std::pair{parts1, parts2}}) {
            const std::string one = file_bytes(x), two = file_bytes(y);
            CHECK(one.size() == two.size());
            const auto differ = std::mismatch(one.begin(), one.end(), two.begin(), two.end()).first - one.begin();
            CHECK(std::size_t(differ) == one.size());  // the first byte that differs, if any
        }
        write_with_gdal(ref, pts);

        for (const auto& file : {bulk, parts1}) {
        INFO(file);
        auto a = open_vector(file), b = open_vector(ref);
        OGRLayerH la = GDALDatasetGetLayer(a.get(), 0), lb = GDALDatasetGetLayer(b.get(), 0);
        INFO(n << " points");
        CHECK(OGR_L_GetFeatureCount(la, FALSE) == GIntBig(n));
        OGREnvelope ea, eb;
        REQUIRE(OGR_L_GetExtent(la, &ea, FALSE) == OGRERR_NONE);
        REQUIRE(OGR_L_GetExtent(lb, &eb, FALSE) == OGRERR_NONE);
        CHECK(ea.MinX == eb.MinX);
        CHECK(ea.MinY == eb.MinY);
        CHECK(ea.MaxX == eb.MaxX);
        CHECK(ea.MaxY == eb.MaxY);
        for (std::size_t i = 0; i < n; ++i) {
            FeaturePtr fa(OGR_L_GetNextFeature(la)), fb(OGR_L_GetNextFeature(lb));
            auto *ha = static_cast<OGRFeatureH>(fa.get()), *hb = static_cast<OGRFeatureH>(fb.get());
            REQUIRE(ha);
            REQUIRE(hb);
            CHECK(OGR_F_GetFID(ha) == OGR_F_GetFID(hb));
            CHECK(std::string(OGR_F_GetFieldAsString(ha, 0)) == OGR_F_GetFieldAsString(hb, 0));
            CHECK(OGR_F_IsFieldSetAndNotNull(ha, 0) == !pts[i].null_name);
            CHECK(OGR_F_IsFieldSetAndNotNull(hb, 0) == !pts[i].null_name);
            CHECK(OGR_F_GetFieldAsInteger64(ha, 1) == OGR_F_GetFieldAsInteger64(hb, 1));
            CHECK(OGR_G_Equals(OGR_F_GetGeometryRef(ha), OGR_F_GetGeometryRef(hb)));
            CHECK(OGR_G_GetX(OGR_F_GetGeometryRef(ha), 0) == pts[i].x);
            CHECK(OGR_G_GetY(OGR_F_GetGeometryRef(ha), 0) == pts[i].y);
        }
        CHECK(sql_text(a.get(), "SELECT rtreecheck('rtree_t_geom')") == "ok");
        // GDAL's triggers are made again, all of them, in GDAL's order.
        const std::string triggers = "SELECT group_concat(name || ':' || sql, '|') FROM (SELECT name, sql FROM sqlite_master "
                                     "WHERE type = 'trigger' AND tbl_name = 't' ORDER BY rowid)";
        CHECK(sql_text(a.get(), triggers) == sql_text(b.get(), triggers));
        CHECK(sql_text(a.get(), "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 't'") == std::to_string(n));
        CHECK(sql_text(a.get(), "SELECT count(*) FROM rtree_t_geom") == std::to_string(n));
        // Boxes through the index against counting every point.
        std::uniform_real_distribution<double> w(200, 5000);
        for (int k = 0; k < 20; ++k) {
            const double x0 = ux(rng), y0 = uy(rng), x1 = x0 + w(rng), y1 = y0 + w(rng);
            if (k == 0 && n > 2) {  // a box whose corner is a point exactly
                const double cx = pts[0].x, cy = pts[0].y;
                OGR_L_SetSpatialFilterRect(la, cx, cy, cx + 100, cy + 100);
            } else {
                OGR_L_SetSpatialFilterRect(la, x0, y0, x1, y1);
            }
            OGREnvelope box;
            OGRGeometryH filter = OGR_L_GetSpatialFilter(la);
            OGR_G_GetEnvelope(filter, &box);
            GIntBig brute = 0;
            for (const auto& p : pts) brute += p.x >= box.MinX && p.x <= box.MaxX && p.y >= box.MinY && p.y <= box.MaxY;
            GIntBig found = 0;
            OGR_L_ResetReading(la);
            for (FeaturePtr f(OGR_L_GetNextFeature(la)); f; f.reset(OGR_L_GetNextFeature(la))) ++found;
            CHECK(found == brute);
            const std::string via_index = sql_text(a.get(), fmt::format("SELECT count(*) FROM rtree_t_geom WHERE maxx >= {:.17g} AND minx <= {:.17g} AND maxy >= {:.17g} AND miny <= {:.17g}",
                                                                        box.MinX, box.MaxX, box.MinY, box.MaxY));
            CHECK(std::stoll(via_index) >= brute);  // float boxes contain their points
        }
        }
    }
}

TEST_CASE("GeoPackage bulk rows: a part that gives fewer or more rows than points is an error", "[writers]") {
    ensure_gdal();
    for (int extra : {-1, 1}) {
        for (unsigned threads : {1u, 2u}) {
            TempDir dir;
            const std::string file = dir.file("bad.gpkg");
            make_layer(file);
            std::vector<GpkgPoint> points(10, GpkgPoint{510000, 185000});
            GpkgBulkInsert rows(file, file, "t", {"name", "n"});
            INFO(extra << " row, " << threads << " threads");
            CHECK_THROWS_AS(rows.write(points, [&](std::size_t begin, std::size_t end, GpkgRows& out) {
                const std::size_t stop = end == points.size() ? std::size_t(std::int64_t(end) + extra) : end;
                for (std::size_t i = begin; i < stop; ++i) {
                    out.integer(1, std::int64_t(i));
                    out.insert();
                }
            }, threads, 1), IoError);
        }
    }
}

TEST_CASE("GeoPackage bulk rows on two threads: a failure in any part stops both and is passed on", "[writers]") {
    ensure_gdal();
    // Parts of 64 rows: the failing part is made on either thread; write() must throw, not hang.
    for (std::size_t bad : {0u, 5u, 30u, 62u}) {
        for (bool short_part : {false, true}) {
            TempDir dir;
            const std::string file = dir.file("bad.gpkg");
            make_layer(file);
            std::vector<GpkgPoint> points(4000, GpkgPoint{510000, 185000});
            GpkgBulkInsert rows(file, file, "t", {"name", "n"});
            INFO("part " << bad << (short_part ? ", a row short" : ", throws"));
            auto fill = [&](std::size_t begin, std::size_t end, GpkgRows& out) {
                if (begin == bad * 64 && !short_part) throw std::runtime_error("fill failed");
                const std::size_t stop = begin == bad * 64 ? end - 1 : end;
                for (std::size_t i = begin; i < stop; ++i) {
                    out.integer(1, std::int64_t(i));
                    out.insert();
                }
            };
            if (short_part) CHECK_THROWS_AS(rows.write(points, fill, 2, 1, 64), IoError);
            else CHECK_THROWS_WITH(rows.write(points, fill, 2, 1, 64), "fill failed");
        }
    }
}
