#pragma once
// The units the statistics commands test: cells of a grid (aligned like kde's, with an
// optional mask) with their neighbours, and the counts of incidents in them.
#include "cli/ingest_options.hpp"
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

// The index of the --areas layer labelled `per`; throws UsageError naming the labels.
std::size_t layer_labelled(const std::string& per, const Ingested& in);

// The areas of the layer labelled `per` (its latest boundaries) as units, with neighbours:
// queen or rook contiguity, band:METRES or knn:K between centroids. Counts left empty.
Units area_units(const std::string& per, const std::string& neighbours, const std::string& weights, const Ingested& in,
                 Reporter& report);

// The unit (area) of each incident under the latest boundaries, or -1.
std::vector<std::int64_t> area_unit_of_incident(const std::string& per, const Ingested& in);

}  // namespace hotspots::cli
