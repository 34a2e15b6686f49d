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
    // A GeoPackage layer written without a CRS reads back as GDAL's "Undefined geographic SRS"
    // (or Cartesian): no CRS either, whatever its coordinates are.
    const char* name = srs ? OSRGetName(srs) : nullptr;
    if (name && std::string(name).rfind("Undefined ", 0) == 0) srs = nullptr;
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

DatasetPtr warped(GDALDatasetH src, std::vector<std::string> args, const std::string& file, const std::string& crs,
                  const std::string& dest = "") {
    StringList a(args);
    GDALWarpAppOptions* o = GDALWarpAppOptionsNew(a.get(), nullptr);
    int error = 0;
    DatasetPtr out(GDALWarp(dest.c_str(), nullptr, 1, &src, o, &error));
    GDALWarpAppOptionsFree(o);
    if (!out || error) throw IoError("--context " + file + ": cannot reproject to " + crs + " (" + last_gdal_error() + ")");
    return out;
}

// The raster's part near `data`, with bands an image can hold (a palette as red, green, blue
// and alpha; numbers as grey from their least to their most; of more bands, the first three
// as colours) and alpha, warped to `crs` at most `max_side` pixels a side (averaged when
// reduced) into `dest` of driver `format` with `options` (-co ...).
DatasetPtr raster_cut(const std::string& file, const LonLatBox& data, const std::string& crs, int max_side,
                      const std::string& format, const std::string& dest, const std::vector<std::string>& options) {
    auto src = open_raster(file);
    const LonLatBox extent = raster_extent(src.get(), file);
    const LonLatBox near = near_data(file, extent, data);
    const LonLatBox cut{std::max(near.west, extent.west), std::max(near.south, extent.south), std::min(near.east, extent.east),
                        std::min(near.north, extent.north)};
    const int n = GDALGetRasterCount(src.get());
    GDALRasterBandH first = GDALGetRasterBand(src.get(), 1);
    DatasetPtr ready;
    if (n == 1 && GDALGetRasterColorTable(first)) ready = translated(src.get(), {"-of", "VRT", "-expand", "rgba"}, file);
    else if (n == 1 && GDALGetRasterDataType(first) != GDT_Byte) ready = translated(src.get(), {"-of", "VRT", "-ot", "Byte", "-scale"}, file);
    else if (n > 4) ready = translated(src.get(), {"-of", "VRT", "-b", "1", "-b", "2", "-b", "3"}, file);
    GDALDatasetH from = ready ? ready.get() : src.get();
    const int bands = GDALGetRasterCount(from);
    const bool alpha = GDALGetRasterColorInterpretation(GDALGetRasterBand(from, bands)) == GCI_AlphaBand;
    std::vector<std::string> args = {"-t_srs", crs, "-te_srs", "EPSG:4326", "-te", fmt::format("{:.8f}", cut.west),
                                     fmt::format("{:.8f}", cut.south), fmt::format("{:.8f}", cut.east), fmt::format("{:.8f}", cut.north)};
    if (!alpha) args.push_back("-dstalpha");
    // Its size at its own resolution (a virtual warp computes nothing), then at most max_side.
    auto plan = args;
    for (const char* a : {"-of", "VRT"}) plan.push_back(a);
    auto virt = warped(from, plan, file, crs);
    const int w = GDALGetRasterXSize(virt.get()), h = GDALGetRasterYSize(virt.get());
    const double scale = std::min(1.0, static_cast<double>(max_side) / std::max(w, h));
    args.insert(args.end(), {"-of", format, "-r", scale < 1 ? "average" : "bilinear", "-ts"});
    for (const int v : {std::max(1, static_cast<int>(w * scale)), std::max(1, static_cast<int>(h * scale))}) args.push_back(std::to_string(v));
    args.insert(args.end(), options.begin(), options.end());
    return warped(from, args, file, crs, dest);
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
    auto img = raster_cut(file, data, "EPSG:3857", max_side, "MEM", "", {});
    ContextImage out;
    out.file = file;
    out.width = GDALGetRasterXSize(img.get());
    out.height = GDALGetRasterYSize(img.get());
    out.png_base64 = png_base64(img.get(), "--context " + file);
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

LonLatBox lon_lat_box(const std::string& crs, double minx, double miny, double maxx, double maxy) {
    ensure_gdal();
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    if (OSRSetFromUserInput(srs, crs.c_str()) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        throw IoError(crs + ": not a CRS GDAL knows");
    }
    try {
        const LonLatBox box = to_degrees(srs, minx, miny, maxx, maxy, crs);
        OSRDestroySpatialReference(srs);
        return box;
    } catch (...) {
        OSRDestroySpatialReference(srs);
        throw;
    }
}

void check_context_place(const std::string& file, const LonLatBox& data) {
    if (is_context_raster(file)) {
        auto ds = open_raster(file);
        near_data(file, raster_extent(ds.get(), file), data);
        return;
    }
    auto src = open_vector(file);
    near_data(file, extent_in_degrees(pick_layer(src.get(), file, ""), file), data);
}

namespace {

struct CoordinateTransform {
    OGRSpatialReferenceH from = nullptr, to = nullptr;
    OGRCoordinateTransformationH ct = nullptr;
    CoordinateTransform(OGRSpatialReferenceH source, const std::string& target) {
        from = OSRClone(source);
        to = OSRNewSpatialReference(nullptr);
        OSRSetFromUserInput(to, target.c_str());
        OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
        OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
        ct = OCTNewCoordinateTransformation(from, to);
    }
    ~CoordinateTransform() {
        if (ct) OCTDestroyCoordinateTransformation(ct);
        OSRDestroySpatialReference(from);
        OSRDestroySpatialReference(to);
    }
    CoordinateTransform(const CoordinateTransform&) = delete;
    CoordinateTransform& operator=(const CoordinateTransform&) = delete;
};

std::string family(OGRwkbGeometryType t) {
    switch (OGR_GT_Flatten(t)) {
    case wkbPoint:
    case wkbMultiPoint: return "Point";
    case wkbLineString:
    case wkbMultiLineString: return "Line";
    case wkbPolygon:
    case wkbMultiPolygon: return "Polygon";
    default: return "";
    }
}

ContextCopy write_vector_copy(const std::string& file, const LonLatBox& data, const std::string& crs, const std::string& out,
                              const std::string& layer_name, const std::string& stamp) {
    auto src = open_vector(file);
    OGRLayerH in = pick_layer(src.get(), file, "");
    const LonLatBox near = near_data(file, extent_in_degrees(in, file), data);
    const std::string field = name_field_of(in);
    // The features that reach the box, as read_context_layer keeps them: the box in the
    // layer's CRS, its bounds densified.
    {
        OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
        OSRSetWellKnownGeogCS(wgs84, "WGS84");
        OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReferenceH own = OSRClone(OGR_L_GetSpatialRef(in));
        OSRSetAxisMappingStrategy(own, OAMS_TRADITIONAL_GIS_ORDER);
        OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(wgs84, own);
        double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        const bool ok = ct && OCTTransformBounds(ct, near.west, near.south, near.east, near.north, &x0, &y0, &x1, &y1, 21);
        if (ct) OCTDestroyCoordinateTransformation(ct);
        OSRDestroySpatialReference(own);
        OSRDestroySpatialReference(wgs84);
        if (!ok) throw IoError("--context " + file + ": the maps' area cannot be turned into its CRS (" + last_gdal_error() + ")");
        OGR_L_SetSpatialFilterRect(in, x0, y0, x1, y1);
    }
    CoordinateTransform to_work(OGR_L_GetSpatialRef(in), crs);
    if (!to_work.ct) throw IoError("--context " + file + ": cannot be turned into " + crs + " (" + last_gdal_error() + ")");
    // Read first: the layer's kind of geometry is the first feature's when the file does not say.
    std::vector<std::pair<OGRGeometryH, std::string>> kept;
    ContextCopy c;
    c.named = !field.empty();
    OGR_L_ResetReading(in);
    while (FeaturePtr f{OGR_L_GetNextFeature(in)}) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
        if (!g || OGR_G_IsEmpty(g)) continue;
        const std::string kind = family(OGR_G_GetGeometryType(g));
        if (c.geometry.empty()) c.geometry = kind;
        if (kind.empty() || kind != c.geometry) {
            ++c.other;
            continue;
        }
        OGRGeometryH copy = OGR_G_Clone(g);
        if (OGR_G_Transform(copy, to_work.ct) != OGRERR_NONE) {
            OGR_G_DestroyGeometry(copy);
            for (auto& k : kept) OGR_G_DestroyGeometry(k.first);
            throw IoError("--context " + file + ": a feature cannot be turned into " + crs);
        }
        const int at = c.named ? OGR_F_GetFieldIndex(f.get(), field.c_str()) : -1;
        kept.emplace_back(copy, at >= 0 && OGR_F_IsFieldSetAndNotNull(f.get(), at) ? OGR_F_GetFieldAsString(f.get(), at) : "");
    }
    const OGRwkbGeometryType type = c.geometry == "Point" ? wkbMultiPoint : c.geometry == "Line" ? wkbMultiLineString : wkbMultiPolygon;
    if (c.geometry.empty()) c.geometry = "Line";  // nothing reaches the area: an empty layer of lines
    try {
        StableGpkgDate date(stamp);
        auto made = create_layer("GPKG", out, out, layer_name, crs, type);
        if (c.named) add_field(made.layer, "name", OFTString, out);
        GDALDatasetStartTransaction(made.ds.get(), FALSE);
        for (auto& [g, name] : kept) {
            FeaturePtr f{OGR_F_Create(OGR_L_GetLayerDefn(made.layer))};
            OGR_F_SetGeometryDirectly(f.get(), OGR_G_ForceTo(g, type, nullptr));
            g = nullptr;
            if (c.named && !name.empty()) OGR_F_SetFieldString(f.get(), 0, name.c_str());
            write_feature(made.layer, f.get(), out);
            ++c.features;
        }
        commit(made.ds.get(), out);
        close_checked(std::move(made.ds), out);
    } catch (...) {
        for (auto& k : kept)
            if (k.first) OGR_G_DestroyGeometry(k.first);
        throw;
    }
    return c;
}

}  // namespace

ContextCopy write_context_copy(const std::string& file, const LonLatBox& data, const std::string& crs, const std::string& out,
                               const std::string& layer, const std::string& stamp, int max_side) {
    if (!is_context_raster(file)) return write_vector_copy(file, data, crs, out, layer, stamp);
    auto made = raster_cut(file, data, crs, max_side, "GTiff", out, {"-co", "TILED=YES", "-co", "COMPRESS=DEFLATE"});
    close_checked(std::move(made), out);
    ContextCopy c;
    c.raster = true;
    return c;
}

}  // namespace hotspots::io
