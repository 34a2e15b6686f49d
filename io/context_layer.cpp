#include "io/context_layer.hpp"

#include "io/gdal_util.hpp"
#include "io/source_check.hpp"
#include "io/text.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>

namespace hotspots::io {
namespace {

const char* const name_fields[] = {"name", "name1", "road_name", "roadname", "street", "street_name"};

std::string name_field_of(OGRLayerH layer) {
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (const char* want : name_fields)
        for (int k = 0; k < OGR_FD_GetFieldCount(defn); ++k) {
            const std::string field = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, k));
            if (lower_case(field) == want) return field;
        }
    return "";
}

// A box of `srs` in degrees; throws when there is no CRS to say where it is.
LonLatBox to_degrees(OGRSpatialReferenceH srs, double minx, double miny, double maxx, double maxy, const std::string& file) {
    if (!srs) throw IoError("--context " + file + ": the layer has no CRS, so it cannot be placed on the map: give a file "
                            "that states one (a GeoPackage, a shapefile with its .prj, GeoJSON, a GeoTIFF)");
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH from = OSRClone(srs);
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, wgs84);
    LonLatBox box;
    const bool ok = ct && OCTTransformBounds(ct, minx, miny, maxx, maxy, &box.west, &box.south, &box.east, &box.north, 21);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(wgs84);
    if (!ok) throw IoError("--context " + file + ": its extent cannot be turned into WGS84 (" + last_gdal_error() + ")");
    return box;
}

// The layer's extent in degrees; throws when it has no CRS to say where it is.
LonLatBox extent_in_degrees(OGRLayerH layer, const std::string& file) {
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs) return to_degrees(srs, 0, 0, 0, 0, file);
    OGREnvelope e;
    if (OGR_L_GetExtent(layer, &e, TRUE) != OGRERR_NONE)
        throw IoError("--context " + file + ": the layer is empty or its extent cannot be read");
    return to_degrees(srs, e.MinX, e.MinY, e.MaxX, e.MaxY, file);
}

// Kilometres between the nearest edges of two boxes (0 when they meet), on the sphere's
// local scale: for the message only.
double gap_km(const LonLatBox& a, const LonLatBox& b) {
    const double dx = std::max({0.0, a.west - b.east, b.west - a.east});
    const double dy = std::max({0.0, a.south - b.north, b.south - a.north});
    const double lat = (b.south + b.north) / 2 * M_PI / 180;
    return 111.32 * std::hypot(dx * std::cos(lat), dy);
}

// The data's box widened by a quarter on every side; throws when `extent` does not reach it.
LonLatBox near_data(const std::string& file, const LonLatBox& extent, const LonLatBox& data) {
    const double wx = (data.east - data.west) / 4, wy = (data.north - data.south) / 4;
    const LonLatBox near{data.west - wx, data.south - wy, data.east + wx, data.north + wy};
    if (!data.valid()) throw IoError("--context " + file + ": the report has no map to draw it on (no density or boundaries)");
    if (extent.east < near.west || extent.west > near.east || extent.north < near.south || extent.south > near.north)
        throw IoError(fmt::format("--context {}: the layer lies {:.0f} km from the data (its extent {:.4f}, {:.4f} .. {:.4f}, {:.4f} "
                                  "in degrees; the data's {:.4f}, {:.4f} .. {:.4f}, {:.4f}): give a layer of the same area, "
                                  "or check its CRS",
                                  file, gap_km(extent, data), extent.west, extent.south, extent.east, extent.north, data.west,
                                  data.south, data.east, data.north));
    return near;
}

}  // namespace

void check_context_layer(const std::string& file) {
    auto src = open_vector(file);
    extent_in_degrees(pick_layer(src.get(), file, ""), file);
}

ContextLayer read_context_layer(const std::string& file, const LonLatBox& data) {
    auto src = open_vector(file);
    OGRLayerH layer = pick_layer(src.get(), file, "");
    const LonLatBox near = near_data(file, extent_in_degrees(layer, file), data);
    ContextLayer out;
    out.file = file;
    out.name_field = name_field_of(layer);
    const std::vector<std::string> window{"-spat", fmt::format("{:.6f}", near.west), fmt::format("{:.6f}", near.south),
                                          fmt::format("{:.6f}", near.east), fmt::format("{:.6f}", near.north),
                                          "-spat_srs", "EPSG:4326"};
    nlohmann::json j = nlohmann::json::parse(layer_as_geojson(src.get(), OGR_L_GetName(layer), window, "--context " + file));
    // Only the names travel into the report: a context file may carry attributes nobody
    // meant to publish.
    nlohmann::json kept = nlohmann::json::array();
    for (auto& f : j["features"]) {
        if (f["geometry"].is_null()) continue;
        nlohmann::json props = nlohmann::json::object();
        if (!out.name_field.empty()) {
            const auto& v = f["properties"][out.name_field];
            if (v.is_string() && !v.get<std::string>().empty()) props["name"] = v;
        }
        kept.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", std::move(f["geometry"])}});
    }
    out.geojson = {{"type", "FeatureCollection"}, {"features", std::move(kept)}};
    return out;
}

namespace {

const char* raster_driver(const std::string& file) {
    const std::string l = lower_case(file);
    if (l.ends_with(".tif") || l.ends_with(".tiff")) return "GTiff";
    if (l.ends_with(".mbtiles")) return "MBTiles";
    if (l.ends_with(".gpkg")) return "GPKG";
    return nullptr;
}

// With the driver of its extension only, as every input: a .tif holding a VRT is not followed.
DatasetPtr open_raster(const std::string& file) {
    ensure_gdal();
    if (is_remote_path(file) && !remote_sources_allowed())
        throw IoError("--context " + file + ": is not a local file; hotspots reads local files only (or give --allow-remote)");
    const char* const drivers[] = {raster_driver(file), nullptr};
    CPLErrorReset();
    DatasetPtr ds(GDALOpenEx(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    if (!ds || GDALGetRasterCount(ds.get()) < 1)
        throw IoError("--context " + file + ": cannot open as a raster (" + last_gdal_error() + "): give a GeoTIFF, an MBTiles "
                      "file or a GeoPackage of tiles");
    return ds;
}

LonLatBox raster_extent(GDALDatasetH ds, const std::string& file) {
    double gt[6];
    if (GDALGetGeoTransform(ds, gt) != CE_None)
        throw IoError("--context " + file + ": the raster has no georeferencing, so it cannot be placed on the map");
    const double w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
    const double xs[] = {gt[0], gt[0] + gt[1] * w, gt[0] + gt[2] * h, gt[0] + gt[1] * w + gt[2] * h};
    const double ys[] = {gt[3], gt[3] + gt[4] * w, gt[3] + gt[5] * h, gt[3] + gt[4] * w + gt[5] * h};
    return to_degrees(GDALGetSpatialRef(ds), *std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
                      *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4), file);
}

// One GDAL utility run into an in-memory or virtual dataset; throws naming the file.
DatasetPtr translated(GDALDatasetH src, std::vector<std::string> args, const std::string& file) {
    StringList a(args);
    GDALTranslateOptions* o = GDALTranslateOptionsNew(a.get(), nullptr);
    int error = 0;
    DatasetPtr out(GDALTranslate("", src, o, &error));
    GDALTranslateOptionsFree(o);
    if (!out || error) throw IoError("--context " + file + ": cannot read its bands (" + last_gdal_error() + ")");
    return out;
}

DatasetPtr warped(GDALDatasetH src, std::vector<std::string> args, const std::string& file) {
    StringList a(args);
    GDALWarpAppOptions* o = GDALWarpAppOptionsNew(a.get(), nullptr);
    int error = 0;
    DatasetPtr out(GDALWarp("", nullptr, 1, &src, o, &error));
    GDALWarpAppOptionsFree(o);
    if (!out || error) throw IoError("--context " + file + ": cannot reproject to the maps' Web Mercator (" + last_gdal_error() + ")");
    return out;
}

}  // namespace

bool is_context_raster(const std::string& file) {
    const char* driver = raster_driver(file);
    if (!driver) return false;
    if (std::string(driver) != "GPKG") return true;
    // A GeoPackage of features is a vector context; one of tiles only, a raster.
    ensure_gdal();
    const char* const drivers[] = {"GPKG", nullptr};
    DatasetPtr ds(GDALOpenEx(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    return !ds || GDALDatasetGetLayerCount(ds.get()) == 0;
}

void check_context_raster(const std::string& file) {
    auto ds = open_raster(file);
    raster_extent(ds.get(), file);
}

ContextImage read_context_raster(const std::string& file, const LonLatBox& data, int max_side) {
    auto src = open_raster(file);
    const LonLatBox extent = raster_extent(src.get(), file);
    const LonLatBox near = near_data(file, extent, data);
    const LonLatBox cut{std::max(near.west, extent.west), std::max(near.south, extent.south), std::min(near.east, extent.east),
                        std::min(near.north, extent.north)};
    // Bands a PNG can hold: a palette as red, green, blue and alpha; numbers as grey from their
    // least to their most; of more bands, the first three as colours.
    const int n = GDALGetRasterCount(src.get());
    GDALRasterBandH first = GDALGetRasterBand(src.get(), 1);
    DatasetPtr ready;
    if (n == 1 && GDALGetRasterColorTable(first)) ready = translated(src.get(), {"-of", "VRT", "-expand", "rgba"}, file);
    else if (n == 1 && GDALGetRasterDataType(first) != GDT_Byte) ready = translated(src.get(), {"-of", "VRT", "-ot", "Byte", "-scale"}, file);
    else if (n > 4) ready = translated(src.get(), {"-of", "VRT", "-b", "1", "-b", "2", "-b", "3"}, file);
    GDALDatasetH from = ready ? ready.get() : src.get();
    const int bands = GDALGetRasterCount(from);
    const bool alpha = GDALGetRasterColorInterpretation(GDALGetRasterBand(from, bands)) == GCI_AlphaBand;
    std::vector<std::string> args = {"-t_srs", "EPSG:3857", "-te_srs", "EPSG:4326", "-te", fmt::format("{:.8f}", cut.west),
                                     fmt::format("{:.8f}", cut.south), fmt::format("{:.8f}", cut.east), fmt::format("{:.8f}", cut.north)};
    if (!alpha) args.push_back("-dstalpha");
    // Its size at its own resolution (a virtual warp computes nothing), then at most max_side.
    auto plan = args;
    for (const char* a : {"-of", "VRT"}) plan.push_back(a);
    auto virt = warped(from, plan, file);
    const int w = GDALGetRasterXSize(virt.get()), h = GDALGetRasterYSize(virt.get());
    const double scale = std::min(1.0, static_cast<double>(max_side) / std::max(w, h));
    for (const char* a : {"-of", "MEM", "-r", scale < 1 ? "average" : "bilinear"}) args.push_back(a);
    for (const int v : {std::max(1, static_cast<int>(w * scale)), std::max(1, static_cast<int>(h * scale))}) args.push_back(std::to_string(v));
    args.insert(args.end() - 2, "-ts");
    auto img = warped(from, args, file);
    ContextImage out;
    out.file = file;
    out.width = GDALGetRasterXSize(img.get());
    out.height = GDALGetRasterYSize(img.get());
    const std::string name = fmt::format("/vsimem/hotspots_context_{}.png", static_cast<const void*>(&out));
    GDALDatasetH png = GDALCreateCopy(GDALGetDriverByName("PNG"), name.c_str(), img.get(), FALSE, nullptr, nullptr, nullptr);
    if (!png) throw IoError("--context " + file + ": cannot make an image of it (" + last_gdal_error() + ")");
    GDALClose(png);
    const std::string bytes = take_vsimem(name);
    VSIUnlink((name + ".aux.xml").c_str());
    char* b64 = CPLBase64Encode(static_cast<int>(bytes.size()), reinterpret_cast<const GByte*>(bytes.data()));
    out.png_base64 = b64;
    CPLFree(b64);
    // Its corners in degrees: Leaflet stretches the image between them in Web Mercator.
    double gt[6];
    GDALGetGeoTransform(img.get(), gt);
    OGRSpatialReferenceH merc = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(merc, 3857);
    const LonLatBox sw = to_degrees(merc, gt[0], gt[3] + gt[5] * out.height, gt[0], gt[3] + gt[5] * out.height, file);
    const LonLatBox ne = to_degrees(merc, gt[0] + gt[1] * out.width, gt[3], gt[0] + gt[1] * out.width, gt[3], file);
    OSRDestroySpatialReference(merc);
    out.west = sw.west, out.south = sw.south, out.east = ne.east, out.north = ne.north;
    return out;
}

}  // namespace hotspots::io
