#pragma once
// GDAL set-up and RAII handles. GDAL's own messages are captured, not printed: the
// CLI reports errors itself, naming the file.
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots::io {

struct IoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Registers drivers once and silences GDAL's default error printer.
void ensure_gdal();
std::string last_gdal_error();

struct DatasetCloser {
    void operator()(void* h) const noexcept {
        if (h) GDALClose(h);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct FeatureDestroyer {
    void operator()(void* f) const noexcept {
        if (f) OGR_F_Destroy(f);
    }
};
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;

struct Source;
// Opens an input vector dataset read-only, after check_source and check_expansion
// (source_check.hpp); throws IoError naming the path.
DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options = {});
// Opens a source already checked, with its drivers only; throws IoError naming it.
DatasetPtr open_source(const Source& source, const std::vector<std::string>& open_options = {});
// The named layer, or the first; throws IoError listing the layers there are.
OGRLayerH pick_layer(GDALDatasetH ds, const std::string& path, const std::string& name);

// "EPSG:27700" when the SRS has an EPSG code, else its WKT; "" when none.
std::string srs_definition(OGRSpatialReferenceH srs);

// A new dataset with one layer in `crs` (GIS axis order), for writers. `file` is where it is
// created (a temporary path), `path` the name used in messages. Throws IoError.
struct NewLayer {
    DatasetPtr ds;
    OGRLayerH layer = nullptr;
};
NewLayer create_layer(const std::string& driver, const std::string& file, const std::string& path,
                      const std::string& layer, const std::string& crs, OGRwkbGeometryType type,
                      const std::vector<std::string>& layer_options = {});
// A new, empty dataset; and a layer added to one.
DatasetPtr create_dataset(const std::string& driver, const std::string& file, const std::string& path);
OGRLayerH add_layer(GDALDatasetH ds, const std::string& path, const std::string& layer, const std::string& crs,
                    OGRwkbGeometryType type, const std::vector<std::string>& layer_options = {});
// Adds a field, a feature, or commits; throw IoError naming `path` on failure.
void add_field(OGRLayerH layer, const std::string& name, OGRFieldType type, const std::string& path);
void write_feature(OGRLayerH layer, OGRFeatureH feature, const std::string& path);
void commit(GDALDatasetH ds, const std::string& path);

// A layer of `src` as RFC 7946 GeoJSON text in WGS84 (6 decimals), through GDAL's
// ogr2ogr; `extra` are further ogr2ogr options (a -spat window). `what` starts the
// messages. Throws IoError (a layer name starting with '-' would be read as an option).
std::string layer_as_geojson(GDALDatasetH src, const std::string& layer, const std::vector<std::string>& extra,
                             const std::string& what);
// The bytes of a /vsimem/ file, which is removed.
std::string take_vsimem(const std::string& name);

// A raster dataset (bytes: grey, grey and alpha, RGB or RGBA) as a PNG, base64-encoded, for an
// image embedded in a page; `what` starts the message of the IoError thrown when GDAL cannot.
std::string png_base64(GDALDatasetH image, const std::string& what);

// GDAL stamps a GeoPackage's tables with the time of writing unless OGR_CURRENT_DATE says
// otherwise: set (for this thread) while one is written, the same content gives the same
// bytes. `metadata` chooses the stamp: the last day of its "period", else 2000-01-01.
class StableGpkgDate {
public:
    explicit StableGpkgDate(const std::string& iso_timestamp);
    explicit StableGpkgDate(const nlohmann::json& metadata);
    ~StableGpkgDate();
    StableGpkgDate(const StableGpkgDate&) = delete;
    StableGpkgDate& operator=(const StableGpkgDate&) = delete;
};

// Closes a dataset being written and throws IoError naming `path` when GDAL reported a
// failure while writing or closing it (a full disk shows only there).
void close_checked(DatasetPtr ds, const std::string& path);

// The GDAL vector driver for an output path, from its extension (.gpkg, .geojson, .csv, .shp).
std::string driver_for(const std::string& path);

// A GDAL string list (creation options, a utility's argv), freed with it.
class StringList {
public:
    StringList() = default;
    explicit StringList(const std::vector<std::string>& items) {
        for (const auto& s : items) add(s);
    }
    StringList(const StringList&) = delete;
    StringList& operator=(const StringList&) = delete;
    ~StringList() { CSLDestroy(m_list); }
    void add(const std::string& s) { m_list = CSLAddString(m_list, s.c_str()); }
    char** get() const { return m_list; }

private:
    char** m_list = nullptr;
};

}  // namespace hotspots::io
