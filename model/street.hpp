#pragma once
// A street as read from a network file: its line in the working CRS and its name.
#include "model/geometry.hpp"

#include <string>
#include <vector>

namespace hotspots {

struct NetworkLine {
    std::vector<XY> points;  // working CRS, metres
    std::string name;        // the street's name, or ""
};

}  // namespace hotspots
