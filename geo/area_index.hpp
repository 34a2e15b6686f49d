#pragma once
// Polygon areas (wards, boroughs, a BCU) and fast point-in-polygon lookup.
//
// Rule for a point on a boundary: a point covered by several areas (on an edge they share,
// or where bad data makes them overlap) belongs to the one whose code sorts first (byte
// order; ties by input order). A point on the outer edge of an area belongs to that area.
#include "geo/geos.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::geo {

struct AreaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct AreaInput {
    std::string code;
    std::string name;
    std::vector<unsigned char> wkb;  // polygon or multipolygon, in the working CRS
    std::string where;               // "wards.gpkg feature 17" for messages
    double value = 0;                // the value=FIELD number, when asked for
};

struct AreaNote {
    std::string where;    // "wards.gpkg feature 17 (E05000043)"
    std::string message;  // "invalid polygon repaired (Self-intersection[...])"
};

class AreaLocator;

// Immutable once built; share it between threads, each with its own AreaLocator.
class AreaIndex {
public:
    // Repairs invalid polygons (GEOS make-valid, keeping polygonal parts) and appends a note
    // for each. Throws AreaError naming the feature when a geometry is missing, empty or
    // not polygonal, and when there are no areas at all.
    AreaIndex(const std::vector<AreaInput>& inputs, std::vector<AreaNote>& notes);
    ~AreaIndex();
    AreaIndex(const AreaIndex&) = delete;
    AreaIndex& operator=(const AreaIndex&) = delete;

    std::size_t size() const noexcept { return m_areas.size(); }
    const std::string& code(std::size_t i) const { return m_areas[i].code; }
    const std::string& name(std::size_t i) const { return m_areas[i].name; }
    double area_m2(std::size_t i) const { return m_areas[i].area; }
    const Envelope& extent() const noexcept { return m_extent; }
    // WKB of the (repaired) geometry, in the working CRS.
    std::vector<unsigned char> wkb(std::size_t i) const;
    // Index of the area with this code, or -1.
    int find_code(const std::string& code) const;
    // Share of grid cells resolved without an exact test (a tuning figure for -v).
    double interior_share() const noexcept;

private:
    friend class AreaLocator;
    struct Area {
        std::string code, name;
        GeomPtr geom;
        Envelope env;
        double area = 0;
        std::uint32_t rank = 0;  // position by code: the boundary rule picks the lowest
    };
    void build_grid();

    GeosContext m_ctx;
    std::vector<Area> m_areas;
    Envelope m_extent;
    // Grid over the extent: a cell is inside one area (>= 0), outside all (-1), or
    // crosses a boundary (-2 - k, where k indexes m_candidates).
    double m_x0 = 0, m_y0 = 0, m_cell = 1;
    int m_nx = 0, m_ny = 0;
    std::vector<std::int32_t> m_cells;
    std::vector<std::vector<std::uint32_t>> m_candidates;
};

// Per-thread lookup; holds its own GEOS context and prepared geometries.
class AreaLocator {
public:
    explicit AreaLocator(const AreaIndex& index);
    ~AreaLocator();
    AreaLocator(const AreaLocator&) = delete;
    AreaLocator& operator=(const AreaLocator&) = delete;
    // The area containing (x, y) in the working CRS, or -1 when it is in none.
    int locate(double x, double y);

private:
    int exact(double x, double y, const std::vector<std::uint32_t>& candidates);
    const AreaIndex& m_index;
    GeosContext m_ctx;
    std::vector<PreparedPtr> m_prepared;
};

}  // namespace hotspots::geo
