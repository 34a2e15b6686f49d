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

constexpr std::size_t batch_rows = 64;
constexpr std::size_t blob_size = 8 + 21;

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
    : m_path(path), m_table(table), m_columns(columns), m_min_x(std::numeric_limits<double>::infinity()),
      m_min_y(m_min_x), m_max_x(-m_min_x), m_max_y(-m_min_x) {
    // One thread uses the connection: SQLite's per-call locking is not needed.
    check(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr), "opening the GeoPackage");
    // The file is a temporary renamed into place only when complete: no journal is needed.
    check(sqlite3_exec(m_db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536", nullptr, nullptr, nullptr),
          "setting up SQLite");
    {
        sqlite3_stmt* q = nullptr;
        check(sqlite3_prepare_v2(m_db, "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", -1, &q, nullptr),
              "reading the geometry column");
        sqlite3_bind_text(q, 1, table.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(q) == SQLITE_ROW) {
            m_geom = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
            m_srs = sqlite3_column_int(q, 1);
        }
        sqlite3_finalize(q);
    }
    if (m_geom.empty()) throw IoError(path + ": no geometry column for " + table);
    m_rtree = "rtree_" + table + "_" + m_geom;
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
        const std::string rtree_insert = m_rtree + "_insert";
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
    m_full = statement(batch_rows);
    m_batch.resize(batch_rows * (columns.size() + 1));
    // GeoPackage geometry header (magic, version 0, flags: little-endian, no envelope, as GDAL
    // writes points), the SRS id, then the WKB point; one per row of a batch.
    m_blobs.assign(batch_rows * blob_size, 0);
    for (std::size_t r = 0; r < batch_rows; ++r) {
        unsigned char* b = &m_blobs[r * blob_size];
        b[0] = 'G';
        b[1] = 'P';
        b[3] = 0x01;
        std::memcpy(b + 4, &m_srs, 4);
        b[8] = 0x01;
        b[9] = 0x01;  // wkbPoint
    }
}

// INSERT of `rows` rows, each its id, its geometry and the columns. Many rows a statement
// spare SQLite a statement's start, its cursor and a descent of the table's B-tree per row.
sqlite3_stmt* GpkgBulkInsert::statement(std::size_t rows) {
    std::string row = "(?, ?";
    for (std::size_t k = 0; k < m_columns.size(); ++k) row += ", ?";
    row += ")";
    std::string sql = "INSERT INTO " + sql_name(m_table) + " (rowid, " + sql_name(m_geom);
    for (const auto& c : m_columns) sql += ", " + sql_name(c);
    sql += ") VALUES " + row;
    for (std::size_t r = 1; r < rows; ++r) sql += ", " + row;
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr), "preparing the insert");
    return s;
}

GpkgBulkInsert::~GpkgBulkInsert() {
    sqlite3_finalize(m_full);
    sqlite3_finalize(m_rest);
    sqlite3_close(m_db);  // unfinished: the transaction is dropped with the temporary file
}

GpkgBulkInsert::Value& GpkgBulkInsert::slot(std::size_t column) {
    return m_batch[m_row * (m_columns.size() + 1) + column];
}

void GpkgBulkInsert::point(double x, double y) {
    Value& v = slot(0);
    v.kind = Value::point;
    v.d = x;
    v.y = y;
    m_min_x = std::min(m_min_x, x);
    m_min_y = std::min(m_min_y, y);
    m_max_x = std::max(m_max_x, x);
    m_max_y = std::max(m_max_y, y);
}

void GpkgBulkInsert::text(std::size_t column, std::string_view value) {
    Value& v = slot(column + 1);
    v.kind = Value::text;
    v.i = static_cast<std::int64_t>(m_text.size());
    v.size = value.size();
    m_text.append(value);
}

void GpkgBulkInsert::integer(std::size_t column, std::int64_t value) {
    Value& v = slot(column + 1);
    v.kind = Value::integer;
    v.i = value;
}

void GpkgBulkInsert::real(std::size_t column, double value) {
    Value& v = slot(column + 1);
    v.kind = Value::real;
    v.d = value;
}

void GpkgBulkInsert::insert() {
    const Value& p = slot(0);
    if (p.kind != Value::point) throw IoError(m_path + ": a feature without its point (GpkgBulkInsert::point)");
    ++m_rows;
    m_entries.push_back({m_rows, p.d, p.y});
    if (++m_row == batch_rows) flush();
}

void GpkgBulkInsert::flush() {
    if (m_row == 0) return;
    if (m_row < batch_rows && !m_rest) m_rest = statement(m_row);
    sqlite3_stmt* s = m_row == batch_rows ? m_full : m_rest;
    const std::size_t per_row = m_columns.size() + 1;
    const std::int64_t first = m_rows - static_cast<std::int64_t>(m_row) + 1;
    int param = 1;
    for (std::size_t r = 0; r < m_row; ++r) {
        sqlite3_bind_int64(s, param++, first + static_cast<std::int64_t>(r));
        for (std::size_t c = 0; c < per_row; ++c, ++param) {
            Value& v = m_batch[r * per_row + c];
            switch (v.kind) {
                case Value::point: {
                    unsigned char* b = &m_blobs[r * blob_size];
                    std::memcpy(b + 13, &v.d, 8);
                    std::memcpy(b + 21, &v.y, 8);
                    sqlite3_bind_blob(s, param, b, static_cast<int>(blob_size), SQLITE_STATIC);
                    break;
                }
                case Value::text:
                    sqlite3_bind_text(s, param, m_text.data() + v.i, static_cast<int>(v.size), SQLITE_STATIC);
                    break;
                case Value::integer: sqlite3_bind_int64(s, param, v.i); break;
                case Value::real: sqlite3_bind_double(s, param, v.d); break;
                case Value::null: sqlite3_bind_null(s, param); break;
            }
            v.kind = Value::null;
        }
    }
    check(sqlite3_step(s), "writing a feature");
    sqlite3_reset(s);
    m_row = 0;
    m_text.clear();
}

void GpkgBulkInsert::finish() {
    flush();
    sqlite3_finalize(m_full);
    sqlite3_finalize(m_rest);
    m_full = m_rest = nullptr;
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
