#include "cli/commands.hpp"

namespace hotspots::cli {

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> list = {
        {"info", "Describe incident files: schema, CRS, rows loaded and rejected, period, categories, extent", setup_info},
        {"map", "Map incidents to wards, boroughs, the BCU or any areas; write them with area codes and a summary",
         setup_map},
        {"kde", "Kernel density surface (GeoTIFF) and ranked hotspot polygons", setup_kde},
        {"repeats", "Repeat locations and how concentrated incidents are on them", setup_repeats},
        {"nearrepeat", "Knox test for near repeats (as the Near Repeat Calculator), and near-repeat chains", setup_nearrepeat},
        {"cocoon", "Cocooning zones around recent burglaries, with the address points to visit", setup_cocoon},
        {"gistar", "Getis-Ord Gi* hot and cold spots on a grid or on areas, with FDR control", setup_gistar},
        {"change", "Counts per ward or cell in two periods, with the change and its significance", setup_change},
        {"trend", "Emerging hot spots: Gi* per time step, Mann-Kendall trends, ArcGIS and sfhotspot classes", setup_trend},
        {"sample", "Generate the synthetic sample data set (deterministic by seed)", setup_sample},
    };
    return list;
}

}  // namespace hotspots::cli
