#pragma once
// The grid and area parameters of the statistics steps (gistar, trend, change), declared once,
// and the units they give.
#include "geo/geos.hpp"
#include "hotspots/hex_units.hpp"
#include "hotspots/units.hpp"
#include "io/feature_writer.hpp"
#include "steps/grid_area.hpp"
#include "steps/input.hpp"
#include "steps/street_network.hpp"

#include <optional>
#include <string>

namespace hotspots::steps {

struct GridParams {
    double cell = 100;       // metres (0: not given, where the step has no default)
    bool cell_auto = false;  // --cell auto: the step chooses (gistar: nearest-neighbour distances)
    GridArea area;  // --extent, --mask
    std::string per;  // an --areas label: areas instead of cells
    NeighbourSpec neighbours;
    std::string spatial_weights = "binary";  // binary, row
    double max_cells = 50e6;
    // --units streets: street segments of --network instead of cells (docs/streets.md).
    bool streets = false;
    NetworkParams network;  // read by check_grid
    HexGrid hex;           // --cell hex:SIZE[:flat]: hexagons of hex.size (then cell == hex.size)
    bool is_hex = false;
    bool weights = true;   // false: cells without their weights (gistar --tile-size builds them per tile)
    bool areas() const { return !per.empty() || streets; }  // units with codes and geometries
};

struct GridDeclare {
    std::string cell_default;  // "" : no default
    bool cell_auto = false;    // the step has a rule for --cell auto
    bool extent_and_mask = true;
    bool neighbours = true;
    bool streets = false;  // --units streets and the network's options (the step handles them)
    bool hex = false;      // the step takes hexagons (--cell hex:SIZE)
    // --units and the network's options with their defaults in the fields, not declared: a
    // pack's manifest lists declared defaults, and those of steps that had them before streets
    // (gistar, trend) stay listed while the others' manifests stay as they were.
    bool declared_defaults = true;
    bool per = true;  // --per (the dashboard declares its own)
};
void declare_grid(Params& p, GridParams& o, const GridDeclare& what);

// Checks --extent/--mask together, --per against the area layers, and reads the mask.
void check_grid(const GridParams& o, const AreaLayers& areas, Context& ctx);
// The same, and --units streets against the other options, reading --network (for the steps
// that declare neighbours: gistar, trend).
void check_grid(GridParams& o, const Params& p, const AreaLayers& areas, Context& ctx);

// The grid over the incidents (or the mask, or the extent), its units and neighbours, with
// `cell` in place of o.cell when given. Counts left empty.
Units grid_units(const GridParams& o, const IncidentSet& set, Context& ctx, std::optional<double> cell = {},
                 std::optional<NeighbourSpec> neighbours = {});

// --units streets: the segments of --network as units (code: the segment's number, name: its
// street, geometry: its line), neighbours along the network (queen or rook: sharing a junction;
// band:METRES: within that walking distance), and each incident's segment (-1: unsnapped,
// logged). Counts left empty.
Units street_units(const GridParams& o, const IncidentSet& set, Log& log, std::vector<std::int64_t>& unit_of);

// The units of the grid options, whichever they are (street segments, hexagons, --per areas or
// square cells; `cell` and `neighbours` in place of the options' for cells), with each
// incident's unit in `unit_of` (-1: outside the grid or the mask, or unsnapped) and the units'
// counts (incidents' weights summed). Incidents on no unit are counted and logged, never
// dropped silently: `outside` says how many.
struct CountedUnits {
    Units units;
    std::vector<std::int64_t> unit_of;
    std::size_t outside = 0;
    bool cells = false;  // square cells (row, col); else units with a code and a geometry
};
CountedUnits counted_units(const GridParams& o, const Ingested& in, Context& ctx, std::optional<double> cell = {},
                           std::optional<NeighbourSpec> neighbours = {});

// A unit's first columns for a feature table (cells: unit number, row, col; else code, name),
// and its geometry (a cell's square, else the unit's polygon or line) appended to `geometries`.
std::vector<io::FieldValue> unit_identity(const Units& u, std::size_t k, bool cells, geo::GeosContext& ctx,
                                          std::vector<Wkb>& geometries);

// The index of the --areas layer labelled `per`; throws UsageError naming the labels.
std::size_t layer_labelled(const std::string& per, const std::vector<AreaLayer>& layers);

// The hexagons over the incidents (or the extent), their units and neighbours (--cell hex:SIZE).
Units hex_grid_units(const GridParams& o, const IncidentSet& set, Context& ctx);

// The areas of the layer labelled o.per (its latest boundaries) as units. Counts left empty.
Units per_area_units(const GridParams& o, const Ingested& in, Log& log);

// The unit (area) of each incident under the latest boundaries, or -1.
std::vector<std::int64_t> area_unit_of_incident(const std::string& per, const Ingested& in);

// --within CODE for reporting: for each area of `layer` (numbered across its generations),
// whether it lies in the area coded `within` in any of `layers` (its point on surface is
// inside). Throws UsageError when no layer has that code.
std::vector<bool> areas_within(const AreaLayer& layer, const std::string& within, const std::vector<AreaLayer>& layers);

// A point of each unit that stands for where it is: a segment's middle (half its length along
// it), a hexagon's or an area's centroid, a cell's centre (`cells`: units of a square grid).
std::vector<XY> unit_points(const Units& u, bool cells);

// For each point, whether it lies in the area coded `within` in any of `layers` (its latest
// boundaries). Throws UsageError when no layer has that code.
std::vector<bool> points_within(const std::vector<XY>& points, const std::string& within,
                                const std::vector<AreaLayer>& layers);

}  // namespace hotspots::steps
