#include "io/raster_tiles.hpp"

#include "io/atomic_file.hpp"
#include "io/cleanup.hpp"
#include "io/folder.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/text.hpp"

#include <cpl_string.h>
#include <ogr_srs_api.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
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

nlohmann::json window_json(const GridWindow& w) { return {w.row0, w.col0, w.rows, w.cols}; }
GridWindow window_of(const nlohmann::json& j) {
    return {j.at(0).get<std::size_t>(), j.at(1).get<std::size_t>(), j.at(2).get<std::size_t>(), j.at(3).get<std::size_t>()};
}

// Everything of a mosaic but its tiles' values: what each shard's part repeats and
// finish_mosaic checks is one mosaic.
nlohmann::json mosaic_json(const RasterOutput& out) {
    const Grid& g = *out.grid;
    const RasterTiles& tiles = *out.tiles;
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& w : tiles.windows) windows.push_back(window_json(w));
    const MosaicFinish& f = tiles.finish;
    return {{"grid", {g.xmin, g.ymax, g.cell, g.cols, g.rows}},
            {"size", std::max<std::size_t>(tiles.size, 1)},
            {"wkt", wkt_of(out)},
            {"description", out.description},
            {"bands", tiles.bands},
            {"windows", windows},
            {"finish",
             {{"metadata", f.metadata}, {"per_cell", f.per_cell}, {"total_weight", f.total_weight}, {"styled", f.styled},
              {"style_max", f.style_max}, {"style_cut", f.style_cut}, {"units", f.units},
              {"style", f.style}, {"top_key", f.top_key}, {"top_abs", f.top_abs}}}};
}

// The tiles t with keep(t), each summed, written as a COG into `dir` and described (its largest
// value and the weight it holds) in the part's "made".
template <class Keep>
nlohmann::json write_tiles_into(AtomicFolder& dir, const std::string& folder, const RasterOutput& out, Keep keep) {
    const RasterTiles& tiles = *out.tiles;
    nlohmann::json part = mosaic_json(out);
    part["made"] = nlohmann::json::array();
    const std::size_t size = std::max<std::size_t>(tiles.size, 1);
    const Grid& g = *out.grid;
    for (std::size_t t = 0; t < tiles.windows.size(); ++t) {
        if (!keep(t)) continue;
        const GridWindow& w = tiles.windows[t];
        // Each tile georeferenced on its own (a COG any GIS opens alone), at the grid's own
        // cell edges.
        const Grid tile{g.xmin + static_cast<double>(w.col0) * g.cell, g.ymax - static_cast<double>(w.row0) * g.cell, g.cell,
                        w.cols, w.rows};
        std::vector<double> values = tiles.values(t);
        // Summed tile by tile, then the tiles' sums in their order: the same total whichever
        // shards made them.
        double held = 0, most = 0;
        // The first band's cells (the others follow it); nodata (NaN) holds nothing. The weight
        // held counts every cell, as a masked single raster's does; then cells outside the mask
        // become nodata before the top and the writing.
        const std::size_t first = w.rows * w.cols;
        for (std::size_t i = 0; i < first; ++i)
            if (!std::isnan(values[i])) held += values[i] * tiles.finish.per_cell;
        if (tiles.mask) {
            const auto inside = tiles.mask(t);
            for (std::size_t c = 0; c < first; ++c)
                if (!inside[c]) values[c] = NAN;
        }
        for (std::size_t i = 0; i < first; ++i)
            if (!std::isnan(values[i])) most = std::max(most, tiles.finish.top_abs ? std::abs(values[i]) : values[i]);
        RasterOutput one = out;
        one.grid = &tile;
        one.values = &values;
        one.tiles = nullptr;
        one.bands = tiles.bands;
        one.cog = true;
        one.metadata["tile"] = {{"row0", w.row0}, {"col0", w.col0}, {"rows", w.rows}, {"cols", w.cols}};
        const std::string name = tile_name(w, size);
        write_geotiff_in_place((fs::path(dir.temp_path()) / name).string(), one, (fs::path(folder) / name).string());
        part["made"].push_back({{"tile", t}, {"name", name}, {"max", most}, {"held", held}});
    }
    return part;
}

// The mosaic as GDAL's VRT format describes it: each tile a simple source placed by its cell
// offsets, its file named relative to the VRT, so the pair can be moved together. Written
// here rather than by GDALBuildVRT, which names the tiles relative to where they lie while
// they are written (a temporary folder), not where they end up.
std::string vrt_text(const nlohmann::json& mosaic, const std::string& folder, const std::vector<std::string>& names,
                     const nlohmann::json& meta) {
    const auto& gj = mosaic.at("grid");
    const double xmin = gj.at(0).get<double>(), ymax = gj.at(1).get<double>(), cell = gj.at(2).get<double>();
    std::string s = fmt::format("<VRTDataset rasterXSize=\"{}\" rasterYSize=\"{}\">\n", gj.at(3).get<std::size_t>(),
                                gj.at(4).get<std::size_t>());
    const std::string wkt = mosaic.at("wkt").get<std::string>();
    if (!wkt.empty()) s += fmt::format("  <SRS dataAxisToSRSAxisMapping=\"1,2\">{}</SRS>\n", xml_escape(wkt));
    s += fmt::format("  <GeoTransform>{:.17g}, {:.17g}, 0, {:.17g}, 0, {:.17g}</GeoTransform>\n", xmin, cell, ymax, -cell);
    s += "  <Metadata>\n    <MDI key=\"hotspots\">" +
         xml_escape(meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) + "</MDI>\n  </Metadata>\n";
    const auto& windows = mosaic.at("windows");
    auto bands = mosaic.value("bands", std::vector<std::string>{});
    const std::size_t count = std::max<std::size_t>(bands.size(), 1);
    if (bands.empty()) bands.push_back(mosaic.at("description").get<std::string>());
    for (std::size_t b = 0; b < count; ++b) {
        if (b > 0) s += "  </VRTRasterBand>\n";
        s += fmt::format("  <VRTRasterBand dataType=\"Float32\" band=\"{}\">\n", b + 1);
        s += "    <Description>" + xml_escape(bands[b]) + "</Description>\n";
        s += fmt::format("    <NoDataValue>{}</NoDataValue>\n", raster_nodata);
        for (std::size_t t = 0; t < names.size(); ++t) {
            const GridWindow w = window_of(windows.at(t));
            s += "    <SimpleSource>\n";
            s += "      <SourceFilename relativeToVRT=\"1\">" + xml_escape(folder + "/" + names[t]) + "</SourceFilename>\n";
            s += fmt::format("      <SourceBand>{}</SourceBand>\n", b + 1);
            s += fmt::format("      <SrcRect xOff=\"0\" yOff=\"0\" xSize=\"{}\" ySize=\"{}\" />\n", w.cols, w.rows);
            s += fmt::format("      <DstRect xOff=\"{}\" yOff=\"{}\" xSize=\"{}\" ySize=\"{}\" />\n", w.col0, w.row0, w.cols,
                             w.rows);
            s += "    </SimpleSource>\n";
        }
    }
    s += "  </VRTRasterBand>\n</VRTDataset>\n";
    return s;
}

// The VRT's text and what it made from the parts: every tile once, totals in tile order.
std::pair<std::string, MosaicMade> finished(const std::string& path, const std::vector<nlohmann::json>& parts,
                                             const nlohmann::json& finish_part) {
    const auto& first = finish_part;
    const std::size_t count = first.at("windows").size();
    std::vector<const nlohmann::json*> made(count, nullptr);
    for (const auto& p : parts) {
        for (const char* key : {"grid", "size", "wkt", "description", "bands", "windows"})
            if (p.value(key, nlohmann::json()) != first.value(key, nlohmann::json()))
                throw std::runtime_error(path + ": the shards' parts are not of one mosaic (their " + key + " differ)");
        for (const auto& m : p.at("made")) {
            const auto t = m.at("tile").get<std::size_t>();
            if (t >= count) throw std::runtime_error(fmt::format("{}: tile {} of {}?", path, t, count));
            if (made[t]) throw std::runtime_error(fmt::format("{}: tile {} is made twice", path, m.at("name").get<std::string>()));
            made[t] = &m;
        }
    }
    double held = 0, most = 0;
    std::vector<std::string> names;
    for (std::size_t t = 0; t < count; ++t) {
        if (!made[t]) throw std::runtime_error(fmt::format("{}: tile {} of {} is missing", path, t, count));
        held += (*made[t]).at("held").get<double>();
        most = std::max(most, (*made[t]).at("max").get<double>());
        names.push_back((*made[t]).at("name").get<std::string>());
    }
    const auto& f = first.at("finish");
    nlohmann::json meta = f.at("metadata");
    meta[f.value("top_key", std::string("max_value"))] = most;
    const double total = f.at("total_weight").get<double>();
    if (total > 0) meta["grid_holds_pct"] = std::round(100 * held / total * 1000) / 1000;
    const double top = f.at("style_max").get<double>() > 0 ? f.at("style_max").get<double>() : most;
    const std::string given = f.value("style", "");
    std::string style = !f.at("styled").get<bool>() ? ""
                        : !given.empty()             ? given
                                                     : density_style(top, f.value("style_cut", 0.0), f.at("units").get<std::string>());
    return {vrt_text(first, fs::path(tile_folder(path)).filename().string(), names, meta),
            {std::move(style), total > 0 ? held : 0, std::max(total, 0.0)}};
}

void write_vrt(AtomicOutput& vrt, const std::string& path, const std::string& text) {
    std::ofstream f(vrt.temp_path(), std::ios::binary);
    f << text;
    if (!f.flush()) throw IoError(path + ": write failed");
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

MosaicMade write_raster_tiles(const std::string& path, const RasterOutput& out, const std::vector<std::string>& inputs) {
    check_mosaic_path(path);
    AtomicOutput vrt(path, inputs);
    const std::string folder = tile_folder(path);
    AtomicFolder dir(folder, true, inputs);
    const auto part = write_tiles_into(dir, folder, out, [](std::size_t) { return true; });
    auto [text, made] = finished(path, {part}, part);
    write_vrt(vrt, path, text);
    // Both or neither: in a CommitTogether (a command's outputs) both wait for it; alone, an
    // interrupt waits until both are in place.
    Uninterruptible both;
    dir.commit();
    vrt.commit();
    return made;
}

nlohmann::json write_tile_shard(const std::string& path, const RasterOutput& out, int index, int count,
                                const std::vector<std::string>& inputs) {
    check_mosaic_path(path);
    const std::string folder = tile_folder(path);
    AtomicFolder dir(folder, true, inputs);
    const auto n = static_cast<std::size_t>(count), i = static_cast<std::size_t>(index);
    auto part = write_tiles_into(dir, folder, out, [n, i](std::size_t t) { return t % n == i; });
    dir.commit();
    return part;
}

std::vector<std::size_t> part_tiles(const nlohmann::json& part) {
    std::vector<std::size_t> tiles;
    for (const auto& m : part.at("made")) tiles.push_back(m.at("tile").get<std::size_t>());
    return tiles;
}

std::size_t part_tile_count(const nlohmann::json& part) { return part.at("windows").size(); }

std::string part_tile_name(const nlohmann::json& part, std::size_t tile) {
    return tile_name(window_of(part.at("windows").at(tile)), part.at("size").get<std::size_t>());
}

MosaicMade finish_mosaic(const std::string& path, const std::vector<nlohmann::json>& parts, const nlohmann::json& finish,
                         const std::vector<std::string>& inputs) {
    check_mosaic_path(path);
    std::pair<std::string, MosaicMade> made;
    try {
        made = finished(path, parts, finish);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(path + ": a shard's part of the mosaic is not readable (" + e.what() + ")");
    }
    AtomicOutput vrt(path, inputs);
    write_vrt(vrt, path, made.first);
    vrt.commit();
    return made.second;
}

}  // namespace hotspots::io
