// Merging shards: each theme's files, layers, project group, summary and manifest entries come
// from the shard that made it, in the unsharded pack's order (themes in the file's order, then
// the areas, which every shard has alike); the inputs' entries and rejects from the first.
#include "pack/merge.hpp"

#include "io/folder.hpp"
#include "io/gpkg_writer.hpp"
#include "io/qgis_project.hpp"
#include "io/qgis_style.hpp"
#include "io/raster_tiles.hpp"
#include "io/table_writer.hpp"
#include "io/text_file.hpp"
#include "pack/shard.hpp"
#include "pack/step_log.hpp"
#include "steps/params.hpp"
#include "steps/weight_held.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>

namespace hotspots::pack {
namespace fs = std::filesystem;
using nlohmann::json;
using steps::UsageError;

namespace {

struct ShardFolder {
    std::string folder;
    json manifest;
    ShardParts parts;
    int index = 0;
};

ShardFolder read_shard(const std::string& folder) {
    ShardFolder s;
    s.folder = folder;
    const auto manifest = (fs::path(folder) / "manifest.json").string();
    if (!fs::is_regular_file(manifest)) throw UsageError(folder + ": not a pack folder (no manifest.json)");
    try {
        s.manifest = json::parse(io::read_text(manifest));
        if (!s.manifest.contains("shard"))
            throw UsageError(folder + ": not a shard (its manifest has no shard entry); make shards with pack --shard i/N");
        s.index = s.manifest.at("shard").at("index").get<int>();
        s.parts = shard_parts_from_json(json::parse(io::read_text((fs::path(folder) / shard_file).string())));
    } catch (const json::exception& e) {
        throw UsageError(folder + ": cannot read the shard's manifest.json or shard.json (" + e.what() + ")");
    } catch (const UsageError&) {
        throw;
    } catch (const std::runtime_error& e) {
        throw UsageError(folder + ": " + e.what());
    }
    return s;
}

// The same pack, month, version and number of shards, each shard once.
std::vector<const ShardFolder*> check_shards(const std::vector<ShardFolder>& shards) {
    const auto& first = shards.front();
    const auto same = [&](const ShardFolder& s, const json& a, const json& b, const std::string& what) {
        if (a != b)
            throw UsageError(fmt::format("{}: a shard of a different {} ({} there, {} in {}); merge the shards of one run",
                                         s.folder, what, a.dump(), b.dump(), first.folder));
    };
    const int count = first.manifest["shard"].value("count", 0);
    std::vector<const ShardFolder*> by_index(static_cast<std::size_t>(count), nullptr);
    for (const auto& s : shards) {
        same(s, s.manifest.value("pack", json()), first.manifest.value("pack", json()), "pack (file, checksum or month)");
        same(s, s.manifest.value("generator", json()), first.manifest.value("generator", json()), "hotspots version");
        same(s, s.manifest.value("versions", json()), first.manifest.value("versions", json()), "library versions");
        same(s, s.manifest.value("inputs", json()), first.manifest.value("inputs", json()), "input");
        same(s, s.manifest.value("context", json()), first.manifest.value("context", json()), "context layer");
        same(s, s.manifest["shard"].value("count", 0), count, "number of shards");
        same(s, s.manifest["shard"].value("by", ""), first.manifest["shard"].value("by", ""), "split");
        if (s.index < 0 || s.index >= count) throw UsageError(fmt::format("{}: shard {} of {}?", s.folder, s.index, count));
        auto& slot = by_index[static_cast<std::size_t>(s.index)];
        if (slot) throw UsageError(fmt::format("{} and {} are both shard {}/{}", slot->folder, s.folder, s.index, count));
        slot = &s;
    }
    const std::string by = first.manifest["shard"].value("by", "theme");
    for (int i = 0; i < count; ++i)
        if (!by_index[static_cast<std::size_t>(i)])
            throw UsageError(fmt::format("shard {}/{} is missing (the shards given are {} of {}); make it with pack{} --shard {}/{}",
                                         i, count, shards.size(), count, by == "theme" ? "" : " --shard-by " + by, i, count));
    return by_index;
}

// The shard that made each theme, in the file's order.
std::vector<std::pair<std::string, const ShardFolder*>> theme_order(const std::vector<const ShardFolder*>& shards) {
    std::vector<std::pair<std::string, const ShardFolder*>> order;
    const auto& themes = shards.front()->manifest.at("themes");
    for (std::size_t t = 0; t < themes.size(); ++t)
        order.emplace_back(themes[t].at("name").get<std::string>(), shards[t % shards.size()]);
    return order;
}

bool is_whole_pack_file(const fs::path& rel) {
    static const std::set<std::string> made_again = {"manifest.json", shard_file, "pack.gpkg", "pack.qgz", "report.txt"};
    return rel.has_parent_path() ? false : made_again.count(rel.string()) > 0;
}

// The themes' files (rasters, tables, styles) and the inputs' rejects, which every shard has alike.
void copy_files(const std::vector<const ShardFolder*>& shards, const std::string& to) {
    std::map<std::string, std::string> from;  // relative path -> shard folder
    for (const auto* s : shards)
        for (const auto& e : fs::recursive_directory_iterator(s->folder)) {
            if (!e.is_regular_file()) continue;
            const auto rel = e.path().lexically_relative(s->folder);
            if (is_whole_pack_file(rel)) continue;
            const auto [it, added] = from.emplace(rel.string(), s->folder);
            if (added) {
                fs::create_directories((fs::path(to) / rel).parent_path());
                fs::copy_file(e.path(), fs::path(to) / rel);
            } else if (io::sha256_file(e.path().string()) != io::sha256_file((fs::path(it->second) / rel).string())) {
                throw UsageError(fmt::format("{} differs between {} and {}: shards make different files of one name",
                                             rel.string(), it->second, s->folder));
            }
        }
}

std::string gpkg_stamp(const json& manifest) {
    const std::string month = manifest.at("pack").value("month", "");
    return (month.empty() ? std::string("2000-01") : month) + "-01T00:00:00.000Z";
}

void write_gpkg(const std::vector<std::pair<std::string, const ShardFolder*>>& order, const std::string& file,
                const std::string& path) {
    io::GpkgWriter gpkg(file, path, gpkg_stamp(order.front().second->manifest));
    std::set<std::string> theme_layers;
    for (const auto& [theme, s] : order)
        for (const auto& o : s->manifest.at("outputs"))
            if (o.value("theme", "") == theme && !o.value("layer", "").empty() &&
                theme_layers.insert(o["layer"].get<std::string>()).second)
                gpkg.copy((fs::path(s->folder) / "pack.gpkg").string(), o["layer"].get<std::string>());
    const auto first = (fs::path(order.front().second->folder) / "pack.gpkg").string();
    // The areas: the same in every shard. A pack without them and without vector products has
    // a GeoPackage with no table, which GDAL does not open.
    const auto& manifest = order.front().second->manifest;
    if (!theme_layers.empty() || !manifest.value("areas", json::array()).empty())
        for (const auto& layer : io::gpkg_layers(first))
            if (!theme_layers.count(layer)) gpkg.copy(first, layer);
    gpkg.close();
}

// By tile: each tiled surface's VRT and style from every shard's part (its tiles, already
// copied), the finish from the part of the shard that made the theme; the style into the project.
// Returns what each made (by its file), the weight its tiles hold among it.
std::map<std::string, io::MosaicMade> finish_mosaics(const std::vector<std::pair<std::string, const ShardFolder*>>& order,
                    const std::vector<const ShardFolder*>& shards, const std::string& temp, io::Project& project) {
    std::map<std::string, std::vector<json>> parts;  // file -> every shard's part
    std::map<std::string, const json*> finish;       // file -> the theme's shard's part
    std::map<std::string, io::MosaicMade> made_by_file;
    for (const auto* s : shards)
        for (const auto& m : s->parts.mosaics) {
            const auto file = m.at("file").get<std::string>();
            const auto tiles = io::part_tiles(m);
            for (auto t : tiles) {
                const auto name = io::part_tile_name(m, t);
                if (!fs::is_regular_file(fs::path(s->folder) / io::tile_folder(file) / name))
                    throw UsageError(fmt::format("{}: tile {} of {} is missing (the shard lists it); make the shard again with "
                                                 "pack --shard-by tile --shard {}/{}",
                                                 s->folder, name, file, s->index, shards.size()));
            }
            parts[file].push_back(m);
            for (const auto& [theme, owner] : order)
                if (owner == s && theme == m.at("theme").get<std::string>()) finish[file] = &m;
        }
    for (const auto& [file, list] : parts) {
        if (!finish.count(file))
            throw UsageError(file + ": the shard of its theme has no part of it; merge the shards of one run");
        // A tile no shard made: name the shard that makes it.
        std::vector<bool> made(io::part_tile_count(*finish[file]), false);
        for (const auto& p : list)
            for (auto t : io::part_tiles(p)) made.at(t) = true;
        for (std::size_t t = 0; t < made.size(); ++t)
            if (!made[t]) {
                const auto i = t % shards.size();
                throw UsageError(fmt::format("{}: tile {} of {} is missing; it is made by shard {}/{} ({}); make it again with "
                                             "pack --shard-by tile --shard {}/{}",
                                             shards[i]->folder, io::part_tile_name(*finish[file], t), file, i, shards.size(),
                                             shards[i]->folder, i, shards.size()));
            }
        io::MosaicMade mosaic;
        try {
            mosaic = io::finish_mosaic((fs::path(temp) / file).string(), list, *finish[file], {});
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        const std::string& style = mosaic.style;
        if (!style.empty()) io::write_style(io::style_path((fs::path(temp) / file).string()), style);
        for (auto& g : project.groups)
            for (auto& l : g.layers)
                if (l.source == "./" + file) l.style = style;
        made_by_file.emplace(file, std::move(mosaic));
    }
    return made_by_file;
}

// What the unsharded pack's step says once its tiled surface is whole, which no shard could:
// the weight the tiles hold, with the step's prefix, in the pack's order; its warning also in
// the step's entry, after the step's own, as the unsharded pack keeps it.
void say_weight_held(const std::map<std::string, io::MosaicMade>& mosaics, json& manifest, steps::Log& log) {
    for (auto& step : manifest.at("steps")) {
        const auto theme = step.value("theme", ""), name = step.value("name", "");
        for (const auto& o : manifest.at("outputs")) {
            const auto m = mosaics.find(o.value("file", ""));
            if (m == mosaics.end() || o.value("theme", "") != theme || o.value("step", "") != name) continue;
            StepLog said(log, theme + "/" + name + ": ");
            steps::log_weight_held(said, m->second.held, m->second.total_weight);
            said.flush();
            for (const auto& w : said.warnings) step["warnings"].push_back(w);
        }
    }
}

io::Project merged_project(const std::vector<std::pair<std::string, const ShardFolder*>>& order) {
    const auto& first = order.front().second->parts;
    io::Project project = first.project;
    project.groups.clear();
    for (const auto& [theme, s] : order)
        for (std::size_t g = 0; g < s->parts.project.groups.size(); ++g)
            if (s->parts.group_themes[g] == theme) {
                auto group = s->parts.project.groups[g];
                // The first theme's group starts ticked and open, as in the unsharded pack.
                group.expanded = group.visible = project.groups.empty();
                project.groups.push_back(std::move(group));
            }
    for (std::size_t g = 0; g < first.project.groups.size(); ++g)
        if (first.group_themes[g].empty()) project.groups.push_back(first.project.groups[g]);
    return project;
}

json merged_manifest(const std::vector<std::pair<std::string, const ShardFolder*>>& order,
                     const std::vector<const ShardFolder*>& shards, const std::string& folder) {
    json m = shards.front()->manifest;
    m.erase("shard");
    m["steps"] = json::array();
    m["outputs"] = json::array();
    for (const auto& [theme, s] : order) {
        for (const auto& e : s->manifest.at("steps"))
            if (e.value("theme", "") == theme) m["steps"].push_back(e);
        for (const auto& o : s->manifest.at("outputs"))
            if (o.value("theme", "") == theme) m["outputs"].push_back(o);
    }
    for (const auto& o : shards.front()->manifest.at("outputs"))
        if (!o.contains("theme")) m["outputs"].push_back(o);
    // The GeoPackage and project are made again: every entry's size and sum from the files here.
    std::map<std::string, std::pair<std::uintmax_t, std::string>> sums;
    for (auto& e : m["outputs"]) {
        const auto file = e.at("file").get<std::string>();
        auto [it, added] = sums.emplace(file, std::pair<std::uintmax_t, std::string>{});
        if (added) {
            const auto path = (fs::path(folder) / file).string();
            it->second = {fs::file_size(path), io::sha256_file(path)};
        }
        e["bytes"] = it->second.first;
        e["sha256"] = it->second.second;
    }
    // The shards ran side by side: the longest of each stage.
    if (m.contains("seconds"))
        for (auto& [stage, v] : m["seconds"].items())
            for (const auto* s : shards) v = std::max(v.get<double>(), s->manifest["seconds"].value(stage, 0.0));
    return m;
}

}  // namespace

MergeSummary merge_shards(const std::vector<std::string>& folders, const std::string& output, bool replace, steps::Log& log) {
    const auto start = std::chrono::steady_clock::now();
    if (folders.empty()) throw UsageError("merge: give the shard folders");
    std::vector<ShardFolder> read;
    for (const auto& f : folders) read.push_back(read_shard(f));
    const auto shards = check_shards(read);
    const auto order = theme_order(shards);
    log.stage(fmt::format("merge: {} shards of {} themes checked", shards.size(), order.size()));

    io::AtomicFolder folder(output, replace, folders);
    const std::string temp = folder.temp_path();
    copy_files(shards, temp);
    write_gpkg(order, (fs::path(temp) / "pack.gpkg").string(), (fs::path(output) / "pack.gpkg").string());
    auto project = merged_project(order);
    const auto mosaics = finish_mosaics(order, shards, temp, project);
    io::write_qgz((fs::path(temp) / "pack.qgz").string(), project);
    std::string report;
    for (const auto& [theme, s] : order)
        for (const auto& [t, text] : s->parts.reports)
            if (t == theme) report += text;
    io::write_text((fs::path(temp) / "report.txt").string(), report, {});
    json manifest = merged_manifest(order, shards, temp);
    say_weight_held(mosaics, manifest, log);
    io::write_text((fs::path(temp) / "manifest.json").string(),
                   manifest.dump(2, ' ', false, json::error_handler_t::replace) + "\n", {});
    folder.commit();

    MergeSummary summary;
    summary.folder = folder.path();
    summary.shards = shards.size();
    summary.steps = manifest["steps"].size();
    summary.outputs = manifest["outputs"].size() + 1;
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace hotspots::pack
