#include "pack/pack_writer.hpp"

#include "io/qgis_style.hpp"
#include "io/raster_tiles.hpp"
#include "io/table_writer.hpp"
#include "steps/weight_held.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace hotspots::pack {
namespace fs = std::filesystem;

namespace {

// The WKB geometry type (byte order, then a 32-bit type; 1 is a point).
// "Point", "LineString" or "Polygon" (QGIS's names), from the WKB type.
std::string geometry_name(const Wkb& w) {
    if (w.size() < 5) return "Polygon";
    std::uint32_t type = 0;
    for (int k = 0; k < 4; ++k) {
        const std::uint32_t b = w[static_cast<std::size_t>(w[0] == 1 ? 1 + k : 4 - k)];
        type |= b << (8 * k);
    }
    return type % 1000 == 1 ? "Point" : type % 1000 == 2 ? "LineString" : "Polygon";
}

}  // namespace

PackOutputs::PackOutputs(io::AtomicFolder& folder, const std::string& timestamp, bool geojson,
                         std::vector<std::string> inputs)
    : m_folder(folder),
      m_gpkg((fs::path(folder.temp_path()) / gpkg_name).string(), (fs::path(folder.path()) / gpkg_name).string(), timestamp),
      m_geojson(geojson),
      m_inputs(std::move(inputs)) {}

PackWriter::PackWriter(PackOutputs& out, std::string theme, std::string theme_title, std::string step, steps::Log& log,
                       bool shown, bool tiles_only)
    : m_out(out),
      m_theme(std::move(theme)),
      m_title(std::move(theme_title)),
      m_step(std::move(step)),
      m_log(log),
      m_shown(shown),
      m_tiles_only(tiles_only) {}

std::string PackWriter::file(const std::string& role, const std::string& ext) {
    m_out.folder().subfolder(m_theme);
    return m_theme + "/" + m_step + "-" + role + ext;
}

std::string PackWriter::full(const std::string& relative) const {
    return (fs::path(m_out.folder().temp_path()) / relative).string();
}

io::ProjectGroup& PackWriter::group() {
    // By the theme's name: titles may repeat, or be "Areas" or "Context".
    for (auto& g : m_out.groups)
        if (g.theme == m_theme) return g;
    // The first theme's group starts ticked; the others are a click away.
    m_out.groups.push_back({m_title, {}, m_out.groups.empty(), m_out.groups.empty(), m_theme});
    return m_out.groups.back();
}

void PackWriter::record(const std::string& role, const std::string& f, const std::string& layer, std::size_t rows) {
    m_out.records.push_back({m_theme, m_step, role, f, layer, rows});
}

void PackWriter::raster(const std::string& role, const io::RasterOutput& out, const std::string& style) {
    if (m_tiles_only && !out.tiles) return;
    const std::string f = file(role, out.tiles ? ".vrt" : ".tif");
    std::string s = style;
    if (out.tiles && m_out.tile_count > 0) {
        // A shard by tile: its tiles and its part of the mosaic; merge writes the VRT and its
        // style, puts the style into the project and says the weight the tiles hold.
        auto part = io::write_tile_shard(full(f), out, m_out.tile_index, m_out.tile_count, m_out.inputs());
        part["file"] = f;
        part["theme"] = m_theme;
        m_out.mosaics.push_back(std::move(part));
        if (m_tiles_only) return;
        s.clear();
    } else if (out.tiles) {
        const auto made = io::write_raster_tiles(full(f), out, m_out.inputs());
        s = made.style;
        steps::log_weight_held(m_log, made.held, made.total_weight);
    } else {
        io::write_geotiff(full(f), out, m_out.inputs());
    }
    if (!s.empty()) io::write_style(io::style_path(full(f)), s);
    record(role, f, "", out.grid->cells());
    group().layers.push_back({m_step + " " + role, "./" + f, true, "", s, m_shown});
}

void PackWriter::features(const std::string& role, const io::FeatureTable& table, const std::string& style) {
    if (m_tiles_only) return;
    io::FeatureTable t = table;
    t.layer = m_theme + "_" + m_step + "_" + role;
    for (auto& c : t.layer)
        if (c == '-') c = '_';
    m_out.gpkg().add(t, style);
    record(role, PackOutputs::gpkg_name, t.layer, t.rows.size());
    if (m_out.geojson()) {
        const std::string f = file(role, ".geojson");
        io::write_features(full(f), t, m_out.inputs());
        if (!style.empty()) io::write_style(io::style_path(full(f)), style);
        record(role, f, "", t.rows.size());
    }
    if (t.rows.size() <= csv_rows_limit) {
        const std::string f = file(role, ".csv");
        io::write_features(full(f), t, m_out.inputs());
        record(role, f, "", t.rows.size());
    }
    const std::string geometry = t.geometries.empty() ? "Polygon" : geometry_name(t.geometries.front());
    // Polygons over rasters: hotspot outlines stay visible on the density surface.
    auto& layers = group().layers;
    layers.insert(layers.begin(), {m_step + " " + role, std::string("./") + PackOutputs::gpkg_name + "|layername=" + t.layer,
                                   false, geometry, style, m_shown});
}

void PackWriter::table(const std::string& role, const std::vector<Column>& header,
                       const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) {
    if (m_tiles_only) return;
    const std::string f = file(role, ".csv");
    io::write_table(full(f), column_names(header), rows, metadata, m_out.inputs());
    record(role, f, "", rows.size());
}

void PackWriter::csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
                     const nlohmann::json& metadata) {
    if (m_tiles_only) return;
    const std::string f = file(role, ".csv");
    io::write_csv_lines(full(f), column_names(header), lines, metadata, m_out.inputs());
    record(role, f, "", static_cast<std::size_t>(std::count(lines.begin(), lines.end(), '\n')));
}

void PackWriter::text(const std::string& role, const std::string& text, const std::string& extension) {
    if (m_tiles_only) return;
    const std::string f = file(role, extension);
    io::write_text(full(f), text, m_out.inputs());
    record(role, f, "", 0);
}

void PackWriter::incidents(const std::string& role, const io::IncidentOutput& out) {
    if (m_tiles_only) return;
    const std::string f = file(role, ".gpkg");
    io::write_incidents(full(f), out, m_out.inputs());
    record(role, f, "incidents", out.set.incidents.size());
    auto& layers = group().layers;
    layers.insert(layers.begin(), {m_step + " " + role, "./" + f + "|layername=incidents", false, "Point", out.style, false});
}

}  // namespace hotspots::pack
