#pragma once
// Cocooning door lists (cocoon --door-list, --door-gpx, --door-sheet): per zone, the address
// points inside it in walking order from the burgled address, as CSV, GPX and a printable sheet.
// They name addresses next to a burglary: written only unpublished (as texts, which --publish
// never writes). See docs/repeats.md.
#include "hotspots/door_round.hpp"

#include <string>
#include <vector>

namespace hotspots::steps {

struct Door {
    std::string ref, text;
    XY at;
};

struct DoorList {
    std::size_t zone = 0;       // 1-based, as the zones layer numbers them
    std::string burglary;       // the reference of the burglary the round starts from (the zone's latest)
    std::string expires;        // YYYY-MM-DD
    XY start;
    std::vector<Door> doors;    // inside the zone, in the address file's order
    DoorRound round;
};

struct DoorListInfo {
    bool on_network = false;
    std::string crs;            // of every XY
    double speed_kmh = 4.5, minutes_per_door = 3;
};

std::string door_csv(const std::vector<DoorList>& lists, const DoorListInfo& info);
std::string door_gpx(const std::vector<DoorList>& lists, const DoorListInfo& info);
std::string door_sheet(const std::vector<DoorList>& lists, const DoorListInfo& info);

}  // namespace hotspots::steps
