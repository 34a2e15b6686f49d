#include "io/raster_tiles.hpp"

#include "io/atomic_file.hpp"
#include "io/cleanup.hpp"
#include "io/folder.hpp"
#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <cpl_string.h>
#include <ogr_srs_api.h>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace hotspots::io {
namespace {

std::string xml_escape(const std::string& s) {
    char* e = CPLEscapeString(s.c_str(), static_cast<int>(s.size()), CPLES_XML);
    std::string out(e);
    CPLFree(e);
    return out;
}

std::string wkt_of(const RasterOutput& out) {
    const auto srs = out.srs ? out.srs : make_srs(out.crs);
    if (!srs) return "";
    char* wkt = nullptr;
    OSRExportToWkt(static_cast<OGRSpatialReferenceH>(srs.get()), &wkt);
    std::string s = wkt ? wkt : "";
    CPLFree(wkt);
    return s;
}

std::string tile_name(const GridWindow& w, std::size_t size) {
    return fmt::format("r{:03}_c{:03}.tif", w.row0 / size, w.col0 / size);
}

// The mosaic as GDAL's VRT format describes it: each tile a simple source placed by its cell
// offsets, its file named relative to the VRT, so the pair can be moved together. Written
// here rather than by GDALBuildVRT, which names the tiles relative to where they lie while
// they are written (a temporary folder), not where they end up.
std::string vrt_text(const RasterOutput& out, const std::string& folder, const std::vector<std::string>& names,
                     const nlohmann::json& meta) {
    const Grid& g = *out.grid;
    std::string s = fmt::format("<VRTDataset rasterXSize=\"{}\" rasterYSize=\"{}\">\n", g.cols, g.rows);
    const std::string wkt = wkt_of(out);
    if (!wkt.empty()) s += fmt::format("  <SRS dataAxisToSRSAxisMapping=\"1,2\">{}</SRS>\n", xml_escape(wkt));
    s += fmt::format("  <GeoTransform>{:.17g}, {:.17g}, 0, {:.17g}, 0, {:.17g}</GeoTransform>\n", g.xmin, g.cell, g.ymax,
                     -g.cell);
    s += "  <Metadata>\n    <MDI key=\"hotspots\">" +
         xml_escape(meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "</MDI>\n  </Metadata>\n";
    s += "  <VRTRasterBand dataType=\"Float32\" band=\"1\">\n";
    s += "    <Description>" + xml_escape(out.description) + "</Description>\n";
    s += fmt::format("    <NoDataValue>{}</NoDataValue>\n", raster_nodata);
    for (std::size_t t = 0; t < names.size(); ++t) {
        const GridWindow& w = out.tiles->windows[t];
        s += "    <SimpleSource>\n";
        s += "      <SourceFilename relativeToVRT=\"1\">" + xml_escape(folder + "/" + names[t]) + "</SourceFilename>\n";
        s += "      <SourceBand>1</SourceBand>\n";
        s += fmt::format("      <SrcRect xOff=\"0\" yOff=\"0\" xSize=\"{}\" ySize=\"{}\" />\n", w.cols, w.rows);
        s += fmt::format("      <DstRect xOff=\"{}\" yOff=\"{}\" xSize=\"{}\" ySize=\"{}\" />\n", w.col0, w.row0, w.cols,
                         w.rows);
        s += "    </SimpleSource>\n";
    }
    s += "  </VRTRasterBand>\n</VRTDataset>\n";
    return s;
}

}  // namespace

void check_mosaic_path(const std::string& path) {
    if (lower_case(fs::path(path).extension().string()) != ".vrt")
        throw IoError(path + ": a tiled surface is written as tiles and their VRT mosaic; name it .vrt (its tiles go in the "
                             "folder of the same name without .vrt)");
}

std::string tile_folder(const std::string& path) {
    fs::path p(path);
    return p.replace_extension().string();
}

void write_raster_tiles(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs) {
    check_mosaic_path(path);
    const RasterTiles& tiles = *out.tiles;
    AtomicOutput vrt(path, inputs);
    const std::string folder = tile_folder(path);
    AtomicFolder dir(folder, true, inputs);
    const std::size_t size = std::max<std::size_t>(tiles.size, 1);
    std::vector<std::string> names;
    const Grid& g = *out.grid;
    for (std::size_t t = 0; t < tiles.windows.size(); ++t) {
        const GridWindow& w = tiles.windows[t];
        // Each tile georeferenced on its own (a COG any GIS opens alone), at the grid's own
        // cell edges.
        const Grid tile{g.xmin + static_cast<double>(w.col0) * g.cell, g.ymax - static_cast<double>(w.row0) * g.cell, g.cell,
                        w.cols, w.rows};
        const std::vector<double> values = tiles.values(t);
        RasterOutput one = out;
        one.grid = &tile;
        one.values = &values;
        one.tiles = nullptr;
        one.cog = true;
        one.metadata["tile"] = {{"row0", w.row0}, {"col0", w.col0}, {"rows", w.rows}, {"cols", w.cols}};
        names.push_back(tile_name(w, size));
        write_geotiff_in_place((fs::path(dir.temp_path()) / names.back()).string(), one,
                               (fs::path(folder) / names.back()).string());
    }
    {
        std::ofstream f(vrt.temp_path(), std::ios::binary);
        f << vrt_text(out, fs::path(folder).filename().string(), names, tiles.finish());
        if (!f.flush()) throw IoError(path + ": write failed");
    }
    // Both or neither: in a CommitTogether (a command's outputs) both wait for it; alone, an
    // interrupt waits until both are in place.
    Uninterruptible both;
    dir.commit();
    vrt.commit();
}

}  // namespace hotspots::io
