#pragma once
// Plain geometry values shared by every layer: a point, and a geometry as WKB bytes (in the
// working CRS unless said otherwise). geo/ computes with them through GEOS.
#include <vector>

namespace hotspots {

using Wkb = std::vector<unsigned char>;
struct XY {
    double x = 0, y = 0;
};

namespace geo {
using hotspots::Wkb;
using hotspots::XY;
}  // namespace geo

}  // namespace hotspots
