#include "io/gdal_util.hpp"

#include "io/source_check.hpp"
#include "io/text.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_utils.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <mutex>

namespace hotspots::io {

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(CPLQuietErrorHandler);
        // Reading a .gz through /vsigzip/ would otherwise leave a .properties index file
        // beside the input: nothing is written next to inputs.
        CPLSetConfigOption("CPL_VSIL_GZIP_WRITE_PROPERTIES", "NO");
        // SQLite (GeoPackage) reads pages through a memory map instead of copying each one:
        // a third less time reading a large GeoPackage. A user's own setting wins.
        if (!CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr)) CPLSetConfigOption("OGR_SQLITE_PRAGMA", "mmap_size=1073741824");
    });
}

std::string last_gdal_error() {
    const char* m = CPLGetLastErrorMsg();
    return m && *m ? m : "unknown GDAL error";
}

DatasetPtr open_vector(const std::string& path, const std::vector<std::string>& open_options) {
    ensure_gdal();
    const Source source = check_source(path);
    check_expansion(source);
    return open_source(source, open_options);
}

DatasetPtr open_source(const Source& source, const std::vector<std::string>& open_options) {
    ensure_gdal();
    std::vector<const char*> opts;
    for (const auto& o : open_options) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    // Only the drivers for the extension: a .geojson holding a VRT is not followed, and a
    // .csv skips probing every other driver (milliseconds per file, hundreds of files).
    std::vector<const char*> drivers;
    for (const auto& d : source.drivers) drivers.push_back(d.c_str());
    drivers.push_back(nullptr);
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(source.open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 source.drivers.empty() ? nullptr : drivers.data(), opts.data(), nullptr);
    if (!ds) {
        const std::string name = source.file.empty() ? source.open_path : source.file;
        if (std::string why = why_unopenable(source); !why.empty()) throw IoError(why);
        const char* m = CPLGetLastErrorMsg();
        throw IoError(name + ": cannot open as " + (source.drivers.empty() ? std::string("a vector dataset") : source.drivers.front()) +
                      (m && *m ? " (" + std::string(m) + ")" : std::string(": GDAL did not recognise its content")) +
                      "; check that the file is complete and is what its extension says");
    }
    return DatasetPtr(ds);
}

OGRLayerH pick_layer(GDALDatasetH ds, const std::string& path, const std::string& name) {
    const int n = GDALDatasetGetLayerCount(ds);
    if (n == 0) throw IoError(path + ": has no layers");
    if (name.empty()) return GDALDatasetGetLayer(ds, 0);
    if (OGRLayerH l = GDALDatasetGetLayerByName(ds, name.c_str())) return l;
    std::string names;
    for (int i = 0; i < n; ++i) names += std::string(i ? ", " : "") + OGR_L_GetName(GDALDatasetGetLayer(ds, i));
    throw IoError(path + ": no layer '" + name + "' (layers: " + names + ")");
}

std::string srs_definition(OGRSpatialReferenceH srs) {
    if (!srs) return "";
    OGRSpatialReferenceH copy = OSRClone(srs);
    OSRAutoIdentifyEPSG(copy);
    const char* auth = OSRGetAuthorityName(copy, nullptr);
    const char* code = OSRGetAuthorityCode(copy, nullptr);
    std::string out;
    if (auth && code) {
        out = std::string(auth) + ":" + code;
        // OGC:CRS84 is lon/lat WGS84 like EPSG:4326 in GIS order.
        if (out == "OGC:CRS84") out = "EPSG:4326";
    } else {
        char* wkt = nullptr;
        const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
        if (OSRExportToWktEx(copy, &wkt, opts) == OGRERR_NONE && wkt) out = wkt;
        CPLFree(wkt);
    }
    OSRDestroySpatialReference(copy);
    return out;
}

StableGpkgDate::StableGpkgDate(const std::string& iso_timestamp) {
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", iso_timestamp.c_str());
}

namespace {

std::string stamp_of(const nlohmann::json& metadata) {
    // "2023-01-01 .. 2024-12-31": the last day of the data.
    if (metadata.is_object() && metadata.contains("period") && metadata["period"].is_string()) {
        const std::string p = metadata["period"].get<std::string>();
        const auto dots = p.find(" .. ");
        if (dots != std::string::npos && p.size() == dots + 14) return p.substr(dots + 4) + "T00:00:00.000Z";
    }
    return "2000-01-01T00:00:00.000Z";
}

}  // namespace

StableGpkgDate::StableGpkgDate(const nlohmann::json& metadata) : StableGpkgDate(stamp_of(metadata)) {}

StableGpkgDate::~StableGpkgDate() { CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", nullptr); }

void close_checked(DatasetPtr ds, const std::string& path) {
    GDALClose(ds.release());
    if (CPLGetLastErrorType() >= CE_Failure) throw IoError(path + ": write failed (" + last_gdal_error() + ")");
}

std::string driver_for(const std::string& path) {
    const std::string ext = lower_case(std::filesystem::path(path).extension().string());
    if (ext == ".gpkg") return "GPKG";
    if (ext == ".geojson" || ext == ".json") return "GeoJSON";
    if (ext == ".csv") return "CSV";
    if (ext == ".shp") return "ESRI Shapefile";
    if (ext == ".xlsx") return "XLSX";
    throw IoError(path + ": unknown output format (use .gpkg, .geojson or .csv)");
}

DatasetPtr create_dataset(const std::string& driver, const std::string& file, const std::string& path) {
    ensure_gdal();
    DatasetPtr ds(GDALCreate(GDALGetDriverByName(driver.c_str()), file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw IoError(path + ": cannot create (" + last_gdal_error() + ")");
    return ds;
}

NewLayer create_layer(const std::string& driver, const std::string& file, const std::string& path,
                      const std::string& layer, const std::string& crs, OGRwkbGeometryType type,
                      const std::vector<std::string>& layer_options) {
    NewLayer out;
    out.ds = create_dataset(driver, file, path);
    out.layer = add_layer(out.ds.get(), path, layer, crs, type, layer_options);
    return out;
}

OGRLayerH add_layer(GDALDatasetH ds, const std::string& path, const std::string& layer, const std::string& crs,
                    OGRwkbGeometryType type, const std::vector<std::string>& layer_options) {
    OGRSpatialReferenceH srs = crs.empty() ? nullptr : OSRNewSpatialReference(nullptr);  // none: a table
    if (srs) {
        OSRSetFromUserInput(srs, crs.c_str());
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    std::vector<const char*> opts;
    for (const auto& o : layer_options) opts.push_back(o.c_str());
    opts.push_back(nullptr);
    OGRLayerH out = GDALDatasetCreateLayer(ds, layer.c_str(), srs, type, const_cast<char**>(opts.data()));
    if (srs) OSRRelease(srs);
    if (!out) throw IoError(path + ": cannot create layer " + layer + " (" + last_gdal_error() + ")");
    return out;
}

void add_field(OGRLayerH layer, const std::string& name, OGRFieldType type, const std::string& path) {
    OGRFieldDefnH fd = OGR_Fld_Create(name.c_str(), type);
    const OGRErr e = OGR_L_CreateField(layer, fd, TRUE);
    OGR_Fld_Destroy(fd);
    if (e != OGRERR_NONE) throw IoError(path + ": cannot add field " + name + " (" + last_gdal_error() + ")");
}

void write_feature(OGRLayerH layer, OGRFeatureH feature, const std::string& path) {
    if (OGR_L_CreateFeature(layer, feature) != OGRERR_NONE)
        throw IoError(path + ": cannot write feature (" + last_gdal_error() + ")");
}

void commit(GDALDatasetH ds, const std::string& path) {
    if (GDALDatasetCommitTransaction(ds) != OGRERR_NONE) throw IoError(path + ": cannot commit (" + last_gdal_error() + ")");
}

std::string take_vsimem(const std::string& name) {
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(name.c_str(), &size, TRUE);
    if (!data) return "";
    std::string out(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    CPLFree(data);
    return out;
}

std::string png_base64(GDALDatasetH image, const std::string& what) {
    ensure_gdal();
    const std::string name = "/vsimem/hotspots_png_" + std::to_string(reinterpret_cast<std::uintptr_t>(&what)) + ".png";
    GDALDatasetH png = GDALCreateCopy(GDALGetDriverByName("PNG"), name.c_str(), image, FALSE, nullptr, nullptr, nullptr);
    if (!png) throw IoError(what + ": cannot make a PNG (" + last_gdal_error() + ")");
    GDALClose(png);
    const std::string bytes = take_vsimem(name);
    VSIUnlink((name + ".aux.xml").c_str());  // GDAL may leave the statistics beside it
    char* b64 = CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data()));
    std::string out = b64;
    CPLFree(b64);
    return out;
}

std::string layer_as_geojson(GDALDatasetH src, const std::string& layer, const std::vector<std::string>& extra,
                             const std::string& what) {
    if (!layer.empty() && layer.front() == '-') throw IoError(what + ": layer '" + layer + "': a layer name cannot start with '-'");
    std::vector<std::string> words{"-f", "GeoJSON", "-t_srs", "EPSG:4326", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=6"};
    words.insert(words.end(), extra.begin(), extra.end());
    words.push_back(layer);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(argv.data(), nullptr);
    const std::string name = "/vsimem/hotspots_geojson_" + std::to_string(reinterpret_cast<std::uintptr_t>(&words)) + ".geojson";
    int error = 0;
    GDALDatasetH made = GDALVectorTranslate(name.c_str(), nullptr, 1, &src, opts, &error);
    GDALVectorTranslateOptionsFree(opts);
    if (!made || error) {
        if (made) GDALClose(made);
        VSIUnlink(name.c_str());
        throw IoError(what + ": cannot convert to GeoJSON (" + last_gdal_error() + ")");
    }
    GDALClose(made);
    return take_vsimem(name);
}

}  // namespace hotspots::io
