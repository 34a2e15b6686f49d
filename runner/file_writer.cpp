#include "runner/file_writer.hpp"

#include "io/raster_tiles.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"
#include "steps/weight_held.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace hotspots::runner {
namespace fs = std::filesystem;
using steps::ParamKind;
using steps::UsageError;

namespace {

// ".tar.gz"-safe: the longest listed extension the name ends with.
bool has_extension(const std::string& path, const std::string& list) {
    const std::string lower = io::lower_case(path);
    std::istringstream words(list);
    for (std::string ext; words >> ext;)
        if (lower.size() > ext.size() && lower.compare(lower.size() - ext.size(), ext.size(), ext) == 0) return true;
    return false;
}

// The layers whose QGIS style is a file beside them (QGIS loads NAME.qml with NAME.tif). A
// GeoPackage keeps its style inside, in layer_styles, which QGIS prefers to a NAME.qml
// beside it: it gets none, so "-o x.tif --hotspots x.gpkg" writes x.qml for the raster alone.
bool styled_beside(const std::string& path) {
    return has_extension(path, ".tif .tiff .vrt .geojson .json");
}

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    return a == b || (fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec)) ||
           fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

void check_outputs(const std::vector<const Params*>& params, const std::vector<std::string>& inputs,
                   const std::vector<std::string>& styled_roles) {
    std::vector<std::pair<std::string, std::string>> seen;    // path, option
    std::vector<std::pair<std::string, std::string>> styles;  // sidecar style, its output's option and path
    for (const auto* list : params)
    for (const auto& p : list->all()) {
        if (p.kind != ParamKind::output || !p.given) continue;
        const bool styled = std::find(styled_roles.begin(), styled_roles.end(), p.role) != styled_roles.end();
        for (const auto& path : p.values) {
            if (!has_extension(path, p.extensions))
                throw UsageError(fmt::format("{} {}: write {} as {}", p.flag_text(), path, p.role.empty() ? "it" : p.role, p.extensions));
            const fs::path f(path);
            const fs::path dir = f.has_parent_path() ? f.parent_path() : fs::path(".");
            if (!fs::is_directory(dir))
                throw UsageError(fmt::format("{} {}: the folder {} does not exist; create it first", p.flag_text(), path,
                                             dir.string()));
            if (::access(dir.c_str(), W_OK) != 0)
                throw UsageError(fmt::format("{} {}: the folder {} is not writable", p.flag_text(), path, dir.string()));
            if (fs::is_directory(f)) throw UsageError(fmt::format("{} {}: is a folder; give a file name", p.flag_text(), path));
            try {
                io::check_not_input(path, inputs);
            } catch (const io::IoError& e) {
                throw UsageError(p.flag_text() + " " + e.what());
            }
            for (const auto& [other, option] : seen)
                if (same_file(other, path))
                    throw UsageError(fmt::format("{} and {} both name {}; give each output its own file", option,
                                                 p.flag_text(), path));
            seen.emplace_back(path, p.flag_text());
            // A CSV table also writes PATH.meta.json: that name is taken too.
            if (has_extension(path, ".csv")) seen.emplace_back(path + ".meta.json", p.flag_text());
            if (!styled || !styled_beside(path)) continue;
            // Two layers named alike (x.tif, x.geojson) would share one NAME.qml: the second
            // style would replace the first and QGIS would open one layer with the other's.
            const std::string style = io::style_path(path);
            for (const auto& [other, output] : styles)
                if (same_file(other, style))
                    throw UsageError(fmt::format("{} and {} {} would both have their QGIS style in {}; give one of them "
                                                 "another name (or write the layer as .gpkg, which keeps its style inside)",
                                                 output, p.flag_text(), path, style));
            styles.emplace_back(style, p.flag_text() + " " + path);
            seen.emplace_back(style, p.flag_text() + " (its style)");
        }
    }
}

FileWriter::FileWriter(const Params& params, std::vector<std::string> inputs, bool styles, Log& log)
    : m_inputs(std::move(inputs)), m_styles(styles), m_log(log) {
    for (const auto& p : params.all())
        if (p.kind == ParamKind::output && p.given && !p.role.empty())
            for (const auto& path : p.values) m_paths.emplace(p.role, path);
}

std::vector<std::string> FileWriter::paths(const std::string& role) {
    std::vector<std::string> out;
    for (auto [it, end] = m_paths.equal_range(role); it != end; ++it) {
        out.push_back(it->second);
        written.emplace_back(role, it->second);
    }
    return out;
}

void FileWriter::style_beside(const std::string& path, const std::string& style) {
    if (!m_styles || style.empty() || !styled_beside(path)) return;
    const std::string file = io::style_path(path);
    // check_outputs let this name through only if no other styled output shares it; a
    // product declared unstyled that brings a style must not replace another's silently
    // (the run's outputs are committed together, so none appears).
    for (const auto& [done, output] : m_styles_written)
        if (same_file(done, file))
            throw std::logic_error(fmt::format("{} and {} would both have their QGIS style in {} (a product declared "
                                               "unstyled wrote one)", output, path, file));
    io::write_style(file, style);
    m_styles_written.emplace_back(file, path);
}

void FileWriter::raster(const std::string& role, const io::RasterOutput& out, const std::string& style) {
    for (const auto& path : paths(role)) {
        if (out.tiles) {
            const auto made = io::write_raster_tiles(path, out, m_inputs);
            style_beside(path, made.style);
            m_log.stage("tiles written");
            // Known only now, from the tiles' sums the VRT's grid_holds_pct is made of.
            steps::log_weight_held(m_log, made.held, made.total_weight);
            m_log.note(fmt::format("wrote {} and its {} tiles in {}", path, out.tiles->windows.size(), io::tile_folder(path)));
            continue;
        }
        io::write_geotiff(path, out, m_inputs);
        style_beside(path, style);
        m_log.stage("raster written");
        m_log.note("wrote " + path);
    }
}

void FileWriter::features(const std::string& role, const io::FeatureTable& table, const std::string& style) {
    for (const auto& path : paths(role)) {
        io::write_features(path, table, m_inputs, m_styles ? style : "");
        style_beside(path, style);
        m_log.note(fmt::format("wrote {} ({} features)", path, table.rows.size()));
    }
}

void FileWriter::table(const std::string& role, const std::vector<Column>& header,
                       const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) {
    for (const auto& path : paths(role)) {
        io::write_table(path, column_names(header), rows, metadata, m_inputs);
        m_log.note(fmt::format("wrote {} ({} rows)", path, rows.size()));
    }
}

void FileWriter::csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
                     const nlohmann::json& metadata) {
    for (const auto& path : paths(role)) {
        io::write_csv_lines(path, column_names(header), lines, metadata, m_inputs);
        m_log.note("wrote " + path);
    }
}

void FileWriter::text(const std::string& role, const std::string& text, const std::string& /*extension*/) {
    for (const auto& path : paths(role)) {
        io::write_text(path, text, m_inputs);
        m_log.note("wrote " + path);
    }
}

void FileWriter::incidents(const std::string& role, const io::IncidentOutput& out) {
    for (const auto& path : paths(role)) {
        if (!m_styles && !out.style.empty()) {
            io::IncidentOutput plain = out;
            plain.style.clear();
            io::write_incidents(path, plain, m_inputs);
        } else {
            io::write_incidents(path, out, m_inputs);
        }
        m_log.stage("wrote " + path);
        m_log.note(fmt::format("wrote {} incidents to {}", out.set.incidents.size(), path));
    }
}

}  // namespace hotspots::runner
