#pragma once
// Zones around points: circles of a radius, merged where they overlap (cocooning).
#include "geo/partition.hpp"

#include <cstdint>
#include <vector>

namespace hotspots::geo {

struct Zone {
    Wkb polygon;                       // working CRS
    std::vector<std::size_t> members;  // indexes of the points whose circle made it, ascending
};

// Circles of `radius` around each point (64 segments), unioned; each connected part is a
// zone. Zones are ordered by their first member.
std::vector<Zone> merged_circles(const std::vector<XY>& points, double radius);

// How many of `points` each polygon covers (boundary included).
std::vector<std::size_t> count_inside(const std::vector<Wkb>& polygons, const std::vector<XY>& points);
// Per polygon, the indexes of the points it covers (its boundary included), ascending: the
// points count_inside counts.
std::vector<std::vector<std::uint32_t>> points_inside(const std::vector<Wkb>& polygons, const std::vector<XY>& points);

}  // namespace hotspots::geo
