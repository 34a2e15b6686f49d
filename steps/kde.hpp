#pragma once
// kde's parameters and the choices made from them and the data (bandwidth, cell, grid, mask).
// Kept apart from the step so each file stays readable.
#include "hotspots/hex_aggregate.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/kde_plan.hpp"
#include "hotspots/kde_tiles.hpp"
#include "hotspots/rate_tiles.hpp"
#include "hotspots/threshold.hpp"
#include "model/grid.hpp"
#include "steps/grid_area.hpp"
#include "steps/kde_network.hpp"
#include "steps/step.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotspots::steps {

struct KdeParams {
    std::string output, hotspots;
    KdeSettings kde;  // what plan_kde decides from (bandwidth, kernel, cell, ...)
    std::string output_value = "density";
    std::string harm_weights;
    GridArea area;  // --extent, --mask
    Threshold threshold;
    double min_area = 0;
    std::uint64_t min_incidents = 2;
    std::size_t top = 0;
    std::string denominator;         // polygons with value=FIELD (population): a rate surface
    std::string denominator_points;  // points counting 1 each (address points, say)
    double min_denominator = -1;     // denominator kernel sum below which the rate is nodata (< 0: auto)
    double style_max = 0;            // top of the colour ramp (0: the surface's maximum)
    bool cog = false;
    double tile_size = 0;  // metres; 0: one raster
    KdeNetworkParams network;  // --network: the density along the streets too
    HexGrid hex;               // --aggregate hex:SIZE[:flat]: the surface's mean per hexagon
    bool aggregate = false;
    std::string hexagons;      // where the hexagons go

    bool rate() const { return !denominator.empty() || !denominator_points.empty(); }
};

// Declares kde's own parameters (the bandwidth column goes to the input's columns).
void declare_kde(Params& p, KdeParams& o, io::ColumnOptions& columns);

// Decides bandwidth, cell and grid from the incidents and the mask (already read into ctx),
// logging what hotspots::plan_kde says of its choices; throws std::runtime_error with advice
// when the data cannot support a choice.
KdePlan plan_kde(const KdeParams& o, const IncidentSet& set, Context& ctx);

struct KdeResult : Result {
    KdePlan plan;
    std::vector<double> values;
    double total_weight = 0, held = 0, max_value = 0;
    ThresholdResult cut;
    std::optional<HotspotSet> hotspots;
    std::size_t groups = 0;  // groups of hot cells, before any was dropped
    std::size_t incidents = 0;
    unsigned threads = 0;
    nlohmann::json metadata;
    std::string units;
    const Ingested* in = nullptr;
    std::optional<LixelDensity> lixels;
    std::shared_ptr<const TiledKde> tiled;  // --tile-size: the surface is made tile by tile while written
    std::shared_ptr<const TiledRate> rate;  // --denominator in tiles: the incidents' tiles divided, tile by tile
    double per_cell = 1;                    // turns a cell's value into the weight it holds
    // Tile t of the surface written: the rate's with a denominator, else the incidents' sums.
    std::vector<double> tile_surface(std::size_t t) const { return rate ? rate->tile(t) : tiled->tile(t); }
    // Tile t's part of the mask (1 inside; every cell without a mask), and its cells with
    // those outside the mask NaN, as the single raster has them.
    std::vector<std::uint8_t> tile_mask(std::size_t t) const;
    void mask_tile(std::size_t t, std::vector<double>& v) const;
    std::vector<double> tile_values(std::size_t t) const;
    std::optional<HexMeans> hexes;          // --aggregate
};

// The dual kernel rate (--denominator, --denominator-points; steps/kde_rate.cpp): the
// incidents' surface `values` divided by the residents' on the plan's grid, blank under the floor;
// and the same in tiles, each tile the single raster's window.
void kde_divide_by_denominator(const KdeParams& o, const KdePlan& plan, const IncidentSet& set, std::vector<double>& values,
                               Context& ctx);
std::shared_ptr<const TiledRate> kde_tiled_rate(const KdeParams& o, const KdeResult& r, const IncidentSet& set, Context& ctx);

// --aggregate: the hexagons' means as a polygon layer (docs/kde.md, "Hexagons").
io::FeatureTable hexagon_table(const HexMeans& h, const std::string& crs, const std::string& units, const nlohmann::json& meta);

// --tile-size in cells of the plan's grid; throws UsageError when it is under a cell or not a
// whole number of cells (saying the sizes on either side).
std::size_t tile_cells(double tile_m, double cell);
// Throws UsageError (saying the smallest tile and what the user may have meant) when tiles of
// `side` cells would be dwarfed by their halo of `halo` cells: see kde_plan.cpp.
void check_tile_halo(double tile_m, std::size_t side, double cell, double halo);
// "10km", "2500m" or "2500" in metres (0 to 10,000 km); throws UsageError.
double parse_length(const std::string& text);

// The metadata of the raster (and, with its hotspot members, of the polygons).
nlohmann::json kde_metadata(const KdeParams& o, const InputParams& input, const FilterParams& filters,
                            const KdeResult& r);
// The hotspot polygons as a feature table.
// `study_m2`: the area PAI is a share of (the mask's cells, else the grid's).
io::FeatureTable hotspot_table(const HotspotSet& hs, const Ingested& in, const std::string& crs,
                               const nlohmann::json& meta, double study_m2);
// The top hotspots as a short table.
std::string hotspot_report(const HotspotSet& hs, std::size_t incidents);

}  // namespace hotspots::steps
