#pragma once
// A safety-audit walk composed from hotspots/network and hotspots/orienteering: the stops a
// walk could reach, the walking distances between them (along a street network, or straight
// lines times a detour), the route worth the most within the length, and its legs along the
// streets. See docs/walk.md.
#include "hotspots/network.hpp"
#include "model/geometry.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hotspots {

struct WalkStop {
    std::string name;
    XY centre;           // the hotspot's inside point, the place, or the cell's incidents' mean
    XY at;               // where the group stands: the nearest point of the network
    double snap_m = 0;   // from centre to at
    double prize = 0;
    std::uint64_t incidents = 0;
    std::vector<std::uint32_t> members;  // the incidents that count for the stop
    // Filled by the caller for the stops of the route only.
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

struct WalkSettings {
    XY start, end;
    bool has_end = false;  // false: the walk ends at its last stop
    double budget = 3000;  // the longest walk, metres
    double detour = 1.3;   // without a network: a walk is the straight line times this
    double snap = 1;       // network vertices closer than this are one junction, metres
    bool crossings_noded = false;  // the caller joined the lines at their crossings (node_crossings)
    std::size_t max_stops = 200, visits = 8;
    std::string solver = "auto";  // auto, exact or heuristic
    // The streets (nullptr: straight lines); `network_name` names them in messages and
    // `network_note` (what was read) begins the plan's note about them.
    const std::vector<NetworkLine>* network = nullptr;
    std::string network_name, network_note, work_crs;
    unsigned threads = 1;
};

// Where the planning says what it does: notes, warnings and timed stages.
struct WalkMessages {
    std::function<void(const std::string&)> note, warning, stage;
};

// The walk worth the most from settings.start within settings.budget over `stops` (ordered
// by worth, most first), visiting at most settings.visits. Fills the route's stops (with
// where each stands), legs, length, prize, method, the candidates and those within reach;
// the caller fills the plan's names, units and the stops' descriptions. Throws
// std::runtime_error saying what to change when no stop can be reached.
WalkPlan plan_walk(std::vector<WalkStop> stops, const WalkSettings& settings, const WalkMessages& messages);

// The streets of a path, in order, with the length walked on each: "High Road (420 m), path (35 m)".
std::string streets_walked(const Network& net, const Path& path);

}  // namespace hotspots
