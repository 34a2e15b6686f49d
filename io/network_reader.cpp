#include "io/network_reader.hpp"

#include "geo/crs.hpp"
#include "io/gdal_util.hpp"
#include "io/point_reader.hpp"
#include "io/schema.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::io {
namespace {

int first_of(const std::vector<std::string>& fields, std::initializer_list<const char*> names) {
    for (const char* n : names) {
        const int i = find_column(fields, n);
        if (i >= 0) return i;
    }
    return -1;
}

// OpenStreetMap's other tags, as GDAL gives them: "key"=>"value","key"=>"value".
std::string osm_tag(const std::string& other, const std::string& key) {
    const std::string look = "\"" + key + "\"=>\"";
    const auto at = other.find(look);
    if (at == std::string::npos) return "";
    const auto from = at + look.size();
    const auto to = other.find('"', from);
    return to == std::string::npos ? "" : other.substr(from, to - from);
}

bool closed_to_walkers(const std::string& other) {
    const auto foot = lower_case(osm_tag(other, "foot"));
    if (foot == "no") return true;
    if (foot == "yes" || foot == "designated" || foot == "permissive") return false;
    const auto access = lower_case(osm_tag(other, "access"));
    return access == "no" || access == "private";
}

// A bridge or tunnel by its tag: any value but "no" (a building passage runs at street level).
bool off_street_level(const std::string& bridge, const std::string& tunnel) {
    const auto b = lower_case(bridge), t = lower_case(tunnel);
    return (!b.empty() && b != "no") || (!t.empty() && t != "no" && t != "building_passage");
}

void add_line(OGRGeometryH g, std::vector<XY>& points) {
    const int n = OGR_G_GetPointCount(g);
    for (int k = 0; k < n; ++k) points.push_back({OGR_G_GetX(g, k), OGR_G_GetY(g, k)});
}

}  // namespace

std::vector<std::string> default_excluded_classes() {
    return {"motorway", "motorway_link", "construction", "proposed", "raceway", "bus_guideway", "busway", "abandoned"};
}

NetworkData read_network(const std::string& path, const NetworkOptions& options, const std::string& work_crs) {
    auto ds = open_vector(path);
    const bool osm = std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()))) == "OSM";
    NetworkData out;
    OGRLayerH layer = pick_layer(ds.get(), path, options.layer.empty() && osm ? "lines" : options.layer);
    out.layer = OGR_L_GetName(layer);
    out.crs = srs_definition(OGR_L_GetSpatialRef(layer));
    if (out.crs.empty()) out.crs = options.crs.empty() ? work_crs : options.crs;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::vector<std::string> fields;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) fields.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    auto named = [&](const std::string& given, std::initializer_list<const char*> guesses, const char* option) {
        if (given.empty()) return first_of(fields, guesses);
        const int i = find_column(fields, given);
        if (i < 0)
            throw IoError(fmt::format("{}: {} {}: layer '{}' has no such field; its fields are {}", path, option, given,
                                      out.layer, column_list(fields)));
        return i;
    };
    const int class_col = named(options.class_field, {"highway", "class", "road_classification", "roadclassification", "road_class", "fclass"},
                                "--class-field");
    const int name_col = named(options.name_field, {"name", "name1", "name_1", "roadname", "road_name", "street"}, "--name-field");
    const int other_col = osm ? find_column(fields, "other_tags") : -1;
    // Levels for --node-crossings: fields of these names (an OSM export to a GeoPackage), else OSM's other tags.
    const int bridge_col = find_column(fields, "bridge"), tunnel_col = find_column(fields, "tunnel"),
              layer_col = find_column(fields, "layer");
    if (class_col >= 0) out.class_field = fields[static_cast<std::size_t>(class_col)];
    if (name_col >= 0) out.name_field = fields[static_cast<std::size_t>(name_col)];
    std::vector<std::string> exclude;
    for (const auto& e : options.exclude) exclude.push_back(lower_case(e));

    std::vector<double> xs, ys;
    std::vector<std::size_t> ends;  // where each line's points end in xs/ys
    std::vector<long long> line_feature;  // the feature id of each line, for messages
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        ++out.features;
        std::string cls;
        if (class_col >= 0) {
            cls = OGR_F_IsFieldSetAndNotNull(f, class_col) ? OGR_F_GetFieldAsString(f, class_col) : "";
            if (cls.empty()) {
                ++out.no_class;
                continue;
            }
            if (std::find(exclude.begin(), exclude.end(), lower_case(cls)) != exclude.end()) {
                ++out.excluded;
                continue;
            }
        }
        if (other_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, other_col) && closed_to_walkers(OGR_F_GetFieldAsString(f, other_col))) {
            ++out.no_foot;
            continue;
        }
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        const auto type = g ? wkbFlatten(OGR_G_GetGeometryType(g)) : wkbUnknown;
        std::vector<OGRGeometryH> parts;
        if (type == wkbLineString) parts.push_back(g);
        else if (type == wkbMultiLineString)
            for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k) parts.push_back(OGR_G_GetGeometryRef(g, k));
        if (parts.empty() || OGR_G_IsEmpty(g)) {
            ++out.not_lines;
            continue;
        }
        const std::string name = name_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, name_col) ? OGR_F_GetFieldAsString(f, name_col) : "";
        auto tag = [&](int col, const char* key) -> std::string {
            if (col >= 0) return OGR_F_IsFieldSetAndNotNull(f, col) ? OGR_F_GetFieldAsString(f, col) : "";
            return other_col >= 0 && OGR_F_IsFieldSetAndNotNull(f, other_col) ? osm_tag(OGR_F_GetFieldAsString(f, other_col), key) : "";
        };
        const bool off_level = off_street_level(tag(bridge_col, "bridge"), tag(tunnel_col, "tunnel"));
        std::string level = tag(layer_col, "layer");
        if (level == "0") level.clear();
        for (auto part : parts) {
            std::vector<XY> pts;
            add_line(part, pts);
            if (pts.size() < 2) continue;
            for (const auto& p : pts) {
                xs.push_back(p.x);
                ys.push_back(p.y);
            }
            ends.push_back(xs.size());
            out.lines.push_back({{}, name, off_level, level});
            line_feature.push_back(OGR_F_GetFID(f));
        }
        ++out.classes[cls];
    }
    if (out.lines.empty())
        throw IoError(fmt::format("{}: layer '{}' has no line a pedestrian can use ({} features: {} left out by class, {} "
                                  "without a class, {} closed to people on foot, {} without a line geometry); give "
                                  "the streets' line layer (--network PATH,layer=NAME) or check --class-field and "
                                  "--exclude-classes",
                                  path, out.layer, out.features, out.excluded, out.no_class, out.no_foot, out.not_lines));
    refuse_degrees(xs, ys, out.crs, path, "lines");
    geo::Envelope valid;
    try {
        geo::Transformer t(out.crs, work_crs);
        t.transform(xs.data(), ys.data(), xs.size());
        valid = t.valid_box();
    } catch (const std::exception& e) {
        throw IoError(path + ": " + e.what());
    }
    std::size_t from = 0;
    for (std::size_t l = 0; l < out.lines.size(); ++l) {
        bool ok = true;
        for (std::size_t k = from; k < ends[l]; ++k) {
            if (std::isnan(xs[k]) || std::isnan(ys[k])) ok = false;
            // A vertex at 1e308 (or Infinity) is no street: it would stretch the network's grid
            // and every distance; refused, naming the feature.
            else if (!std::isfinite(xs[k]) || !std::isfinite(ys[k]) || xs[k] < valid.xmin || xs[k] > valid.xmax ||
                     ys[k] < valid.ymin || ys[k] > valid.ymax)
                throw IoError(fmt::format("{}: feature {}: a vertex at ({:g}, {:g}) in {} lies outside the area {} covers; "
                                          "fix or delete that vertex (QGIS: Vertex tool), or remove the feature",
                                          path, line_feature[l], xs[k], ys[k], work_crs, out.crs));
            out.lines[l].points.push_back({xs[k], ys[k]});
        }
        if (!ok) {
            out.lines[l].points.clear();
            ++out.not_lines;
        }
        from = ends[l];
    }
    std::erase_if(out.lines, [](const NetworkLine& l) { return l.points.empty(); });
    return out;
}

}  // namespace hotspots::io
