#pragma once
// The walk step's plan, shared by the step (steps/walk.cpp) and its products
// (steps/walk_outputs.cpp): the stops in order, the legs between them, and what was asked.
#include "io/feature_writer.hpp"
#include "model/geometry.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps {

struct WalkStop {
    std::string name;
    XY centre;           // the hotspot's inside point, the place, or the cell's incidents' mean
    XY at;               // where the group stands: the nearest point of the network
    double snap_m = 0;   // from centre to at
    double prize = 0;
    std::uint64_t incidents = 0;
    std::vector<std::uint32_t> members;  // the incidents that count for the stop
    // Filled for the stops of the route only.
    std::string top_categories, peak_hours, peak_days, temporal_class;
    std::string light, camera;  // nearest street light and camera ("" without --lights/--cameras)
    double light_m = -1, camera_m = -1;
};

struct WalkLeg {
    std::vector<XY> line;  // from the stop before (or the start) to the stop (or the end)
    double length = 0;
    std::string via;       // the streets walked, "High Road (420 m), Mill Lane (130 m)"
};

struct WalkPlan {
    std::vector<WalkStop> stops;  // in walking order
    std::vector<WalkLeg> legs;    // legs[k] reaches stops[k]; one more to the end when it has one
    XY start, end;
    std::string start_name, end_name;  // end_name "" for a walk that ends at its last stop
    double length = 0, prize = 0, prize_available = 0, budget = 0, speed_kmh = 4.5, minutes_per_stop = 10;
    std::size_t candidates = 0, reachable = 0;
    std::string method, prize_unit, network_note;
    bool optimal = false, on_network = false;
};

// The products: the stops as points (at), the route as one line, GPX (waypoints and a track)
// and the walk sheet (HTML, one page per stop with the audit checklist).
io::FeatureTable stops_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
io::FeatureTable route_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
std::string walk_gpx(const WalkPlan& plan, const std::string& crs);
std::string walk_sheet(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata);
// The text the command prints.
std::string walk_summary(const WalkPlan& plan);

}  // namespace hotspots::steps
