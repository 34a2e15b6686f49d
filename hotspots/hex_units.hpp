#pragma once
// Hexagons as the units of the statistics (--cell hex:SIZE): the cells covering a box, their
// polygons, their neighbours (the six sharing an edge, or every cell within a distance band of
// centres) and the cell of each incident. See docs/statistics.md, "Hexagons".
#include "hotspots/units.hpp"

#include <vector>

namespace hotspots {

// Every hexagon whose centre lies within `extent` grown by the grid's size, so each point of
// the extent is in one; units sorted by (r, q), each with its polygon (closed ring of the six
// corners) and its code "q,r". Queen and rook both give the six edge neighbours (hexagons
// meet only along edges); band:METRES every cell whose centre is within it; knn is refused
// (std::invalid_argument). Counts left empty.
Units hex_units(const HexGrid& grid, const Box& extent, const NeighbourSpec& nb, bool row_standardise);

// The unit of each incident (-1: its hexagon is not one of the units).
std::vector<std::int64_t> hex_unit_of_incident(const Units& u, const IncidentSet& set);

// A hexagon's corners as a polygon of one closed ring (little-endian WKB).
Wkb polygon_wkb(const std::array<XY, 6>& corners);

// The unit of a cell among u.hex_cells, or -1.
std::int64_t hex_unit(const Units& u, HexCell c);

}  // namespace hotspots
