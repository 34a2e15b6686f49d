#pragma once
// Between polygons and raster grids: masks from polygons, polygons from groups of cells,
// and how a polygon divides between areas.
#include "geo/area_index.hpp"
#include "geo/partition.hpp"
#include "model/grid.hpp"

#include <cstdint>
#include <vector>

namespace hotspots::geo {

// 1 for each cell whose centre lies inside any of the polygons (even-odd rule within each
// polygon, so holes are holes; a centre exactly on an edge counts by the half-open
// scanline rule). Row-major, row 0 north.
std::vector<std::uint8_t> rasterize(const std::vector<Wkb>& polygons, const Grid& grid);

// The same cells as rasterize, kept as runs per row: memory grows with the rows and the
// polygons' edges, not with the cells (a mask over a grid too large for memory, made in
// tiles).
class MaskRuns {
public:
    MaskRuns() = default;
    MaskRuns(const std::vector<Wkb>& polygons, const Grid& grid);
    bool empty() const { return m_rows.empty(); }
    // Cells inside, of the whole grid.
    std::size_t cells() const;
    bool inside(std::size_t row, std::size_t col) const;
    // The window's cells (rows x cols from row0, col0), row-major, 1 inside.
    std::vector<std::uint8_t> window(std::size_t row0, std::size_t col0, std::size_t rows, std::size_t cols) const;
    // Row r's runs inside, sorted and disjoint [c0, c1); none beyond the grid's rows.
    const std::vector<std::pair<std::size_t, std::size_t>>& runs(std::size_t row) const;

private:
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> m_rows;  // per row, sorted disjoint [c0, c1)
};

// A horizontal run of cells [c0, c1) in one row.
struct CellRun {
    std::size_t row = 0, c0 = 0, c1 = 0;
};

// The union of the cells, as a polygon or multipolygon (cells touching only at a corner
// become separate parts), then simplified with GEOS's topology-preserving simplifier at
// `tolerance` metres (0 keeps the cell edges).
Wkb cells_to_polygon(const std::vector<CellRun>& runs, const Grid& grid, double tolerance);

struct AreaShare {
    std::size_t area = 0;  // index in the AreaIndex
    double share = 0;      // of the polygon's area, 0..1
};
// The areas the polygon overlaps, largest share first (ties by code).
std::vector<AreaShare> area_shares(const Wkb& polygon, const AreaIndex& areas);

// Every polygon of a polygon or multipolygon, as its rings (exterior first, then holes;
// each ring closed: last vertex = first).
std::vector<std::vector<std::vector<XY>>> polygon_rings(const Wkb& polygon);
// The points of a line string (empty for any other geometry).
std::vector<XY> line_points(const Wkb& line);

// For each polygon, the others it touches: queen (any shared point) or rook (a shared edge of
// positive length). Sorted, without the polygon itself.
std::vector<std::vector<std::uint32_t>> polygon_contiguity(const std::vector<Wkb>& polygons, bool rook);

struct PolygonFacts {
    double area = 0;
    XY centroid;
};
PolygonFacts polygon_facts(const Wkb& polygon);

}  // namespace hotspots::geo
