#pragma once
// The units the statistics commands test: cells of a grid (aligned like kde's, with an
// optional mask) with their neighbours, and the counts of incidents in them.
#include "cli/progress.hpp"
#include "geo/partition.hpp"
#include "hotspots/gistar.hpp"
#include "hotspots/incident.hpp"

#include <string>
#include <vector>

namespace hotspots::cli {

struct GridOptions {
    double cell = 100;
    std::string extent, mask;
    std::string neighbours = "queen";  // queen, rook, band:METRES
    std::string weights = "binary";    // binary, row
    std::string work_crs = "EPSG:27700";
    double max_cells = 50e6;
};

struct Units {
    std::vector<double> counts;
    Neighbours nb;
    std::vector<geo::Wkb> polygons;       // areas mode
    std::vector<std::string> code, name;  // areas mode
    std::vector<std::size_t> unit_cell;   // grid mode: each unit's cell
    std::vector<std::int64_t> unit_of;    // grid mode: each cell's unit, or -1
    Grid grid;
    std::vector<std::uint8_t> active;
};

// Checks --neighbours and --weights; throws UsageError.
void check_neighbour_options(const std::string& neighbours, const std::string& weights);

// The distance of "band:METRES"; throws UsageError.
double band_of(const std::string& spec);

// The grid over the incidents (or the mask, or the extent), its units and neighbours. Counts
// are left empty: see unit_of_incident.
Units grid_units(const GridOptions& o, const IncidentSet& set, Reporter& report);

// The unit of each incident (-1 outside the grid or the mask).
std::vector<std::int64_t> unit_of_incident(const Units& u, const IncidentSet& set);

}  // namespace hotspots::cli
