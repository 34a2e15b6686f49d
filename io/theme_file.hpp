#pragma once
// A themes file for the dashboard (TOML, [[theme]] tables; docs/dashboard.md).
#include "model/theme.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

// Reads [[theme]] tables: name, key, major, minor, categories, types, where. Throws IoError
// naming the file and line of an unknown key, an unknown category, a condition that is not one
// (where = ["knife_enabled=Y"]), a theme without rules or a name given twice.
std::vector<Theme> read_themes(const std::string& path);

}  // namespace hotspots::io
