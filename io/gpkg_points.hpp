#pragma once
// Reading the rows of a GeoPackage point table through SQLite directly (issue 30): the
// GeoPackage geometry header and the WKB point are parsed in place, and each attribute is
// rendered as the text GDAL's Arrow stream path gives it (io/arrow_batch), so the incidents,
// rejects and row numbers are the same. Anything this reader does not understand exactly
// hands the whole file back to GDAL (docs/input-formats.md, "GeoPackage").
#include <ogr_api.h>

#include <cstdint>
#include <stdexcept>
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

    // The next row, in GDAL's order (the feature ids'); false at the end. Throws IoError.
    bool next();
    // Field k of the current row as ArrowColumn::text renders it (empty for NULL); the view
    // may point into `buffer` or into SQLite's row (valid until next()). Throws GpkgFallback
    // for a value GDAL would convert (a type other than the column's declared one, a date
    // in another form).
    std::string_view text(std::size_t k, std::string& buffer) const;
    // As ArrowColumn::point: false for NULL, empty and non-point geometry; a multipoint of
    // one point is that point. Throws GpkgFallback for a blob GDAL would not read as
    // GeoPackage geometry.
    bool point(double& x, double& y) const;

    enum class Kind : std::uint8_t { text, int16, int32, boolean, int64, real, float32, date, datetime, binary };

private:
    void prepare(const std::string& sql);
    std::string m_file;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_rows = nullptr;
    std::vector<Kind> m_kinds;
    int m_first = 0;  // statement column of field 0 (1 when the geometry comes first)
};

// A GeoPackage geometry blob's point (exposed for tests): as GpkgPoints::point.
bool gpkg_blob_point(const unsigned char* blob, std::size_t size, double& x, double& y);

}  // namespace hotspots::io
