#pragma once
// A grid of regular hexagons in the working CRS (metres), anchored at the CRS's origin so the
// grids of different runs with the same size and orientation line up. `size` is the distance
// between opposite edges (the width across the flats): a hexagon's side is size / sqrt(3),
// its area (sqrt(3) / 2) size^2 (0.866 of a square cell of the same size), and its six
// edge neighbours' centres are exactly `size` away. Cells are named by axial coordinates
// (q, r) (Red Blob Games' "Hexagonal grids" convention). See docs/statistics.md, "Hexagons".
#include "model/geometry.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace hotspots {

struct HexCell {
    std::int64_t q = 0, r = 0;
    bool operator==(const HexCell&) const = default;
};

struct HexGrid {
    double size = 100;  // metres between opposite edges
    bool flat = false;  // flat-topped (two edges run east-west); else pointy-topped (two run north-south)

    double side() const;
    // The hexagon holding (x, y); a point on an edge goes to one of the two by the rounding of
    // its cube coordinates (the same point always to the same one).
    HexCell cell_of(double x, double y) const;
    XY centre(HexCell c) const;
    // Corners counter-clockwise, the first east of the centre (flat) or at 30 degrees (pointy).
    std::array<XY, 6> corners(HexCell c) const;
    // The six cells sharing an edge, in a fixed order.
    static std::array<HexCell, 6> neighbours(HexCell c);
    // Hexagon steps between two cells.
    static std::int64_t steps(HexCell a, HexCell b);
};

// "hex:100" or "hex:100:flat" / "hex:100:pointy" (pointy by default); returns false for
// anything else (a square cell's metres). Throws std::invalid_argument for a hex spec with a
// size that is not a positive number, or another orientation word.
bool parse_hex_spec(const std::string& text, HexGrid& out);

}  // namespace hotspots
