#pragma once
// A shard of a pack: `pack --shard i/N` makes only the themes i, i+N, i+2N, ... (0-based, in the
// file's order), reading and checking everything as the whole pack does, so that `hotspots
// merge` can put N shard folders together into the unsharded pack byte for byte (docs/scale.md).
#include "io/qgis_project.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::pack {

// By theme, shard i makes the themes i, i+N, ...; by tile, it also makes the tiles t with
// t % N == i of every tiled surface (steps::Step::tiled) of every theme, the other products of
// a theme staying with the theme's shard.
struct Shard {
    int index = 0, count = 0;  // count 0: the whole pack
    bool by_tile = false;
    bool on() const { return count > 0; }
    bool holds(std::size_t theme) const { return !on() || static_cast<int>(theme % count) == index; }
    const char* by() const { return by_tile ? "tile" : "theme"; }
};

// The words of --shard-by.
inline const std::vector<std::string>& shard_by_choices() {
    static const std::vector<std::string> c = {"theme", "tile"};
    return c;
}

// "i/N" with 0 <= i < N (and N <= themes by theme); `by` one of shard_by_choices(). Throws
// steps::UsageError naming --shard.
Shard parse_shard(const std::string& text, std::size_t themes, const std::string& by = "theme");

// What merge needs beyond a normal pack folder, in the shard's shard.json: its project's
// groups by theme, its extent, its printed summary by theme and its parts of tiled surfaces.
struct ShardParts {
    io::Project project;
    std::vector<std::string> group_themes;  // the theme of each project group; "" for the areas
    std::vector<std::pair<std::string, std::string>> reports;  // theme, its part of report.txt
    // By tile: this shard's part of each tiled surface (io::write_tile_shard), with its "file"
    // (relative to the pack folder) and "theme".
    std::vector<nlohmann::json> mosaics;
};
constexpr const char* shard_file = "shard.json";
nlohmann::json to_json(const ShardParts& parts);
ShardParts shard_parts_from_json(const nlohmann::json& j);  // throws std::runtime_error

}  // namespace hotspots::pack
