#include "io/context_layer.hpp"

#include "io/gdal_util.hpp"
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

// The layer's extent in degrees; throws when it has no CRS to say where it is.
LonLatBox extent_in_degrees(OGRLayerH layer, const std::string& file) {
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
    if (!srs) throw IoError("--context " + file + ": the layer has no CRS, so it cannot be placed on the map: give a file "
                            "that states one (a GeoPackage, a shapefile with its .prj, GeoJSON)");
    OGREnvelope e;
    if (OGR_L_GetExtent(layer, &e, TRUE) != OGRERR_NONE)
        throw IoError("--context " + file + ": the layer is empty or its extent cannot be read");
    OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
    OSRSetWellKnownGeogCS(wgs84, "WGS84");
    OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH from = OSRClone(srs);
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, wgs84);
    LonLatBox box;
    const bool ok = ct && OCTTransformBounds(ct, e.MinX, e.MinY, e.MaxX, e.MaxY, &box.west, &box.south, &box.east, &box.north, 21);
    if (ct) OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(wgs84);
    if (!ok) throw IoError("--context " + file + ": its extent cannot be turned into WGS84 (" + last_gdal_error() + ")");
    return box;
}

// Kilometres between the nearest edges of two boxes (0 when they meet), on the sphere's
// local scale: for the message only.
double gap_km(const LonLatBox& a, const LonLatBox& b) {
    const double dx = std::max({0.0, a.west - b.east, b.west - a.east});
    const double dy = std::max({0.0, a.south - b.north, b.south - a.north});
    const double lat = (b.south + b.north) / 2 * M_PI / 180;
    return 111.32 * std::hypot(dx * std::cos(lat), dy);
}

}  // namespace

void check_context_layer(const std::string& file) {
    auto src = open_vector(file);
    extent_in_degrees(pick_layer(src.get(), file, ""), file);
}

ContextLayer read_context_layer(const std::string& file, const LonLatBox& data) {
    auto src = open_vector(file);
    OGRLayerH layer = pick_layer(src.get(), file, "");
    const LonLatBox extent = extent_in_degrees(layer, file);
    const double wx = (data.east - data.west) / 4, wy = (data.north - data.south) / 4;
    const LonLatBox near{data.west - wx, data.south - wy, data.east + wx, data.north + wy};
    if (!data.valid()) throw IoError("--context " + file + ": the report has no map to draw it on (no density or boundaries)");
    if (extent.east < near.west || extent.west > near.east || extent.north < near.south || extent.south > near.north)
        throw IoError(fmt::format("--context {}: the layer lies {:.0f} km from the data (its extent {:.4f}, {:.4f} .. {:.4f}, {:.4f} "
                                  "in degrees; the data's {:.4f}, {:.4f} .. {:.4f}, {:.4f}): give a layer of the same area, "
                                  "or check its CRS",
                                  file, gap_km(extent, data), extent.west, extent.south, extent.east, extent.north, data.west,
                                  data.south, data.east, data.north));
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

}  // namespace hotspots::io
