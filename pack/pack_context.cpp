#include "pack/pack_context.hpp"

#include "io/context_layer.hpp"
#include "io/folder.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/source_check.hpp"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <set>

namespace hotspots::pack {
namespace fs = std::filesystem;
using steps::UsageError;

namespace {

// "FILE line N: context " for the key's files, "--context " for the command line's: io's
// messages about a context file start "--context FILE: ".
std::string context_error(const PackFile& pack, std::size_t k, const std::string& message) {
    const std::string io_prefix = "--context ";
    const std::string rest = message.rfind(io_prefix, 0) == 0 ? message.substr(io_prefix.size()) : message;
    return (pack.context_lines[k] ? where(pack, pack.context_lines[k]) + "context " : io_prefix) + rest;
}

// The area layers' extent in degrees; invalid when there are none.
io::LonLatBox area_box(const PackFile& pack, const steps::AreaLayers& areas) {
    Box e = Box::nothing();
    for (const auto& layer : areas.layers)
        for (const auto& gen : layer.generations()) {
            e.include(gen.index->extent().xmin, gen.index->extent().ymin);
            e.include(gen.index->extent().xmax, gen.index->extent().ymax);
        }
    if (!(e.xmax > e.xmin && e.ymax > e.ymin)) return {};
    return io::lon_lat_box(pack.work_crs, e.xmin, e.ymin, e.xmax, e.ymax);
}

// A name for a file of the folder: letters, digits, - and _.
std::string plain_name(const std::string& stem) {
    std::string out = stem;
    for (auto& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
    return out.empty() ? "context" : out;
}

}  // namespace

void check_context(const PackFile& pack, const steps::AreaLayers& areas) {
    if (pack.context.empty()) return;
    const auto box = area_box(pack, areas);
    for (std::size_t k = 0; k < pack.context.size(); ++k) {
        const auto& file = pack.context[k];
        std::error_code ec;
        if (!io::is_remote_path(file) && !fs::is_regular_file(file, ec))
            throw UsageError(context_error(pack, k, "--context " + file + ": no such file" +
                                                        (pack.context_lines[k] ? " (paths in a pack file are relative to it)" : "")));
        try {
            if (box.valid()) io::check_context_place(file, box);
            else if (io::is_context_raster(file)) io::check_context_raster(file);
            else io::check_context_layer(file);
        } catch (const io::IoError& e) {
            throw UsageError(context_error(pack, k, e.what()));
        }
    }
}

// The copies make the folder whole when moved (the project's paths are relative to it); only
// geometries and names are copied: nothing of the incidents.
void write_context(const PackFile& pack, const Box& extent, const std::string& temp, const std::string& stamp,
                   std::vector<io::ProjectGroup>& groups, report::Manifest& m, steps::Log& log) {
    if (pack.context.empty()) return;
    const auto box = io::lon_lat_box(pack.work_crs, extent.xmin, extent.ymin, extent.xmax, extent.ymax);
    io::ProjectGroup group{"Context", {}, false, true, ""};
    std::set<std::string> names;
    fs::create_directories(fs::path(temp) / "context");
    const auto pack_folder = fs::absolute(pack.folder).lexically_normal();
    for (std::size_t k = 0; k < pack.context.size(); ++k) {
        const auto& file = pack.context[k];
        const bool raster = io::is_context_raster(file);
        const std::string stem = plain_name(fs::path(file).stem().string());
        std::string name = stem;
        for (int n = 2; !names.insert(name).second; ++n) name = stem + "-" + std::to_string(n);
        const std::string copy = "context/" + name + (raster ? ".tif" : ".gpkg");
        io::ContextCopy c;
        try {
            c = io::write_context_copy(file, box, pack.work_crs, (fs::path(temp) / copy).string(), name, stamp);
        } catch (const io::IoError& e) {
            throw io::IoError(context_error(pack, k, e.what()));
        }
        if (c.other)
            log.warning(context_error(pack, k, fmt::format("--context {}: {} features of another kind of geometry than its first "
                                                           "({}) are left out of the copy",
                                                           file, c.other, c.geometry)));
        if (!raster && c.features == 0) log.warning(context_error(pack, k, "--context " + file + ": no feature of it reaches the pack's area"));
        group.layers.push_back({name, "./" + copy + (raster ? "" : "|layername=" + name), raster, raster ? "" : c.geometry,
                                raster ? "" : io::context_style(c.geometry, c.named), true});
        std::error_code ec;
        const auto bytes = fs::file_size(file, ec);
        m.context.push_back({fs::absolute(file).lexically_normal().lexically_relative(pack_folder).generic_string(),
                             raster ? "raster" : "vector", ec ? 0 : bytes, io::sha256_file(io::plain_path(file)), copy});
    }
    groups.push_back(std::move(group));
}

}  // namespace hotspots::pack
