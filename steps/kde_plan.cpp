#include "geo/cells.hpp"
#include "hotspots/backtest.hpp"
#include "hotspots/kde.hpp"
#include "steps/kde.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {

void declare_kde(Params& p, KdeParams& o, io::ColumnOptions& columns) {
    p.output("output", o.output, "Density raster (.tif, GeoTIFF Float32)", "density", ".tif .tiff").short_form("o");
    p.output("hotspots", o.hotspots, "Hotspot polygons (.geojson RFC 7946, or .gpkg in the working CRS)", "hotspots",
             ".geojson .gpkg .csv");
    p.value("kernel", o.kernel, "Kernel: " + kernel_names(), [&o](const std::string& v) {
         auto k = kernel_from_name(v);
         if (!k) throw UsageError("'" + v + "' is not a kernel; use one of " + kernel_names());
         o.kernel_text = v;
         return *k;
     }).def("quartic");
    p.value("bandwidth", o.bandwidth, "Bandwidth in metres, or auto (ArcGIS's rule), nrd, scott, or from:FILE (the best "
                                      "kde bandwidth of an evaluate --recommend file)",
            [&o](const std::string& v) {
                if (v == "auto" || v == "nrd" || v == "scott") {
                    o.bandwidth_rule = v;
                    return 0.0;
                }
                if (v.rfind("from:", 0) == 0 && v.size() > 5) {
                    o.bandwidth_rule = "from";
                    o.bandwidth_from = v.substr(5);
                    return 0.0;
                }
                o.bandwidth_rule = "fixed";
                return *parse_metres_or(v, "auto, nrd or scott");
            })
        .def("auto")
        .in_unit("metres");
    p.text("bandwidth-field", columns.bandwidth, "Column holding a bandwidth per incident (metres)");
    p.value("cell", o.cell, "Cell size in metres, or auto (shorter side of the extent / 250)",
            [](const std::string& v) { return parse_metres_or(v, "auto"); })
        .def("auto")
        .in_unit("metres");
    p.text("output-value", o.output_value, "raw, density or expected-count")
        .one_of({"raw", "density", "expected-count"})
        .def("density");
    p.text("area-unit", o.area_unit, "Area unit of density: m2, ha or km2").one_of({"m2", "ha", "km2"}).def("km2");
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
    p.value("simplify", o.simplify, "Polygon simplification tolerance in metres (auto: half a cell; 0: none)",
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
    p.number("max-cells", o.max_cells, "Refuse grids with more cells than this", Range::above(0)).def("250e6");
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
}

namespace {

double area_factor(const std::string& unit) {
    if (unit == "m2") return 1;
    if (unit == "ha") return 1e4;
    return 1e6;
}

// --bandwidth auto (docs/kde.md): with four months or more of dated incidents and the quartic
// kernel, the bandwidth that best predicted each of the last 12 months from the 3 before (a
// back-test, as evaluate runs); else ArcGIS's rule, at most auto_rule_cap metres, since on a
// borough's spread of incidents the rule gives borough-wide blobs.
constexpr double auto_rule_cap = 400;
const std::vector<double> auto_candidates = {100, 150, 200, 300, 400, 600};

BandwidthChoice auto_bandwidth(const KdeParams& o, const IncidentSet& set, const std::vector<WeightedPoint>& pts, Context& ctx) {
    if (o.kernel == Kernel::quartic) {
        Box box = Box::nothing();
        for (const auto& i : set.incidents) box.include(i.x, i.y);
        const Coverage covered = coverage(o.area, box, ctx);
        const Grid grid = snapped_grid(covered.area, 0, 50);
        const auto inside = covered.mask.empty() ? std::vector<std::uint8_t>(grid.cells(), 1) : geo::rasterize(covered.mask, grid);
        const auto study = study_area(grid, inside);
        std::vector<ForecastIncident> fi;
        fi.reserve(set.incidents.size());
        for (const auto& i : set.incidents) {
            if (!(i.weight > 0)) continue;
            ForecastIncident f{-1, i.from, i.x, i.y, i.weight};
            const auto c = grid.col_of(i.x), r = grid.row_of(i.y);
            if (grid.contains(c, r)) f.slot = study.slot[static_cast<std::size_t>(r) * grid.cols + static_cast<std::size_t>(c)];
            fi.push_back(f);
        }
        if (const auto bt = backtested_bandwidth(study, fi, auto_candidates, ctx.threads())) {
            std::string trials;
            for (const auto& [h, hit] : bt->trials) trials += fmt::format("{}{:g} m {:.1f}%", trials.empty() ? "" : ", ", h, 100 * hit);
            return {bt->h, "auto",
                    fmt::format("back-tested: the best of each of the last {} months predicted from the 3 before, by the share "
                                "of its incidents in the top 5% of 50 m cells ({})",
                                bt->periods, trials)};
        }
    }
    auto rule = bandwidth_auto(pts);
    if (rule.h > auto_rule_cap) {
        ctx.log().note(fmt::format("bandwidth auto: ArcGIS's rule gives {:.0f} m, capped at {:g} m; fewer than 4 months of "
                                   "dated incidents (or a kernel other than quartic) leave no back-test to choose by",
                                   rule.h, auto_rule_cap));
        rule.details += fmt::format("; the rule's {:.1f} m capped at {:g} m", rule.h, auto_rule_cap);
        rule.h = auto_rule_cap;
    }
    return rule;
}

}  // namespace

KdePlan plan_kde(const KdeParams& o, const IncidentSet& set, Context& ctx) {
    KdePlan p;
    p.area_factor = area_factor(o.area_unit);

    // Bandwidth.
    if (o.bandwidth_rule == "fixed" || o.bandwidth_rule == "from") {
        p.bandwidth = o.bandwidth;
        p.bandwidth_choice = {o.bandwidth, o.bandwidth_rule == "from" ? "from " + o.bandwidth_from : "fixed", o.bandwidth_note};
    } else {
        std::vector<WeightedPoint> pts;
        pts.reserve(set.incidents.size());
        for (const auto& i : set.incidents)
            if (i.weight > 0) pts.push_back({i.x, i.y, i.weight});
        try {
            if (o.bandwidth_rule == "auto") p.bandwidth_choice = auto_bandwidth(o, set, pts, ctx);
            else p.bandwidth_choice = o.bandwidth_rule == "nrd" ? bandwidth_nrd(pts, o.kernel) : bandwidth_scott(pts, o.kernel);
        } catch (const BandwidthError& e) {
            throw std::runtime_error(e.what());
        }
        p.bandwidth = p.bandwidth_choice.h;
    }
    // One pass for the reach, the total weight and the incidents' extent.
    double reach = p.bandwidth;
    Box area = Box::nothing();
    for (const auto& i : set.incidents) {
        reach = std::max(reach, i.bandwidth);
        p.total_weight += i.weight;
        area.include(i.x, i.y);
    }
    reach *= support_factor(o.kernel);

    // The area the grid must cover: the incidents' unless a mask or extent is given.
    const Coverage covered = coverage(o.area, area, ctx);
    area = covered.area;

    // Cell size.
    if (o.cell) {
        p.cell = *o.cell;
        p.cell_rule = "fixed";
    } else {
        const double shorter = std::min(area.width(), area.height());
        if (!(shorter > 0))
            throw std::runtime_error("--cell auto needs an extent with some width and height (the incidents lie on a "
                                     "line or at one point); give --cell METRES");
        p.cell = round_cell(shorter / 250);
        p.cell_rule = fmt::format("auto: the shorter side of the extent {:.1f} m / 250 = {:.2f} m, rounded to {:g} m",
                                  shorter, shorter / 250, p.cell);
    }
    if (p.bandwidth < p.cell)
        ctx.log().warning(fmt::format("the bandwidth {:.1f} m is less than the cell size {:.1f} m: an incident's kernel "
                                      "can miss every cell centre; use --cell {:.0f} or less",
                                      p.bandwidth, p.cell, std::max(1.0, std::floor(p.bandwidth / 2))));

    // Grid.
    p.grid = o.area.extent ? exact_grid(area, p.cell) : snapped_grid(area, reach, p.cell);
    const double cells = static_cast<double>(p.grid.cols) * static_cast<double>(p.grid.rows);
    if (cells > o.max_cells) {
        throw std::runtime_error(fmt::format(
            "the grid would be {} x {} = {:.0f} million cells ({:.1f} GB in memory); use a larger --cell, a smaller "
            "--extent or a --mask, or raise --max-cells",
            p.grid.cols, p.grid.rows, cells / 1e6, cells * 12 / 1e9));
    }
    if (!covered.mask.empty()) p.mask = geo::rasterize(covered.mask, p.grid);
    p.simplify = o.simplify ? *o.simplify : p.cell / 2;
    return p;
}

}  // namespace hotspots::steps
