#include "steps/kde.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {

void declare_kde(Params& p, KdeParams& o, io::ColumnOptions& columns) {
    p.output("output", o.output, "Density raster (.tif, GeoTIFF Float32; .vrt with --tile-size: a mosaic of COG tiles)",
             "density", ".tif .tiff .vrt")
        .short_form("o");
    p.output("hotspots", o.hotspots, "Hotspot polygons (.geojson RFC 7946, or .gpkg in the working CRS)", "hotspots",
             ".geojson .gpkg .csv");
    auto& k = o.kde;
    p.value("kernel", k.kernel, "Kernel: " + kernel_names(), [&k](const std::string& v) {
         auto kernel = kernel_from_name(v);
         if (!kernel) throw UsageError("'" + v + "' is not a kernel; use one of " + kernel_names());
         k.kernel_text = v;
         return *kernel;
     }).def("quartic");
    p.value("bandwidth", k.bandwidth, "Bandwidth in metres, or auto (ArcGIS's rule), nrd, scott, or from:FILE (the best "
                                      "kde bandwidth of an evaluate --recommend file)",
            [&k](const std::string& v) {
                if (v == "auto" || v == "nrd" || v == "scott") {
                    k.bandwidth_rule = v;
                    return 0.0;
                }
                if (v.rfind("from:", 0) == 0 && v.size() > 5) {
                    k.bandwidth_rule = "from";
                    k.bandwidth_from = v.substr(5);
                    return 0.0;
                }
                k.bandwidth_rule = "fixed";
                return *parse_metres_or(v, "auto, nrd or scott");
            })
        .def("auto")
        .in_unit("metres")
        .reads_file(file_after("from:", ',', true));
    p.text("bandwidth-field", columns.bandwidth, "Column holding a bandwidth per incident (metres)");
    p.value("cell", k.cell, "Cell size in metres, or auto (shorter side of the extent / 250)",
            [](const std::string& v) { return parse_metres_or(v, "auto"); })
        .def("auto")
        .in_unit("metres");
    p.text("output-value", o.output_value, "raw, density or expected-count")
        .one_of({"raw", "density", "expected-count"})
        .def("density");
    p.text("area-unit", k.area_unit, "Area unit of density: m2, ha or km2").one_of({"m2", "ha", "km2"}).def("km2");
    declare_harm_weights(p, o.harm_weights).alias("weights");
    declare_grid_area(p, o.area);
    p.value("threshold", o.threshold, "Hot cells: top:P%, mean+Ksd, value:X or share:P%", [](const std::string& v) {
         try {
             return parse_threshold(v);
         } catch (const std::invalid_argument& e) {
             throw UsageError(e.what());
         }
     }).def("top:5%");
    p.number("min-area", o.min_area, "Drop hotspots smaller than this (square metres)", Range::at_least(0))
        .def("0")
        .in_unit("square metres");
    p.integer("min-incidents", o.min_incidents,
              "Drop hotspots holding fewer incidents than this (one incident is a point, not a concentration)",
              Range::at_least(0))
        .def("2");
    p.integer("top", o.top, "Keep only this many hotspots, the highest ranked (0: all)", Range::at_least(0)).def("0");
    p.value("simplify", k.simplify, "Polygon simplification tolerance in metres (auto: half a cell; 0: none)",
            [](const std::string& v) -> std::optional<double> {
                if (v == "auto") return std::nullopt;
                try {
                    return parse_number(v, Range::at_least(0));
                } catch (const UsageError&) {
                    throw UsageError("'" + v + "': give a tolerance in metres, 0 (cell edges) or auto");
                }
            })
        .def("auto")
        .in_unit("metres");
    p.number("max-cells", k.max_cells, "Refuse grids with more cells than this", Range::above(0)).def("250e6");
    p.path("denominator", o.denominator,
           "Residents: polygons PATH[,value=FIELD] (default field population); the output becomes a rate per "
           "1,000 residents");
    p.path("denominator-points", o.denominator_points,
           "Points (address points, another incident layer) counting 1 each; a rate per 1,000 of them");
    p.value("min-denominator", o.min_denominator,
            "Denominator kernel sum below which the rate is nodata (default: 5% of its median)",
            [](const std::string& v) { return v == "auto" ? -1.0 : parse_number(v, Range::at_least(0)); })
        .def("auto");
    p.number("scale-max", o.style_max,
             "Top of the style's colour ramp (0: the surface's maximum); give two periods' maps one scale",
             Range::at_least(0))
        .def("0");
    p.flag("cog", o.cog, "Write the raster as a Cloud Optimized GeoTIFF");
    p.value("tile-size", o.tile_size,
            "Make the surface in square tiles of this side (a whole number of cells, e.g. 10km), one at a time: -o NAME.vrt "
            "is then a mosaic of Cloud Optimized GeoTIFF tiles in the folder NAME (0: one raster)",
            [](const std::string& v) { return parse_length(v); })
        .def("0")
        .in_unit("metres");
    p.value("aggregate", o.hex, "The surface's mean per hexagon, written to --hexagons: hex:SIZE[:flat] (SIZE the metres "
                                "between opposite edges, at least twice the cell; pointy-topped unless :flat)",
            [&o](const std::string& v) {
                HexGrid h;
                try {
                    o.aggregate = parse_hex_spec(v, h);
                } catch (const std::invalid_argument& e) {
                    throw UsageError(std::string("--aggregate ") + e.what());
                }
                if (!o.aggregate) throw UsageError("--aggregate '" + v + "': give hexagons, as hex:200 or hex:200:flat");
                if (h.size > 50000) throw UsageError("--aggregate '" + v + "': give hexagons of at most 50 km");
                return h;
            })
        .shown_as("hex:SIZE");
    p.output("hexagons", o.hexagons, "The mean of the surface per hexagon of --aggregate (.gpkg, .geojson or .csv)",
             "hexagons", ".gpkg .geojson .csv");
    declare_kde_network(p, o.network);
}

double parse_length(const std::string& v) {
    // "10km", "2500m" or "2500" (metres).
    double factor = 1;
    std::string number = v;
    if (number.size() > 2 && number.compare(number.size() - 2, 2, "km") == 0) {
        factor = 1000;
        number.resize(number.size() - 2);
    } else if (number.size() > 1 && number.back() == 'm') {
        number.pop_back();
    }
    try {
        const double metres = parse_number(number, Range::at_least(0)) * factor;
        if (metres <= 1e7) return metres;
    } catch (const UsageError&) {
    }
    {
        throw UsageError("'" + v + "': give a length in metres (2500 or 2500m) or kilometres (10km), up to 10,000 km; 0 for "
                                   "one raster");
    }
}

std::size_t tile_cells(double tile_m, double cell) {
    const double n = tile_m / cell;
    if (n < 1 - 1e-9)
        throw UsageError(fmt::format("--tile-size {:g} m is smaller than the {:g} m cell: a tile holds whole cells; give {:g} m "
                                     "or more (10km is usual: tiles of {:g} x {:g} cells)",
                                     tile_m, cell, cell, std::round(1e4 / cell), std::round(1e4 / cell)));
    const double whole = std::round(n);
    if (std::abs(n - whole) > 1e-9 * n) {
        const double below = std::floor(n), above = std::ceil(n);
        throw UsageError(fmt::format("--tile-size {:g} m is not a whole number of {:g} m cells ({:.3f}): did you mean {:g} m "
                                     "({:g} cells) or {:g} m ({:g} cells)?",
                                     tile_m, cell, n, below * cell, below, above * cell, above));
    }
    if (whole > 2e9) throw UsageError(fmt::format("--tile-size {:g} m is {:g} cells a side: too many for one tile", tile_m, whole));
    return static_cast<std::size_t>(whole);
}

// A tile sums its incidents and those of a halo of `halo` cells around it (docs/kde.md, "Tiles"),
// so an incident is bucketed (4 bytes) and summed into about (1 + 2 halo / side)^2 tiles. When
// the tile grown by its halo is more than 4 times as wide as the tile (16 times its area), the
// halo is most of the work and of the buckets (2 cells of 50 m under a 300 m bandwidth: 64
// tiles an incident, more bytes than the incident itself) and the tiles are thousands of
// files: refused under side = 2 halo / 3 cells.
void check_tile_halo(double tile_m, std::size_t side, double cell, double halo) {
    const auto least = static_cast<std::size_t>(std::ceil(2 * halo / 3 - 1e-9));
    if (side >= least) return;
    const double least_m = static_cast<double>(least) * cell;
    // A bare number is metres: "2" meant as cells or as kilometres is the likely slip.
    std::vector<std::string> meant;
    const double as_cells = tile_m * cell, as_km = tile_m * 1000;
    if (tile_m == std::round(tile_m) && as_cells >= least_m)
        meant.push_back(fmt::format("{:g} cells ({:g}m)", tile_m, as_cells));
    if (as_km >= least_m && as_km <= 1e7) meant.push_back(fmt::format("{:g}km", tile_m));
    const double each = std::pow(1 + 2 * halo / static_cast<double>(side), 2);
    throw UsageError(fmt::format(
        "--tile-size {:g} m is {} cell{} of {:g} m a side, but each tile also sums the incidents of a halo of {:g} cells "
        "around it (the kernel's reach plus a cell): every incident would be summed in about {:.0f} tiles, and the tiles "
        "would be that many more files. Give at least {:g} m ({} cells: the tile at least two thirds as wide as its halo; "
        "10km is usual); a tile size is a length in metres{}",
        tile_m, side, side == 1 ? "" : "s", cell, halo, each, least_m, least,
        meant.empty() ? std::string() : "; did you mean " + meant[0] + (meant.size() > 1 ? " or " + meant[1] : "") + "?"));
}

KdePlan plan_kde(const KdeParams& o, const IncidentSet& set, Context& ctx) {
    std::optional<StudyExtent> study;
    if (!o.area.mask.empty() || o.area.extent) {
        const Coverage covered = coverage(o.area, Box::nothing(), ctx);
        study = StudyExtent{covered.area, covered.mask, o.area.extent.has_value()};
    }
    // Tiles hold max-cells each, not the grid: the grid is never in memory.
    KdeSettings settings = o.kde;
    if (o.tile_size > 0) {
        settings.max_cells = INFINITY;
        settings.mask_runs = true;  // the mask of a grid that is never in memory: runs, cut per tile
    }
    KdePlan p = hotspots::plan_kde(settings, set, study, ctx.threads());
    if (o.tile_size > 0) {
        const std::size_t cells = tile_cells(o.tile_size, p.cell);
        check_tile_halo(o.tile_size, cells, p.cell, p.bandwidth * support_factor(o.kde.kernel) / p.cell + 1);
        const double side = static_cast<double>(cells);
        if (side * side > o.kde.max_cells)
            throw UsageError(fmt::format("--tile-size {:g} m is {:g} x {:g} cells a tile, more than --max-cells {:g}; give a "
                                         "smaller tile or raise --max-cells",
                                         o.tile_size, side, side, o.kde.max_cells));
    }
    for (const auto& n : p.notes) ctx.log().note(n);
    for (const auto& w : p.warnings) ctx.log().warning(w);
    return p;
}

std::vector<std::uint8_t> KdeResult::tile_mask(std::size_t t) const {
    const GridWindow w = tiled->layout().window(t);
    if (plan.mask_runs.empty()) return std::vector<std::uint8_t>(w.rows * w.cols, 1);
    return plan.mask_runs.window(w.row0, w.col0, w.rows, w.cols);
}

void KdeResult::mask_tile(std::size_t t, std::vector<double>& v) const {
    if (plan.mask_runs.empty()) return;
    const auto inside = tile_mask(t);
    for (std::size_t c = 0; c < v.size(); ++c)
        if (!inside[c]) v[c] = NAN;
}

std::vector<double> KdeResult::tile_values(std::size_t t) const {
    auto v = tile_surface(t);
    mask_tile(t, v);
    return v;
}

}  // namespace hotspots::steps
