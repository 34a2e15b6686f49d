#include "io/gpkg_points.hpp"
#include "io/text.hpp"

#include "model/time.hpp"
#include "io/gdal_util.hpp"
#include "io/wkb.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace hotspots::io {
namespace {

std::string quoted(const std::string& name) {
    std::string q = "\"";
    for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return s;
}

std::string column_text(sqlite3_stmt* q, int i) {
    const auto* p = sqlite3_column_text(q, i);
    return p ? reinterpret_cast<const char*>(p) : "";
}

GpkgPoints::Kind kind_of(OGRFieldDefnH field) {
    using K = GpkgPoints::Kind;
    const OGRFieldSubType sub = OGR_Fld_GetSubType(field);
    switch (OGR_Fld_GetType(field)) {
        case OFTString: return K::text;
        case OFTInteger:
            // GDAL 3.6.2's Arrow stream gives wrong bits for some boolean values (a field of
            // 1s read as 0 in most rows): reading them right would change results, so such a
            // field stays GDAL's until that is settled.
            if (sub == OFSTBoolean) break;
            return sub == OFSTInt16 ? K::int16 : K::int32;
        case OFTInteger64: return K::int64;
        case OFTReal: return sub == OFSTFloat32 ? K::float32 : K::real;
        case OFTDate: return K::date;
        case OFTDateTime: return K::datetime;
        case OFTBinary: return K::binary;
        default: break;
    }
    throw GpkgFallback(std::string("field '") + OGR_Fld_GetNameRef(field) + "' is of a type read through GDAL only");
}

// Reads `n` digits at p; false when any is not a digit.
bool digits(const char* p, int n, int& out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') return false;
        out = out * 10 + (p[i] - '0');
    }
    return true;
}

// YYYY-MM-DD of a real day, the form GDAL writes; its first 10 characters of `s`.
bool civil_day(std::string_view s, std::int64_t& days) {
    int y, m, d;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !digits(s.data(), 4, y) || !digits(s.data() + 5, 2, m) ||
        !digits(s.data() + 8, 2, d) || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    days = days_from_civil(y, m, d);
    return true;
}

// GDAL 3.6's Arrow stream gives a date-time's clock time as written, whatever its time zone
// (checked by tests/cli/test_gpkg_read.sh), and drops the milliseconds when made text.
// Accepted: YYYY-MM-DDTHH:MM:SS, then .f to .fff, then Z or +HH:MM / -HH:MM. Other forms
// GDAL reads its own way, so they are GDAL's to read.
bool clock_time(std::string_view s, Seconds& t) {
    std::int64_t days;
    int hh, mm, ss;
    if (s.size() < 19 || !civil_day(s, days) || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
        !digits(s.data() + 11, 2, hh) || !digits(s.data() + 14, 2, mm) || !digits(s.data() + 17, 2, ss) || hh > 23 ||
        mm > 59 || ss > 59)
        return false;
    std::size_t at = 19;
    if (at < s.size() && s[at] == '.') {
        std::size_t n = 0;
        while (at + 1 + n < s.size() && s[at + 1 + n] >= '0' && s[at + 1 + n] <= '9') ++n;
        if (n == 0 || n > 3) return false;  // more digits could round up to the next second
        at += 1 + n;
    }
    int zh, zm;
    const std::string_view zone = s.substr(at);
    const bool zone_ok = zone.empty() || zone == "Z" ||
                         (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
                          digits(zone.data() + 1, 2, zh) && digits(zone.data() + 4, 2, zm) && zh <= 14 && zm <= 59);
    if (!zone_ok) return false;
    t = days * seconds_per_day + hh * 3600 + mm * 60 + ss;
    return true;
}

using wkb::read_double;
using wkb::read_u32;

// Any WKB but a plain 2D point goes through GDAL's own parser, as GDAL reads the blob, and
// is judged as the Arrow path judges GDAL's WKB of it.
bool other_point(const unsigned char* wkb, std::size_t size, double& x, double& y) {
    OGRGeometryH g = nullptr;
    if (OGR_G_CreateFromWkb(wkb, nullptr, &g, static_cast<int>(size)) != OGRERR_NONE || !g)
        throw GpkgFallback("a geometry GDAL's WKB parser does not read");
    OGRGeometryH p = g;
    auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    if (type == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) {
        p = OGR_G_GetGeometryRef(g, 0);
        type = wkbFlatten(OGR_G_GetGeometryType(p));
    }
    bool ok = false;
    if (type == wkbPoint && !OGR_G_IsEmpty(p)) {
        x = OGR_G_GetX(p, 0);
        y = OGR_G_GetY(p, 0);
        ok = x == x && y == y;
    }
    OGR_G_DestroyGeometry(g);
    return ok;
}

}  // namespace

GpkgReaderChoice gpkg_reader_choice() {
    const char* v = std::getenv("HOTSPOTS_GPKG_READER");
    const std::string s = v ? v : "";
    if (s.empty() || s == "auto") return GpkgReaderChoice::automatic;
    if (s == "gdal") return GpkgReaderChoice::gdal;
    if (s == "sqlite") return GpkgReaderChoice::sqlite;
    throw IoError("HOTSPOTS_GPKG_READER=" + s + ": must be auto, gdal or sqlite (or unset)");
}

bool gpkg_blob_point(const unsigned char* p, std::size_t n, double& x, double& y) {
    // "GP", version 0, flags (bit 0: byte order of the header; bits 1-3: envelope kind; bit
    // 4: empty; bit 5: an extended type GDAL reads otherwise), the SRS id, the envelope.
    if (n < 8 || p[0] != 'G' || p[1] != 'P' || p[2] != 0) throw GpkgFallback("a geometry that is not GeoPackage binary");
    const unsigned flags = p[3];
    const unsigned kind = (flags >> 1) & 7;
    if ((flags & 0x20) || kind > 4) throw GpkgFallback("a GeoPackage geometry of an extended or unknown kind");
    static constexpr std::size_t envelope[] = {0, 32, 48, 48, 64};
    const std::size_t at = 8 + envelope[kind];
    if (n < at + 5) throw GpkgFallback("a GeoPackage geometry too short for its header");
    const unsigned char* w = p + at;
    const std::size_t size = n - at;
    const bool empty_flag = flags & 0x10;
    if (size == 21 && w[0] <= 1 && read_u32(w + 1, w[0] == 1) == 1) {
        x = read_double(w + 5, w[0] == 1);
        y = read_double(w + 13, w[0] == 1);
        const bool nan = x != x && y != y;  // POINT EMPTY
        if (empty_flag && !nan) throw GpkgFallback("a point flagged empty that has coordinates");
        return x == x && y == y;
    }
    return other_point(w, size, x, y);
}

GpkgPoints::GpkgPoints(const std::string& file, OGRLayerH layer, const std::vector<int>& fields, bool geometry)
    : m_file(file) {
    try {
        open(layer, fields, geometry);
    } catch (...) {
        sqlite3_finalize(m_rows);
        sqlite3_close(m_db);
        throw;
    }
    m_fetcher = std::thread([this] { fetch(); });
}

void GpkgPoints::open(OGRLayerH layer, const std::vector<int>& fields, bool geometry) {
    const std::string& file = m_file;
    if (OGR_L_GetSpatialFilter(layer)) throw GpkgFallback("a spatial filter is set");
    const std::string table = OGR_L_GetName(layer), geom = OGR_L_GetGeometryColumn(layer), fid = OGR_L_GetFIDColumn(layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (int f : fields) m_kinds.push_back(kind_of(OGR_FD_GetFieldDefn(defn, f)));
    if (sqlite3_open_v2(file.c_str(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        throw GpkgFallback("SQLite cannot open it");
    // Pages are read through a memory map rather than copied. (Not `immutable`: that skips
    // the lock that keeps a writer, such as QGIS editing the file, from changing pages under us.)
    sqlite3_exec(m_db, "PRAGMA mmap_size=4294967296", nullptr, nullptr, nullptr);

    auto one = [&](const std::string& sql) {
        prepare(sql);
        const bool row = sqlite3_step(m_rows) == SQLITE_ROW;
        std::vector<std::string> out;
        for (int i = 0; row && i < sqlite3_column_count(m_rows); ++i) out.push_back(column_text(m_rows, i));
        return out;
    };
    std::string name = "'";
    for (char c : table) name += c == '\'' ? std::string("''") : std::string(1, c);
    name += "'";
    if (one("SELECT type FROM sqlite_master WHERE name = " + name) != std::vector<std::string>{"table"})
        throw GpkgFallback("layer '" + table + "' is not a table (a view?)");
    if (one("SELECT data_type FROM gpkg_contents WHERE table_name = " + name) != std::vector<std::string>{"features"})
        throw GpkgFallback("layer '" + table + "' is not a features table of gpkg_contents");
    const auto g = one("SELECT column_name, geometry_type_name, z, m FROM gpkg_geometry_columns WHERE table_name = " + name);
    if (g.size() != 4 || g[0] != geom || upper(g[1]) != "POINT" || g[2] != "0" || g[3] != "0")
        throw GpkgFallback("layer '" + table + "' is not of 2D points (gpkg_geometry_columns)");

    // The columns, and an integer primary key that is GDAL's feature id: rows in its order.
    std::vector<std::string> columns;
    int keys = 0;
    bool fid_ok = false;
    prepare("PRAGMA table_info(" + quoted(table) + ")");
    while (sqlite3_step(m_rows) == SQLITE_ROW) {
        columns.push_back(column_text(m_rows, 1));
        if (sqlite3_column_int(m_rows, 5) > 0) {
            ++keys;
            fid_ok = columns.back() == fid && upper(column_text(m_rows, 2)) == "INTEGER";
        }
    }
    if (fid.empty() || keys != 1 || !fid_ok) throw GpkgFallback("no INTEGER PRIMARY KEY as GDAL's feature id");
    // SQLite could scan an index instead of the table, in the index's order, for GDAL's query.
    if (!one("SELECT name FROM pragma_index_list(" + name + ")").empty())
        throw GpkgFallback("the table has an index, which could change the row order");

    std::string sql = "SELECT ";
    auto add = [&](const std::string& column) {
        if (std::find(columns.begin(), columns.end(), column) == columns.end())
            throw GpkgFallback("no column '" + column + "' in the table");
        sql += (sql.size() > 7 ? ", " : "") + quoted(column);
    };
    if (geometry) add(geom);
    m_first = geometry ? 1 : 0;
    for (int f : fields) add(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, f)));
    if (!geometry && fields.empty()) sql += quoted(fid);
    prepare(sql + " FROM " + quoted(table) + " ORDER BY " + quoted(fid));
    m_geometry = geometry;
}

GpkgPoints::~GpkgPoints() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    if (m_fetcher.joinable()) m_fetcher.join();
    sqlite3_finalize(m_rows);
    sqlite3_close(m_db);
}

void GpkgPoints::prepare(const std::string& sql) {
    sqlite3_finalize(m_rows);
    m_rows = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_rows, nullptr) != SQLITE_OK)
        throw GpkgFallback(std::string("SQLite: ") + sqlite3_errmsg(m_db));
}

void GpkgPoints::fetch() {
    constexpr std::size_t ahead = 2;
    for (bool more = true; more;) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stop || m_ready.size() < ahead; });
            if (m_stop) return;
        }
        // A batch the caller is done with is filled again: fresh vectors each time cost
        // more in page faults than the reading itself.
        Batch b;
        {
            std::lock_guard lock(m_mutex);
            if (!m_spare.empty()) {
                b = std::move(m_spare.back());
                m_spare.pop_back();
            }
        }
        b.rows = 0;
        b.x.clear();
        b.y.clear();
        b.has_point.clear();
        b.text.clear();
        b.ends.clear();
        fill(b);
        more = b.error.empty() && !b.last;
        std::lock_guard lock(m_mutex);
        if (b.rows > 0 || !b.error.empty()) m_ready.push_back(std::move(b));
        if (!more) m_done = true;
        m_changed.notify_all();
    }
}

// Up to 65,536 rows, or up to the end or an error (kept in the batch for the caller).
void GpkgPoints::fill(Batch& b) {
    constexpr std::size_t most = 65536;
    const std::size_t fields = m_kinds.size();
    std::string scratch;
    b.x.reserve(most);
    b.y.reserve(most);
    b.has_point.reserve(most);
    b.ends.reserve(most * fields);
    try {
        while (b.rows < most) {
            const int rc = sqlite3_step(m_rows);
            if (rc == SQLITE_DONE) {
                b.last = true;  // stepping again would start the query over
                break;
            }
            if (rc != SQLITE_ROW) throw IoError(m_file + ": read error (SQLite: " + sqlite3_errmsg(m_db) + ")");
            double x = 0, y = 0;
            bool ok = false;
            if (m_geometry) {
                const int type = sqlite3_column_type(m_rows, 0);
                if (type == SQLITE_BLOB)
                    ok = gpkg_blob_point(static_cast<const unsigned char*>(sqlite3_column_blob(m_rows, 0)),
                                         static_cast<std::size_t>(sqlite3_column_bytes(m_rows, 0)), x, y);
                else if (type != SQLITE_NULL)
                    throw GpkgFallback("a geometry that is not a blob");
            }
            b.x.push_back(x);
            b.y.push_back(y);
            b.has_point.push_back(ok);
            for (std::size_t k = 0; k < fields; ++k) {
                render(k, b.text, scratch);
                b.ends.push_back(b.text.size());
            }
            ++b.rows;
        }
    } catch (const GpkgFallback& e) {
        b.error = e.what();
        b.fallback = true;
    } catch (const std::exception& e) {
        b.error = e.what();
    }
}

bool GpkgPoints::next() {
    if (m_at < m_batch.rows) {
        ++m_at;
        return true;
    }
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return !m_ready.empty() || m_done; });
    if (m_ready.empty()) return false;
    if (m_batch.rows > 0) m_spare.push_back(std::move(m_batch));
    m_batch = std::move(m_ready.front());
    m_ready.pop_front();
    m_changed.notify_all();
    lock.unlock();
    if (!m_batch.error.empty()) {
        if (m_batch.fallback) throw GpkgFallback(m_batch.error);
        throw IoError(m_batch.error);
    }
    m_at = 1;
    return m_batch.rows > 0;
}

std::string_view GpkgPoints::text(std::size_t k) const {
    const std::size_t i = (m_at - 1) * m_kinds.size() + k;
    const std::size_t begin = i == 0 ? 0 : m_batch.ends[i - 1];
    return std::string_view(m_batch.text).substr(begin, m_batch.ends[i] - begin);
}

bool GpkgPoints::point(double& x, double& y) const {
    const std::size_t i = m_at - 1;
    x = m_batch.x[i];
    y = m_batch.y[i];
    return m_batch.has_point[i];
}

// Appends field k of the statement's current row to `out`.
void GpkgPoints::render(std::size_t k, std::string& out, std::string& scratch) const {
    const int i = m_first + static_cast<int>(k);
    const int type = sqlite3_column_type(m_rows, i);
    if (type == SQLITE_NULL) return;
    const Kind kind = m_kinds[k];
    auto expect = [&](int storage) {
        if (type != storage) throw GpkgFallback("a value stored as another type than its column's");
    };
    switch (kind) {
        case Kind::text: {
            expect(SQLITE_TEXT);
            // GDAL takes the value as a C string: it ends at a NUL byte.
            out += reinterpret_cast<const char*>(sqlite3_column_text(m_rows, i));
            return;
        }
        case Kind::binary: {
            expect(SQLITE_BLOB);
            out.append(static_cast<const char*>(sqlite3_column_blob(m_rows, i)),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_rows, i)));
            return;
        }
        case Kind::int16:
        case Kind::int32:
        case Kind::int64: {
            expect(SQLITE_INTEGER);
            const std::int64_t v = sqlite3_column_int64(m_rows, i);
            const std::int64_t most = kind == Kind::int16 ? 32767 : kind == Kind::int32 ? 2147483647 : INT64_MAX;
            const std::int64_t least = kind == Kind::int64 ? INT64_MIN : -most - 1;
            if (v < least || v > most) throw GpkgFallback("an integer out of its field's range");
            out += number_text(v, scratch);
            return;
        }
        case Kind::real:
        case Kind::float32: {
            expect(SQLITE_FLOAT);
            const double d = sqlite3_column_double(m_rows, i);
            out += kind == Kind::real ? number_text(d, scratch) : number_text(static_cast<float>(d), scratch);
            return;
        }
        case Kind::date:
        case Kind::datetime: {
            expect(SQLITE_TEXT);
            const std::string_view s(reinterpret_cast<const char*>(sqlite3_column_text(m_rows, i)),
                                     static_cast<std::size_t>(sqlite3_column_bytes(m_rows, i)));
            std::int64_t days;
            Seconds t;
            if (kind == Kind::date && s.size() == 10 && civil_day(s, days)) out += format_date(days * seconds_per_day);
            else if (kind == Kind::datetime && clock_time(s, t)) out += format_datetime(t);
            else throw GpkgFallback("a date or date-time in a form GDAL reads its own way");
            return;
        }
    }
}

}  // namespace hotspots::io
