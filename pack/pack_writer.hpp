#pragma once
// Where a pack's products go: vector layers into the pack's GeoPackage (styles in its
// layer_styles table), rasters and tables as files in the theme's folder, and a record of
// each for the manifest and the QGIS project.
#include "io/folder.hpp"
#include "io/gpkg_writer.hpp"
#include "io/qgis_project.hpp"
#include "steps/step.hpp"

#include <memory>
#include <string>
#include <vector>

namespace hotspots::pack {

struct OutputRecord {
    std::string theme, step, role;
    std::string file;   // relative to the pack folder
    std::string layer;  // in the GeoPackage, or ""
    std::size_t rows = 0;
};

// Shared by every step of a pack.
class PackOutputs {
public:
    PackOutputs(io::AtomicFolder& folder, const std::string& timestamp, bool geojson, std::vector<std::string> inputs);
    io::AtomicFolder& folder() { return m_folder; }
    io::GpkgWriter& gpkg() { return m_gpkg; }
    bool geojson() const { return m_geojson; }
    const std::vector<std::string>& inputs() const { return m_inputs; }
    std::vector<OutputRecord> records;
    std::vector<io::ProjectGroup> groups;  // one per theme, in order, then the areas
    // A shard by tile (pack --shard-by tile): it makes the tiles t % tile_count == tile_index of
    // a tiled raster, and its part of the mosaic goes here instead of the VRT.
    int tile_index = 0, tile_count = 0;
    std::vector<nlohmann::json> mosaics;
    static constexpr const char* gpkg_name = "pack.gpkg";

private:
    io::AtomicFolder& m_folder;
    io::GpkgWriter m_gpkg;
    bool m_geojson;
    std::vector<std::string> m_inputs;
};

// The writer of one step on one theme.
class PackWriter : public steps::Writer {
public:
    // `log`: the step's, for what writing finds (the weight a tiled surface holds).
    // `shown`: the layers start ticked in the QGIS project (a theme's first step).
    // `tiles_only`: a shard by tile on a theme of another shard writes its tiles and nothing else.
    PackWriter(PackOutputs& out, std::string theme, std::string theme_title, std::string step, steps::Log& log, bool shown,
               bool tiles_only = false);
    void raster(const std::string& role, const io::RasterOutput& out, const std::string& style) override;
    void features(const std::string& role, const io::FeatureTable& table, const std::string& style) override;
    void table(const std::string& role, const std::vector<Column>& header,
               const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) override;
    void csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
             const nlohmann::json& metadata) override;
    void text(const std::string& role, const std::string& text, const std::string& extension) override;
    void incidents(const std::string& role, const io::IncidentOutput& out) override;

    // Feature tables up to this many rows also go to a CSV file (ward tables, hotspot lists;
    // not grids of cells, which stay in the GeoPackage).
    static constexpr std::size_t csv_rows_limit = 10000;

private:
    std::string file(const std::string& role, const std::string& ext);  // relative path, folder made
    std::string full(const std::string& relative) const;
    io::ProjectGroup& group();
    void record(const std::string& role, const std::string& file, const std::string& layer, std::size_t rows);
    PackOutputs& m_out;
    std::string m_theme, m_title, m_step;
    steps::Log& m_log;
    bool m_shown, m_tiles_only;
};

}  // namespace hotspots::pack
