#include "io/gpkg_bulk.hpp"

#include "io/gdal_util.hpp"
#include "io/gpkg_rtree.hpp"

#include <gdal.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <limits>

namespace hotspots::io {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the geometry blobs below are written little-endian");

std::string sql_name(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

void GpkgBulkInsert::check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    const std::string why = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
    throw IoError(m_path + ": " + what + " failed (" + why + (rc == SQLITE_FULL ? "; disk full?" : "") + ")");
}

GpkgBulkInsert::GpkgBulkInsert(const std::string& file, const std::string& path, const std::string& table,
                               const std::vector<std::string>& columns)
    : m_path(path), m_table(table), m_min_x(std::numeric_limits<double>::infinity()), m_min_y(m_min_x),
      m_max_x(-m_min_x), m_max_y(-m_min_x) {
    check(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE, nullptr), "opening the GeoPackage");
    // The file is a temporary renamed into place only when complete: no journal is needed.
    check(sqlite3_exec(m_db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536", nullptr, nullptr, nullptr),
          "setting up SQLite");
    std::string geom;
    std::int32_t srs = 0;
    {
        sqlite3_stmt* q = nullptr;
        check(sqlite3_prepare_v2(m_db, "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", -1, &q, nullptr),
              "reading the geometry column");
        sqlite3_bind_text(q, 1, table.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_ROW) {
            geom = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
            srs = sqlite3_column_int(q, 1);
        }
        sqlite3_finalize(q);
    }
    if (geom.empty()) throw IoError(path + ": no geometry column for " + table);
    m_rtree = "rtree_" + table + "_" + geom;
    // GDAL's triggers keep gpkg_ogr_contents' count and the R-tree one row at a time (an
    // R*-tree insert costs about 10 microseconds); the count is set once and the tree packed
    // whole in finish(), and the triggers made again as they were.
    {
        sqlite3_stmt* q = nullptr;
        check(sqlite3_prepare_v2(m_db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND "
                                       "(name LIKE 'trigger_%_feature_count_%' OR name = ?)",
                                 -1, &q, nullptr),
              "reading the triggers");
        sqlite3_bind_text(q, 1, table.c_str(), -1, SQLITE_TRANSIENT);
        const std::string rtree_insert = "rtree_" + table + "_" + geom + "_insert";
        sqlite3_bind_text(q, 2, rtree_insert.c_str(), -1, SQLITE_TRANSIENT);
        std::vector<std::string> names;
        while (sqlite3_step(q) == SQLITE_ROW) {
            names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
            m_count_triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
        }
        sqlite3_finalize(q);
        for (const auto& n : names) check(sqlite3_exec(m_db, ("DROP TRIGGER " + sql_name(n)).c_str(), nullptr, nullptr, nullptr), "dropping a trigger");
    }
    check(sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr), "starting the transaction");
    std::string sql = "INSERT INTO " + sql_name(table) + " (" + sql_name(geom);
    for (const auto& c : columns) sql += ", " + sql_name(c);
    sql += ") VALUES (?";
    for (std::size_t k = 0; k < columns.size(); ++k) sql += ", ?";
    sql += ")";
    check(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_insert, nullptr), "preparing the insert");
    // GeoPackage geometry header (magic, version 0, flags: little-endian, no envelope, as GDAL
    // writes points), the SRS id, then the WKB point.
    m_blob.assign(8 + 21, 0);
    m_blob[0] = 'G';
    m_blob[1] = 'P';
    m_blob[3] = 0x01;
    std::memcpy(&m_blob[4], &srs, 4);
    m_blob[8] = 0x01;
    m_blob[9] = 0x01;  // wkbPoint
}

GpkgBulkInsert::~GpkgBulkInsert() {
    sqlite3_finalize(m_insert);
    sqlite3_close(m_db);  // unfinished: the transaction is dropped with the temporary file
}

void GpkgBulkInsert::point(double x, double y) {
    std::memcpy(&m_blob[13], &x, 8);
    std::memcpy(&m_blob[21], &y, 8);
    m_x = x;
    m_y = y;
    sqlite3_bind_blob(m_insert, 1, m_blob.data(), static_cast<int>(m_blob.size()), SQLITE_STATIC);
    m_min_x = std::min(m_min_x, x);
    m_min_y = std::min(m_min_y, y);
    m_max_x = std::max(m_max_x, x);
    m_max_y = std::max(m_max_y, y);
}

void GpkgBulkInsert::text(std::size_t column, std::string_view value) {
    sqlite3_bind_text(m_insert, static_cast<int>(column) + 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
}

void GpkgBulkInsert::integer(std::size_t column, std::int64_t value) {
    sqlite3_bind_int64(m_insert, static_cast<int>(column) + 2, value);
}

void GpkgBulkInsert::real(std::size_t column, double value) {
    sqlite3_bind_double(m_insert, static_cast<int>(column) + 2, value);
}

void GpkgBulkInsert::insert() {
    check(sqlite3_step(m_insert), "writing a feature");
    sqlite3_reset(m_insert);
    m_entries.push_back({sqlite3_last_insert_rowid(m_db), m_x, m_y});
    ++m_rows;
}

void GpkgBulkInsert::finish() {
    sqlite3_finalize(m_insert);
    m_insert = nullptr;
    if (!m_entries.empty()) {
        sqlite3_stmt* q = nullptr;
        check(sqlite3_prepare_v2(m_db, "SELECT 1 FROM sqlite_master WHERE name = ?", -1, &q, nullptr), "looking for the spatial index");
        sqlite3_bind_text(q, 1, m_rtree.c_str(), -1, SQLITE_TRANSIENT);
        const bool indexed = sqlite3_step(q) == SQLITE_ROW;
        sqlite3_finalize(q);
        if (indexed) write_rtree(m_db, m_path, m_rtree, m_entries);
    }
    check(sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr), "committing");
    for (const auto& t : m_count_triggers) check(sqlite3_exec(m_db, t.c_str(), nullptr, nullptr, nullptr), "making a trigger again");
    sqlite3_stmt* q = nullptr;
    if (m_rows > 0) {
        // Formatted by SQLite's printf as GDAL does (its %.18g is not always the nearest
        // decimal), so the stored extent is GDAL's to the last digit.
        char* sql = sqlite3_mprintf("UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
                                    "WHERE lower(table_name) = lower('%q') AND Lower(data_type) = 'features'",
                                    m_min_x, m_min_y, m_max_x, m_max_y, m_table.c_str());
        const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
        sqlite3_free(sql);
        check(rc, "setting the extent");
    }
    check(sqlite3_prepare_v2(m_db, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)", -1, &q, nullptr),
          "setting the feature count");
    sqlite3_bind_int64(q, 1, m_rows);
    sqlite3_bind_text(q, 2, m_table.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    check(rc, "setting the feature count");
    check(sqlite3_close(m_db), "closing");
    m_db = nullptr;
}

}  // namespace hotspots::io
