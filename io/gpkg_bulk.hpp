#pragma once
// Many point features written to a GeoPackage table through SQLite directly. GDAL 3.6 writes
// about 60,000 features a second (a feature object, its fields and its geometry made and
// checked per row) and has no Arrow write path; prepared INSERTs of many rows each, in one
// transaction, write several times as many. GDAL makes the file, the table, its (empty)
// spatial index and its metadata first; the R-tree is packed from the points (gpkg_rtree),
// so the file is the GeoPackage GDAL itself would write.
//
// SQLite makes a table's records on one thread. With two threads, the second packs the R-tree
// and then makes parts of the rows (16,384 a part) in databases in memory, while the first
// writes the other parts into the file and copies the second's in as it reaches them
// (`INSERT INTO ... SELECT *`, SQLite's transfer of whole records); which thread makes which
// part follows their speeds. The first writes the packed tree into the file a quarter of the
// way through the rows. The file holds the same pages whatever the thread count
// (tests/io/test_gpkg_bulk.cpp).
#include "io/gpkg_rtree.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hotspots::io {

struct GpkgPoint {
    double x, y;
};

// The rows of one part of the table, given one at a time: the values of the current row
// (column numbers as given to GpkgBulkInsert; values are copied; columns not given are
// NULL), then insert() adds it with its id and point.
class GpkgRows {
public:
    void text(std::size_t column, std::string_view value);
    void integer(std::size_t column, std::int64_t value);
    void real(std::size_t column, double value);
    void insert();

    ~GpkgRows();
    GpkgRows(const GpkgRows&) = delete;
    GpkgRows& operator=(const GpkgRows&) = delete;

private:
    friend class GpkgBulkInsert;
    // Rows [begin, end) of `points` with the ids begin + 1, ...: `head` is the INSERT up to
    // its VALUES, for the id, the geometry and `columns` values a row.
    GpkgRows(sqlite3* db, const std::string& path, const std::string& head, std::size_t columns, std::int32_t srs,
             const std::vector<GpkgPoint>& points, std::size_t begin, std::size_t end);
    void flush();
    void done();  // the last rows written; throws unless the part got all its rows
    void restart(std::size_t begin, std::size_t end);  // after done(): rows [begin, end) next
    sqlite3_stmt* statement(std::size_t rows);
    void check(int rc, const char* what);

    // A row's value kept until its batch is written: SQLite binds many rows per statement.
    struct Value {
        enum Kind : unsigned char { null, text, integer, real } kind = null;
        std::int64_t i = 0;  // integer; text: offset into m_text
        double d = 0;        // real
        std::size_t size = 0;
    };
    sqlite3* m_db;
    std::string m_path, m_head;
    std::size_t m_columns;
    const std::vector<GpkgPoint>& m_points;
    std::size_t m_next, m_end;       // the next row's index into m_points; the part's end
    sqlite3_stmt* m_full = nullptr;  // a whole batch
    sqlite3_stmt* m_rest = nullptr;  // a shorter batch (a part's last), of m_rest_rows rows
    std::size_t m_rest_rows = 0;
    std::vector<Value> m_batch;      // batch rows x columns
    std::string m_text;
    std::size_t m_row = 0;           // rows held in m_batch
    std::vector<unsigned char> m_blobs;
};

class GpkgBulkInsert {
public:
    // `file`: a GeoPackage GDAL has closed, holding the empty point table `table` whose
    // columns include `columns`. `path`: the name in messages.
    GpkgBulkInsert(const std::string& file, const std::string& path, const std::string& table,
                   const std::vector<std::string>& columns);
    ~GpkgBulkInsert();
    GpkgBulkInsert(const GpkgBulkInsert&) = delete;
    GpkgBulkInsert& operator=(const GpkgBulkInsert&) = delete;

    // fill(begin, end, rows) gives the values of rows [begin, end), in order, one
    // rows.insert() each; it may be called on two threads at once for different ranges.
    using Fill = std::function<void(std::size_t begin, std::size_t end, GpkgRows& rows)>;

    // Writes every row (row i gets the id i + 1, as GDAL gives them, and the point
    // points[i]), packs the spatial index (when the table has one), commits, and sets the
    // table's extent and feature count as GDAL would. With `threads` > 1 and at least
    // `split_from` rows, the work is shared by two threads. Call once. Throws IoError.
    // The rows go in parts of `part_rows` (rounded to whole batches of 64).
    void write(const std::vector<GpkgPoint>& points, const Fill& fill, unsigned threads = 1, std::size_t split_from = 100000,
               std::size_t part_rows = 16384);

private:
    struct Close {
        void operator()(sqlite3* db) const;
    };
    using Connection = std::unique_ptr<sqlite3, Close>;
    struct Handoff;
    template <typename Work>
    static void or_stop(Handoff& h, Work&& work);
    Connection make_part(const std::vector<GpkgPoint>& points, const Fill& fill, std::size_t begin, std::size_t end);
    void copy_part(Connection part);
    void check(int rc, const char* what);
    void exec(sqlite3* db, const std::string& sql, const char* what);
    std::string insert_head() const;

    std::string m_path, m_table, m_rtree, m_geom;
    sqlite3* m_db = nullptr;
    Connection m_attached;  // the part in memory attached to m_db last
    std::vector<std::string> m_columns;
    std::int32_t m_srs = 0;
    std::vector<std::string> m_triggers;  // every trigger of the table, made again after
    std::string m_table_sql;              // the table's CREATE statement
    std::vector<std::string> m_rtree_sql; // its R-tree's shadow tables' (empty: no index)
    std::size_t m_node_size = 0;
};

}  // namespace hotspots::io
