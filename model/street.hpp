#pragma once
// A street as read from a network file: its line in the working CRS and its name.
#include "model/geometry.hpp"

#include <string>
#include <vector>

namespace hotspots {

struct NetworkLine {
    std::vector<XY> points;  // working CRS, metres
    std::string name;        // the street's name, or ""
    // Where it runs: OpenStreetMap's bridge or tunnel tags, and its layer ("" is 0). Only
    // lines at the same level, neither a bridge nor a tunnel, are joined where they cross
    // (--node-crossings).
    bool bridge_or_tunnel = false;
    std::string layer;
};

}  // namespace hotspots
