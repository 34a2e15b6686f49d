#include "io/point_reader.hpp"

#include "geo/crs.hpp"
#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

namespace hotspots::io {
namespace {

int field_named(const std::vector<std::string>& fields, std::initializer_list<const char*> names) {
    for (const char* n : names)
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (lower_case(fields[i]) == n) return static_cast<int>(i);
    return -1;
}

// The coordinate columns of a CSV, as the incident reader finds them: longitude/latitude
// first (degrees are unambiguous), else easting/northing or x/y in the given (or working) CRS.
struct CsvColumns {
    std::string x, y;
    bool lonlat = false;
};

CsvColumns csv_columns(const std::string& path) {
    auto ds = open_vector(path);
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::string> fields;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    CsvColumns c;
    const int lon = field_named(fields, {"longitude", "lon", "lng", "long"});
    const int lat = field_named(fields, {"latitude", "lat"});
    const int x = field_named(fields, {"easting", "x", "x_coord", "grid_x"});
    const int y = field_named(fields, {"northing", "y", "y_coord", "grid_y"});
    if (lon >= 0 && lat >= 0) {
        c = {fields[static_cast<std::size_t>(lon)], fields[static_cast<std::size_t>(lat)], true};
    } else if (x >= 0 && y >= 0) {
        c = {fields[static_cast<std::size_t>(x)], fields[static_cast<std::size_t>(y)], false};
    } else {
        std::string list;
        for (const auto& f : fields) list += (list.empty() ? "" : ", ") + f;
        throw IoError(path + ": no coordinate columns: name them longitude/latitude (degrees) or easting/northing "
                             "(columns: " + list + ")");
    }
    return c;
}

}  // namespace

void refuse_degrees(const std::vector<double>& xs, const std::vector<double>& ys, const std::string& crs,
                    const std::string& path, const char* what) {
    if (geo::describe_crs(crs).geographic) return;
    std::size_t degrees = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) degrees += std::fabs(xs[i]) <= 180 && std::fabs(ys[i]) <= 90;
    if (degrees * 10 >= xs.size() * 9)
        throw IoError(fmt::format("{}: the {} look like longitude/latitude, not {} metres; give their CRS as EPSG:4326", path,
                                  what, crs));
}

PointLayer read_points(const std::string& path, const std::string& crs, const std::string& work_crs) {
    const bool csv = lower_case(std::filesystem::path(path).extension().string()) == ".csv";
    std::vector<std::string> options;
    CsvColumns columns;
    if (csv) {
        columns = csv_columns(path);
        options = {"X_POSSIBLE_NAMES=" + columns.x, "Y_POSSIBLE_NAMES=" + columns.y, "KEEP_GEOM_COLUMNS=NO"};
    }
    auto ds = open_vector(path, options);
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    PointLayer out;
    out.crs = srs_definition(OGR_L_GetSpatialRef(layer));
    if (csv && columns.lonlat) {
        if (!crs.empty() && !geo::describe_crs(crs).geographic)
            throw IoError(fmt::format("{}: the coordinates are the longitude/latitude columns '{}', '{}', but the CRS "
                                      "given is {} (metres); leave it out (longitude/latitude are EPSG:4326)",
                                      path, columns.x, columns.y, crs));
        out.crs = crs.empty() ? "EPSG:4326" : crs;
    }
    if (out.crs.empty()) out.crs = crs.empty() ? work_crs : crs;
    std::vector<double> xs, ys;
    std::vector<std::size_t> feature;  // the feature number (from 1) of each point, for messages
    std::vector<std::vector<std::string>> values;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int nfields = OGR_FD_GetFieldCount(defn);
    for (int i = 0; i < nfields; ++i) out.fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        ++out.features;
        OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(fp.get()));
        // A feature without a point (empty or unreadable coordinates: NaN, Infinity, text) was
        // dropped without a word: "1 candidate sites" of 6. Named, not dropped.
        if (!g || OGR_G_IsEmpty(g) || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint)
            throw IoError(fmt::format("{}: feature {}: {}; fix or remove that feature", path, out.features,
                                      !g || OGR_G_IsEmpty(g) ? "no point (its coordinates are empty, or not finite numbers)"
                                                             : "not a point"));
        xs.push_back(OGR_G_GetX(g, 0));
        ys.push_back(OGR_G_GetY(g, 0));
        feature.push_back(out.features);
        // A point whose coordinates are not numbers (NaN, Infinity) was dropped without a word:
        // a candidate site gone from the answer.
        if (!std::isfinite(xs.back()) || !std::isfinite(ys.back()))
            throw IoError(fmt::format("{}: feature {}: coordinates ({}, {}) are not finite numbers; fix or remove that "
                                      "feature",
                                      path, out.features, xs.back(), ys.back()));
        auto& row = values.emplace_back();
        for (int i = 0; i < nfields; ++i) row.emplace_back(OGR_F_GetFieldAsString(static_cast<OGRFeatureH>(fp.get()), i));
    }
    if (xs.empty()) throw IoError(path + ": no point features (a CSV needs longitude/latitude, easting/northing or x/y columns)");
    refuse_degrees(xs, ys, out.crs, path, "points");
    try {
        geo::Transformer t(out.crs, work_crs);
        t.transform(xs.data(), ys.data(), xs.size());
    } catch (const std::exception& e) {
        throw IoError(path + ": " + e.what());
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
            throw IoError(fmt::format("{}: feature {}: cannot be placed in {} (outside the area its CRS {} covers); fix or "
                                      "remove that feature, or give its CRS",
                                      path, feature[i], work_crs, out.crs));
        out.points.push_back({xs[i], ys[i]});
        out.values.push_back(std::move(values[i]));
    }
    return out;
}

bool is_point_layer(const std::string& path) {
    if (lower_case(std::filesystem::path(path).extension().string()) == ".csv") return true;
    auto ds = open_vector(path);
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    auto type = wkbFlatten(OGR_L_GetGeomType(layer));
    if (type == wkbUnknown) {
        OGR_L_ResetReading(layer);
        for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
            OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(fp.get()));
            if (!g) continue;
            type = wkbFlatten(OGR_G_GetGeometryType(g));
            break;
        }
    }
    return type == wkbPoint || type == wkbMultiPoint;
}

std::vector<std::string> layer_fields(const std::string& path) {
    auto ds = open_vector(path);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(pick_layer(ds.get(), path, ""));
    std::vector<std::string> fields;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    return fields;
}

}  // namespace hotspots::io
