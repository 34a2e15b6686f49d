// Reading the points of a GeoPackage three ways (issue 30): GDAL's features one at a time,
// GDAL's Arrow stream (OGR_L_GetArrowStream), and SQLite directly with the geometry blobs
// parsed here (GeoPackage binary header, then a WKB point). Prints each way's time and
// whether the three agree on every point (same count, same coordinates in the same order).
// Usage: bench_gpkg_read FILE.gpkg [LAYER]
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_recordbatch.h>
#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Points {
    std::vector<double> x, y;
    std::size_t none = 0;  // NULL, empty or not a point
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A WKB point, little or big endian; false for anything else.
bool wkb_point(const unsigned char* p, std::size_t n, double& x, double& y) {
    if (n < 21) return false;
    const bool little = p[0] == 1;
    std::uint32_t type;
    std::memcpy(&type, p + 1, 4);
    if (!little) type = __builtin_bswap32(type);
    if (type != 1) return false;
    std::uint64_t a, b;
    std::memcpy(&a, p + 5, 8);
    std::memcpy(&b, p + 13, 8);
    if (!little) a = __builtin_bswap64(a), b = __builtin_bswap64(b);
    std::memcpy(&x, &a, 8);
    std::memcpy(&y, &b, 8);
    return !std::isnan(x) || !std::isnan(y);  // an empty point is NaN NaN
}

// GeoPackage binary: "GP", version, flags (bit 0 byte order, bits 1-3 envelope kind, bit 4
// empty), SRS id, the envelope, then WKB.
bool gpkg_point(const unsigned char* p, std::size_t n, double& x, double& y) {
    if (n < 8 || p[0] != 'G' || p[1] != 'P') return false;
    const unsigned flags = p[3];
    if (flags & 0x10) return false;
    static const std::size_t envelope[] = {0, 32, 48, 48, 64};
    const unsigned kind = (flags >> 1) & 7;
    if (kind > 4) return false;
    const std::size_t at = 8 + envelope[kind];
    return n > at && wkb_point(p + at, n - at, x, y);
}

Points by_features(OGRLayerH layer) {
    Points pts;
    OGR_L_ResetReading(layer);
    for (OGRFeatureH f = OGR_L_GetNextFeature(layer); f; f = OGR_L_GetNextFeature(layer)) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (g && !OGR_G_IsEmpty(g) && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
            pts.x.push_back(OGR_G_GetX(g, 0));
            pts.y.push_back(OGR_G_GetY(g, 0));
        } else {
            ++pts.none;
        }
        OGR_F_Destroy(f);
    }
    return pts;
}

Points by_arrow(OGRLayerH layer) {
    Points pts;
    OGR_L_ResetReading(layer);
    ArrowArrayStream stream{};
    char opt[] = "INCLUDE_FID=NO";
    char* options[] = {opt, nullptr};
    if (!OGR_L_GetArrowStream(layer, &stream, options)) return pts;
    ArrowSchema schema{};
    stream.get_schema(&stream, &schema);
    int geom = -1;
    for (int64_t k = 0; k < schema.n_children; ++k)
        if (std::string(schema.children[k]->name) == OGR_L_GetGeometryColumn(layer)) geom = static_cast<int>(k);
    for (;;) {
        ArrowArray batch{};
        if (stream.get_next(&stream, &batch) != 0 || !batch.release) break;
        const ArrowArray* g = batch.children[geom];
        const auto* valid = static_cast<const unsigned char*>(g->buffers[0]);
        const auto* offsets = static_cast<const std::int32_t*>(g->buffers[1]);
        const auto* data = static_cast<const unsigned char*>(g->buffers[2]);
        for (int64_t i = 0; i < batch.length; ++i) {
            const int64_t j = i + g->offset;
            double x, y;
            if ((!valid || (valid[j / 8] >> (j % 8) & 1)) && wkb_point(data + offsets[j], std::size_t(offsets[j + 1] - offsets[j]), x, y)) {
                pts.x.push_back(x);
                pts.y.push_back(y);
            } else {
                ++pts.none;
            }
        }
        batch.release(&batch);
    }
    schema.release(&schema);
    stream.release(&stream);
    return pts;
}

Points by_sqlite(const char* file, const std::string& table, const std::string& geom) {
    Points pts;
    sqlite3* db = nullptr;
    sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    sqlite3_exec(db, "PRAGMA mmap_size=1073741824", nullptr, nullptr, nullptr);
    sqlite3_stmt* q = nullptr;
    const std::string sql = "SELECT \"" + geom + "\" FROM \"" + table + "\" ORDER BY rowid";
    sqlite3_prepare_v2(db, sql.c_str(), -1, &q, nullptr);
    while (sqlite3_step(q) == SQLITE_ROW) {
        const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(q, 0));
        double x, y;
        if (p && gpkg_point(p, std::size_t(sqlite3_column_bytes(q, 0)), x, y)) {
            pts.x.push_back(x);
            pts.y.push_back(y);
        } else {
            ++pts.none;
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    return pts;
}

bool same(const Points& a, const Points& b) { return a.none == b.none && a.x == b.x && a.y == b.y; }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_gpkg_read FILE.gpkg [LAYER]\n");
        return 2;
    }
    GDALAllRegister();
    GDALDatasetH ds = GDALOpenEx(argv[1], GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds) return 1;
    OGRLayerH layer = argc > 2 ? GDALDatasetGetLayerByName(ds, argv[2]) : GDALDatasetGetLayer(ds, 0);
    if (!layer) return 1;
    const std::string table = OGR_L_GetName(layer), geom = OGR_L_GetGeometryColumn(layer);
    auto t0 = std::chrono::steady_clock::now();
    const Points f = by_features(layer);
    const double tf = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    const Points a = by_arrow(layer);
    const double ta = seconds_since(t0);
    GDALClose(ds);
    t0 = std::chrono::steady_clock::now();
    const Points s = by_sqlite(argv[1], table, geom);
    const double ts = seconds_since(t0);
    std::printf("%zu points (%zu without one): OGR features %.3f s, Arrow stream %.3f s, SQLite + our blob parsing %.3f s\n",
                f.x.size(), f.none, tf, ta, ts);
    std::printf("ratios: features / SQLite %.1fx, Arrow / SQLite %.1fx; the three agree: %s\n", tf / ts, ta / ts,
                same(f, a) && same(f, s) ? "yes" : "NO");
    return same(f, a) && same(f, s) ? 0 : 1;
}
