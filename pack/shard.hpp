#pragma once
// A shard of a pack: `pack --shard i/N` makes only the themes i, i+N, i+2N, ... (0-based, in the
// file's order), reading and checking everything as the whole pack does, so that `hotspots
// merge` can put N shard folders together into the unsharded pack byte for byte (docs/scale.md).
#include "io/qgis_project.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::pack {

struct Shard {
    int index = 0, count = 0;  // count 0: the whole pack
    bool on() const { return count > 0; }
    bool holds(std::size_t theme) const { return !on() || static_cast<int>(theme % count) == index; }
};

// "i/N" with 0 <= i < N <= themes; throws steps::UsageError naming --shard.
Shard parse_shard(const std::string& text, std::size_t themes);

// What merge needs beyond a normal pack folder, in the shard's shard.json: its project's
// groups by theme, its extent, and its printed summary by theme.
struct ShardParts {
    io::Project project;
    std::vector<std::string> group_themes;  // the theme of each project group; "" for the areas
    std::vector<std::pair<std::string, std::string>> reports;  // theme, its part of report.txt
};
constexpr const char* shard_file = "shard.json";
nlohmann::json to_json(const ShardParts& parts);
ShardParts shard_parts_from_json(const nlohmann::json& j);  // throws std::runtime_error

}  // namespace hotspots::pack
