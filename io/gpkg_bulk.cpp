#include "io/gpkg_bulk.hpp"

#include "io/gdal_util.hpp"
#include "io/gpkg_rtree.hpp"
#include "model/parallel.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <limits>
#include <mutex>

namespace hotspots::io {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the geometry blobs below are written little-endian");

constexpr std::size_t batch_rows = 64;
constexpr std::size_t blob_size = 8 + 21;
// The schema name of the second thread's database once attached to the file's connection.
constexpr const char* part_schema = "hotspots_part";

std::string sql_name(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string sqlite_error(sqlite3* db, int rc) {
    return std::string(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + (rc == SQLITE_FULL ? "; disk full?" : "");
}

}  // namespace

GpkgRows::GpkgRows(sqlite3* db, const std::string& path, const std::string& head, std::size_t columns, std::int32_t srs,
                   const std::vector<GpkgPoint>& points, std::size_t begin, std::size_t end)
    : m_db(db), m_path(path), m_head(head), m_columns(columns), m_points(points), m_next(begin), m_end(end) {
    m_full = statement(batch_rows);
    m_batch.resize(batch_rows * columns);
    // GeoPackage geometry header (magic, version 0, flags: little-endian, no envelope, as GDAL
    // writes points), the SRS id, then the WKB point; one per row of a batch.
    m_blobs.assign(batch_rows * blob_size, 0);
    for (std::size_t r = 0; r < batch_rows; ++r) {
        unsigned char* b = &m_blobs[r * blob_size];
        b[0] = 'G';
        b[1] = 'P';
        b[3] = 0x01;
        std::memcpy(b + 4, &srs, 4);
        b[8] = 0x01;
        b[9] = 0x01;  // wkbPoint
    }
}

GpkgRows::~GpkgRows() {
    sqlite3_finalize(m_full);
    sqlite3_finalize(m_rest);
}

void GpkgRows::check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    throw IoError(m_path + ": " + what + " failed (" + sqlite_error(m_db, rc) + ")");
}

// INSERT of `rows` rows, each its id, its geometry and the columns. Many rows a statement
// spare SQLite a statement's start, its cursor and a descent of the table's B-tree per row.
sqlite3_stmt* GpkgRows::statement(std::size_t rows) {
    std::string row = "(?, ?";
    for (std::size_t k = 0; k < m_columns; ++k) row += ", ?";
    row += ")";
    std::string sql = m_head + row;
    for (std::size_t r = 1; r < rows; ++r) sql += ", " + row;
    sqlite3_stmt* s = nullptr;
    check(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &s, nullptr), "preparing the insert");
    return s;
}

void GpkgRows::text(std::size_t column, std::string_view value) {
    Value& v = m_batch[m_row * m_columns + column];
    v.kind = Value::text;
    v.i = static_cast<std::int64_t>(m_text.size());
    v.size = value.size();
    m_text.append(value);
}

void GpkgRows::integer(std::size_t column, std::int64_t value) {
    Value& v = m_batch[m_row * m_columns + column];
    v.kind = Value::integer;
    v.i = value;
}

void GpkgRows::real(std::size_t column, double value) {
    Value& v = m_batch[m_row * m_columns + column];
    v.kind = Value::real;
    v.d = value;
}

void GpkgRows::insert() {
    if (m_next + m_row >= m_end) throw IoError(m_path + ": more rows inserted than points given (GpkgRows::insert)");
    if (++m_row == batch_rows) flush();
}

void GpkgRows::flush() {
    if (m_row == 0) return;
    if (m_row < batch_rows && m_rest_rows != m_row) {
        sqlite3_finalize(m_rest);
        m_rest = nullptr;
        m_rest = statement(m_row);
        m_rest_rows = m_row;
    }
    sqlite3_stmt* s = m_row == batch_rows ? m_full : m_rest;
    int param = 1;
    for (std::size_t r = 0; r < m_row; ++r) {
        const std::size_t i = m_next + r;
        sqlite3_bind_int64(s, param++, static_cast<std::int64_t>(i + 1));
        unsigned char* b = &m_blobs[r * blob_size];
        std::memcpy(b + 13, &m_points[i].x, 8);
        std::memcpy(b + 21, &m_points[i].y, 8);
        sqlite3_bind_blob(s, param++, b, static_cast<int>(blob_size), SQLITE_STATIC);
        for (std::size_t c = 0; c < m_columns; ++c, ++param) {
            Value& v = m_batch[r * m_columns + c];
            switch (v.kind) {
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
    m_next += m_row;
    m_row = 0;
    m_text.clear();
}

void GpkgRows::done() {
    flush();
    if (m_next != m_end) throw IoError(m_path + ": fewer rows inserted than points given (GpkgRows::insert)");
}

void GpkgRows::restart(std::size_t begin, std::size_t end) {
    m_next = begin;
    m_end = end;
}

void GpkgBulkInsert::Close::operator()(sqlite3* db) const { sqlite3_close(db); }

void GpkgBulkInsert::check(int rc, const char* what) {
    if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
    throw IoError(m_path + ": " + what + " failed (" + sqlite_error(m_db, rc) + ")");
}

void GpkgBulkInsert::exec(sqlite3* db, const std::string& sql, const char* what) {
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) throw IoError(m_path + ": " + what + " failed (" + sqlite_error(db, rc) + ")");
}

GpkgBulkInsert::GpkgBulkInsert(const std::string& file, const std::string& path, const std::string& table,
                               const std::vector<std::string>& columns)
    : m_path(path), m_table(table), m_columns(columns) {
    // One thread uses the connection at a time: SQLite's per-call locking is not needed.
    check(sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr), "opening the GeoPackage");
    // The file is a temporary renamed into place only when complete: no journal is needed.
    exec(m_db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536", "setting up SQLite");
    auto rows_of = [&](const std::string& sql, const std::vector<std::string>& args, const char* what) {
        sqlite3_stmt* q = nullptr;
        check(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q, nullptr), what);
        for (std::size_t k = 0; k < args.size(); ++k) sqlite3_bind_text(q, int(k) + 1, args[k].c_str(), -1, SQLITE_TRANSIENT);
        std::vector<std::vector<std::string>> out;
        while (sqlite3_step(q) == SQLITE_ROW) {
            out.emplace_back();
            for (int c = 0; c < sqlite3_column_count(q); ++c) {
                const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(q, c));
                out.back().emplace_back(t ? t : "");
            }
        }
        sqlite3_finalize(q);
        return out;
    };
    const auto geom = rows_of("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?", {table}, "reading the geometry column");
    if (geom.empty()) throw IoError(path + ": no geometry column for " + table);
    m_geom = geom[0][0];
    m_srs = static_cast<std::int32_t>(std::stol(geom[0][1]));
    m_rtree = "rtree_" + table + "_" + m_geom;
    const auto made = rows_of("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", {table}, "reading the table");
    if (made.empty()) throw IoError(path + ": no table " + table);
    m_table_sql = made[0][0];
    for (const char* shadow : {"_node", "_parent", "_rowid"}) {
        const auto s = rows_of("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", {m_rtree + shadow}, "reading the spatial index");
        if (!s.empty()) m_rtree_sql.push_back(s[0][0]);
    }
    if (!m_rtree_sql.empty()) {
        if (m_rtree_sql.size() != 3) throw IoError(path + ": unexpected spatial index " + m_rtree + " (a shadow table is missing)");
        m_node_size = rtree_node_size(m_db, path, m_rtree);
    }
    // GDAL's triggers keep gpkg_ogr_contents' count and the R-tree one row at a time (an
    // R*-tree insert costs about 10 microseconds), and SQLite copies whole records between
    // tables only into a table without triggers: they are dropped, the count set once and the
    // tree packed whole, and the triggers made again as they were, in their order.
    for (const auto& t : rows_of("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY rowid", {table},
                                 "reading the triggers")) {
        exec(m_db, "DROP TRIGGER " + sql_name(t[0]), "dropping a trigger");
        m_triggers.push_back(t[1]);
    }
}

GpkgBulkInsert::~GpkgBulkInsert() {
    sqlite3_close(m_db);  // unfinished: the transaction is dropped with the temporary file
    m_attached.reset();   // after: the file's connection may still read its memory
}

std::string GpkgBulkInsert::insert_head() const {
    std::string sql = "INSERT INTO " + sql_name(m_table) + " (rowid, " + sql_name(m_geom);
    for (const auto& c : m_columns) sql += ", " + sql_name(c);
    return sql + ") VALUES ";
}

// Who makes which part of the table when two threads share the work. The first thread takes
// the parts in order: a part nobody has taken it writes into the file itself; a part the
// second thread has taken it waits for and copies in. The second takes the first free part
// at least `lead` parts ahead of the first thread, so it is seldom waited for, and stops when
// none is left: each thread makes as many rows as its speed allows (on a busy machine the
// first may make them all), and the file is the same whoever made which part.
struct GpkgBulkInsert::Handoff {
    enum Owner : unsigned char { free_part, first_thread, second_thread };
    enum Tree : unsigned char { tree_waiting, tree_packing, tree_packed };
    // Up to `most_waiting` parts (about 4.5 MB each for the incidents) wait to be copied: enough
    // for the second thread to keep going while the first writes the tree.
    static constexpr std::size_t lead = 2, most_waiting = 32;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Owner> owner;
    std::vector<Connection> made;  // the second thread's finished parts, until copied in
    std::size_t at = 0;            // the part the first thread is on (the count: no part left)
    std::size_t next = 0;          // where the second thread looks for a free part
    std::size_t waiting = 0;       // parts made and not yet copied
    Tree tree = tree_waiting;      // packed by whichever thread comes to it first
    bool failed = false;
};

// Runs `work`; on an exception, tells the other thread to stop before passing it on.
template <typename Work>
void GpkgBulkInsert::or_stop(Handoff& h, Work&& work) {
    try {
        work();
    } catch (...) {
        {
            std::lock_guard lock(h.mutex);
            h.failed = true;
        }
        h.changed.notify_all();
        throw;
    }
}

GpkgBulkInsert::Connection GpkgBulkInsert::make_part(const std::vector<GpkgPoint>& points, const Fill& fill, std::size_t begin,
                                                    std::size_t end) {
    sqlite3* raw = nullptr;
    // A name without a leading '/': a database of this connection's own.
    const int rc = sqlite3_open_v2("hotspots-part", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, "memdb");
    Connection db(raw);
    if (rc != SQLITE_OK) throw IoError(m_path + ": an SQLite database in memory failed (" + sqlite_error(raw, rc) + ")");
    sqlite3_int64 limit = std::numeric_limits<sqlite3_int64>::max();  // memdb stops at 1 GB otherwise
    sqlite3_file_control(raw, "main", SQLITE_FCNTL_SIZE_LIMIT, &limit);
    exec(raw, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", "setting up SQLite");
    exec(raw, m_table_sql, "making the table in memory");
    exec(raw, "BEGIN", "starting the transaction");
    {
        GpkgRows rows(raw, m_path, insert_head(), m_columns.size(), m_srs, points, begin, end);
        fill(begin, end, rows);
        rows.done();
    }
    exec(raw, "COMMIT", "committing in memory");
    return db;
}

// SQLite copies a part's finished records across (`INSERT INTO ... SELECT *`, its transfer of
// whole records), appended after the rows before them as if inserted one by one.
void GpkgBulkInsert::copy_part(Connection part) {
    sqlite3_int64 size = 0;
    unsigned char* data = sqlite3_serialize(part.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
    unsigned flags = SQLITE_DESERIALIZE_READONLY;
    if (!data) {  // not one block after all: a copy, freed with the attachment
        data = sqlite3_serialize(part.get(), "main", &size, 0);
        flags |= SQLITE_DESERIALIZE_FREEONCLOSE;
    }
    if (!data) throw IoError(m_path + ": copying the rows in memory failed (out of memory?)");
    if (!m_attached) exec(m_db, std::string("ATTACH ':memory:' AS ") + part_schema, "attaching the rows in memory");
    // In place of the part before (which cannot be detached inside the transaction).
    check(sqlite3_deserialize(m_db, part_schema, data, size, size, flags), "attaching the rows in memory");
    m_attached = std::move(part);  // the part before is no longer read: closed
    exec(m_db, "INSERT INTO main." + sql_name(m_table) + " SELECT * FROM " + part_schema + "." + sql_name(m_table), "copying rows");
}

void GpkgBulkInsert::write(const std::vector<GpkgPoint>& points, const Fill& fill, unsigned threads, std::size_t split_from,
                           std::size_t part_rows) {
    const std::size_t n = points.size();
    const bool two = thread_count(threads) > 1 && n >= std::max<std::size_t>(split_from, 2);
    const bool indexed = !m_rtree_sql.empty() && n > 0;
    part_rows = std::max(batch_rows, part_rows / batch_rows * batch_rows);  // whole batches but the last
    const std::size_t parts = (n + part_rows - 1) / part_rows;
    exec(m_db, "BEGIN", "starting the transaction");
    Handoff h;
    h.owner.assign(parts, Handoff::free_part);
    h.made.resize(parts);
    RtreePacked tree;
    auto pack = [&] {
        std::vector<RtreeEntry> entries(n);
        for (std::size_t i = 0; i < n; ++i) entries[i] = {std::int64_t(i) + 1, points[i].x, points[i].y};
        tree = pack_rtree(m_path, m_rtree, m_node_size, std::move(entries));
        {
            std::lock_guard lock(h.mutex);
            h.tree = Handoff::tree_packed;
        }
        h.changed.notify_all();
    };
    // Whoever comes first packs the tree: the second thread at its start, else the first when
    // it is due.
    auto take_tree = [&] {
        std::lock_guard lock(h.mutex);
        if (!indexed || h.tree != Handoff::tree_waiting) return false;
        h.tree = Handoff::tree_packing;
        return true;
    };
    auto write_tree = [&] {
        if (take_tree()) {
            pack();
        } else {
            std::unique_lock lock(h.mutex);
            h.changed.wait(lock, [&] { return h.failed || h.tree == Handoff::tree_packed; });
            if (h.failed) return false;
        }
        write_rtree(m_db, m_path, m_rtree, tree);
        return true;
    };
    // The tree goes in a quarter of the way through the rows, whatever the thread count (the
    // same pages): by then the second thread has packed it, and both threads stay busy to the
    // end rather than the first writing the tree alone after the rows.
    const std::size_t tree_at = parts / 4;
    auto first_thread = [&] {
        GpkgRows rows(m_db, m_path, insert_head(), m_columns.size(), m_srs, points, 0, 0);
        for (std::size_t k = 0; k < parts; ++k) {
            if (indexed && k == tree_at && !write_tree()) return;
            const std::size_t begin = k * part_rows, end = std::min(n, begin + part_rows);
            Connection part;
            {
                std::unique_lock lock(h.mutex);
                h.at = k;
                if (h.owner[k] == Handoff::free_part) {
                    h.owner[k] = Handoff::first_thread;
                } else {
                    h.changed.wait(lock, [&] { return h.failed || h.made[k]; });
                    if (h.failed) return;
                    part = std::move(h.made[k]);
                    --h.waiting;
                }
            }
            h.changed.notify_all();
            if (part) {
                copy_part(std::move(part));
            } else {
                rows.restart(begin, end);
                fill(begin, end, rows);
                rows.done();
            }
        }
        {
            std::lock_guard lock(h.mutex);
            h.at = parts;
        }
        h.changed.notify_all();
    };
    auto second_thread = [&] {
        if (take_tree()) pack();
        for (;;) {
            std::size_t k = 0;
            {
                std::unique_lock lock(h.mutex);
                h.changed.wait(lock, [&] { return h.failed || h.at >= parts || h.waiting < Handoff::most_waiting; });
                if (h.failed) return;
                for (k = std::max(h.next, h.at + Handoff::lead); k < parts && h.owner[k] != Handoff::free_part; ++k) {}
                if (k >= parts) return;
                h.owner[k] = Handoff::second_thread;
                h.next = k + 1;
            }
            const std::size_t begin = k * part_rows, end = std::min(n, begin + part_rows);
            Connection part = make_part(points, fill, begin, end);
            {
                std::lock_guard lock(h.mutex);
                h.made[k] = std::move(part);
                ++h.waiting;
            }
            h.changed.notify_all();
        }
    };
    // With one thread the first item does all the work and the second finds none left.
    parallel_items(2, two ? 2 : 1, [&](std::size_t item, unsigned) {
        if (item == 0) or_stop(h, first_thread);
        else or_stop(h, second_thread);
    });
    exec(m_db, "COMMIT", "committing");
    if (m_attached) {
        exec(m_db, std::string("DETACH ") + part_schema, "detaching the rows in memory");
        m_attached.reset();
    }
    for (const auto& t : m_triggers) exec(m_db, t, "making a trigger again");
    if (n > 0) {
        double min_x = std::numeric_limits<double>::infinity(), min_y = min_x, max_x = -min_x, max_y = -min_x;
        for (const auto& p : points) {
            min_x = std::min(min_x, p.x);
            min_y = std::min(min_y, p.y);
            max_x = std::max(max_x, p.x);
            max_y = std::max(max_y, p.y);
        }
        // Formatted by SQLite's printf as GDAL does (its %.18g is not always the nearest
        // decimal), so the stored extent is GDAL's to the last digit.
        char* sql = sqlite3_mprintf("UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
                                    "WHERE lower(table_name) = lower('%q') AND Lower(data_type) = 'features'",
                                    min_x, min_y, max_x, max_y, m_table.c_str());
        const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr);
        sqlite3_free(sql);
        check(rc, "setting the extent");
    }
    sqlite3_stmt* q = nullptr;
    check(sqlite3_prepare_v2(m_db, "UPDATE gpkg_ogr_contents SET feature_count = ? WHERE lower(table_name) = lower(?)", -1, &q, nullptr),
          "setting the feature count");
    sqlite3_bind_int64(q, 1, static_cast<sqlite3_int64>(n));
    sqlite3_bind_text(q, 2, m_table.c_str(), -1, SQLITE_TRANSIENT);
    const int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    check(rc, "setting the feature count");
    check(sqlite3_close(m_db), "closing");
    m_db = nullptr;
}

}  // namespace hotspots::io
