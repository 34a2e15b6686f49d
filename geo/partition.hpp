#pragma once
// Geometry helpers for building synthetic areas (the sample generator) and for writers.
#include "model/geometry.hpp"

#include <utility>
#include <vector>

namespace hotspots::geo {

// Splits the polygon `outline` (a closed ring) into Voronoi cells of `seeds`; cell i
// belongs to seeds[i]. Returned as WKB polygons (or multipolygons where clipping split one).
std::vector<Wkb> voronoi_partition(const std::vector<XY>& outline, const std::vector<XY>& seeds);

// Union of polygons given as WKB.
Wkb union_of(const std::vector<Wkb>& parts);

// Representative point guaranteed inside a polygon (GEOS point-on-surface).
XY point_inside(const Wkb& polygon);

// Does the polygon cover the point (boundary included)?
bool covers(const Wkb& polygon, XY p);

// The ring of land within `distance` of a polygon, the polygon itself left out (displacement
// buffers).
Wkb buffer_ring(const Wkb& polygon, double distance);

// Which of `points` each polygon covers, tested against a prepared geometry after its box:
// result[k][i] for polygon k and point i.
std::vector<std::vector<bool>> points_in(const std::vector<Wkb>& polygons, const std::vector<XY>& points);

}  // namespace hotspots::geo
