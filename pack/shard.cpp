#include "pack/shard.hpp"

#include "steps/params.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace hotspots::pack {
using nlohmann::json;

Shard parse_shard(const std::string& text, std::size_t themes, const std::string& by) {
    const auto t = steps::parse_shard_text(text);
    if (by == "tile") return Shard{t.index, t.count, true};  // N may exceed the themes: shards of tiles only
    if (by != "theme") throw steps::UsageError("--shard-by " + by + ": give theme or tile");
    if (static_cast<std::size_t>(t.count) > themes)
        throw steps::UsageError(fmt::format("--shard {}: the pack has {} themes, and shards split it by theme: at most {} shards "
                                            "(0/{} to {}/{}), or --shard-by tile for a pack with a tiled kde",
                                            text, themes, themes, themes, themes - 1, themes));
    return Shard{t.index, t.count};
}

namespace {
json layer_json(const io::ProjectLayer& l) {
    return {{"name", l.name}, {"source", l.source}, {"raster", l.raster}, {"geometry", l.geometry}, {"style", l.style},
            {"visible", l.visible}};
}
}  // namespace

json to_json(const ShardParts& parts) {
    const auto& p = parts.project;
    json groups = json::array();
    for (std::size_t g = 0; g < p.groups.size(); ++g) {
        json layers = json::array();
        for (const auto& l : p.groups[g].layers) layers.push_back(layer_json(l));
        groups.push_back({{"theme", parts.group_themes.at(g)}, {"name", p.groups[g].name}, {"expanded", p.groups[g].expanded},
                          {"visible", p.groups[g].visible}, {"layers", layers}});
    }
    json reports = json::array();
    for (const auto& [theme, text] : parts.reports) reports.push_back({{"theme", theme}, {"text", text}});
    json j = {{"project",
             {{"title", p.title}, {"crs", p.crs}, {"extent", {p.extent.xmin, p.extent.ymin, p.extent.xmax, p.extent.ymax}},
              {"groups", groups}}},
            {"reports", reports}};
    if (!parts.mosaics.empty()) j["mosaics"] = parts.mosaics;
    return j;
}

ShardParts shard_parts_from_json(const json& j) {
    try {
        ShardParts parts;
        const auto& p = j.at("project");
        parts.project.title = p.at("title").get<std::string>();
        parts.project.crs = p.at("crs").get<std::string>();
        const auto& e = p.at("extent");
        parts.project.extent = Box{e.at(0).get<double>(), e.at(1).get<double>(), e.at(2).get<double>(), e.at(3).get<double>()};
        for (const auto& g : p.at("groups")) {
            io::ProjectGroup group{g.at("name").get<std::string>(), {}, g.at("expanded").get<bool>(), g.at("visible").get<bool>(),
                                   g.at("theme").get<std::string>()};
            for (const auto& l : g.at("layers"))
                group.layers.push_back({l.at("name").get<std::string>(), l.at("source").get<std::string>(),
                                        l.at("raster").get<bool>(), l.at("geometry").get<std::string>(),
                                        l.at("style").get<std::string>(), l.at("visible").get<bool>()});
            parts.project.groups.push_back(std::move(group));
            parts.group_themes.push_back(g.at("theme").get<std::string>());
        }
        for (const auto& r : j.at("reports")) parts.reports.emplace_back(r.at("theme").get<std::string>(), r.at("text").get<std::string>());
        if (j.contains("mosaics"))
            for (const auto& m : j.at("mosaics")) parts.mosaics.push_back(m);
        return parts;
    } catch (const json::exception& e) {
        throw std::runtime_error(std::string("not a shard's description (") + e.what() + ")");
    }
}

}  // namespace hotspots::pack
