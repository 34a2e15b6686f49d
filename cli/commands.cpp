#include "cli/commands.hpp"

namespace hotspots::cli {

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> list = {
        {"info", "Describe incident files: schema, CRS, rows loaded and rejected, period, categories, extent", setup_info},
        {"map", "Map incidents to wards, boroughs, the BCU or any areas; write them with area codes and a summary",
         setup_map},
        {"kde", "Kernel density surface (GeoTIFF) and ranked hotspot polygons", setup_kde},
        {"sample", "Generate the synthetic sample data set (deterministic by seed)", setup_sample},
    };
    return list;
}

}  // namespace hotspots::cli
