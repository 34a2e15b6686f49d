#pragma once
// Reading the rows of a GeoPackage point table through SQLite directly (issue 30): the
// GeoPackage geometry header and the WKB point are parsed in place, and each attribute is
// rendered as the text GDAL's Arrow stream path gives it (io/arrow_batch), so the incidents,
// rejects and row numbers are the same. Anything this reader does not understand exactly
// hands the whole file back to GDAL (docs/input-formats.md, "GeoPackage").
#include <ogr_api.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hotspots::io {

// The layer, or one of its values, is not something this reader renders exactly as GDAL
// does: read the file through GDAL instead. what() says why.
struct GpkgFallback : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// HOTSPOTS_GPKG_READER: unset or "auto" tries SQLite and falls back to GDAL; "gdal" always
// reads through GDAL; "sqlite" fails instead of falling back (for tests). Anything else is
// an error.
enum class GpkgReaderChoice { automatic, gdal, sqlite };
GpkgReaderChoice gpkg_reader_choice();

class GpkgPoints {
public:
    // `file`: a local GeoPackage GDAL's GPKG driver opened, `layer` its layer to read;
    // `fields`: indexes into the layer's fields, in the order text() numbers them (repeats
    // allowed); `geometry`: whether point() is wanted. Throws GpkgFallback when the layer is
    // not a plain table of 2D points (a view, another geometry type, Z or M, no integer
    // primary key, an index that could change GDAL's row order, a field type not handled).
    GpkgPoints(const std::string& file, OGRLayerH layer, const std::vector<int>& fields, bool geometry);
    ~GpkgPoints();
    GpkgPoints(const GpkgPoints&) = delete;
    GpkgPoints& operator=(const GpkgPoints&) = delete;

    // The next row, in GDAL's order (the feature ids'); false at the end. Throws IoError on a
    // read error, and GpkgFallback for a value GDAL would read its own way (a value stored
    // as another type than its column's, a date in another form, a blob GDAL reads otherwise).
    bool next();
    // Field k of the current row as ArrowColumn::text renders it (empty for NULL); valid
    // until next().
    std::string_view text(std::size_t k) const;
    // As ArrowColumn::point: false for NULL, empty and non-point geometry; a multipoint of
    // one point is that point.
    bool point(double& x, double& y) const;

    enum class Kind : std::uint8_t { text, int16, int32, int64, real, float32, date, datetime, binary };

private:
    // Rows are stepped and rendered on a second thread, a batch or two ahead of the caller's
    // parsing (as GDAL's Arrow stream prefetches its batches).
    struct Batch {
        std::size_t rows = 0;
        std::vector<double> x, y;
        std::vector<unsigned char> has_point;
        std::string text;               // the rows' rendered fields, one after another
        std::vector<std::size_t> ends;  // rows x fields: where each field's text ends
        std::string error;
        bool fallback = false;          // error is a GpkgFallback's, else an IoError's
        bool last = false;              // the query has no more rows
    };
    void open(OGRLayerH layer, const std::vector<int>& fields, bool geometry);
    void prepare(const std::string& sql);
    void fill(Batch& b);
    void render(std::size_t k, std::string& out, std::string& scratch) const;
    void fetch();
    std::string m_file;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_rows = nullptr;
    std::vector<Kind> m_kinds;
    int m_first = 0;  // statement column of field 0 (1 when the geometry comes first)
    bool m_geometry = false;

    Batch m_batch;
    std::size_t m_at = 0;  // the current row in m_batch, plus one
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Batch> m_ready;
    std::vector<Batch> m_spare;  // taken by the caller and given back, to be filled again
    bool m_done = false, m_stop = false;
    std::thread m_fetcher;
};

// A GeoPackage geometry blob's point (exposed for tests): as GpkgPoints::point.
bool gpkg_blob_point(const unsigned char* blob, std::size_t size, double& x, double& y);

}  // namespace hotspots::io
