#pragma once
// The units the statistics test (cells of a grid, or areas) with their neighbours, and the
// rules that choose a scale from the data (ArcGIS's Optimized Hot Spot Analysis).
#include "hotspots/gistar.hpp"
#include "hotspots/hexgrid.hpp"
#include "model/geometry.hpp"
#include "model/incident.hpp"

#include <string>
#include <vector>

namespace hotspots {

// queen, rook, band:METRES or knn:K.
struct NeighbourSpec {
    enum class Kind { queen, rook, band, knn };
    Kind kind = Kind::queen;
    double band = 0;  // metres
    int k = 0;
    std::string text = "queen";
};
// Throws std::invalid_argument naming the accepted forms.
NeighbourSpec parse_neighbours(const std::string& text);

struct Units {
    std::vector<double> counts;
    Neighbours nb;
    std::vector<Wkb> polygons;            // areas
    std::vector<std::string> code, name;  // areas
    std::vector<double> length;           // street segments: metres
    std::vector<std::size_t> unit_cell;   // cells: each unit's cell
    std::vector<std::int64_t> unit_of;    // cells: each cell's unit, or -1
    Grid grid;
    std::vector<std::uint8_t> active;
    // Hexagons (hotspots/hex_units.hpp): each unit's cell, sorted by (r, q); polygons and code
    // are filled as for areas.
    HexGrid hex;
    std::vector<HexCell> hex_cells;
    bool is_hex() const { return !hex_cells.empty(); }
};

// The active cells of `grid` (all when `active` is empty) as units, with queen, rook or
// distance-band neighbours (knn is for areas: std::invalid_argument); without them when
// `weights` is false (Gi* in tiles builds them tile by tile). Counts left empty.
Units cell_units(const Grid& grid, std::vector<std::uint8_t> active, const NeighbourSpec& nb, bool row_standardise,
                 bool weights = true);

// Areas as units, with queen or rook contiguity, or band:METRES or knn:K between centroids
// (ties by index). Counts left empty.
Units area_units(std::vector<Wkb> polygons, std::vector<std::string> code, std::vector<std::string> name,
                 const NeighbourSpec& nb, bool row_standardise);

// The unit of each incident under a cell grid (-1 outside the grid or the active cells).
std::vector<std::int64_t> unit_of_incident(const Units& u, const IncidentSet& set);

// The cell of ArcGIS's Optimized Hot Spot Analysis: the larger of the mean and the median
// distance from an incident to the nearest incident at another place, rounded to a metre
// (at least 1). Throws std::invalid_argument with fewer than two places.
struct AutoCell {
    double cell = 0, mean = 0, median = 0;
};
AutoCell auto_cell(const IncidentSet& set);

// The index of the first peak of a series (a value above both neighbours), or of its
// largest value when there is none (`peak` says which).
std::size_t first_peak(const std::vector<double>& z, bool& peak);

}  // namespace hotspots
