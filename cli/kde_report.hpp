#pragma once
// What kde writes and prints besides the raster: metadata, the hotspot table, the summary.
#include "cli/kde_plan.hpp"
#include "hotspots/hotspot_polygons.hpp"

#include <nlohmann/json.hpp>

namespace hotspots::cli {

struct KdeSummary {
    const KdeOptions& options;
    const KdePlan& plan;
    const Ingested& in;
    double total_weight = 0, held = 0, max_value = 0;
    ThresholdResult cut;
};

nlohmann::json kde_metadata(const KdeSummary& s);

void write_hotspots(const std::string& path, const HotspotSet& hs, const KdeSummary& s, const nlohmann::json& meta,
                    const std::vector<std::string>& inputs);

// The top hotspots as a short table on stdout.
void print_hotspots(const HotspotSet& hs, std::size_t incidents);

}  // namespace hotspots::cli
