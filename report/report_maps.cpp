// The report's maps beneath the analysis: the area layers (boundaries and names) and the
// --context layers, each checked against the box of what the maps draw.
#include "report/report_html_detail.hpp"

#include "io/context_layer.hpp"
#include "io/gdal_util.hpp"
#include "io/pack_reader.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hotspots::report::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void grow_box(const json& coords, io::LonLatBox& box, bool& any) {
    if (coords.is_array() && coords.size() >= 2 && coords[0].is_number()) {
        const double x = coords[0].get<double>(), y = coords[1].get<double>();
        if (!any) box = {x, y, x, y};
        box = {std::min(box.west, x), std::min(box.south, y), std::max(box.east, x), std::max(box.north, y)};
        any = true;
        return;
    }
    if (coords.is_array())
        for (const auto& c : coords) grow_box(c, box, any);
}

// The box of everything the maps draw: their densities and area layers.
io::LonLatBox data_box(const json& report) {
    io::LonLatBox box;
    bool any = false;
    for (const auto& a : report["areas"])
        for (const auto& f : a["geojson"]["features"]) grow_box(f["geometry"]["coordinates"], box, any);
    for (const auto& t : report["themes"]) {
        // A map of sites or a walk may have neither density nor boundaries.
        for (const auto& l : t["layers"])
            if (l["view"] == "sites" || l["view"] == "route" || l["view"] == "stops")
                for (const auto& f : l["geojson"]["features"]) grow_box(f["geometry"]["coordinates"], box, any);
        if (t.contains("density")) {
            const auto& b = t["density"]["bounds"];
            grow_box(json::array({b[0][1], b[0][0]}), box, any);
            grow_box(json::array({b[1][1], b[1][0]}), box, any);
        }
    }
    return box;
}

}  // namespace

// Every area layer with only its features' names, finest first (most features): the finest
// is drawn thin and named small, the coarser heavier (boroughs over wards). A pack copies its
// areas into its GeoPackage; a command's report reads the file given.
json area_layers(const Manifest& m, const std::string& folder, steps::Log& log) {
    json out = json::array();
    for (const auto& a : m.areas) {
        try {
            const std::string file = a.file ? (fs::path(folder) / *a.file).string() : (fs::path(folder) / "pack.gpkg").string();
            json j = json::parse(io::layer_geojson(file, a.file ? a.layer.value_or("") : "areas_" + a.label));
            const std::string field = a.file ? a.name_field.value_or("name") : "name";
            json features = json::array();
            for (auto& f : j["features"]) {
                json props = json::object();
                for (const char* k : {field.c_str(), "name", "NAME", "Name"})
                    if (f["properties"].contains(k) && f["properties"][k].is_string()) {
                        props["name"] = f["properties"][k];
                        break;
                    }
                features.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", std::move(f["geometry"])}});
            }
            out.push_back({{"label", a.label}, {"geojson", {{"type", "FeatureCollection"}, {"features", std::move(features)}}}});
        } catch (const std::exception& e) {
            log.warning("the map has no " + a.label + " boundaries: " + e.what());
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
        return a["geojson"]["features"].size() > b["geojson"]["features"].size();
    });
    return out;
}

// The area a map covers, for its title block: the names of the coarsest layer's areas (up to
// four), else how many there are.
std::string area_name(const json& layer) {
    const auto& f = layer["geojson"]["features"];
    std::string names;
    for (const auto& x : f) {
        if (!x["properties"].contains("name")) continue;
        names += (names.empty() ? "" : ", ") + x["properties"]["name"].get<std::string>();
    }
    if (f.size() > 4 || names.empty()) return fmt::format("{} {}s", f.size(), layer["label"].get<std::string>());
    return names;
}

// The --context layers, each refused (io/context_layer) when it lies away from the data.
json context_layers(const std::vector<std::string>& files, const json& report, steps::Log& log) {
    json out = json::array();
    if (files.empty()) return out;
    const auto box = data_box(report);
    for (const auto& f : files) {
        if (io::is_context_raster(f)) {
            const auto img = io::read_context_raster(f, box);
            out.push_back({{"file", fs::path(f).filename().string()},
                           {"image", {{"png", img.png_base64}, {"bounds", {{img.south, img.west}, {img.north, img.east}}}}}});
            continue;
        }
        auto c = io::read_context_layer(f, box);
        if (c.geojson["features"].empty()) log.warning("--context " + f + ": no feature of it reaches the maps' area");
        out.push_back({{"file", fs::path(f).filename().string()}, {"named", !c.name_field.empty()}, {"geojson", std::move(c.geojson)}});
    }
    return out;
}

}  // namespace hotspots::report::detail
