#pragma once
#include <string>
#include <vector>

namespace hotspots::io {

// Expands command-line inputs: a folder gives its vector files (.csv, .geojson, .json,
// .gpkg, .shp, also .csv.gz) sorted by name; a pattern with * ? [ is globbed (sorted);
// anything else must be an existing file. Throws IoError when a path does not exist or
// nothing matches.
std::vector<std::string> expand_inputs(const std::vector<std::string>& args);

}  // namespace hotspots::io
