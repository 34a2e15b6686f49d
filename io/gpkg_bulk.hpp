#pragma once
// Many point features appended to a GeoPackage table through SQLite directly. GDAL 3.6 writes
// about 60,000 features a second (a feature object, its fields and its geometry made and
// checked per row) and has no Arrow write path; one prepared INSERT in one transaction writes
// several times as many. GDAL makes the file, the table, its (empty) spatial index and its
// metadata first; the R-tree is packed once the rows are in (gpkg_rtree), so the file is the
// GeoPackage GDAL itself would write.
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
    // columns include `columns`. `path`: the name in messages.
    GpkgBulkInsert(const std::string& file, const std::string& path, const std::string& table,
                   const std::vector<std::string>& columns);
    ~GpkgBulkInsert();
    GpkgBulkInsert(const GpkgBulkInsert&) = delete;
    GpkgBulkInsert& operator=(const GpkgBulkInsert&) = delete;

    // The current row's values (column numbers as in `columns`; the text must live until
    // insert()), then insert() writes it.
    void point(double x, double y);
    void text(std::size_t column, std::string_view value);
    void integer(std::size_t column, std::int64_t value);
    void real(std::size_t column, double value);
    void insert();

    // Packs the spatial index (when the table has one), commits, and sets the table's extent
    // and feature count as GDAL would. Throws IoError.
    void finish();

private:
    void check(int rc, const char* what);
    std::string m_path, m_table, m_rtree;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insert = nullptr;
    std::vector<unsigned char> m_blob;
    std::vector<std::string> m_count_triggers;  // GDAL's feature-count triggers, made again after
    std::int64_t m_rows = 0;
    double m_x = 0, m_y = 0;
    std::vector<RtreeEntry> m_entries;
    double m_min_x, m_min_y, m_max_x, m_max_y;
};

}  // namespace hotspots::io
