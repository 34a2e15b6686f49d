#pragma once
// The walk step's products (steps/walk_outputs.cpp, steps/walk_sheet.cpp) from its plan
// (hotspots/walk_route.hpp): the stops in order, the legs between them, and what was asked.
#include "hotspots/walk_route.hpp"
#include "io/feature_writer.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps {

// The products: the stops as points (at), the route as one line, GPX (waypoints and a track)
// and the walk sheet (HTML, one page per stop with the audit checklist).
io::FeatureTable stops_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
io::FeatureTable route_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
std::string walk_gpx(const WalkPlan& plan, const std::string& crs);
std::string walk_sheet(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
// The text the command prints.
std::string walk_summary(const WalkPlan& plan);

}  // namespace hotspots::steps
