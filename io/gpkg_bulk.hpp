#pragma once
// Many point features appended to a GeoPackage table through SQLite directly. GDAL 3.6 writes
// about 60,000 features a second (a feature object, its fields and its geometry made and
// checked per row) and has no Arrow write path; prepared INSERTs of many rows each, in one
// transaction, write several times as many. GDAL makes the file, the table, its (empty)
// spatial index and its metadata first; the R-tree is packed once the rows are in
// (gpkg_rtree), so the file is the GeoPackage GDAL itself would write.
#include "io/gpkg_rtree.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hotspots::io {

class GpkgBulkInsert {
public:
    // `file`: a GeoPackage GDAL has closed, holding the empty point table `table` whose
    // columns include `columns`. `path`: the name in messages. Features get the ids 1, 2, ...
    // in the order they are inserted, as GDAL gives them.
    GpkgBulkInsert(const std::string& file, const std::string& path, const std::string& table,
                   const std::vector<std::string>& columns);
    ~GpkgBulkInsert();
    GpkgBulkInsert(const GpkgBulkInsert&) = delete;
    GpkgBulkInsert& operator=(const GpkgBulkInsert&) = delete;

    // The current row's values (column numbers as in `columns`; values are copied, columns
    // not given are NULL), then insert() adds it.
    void point(double x, double y);
    void text(std::size_t column, std::string_view value);
    void integer(std::size_t column, std::int64_t value);
    void real(std::size_t column, double value);
    void insert();

    // Packs the spatial index (when the table has one), commits, and sets the table's extent
    // and feature count as GDAL would. Throws IoError.
    void finish();

private:
    // A row's value kept until its batch is written: SQLite binds many rows per statement.
    struct Value {
        enum Kind : unsigned char { null, text, integer, real, point } kind = null;
        std::int64_t i = 0;  // integer; text: offset into m_text
        double d = 0, y = 0; // real; point: x, y
        std::size_t size = 0;
    };
    void check(int rc, const char* what);
    sqlite3_stmt* statement(std::size_t rows);
    void flush();
    Value& slot(std::size_t column);

    std::string m_path, m_table, m_rtree, m_geom;
    sqlite3* m_db = nullptr;
    std::vector<std::string> m_columns;
    sqlite3_stmt* m_full = nullptr;  // a whole batch
    sqlite3_stmt* m_rest = nullptr;  // the last, shorter batch
    std::vector<Value> m_batch;      // batch rows x (geometry + columns)
    std::string m_text;
    std::size_t m_row = 0;           // rows held in m_batch
    std::vector<unsigned char> m_blobs;
    std::int32_t m_srs = 0;
    std::vector<std::string> m_count_triggers;  // GDAL's feature-count triggers, made again after
    std::int64_t m_rows = 0;
    std::vector<RtreeEntry> m_entries;
    double m_min_x, m_min_y, m_max_x, m_max_y;
};

}  // namespace hotspots::io
