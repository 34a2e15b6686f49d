#pragma once
// Cocooning door rounds (cocoon --door-list): the addresses of each zone in the order a
// visiting officer walks them from the burgled address, along the streets when a network is
// given (network.hpp), else in straight lines; the order is the shortest open walk through
// every reachable door, found by the walk's orienteering solvers (orienteering.hpp: every door
// worth 1, no length limit). See docs/repeats.md.
#include "model/geometry.hpp"
#include "model/street.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hotspots {

struct DoorZone {
    XY start;                // the burgled address
    std::vector<XY> doors;   // the zone's address points
};

struct DoorRound {
    // Indexes into the zone's doors in walking order; then the doors the start cannot reach
    // along the network (distance infinite), in their own order.
    std::vector<std::uint32_t> order;
    std::vector<double> distance;  // per door (the zone's order): from the start, metres; infinity: unreachable
    std::vector<double> leg;       // per visit (walking order): from the visit before, or the start
    std::vector<std::vector<XY>> lines;  // per visit: the leg's line (along the streets with a network)
    std::size_t reachable = 0;     // the first `reachable` of `order` are the round
    double length = 0;             // of the round, from the start to its last door
    std::string method;            // "exact" or "heuristic"
    bool optimal = false;
};

struct DoorSettings {
    const std::vector<NetworkLine>* network = nullptr;  // nullptr: straight lines
    double snap = 1;        // network vertices closer than this are one junction, metres
    // A door further than this from the start along the network is unreachable, metres.
    double limit = std::numeric_limits<double>::infinity();
    std::size_t exact_doors = 10;  // rounds of at most this many doors are solved exactly (Held-Karp)
    unsigned threads = 1;
};

// One round per zone, the same for any number of threads. With a network, every start and door
// joins it at the nearest point of its nearest line and a distance includes the two steps to
// the street (as the walk's stops do); a door on a piece of the network the start cannot reach
// is left out of the round and listed after it.
std::vector<DoorRound> door_rounds(const std::vector<DoorZone>& zones, const DoorSettings& settings);

}  // namespace hotspots
