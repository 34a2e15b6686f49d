// hotspots kde: a kernel density surface (GeoTIFF) and ranked hotspot polygons.
#include "cli/commands.hpp"
#include "cli/kde_plan.hpp"
#include "cli/kde_report.hpp"
#include "hotspots/components.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/kde.hpp"
#include "hotspots/parallel.hpp"
#include "geo/cells.hpp"
#include "io/area_reader.hpp"
#include "io/gdal_util.hpp"
#include "io/point_reader.hpp"
#include "io/qgis_style.hpp"
#include "io/raster_writer.hpp"
#include "io/weight_table.hpp"

#include <fmt/format.h>

#include <cmath>
#include <future>
#include <memory>
#include <unordered_map>

namespace hotspots::cli {
namespace {

void apply_weight_table(const std::string& path, IncidentSet& set) {
    io::WeightTable table;
    try {
        table = io::read_weight_table(path);
    } catch (const io::IoError& e) {
        throw UsageError(std::string("--weights: ") + e.what());
    }
    std::unordered_map<std::uint32_t, std::optional<double>> by_type;  // crime type -> weight
    for (auto& i : set.incidents) {
        auto it = by_type.find(i.crime_type);
        if (it == by_type.end()) it = by_type.emplace(i.crime_type, io::weight_for(table, set, i)).first;
        if (!it->second)
            throw std::runtime_error(fmt::format("{}: no weight for crime type '{}' (category {}); add a row for it, "
                                                 "or a '*' row for every other type",
                                                 path, set.text(i.crime_type), slug(i.category)));
        i.weight *= *it->second;
    }
}

// Dual kernel rate: residents spread evenly over the cells of their area, smoothed with the
// same kernel and bandwidth; rate = incidents' surface / residents' surface x 1,000. Cells
// with fewer than --min-denominator smoothed residents are nodata.
void divide_by_residents(const KdeOptions& o, const KdePlan& plan, std::vector<double>& values, Reporter& report) {
    io::AreaSpec spec;
    io::AreaLayerData layer;
    std::vector<KernelPoint> residents;
    double total = 0;
    if (!o.denominator_points.empty()) {
        // Points (address points, another incident layer): each counts 1.
        io::PointLayer pts;
        try {
            pts = io::read_points(o.denominator_points, "", o.ingest.work_crs);
        } catch (const io::IoError& e) {
            throw UsageError(std::string("--denominator-points: ") + e.what());
        }
        for (const auto& p : pts.points) residents.push_back({p.x, p.y, 1.0, plan.bandwidth});
        total = static_cast<double>(pts.points.size());
    }
    if (!o.denominator.empty()) try {
        spec = io::parse_area_spec(o.denominator);
        if (spec.value_field.empty()) spec.value_field = "population";
        layer = io::read_area_layer(spec, o.ingest.work_crs);
    } catch (const io::IoError& e) {
        throw UsageError(std::string("--denominator: ") + e.what() + " (give the population field with value=FIELD)");
    }
    for (const auto& a : layer.inputs) {
        if (a.wkb.empty() || !(a.value > 0)) continue;
        total += a.value;
        const auto inside = geo::rasterize({a.wkb}, plan.grid);
        std::vector<std::size_t> cells;
        for (std::size_t c = 0; c < inside.size(); ++c)
            if (inside[c]) cells.push_back(c);
        if (cells.empty()) {  // an area smaller than a cell: all at a point inside it
            const auto p = geo::point_inside(a.wkb);
            residents.push_back({p.x, p.y, a.value, plan.bandwidth});
            continue;
        }
        const double share = a.value / static_cast<double>(cells.size());
        for (auto c : cells)
            residents.push_back({plan.grid.centre_x(c % plan.grid.cols), plan.grid.centre_y(c / plan.grid.cols), share, plan.bandwidth});
    }
    if (residents.empty()) throw UsageError("--denominator: no area with a population above 0, and no point");
    const auto den = accumulate_kernels(residents, plan.grid, plan.kernel, o.ingest.threads);
    // Auto: 5% of the median positive denominator, so sparse edges do not make huge rates
    // whatever the denominator's units (residents of wards, address points).
    double minimum = o.min_denominator;
    if (minimum < 0) {
        std::vector<double> positive;
        for (double d : den)
            if (d > 0) positive.push_back(d);
        if (positive.empty()) throw UsageError("--denominator: nothing of it falls in the grid");
        std::nth_element(positive.begin(), positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2), positive.end());
        minimum = 0.05 * positive[positive.size() / 2];
    }
    std::size_t blank = 0;
    for (std::size_t c = 0; c < values.size(); ++c) {
        if (den[c] >= minimum && den[c] > 0) {
            values[c] = values[c] / den[c] * 1000;
        } else {
            values[c] = NAN;
            ++blank;
        }
    }
    report.note(fmt::format("denominator: {:.0f} in all; {} cells where its kernel sum is under {:.4g} are nodata", total,
                            blank, minimum));
}

std::string units_text(const KdeOptions& o) {
    if (!o.denominator.empty()) return "incidents per 1,000 residents (dual kernel)";
    if (!o.denominator_points.empty()) return "incidents per 1,000 denominator points (dual kernel)";
    if (o.output_value == "raw") return "raw: sum of weight x K(d/h), K(0) = 1";
    if (o.output_value == "expected-count") return "expected incidents per cell";
    return "incidents per " + o.area_unit;
}

int run_kde(KdeOptions o) {
    check_kde_options(o);
    // Density needs neither ids nor LSOAs; location text only labels hotspots.
    o.ingest.need_ids = false;
    o.ingest.need_lsoa = false;
    o.ingest.need_location = !o.hotspots.empty();
    // The crime type weighs incidents (--weights) and describes hotspots; a bare surface
    // has no use for it.
    o.ingest.need_type = !o.hotspots.empty() || !o.weights.empty();
    Reporter report("kde", o.ingest.quiet, o.ingest.verbose);
    // The raster's CRS, looked up in PROJ's database while the incidents are read.
    auto srs = std::async(std::launch::async, io::make_srs, o.ingest.work_crs);
    Ingested in = ingest(o.ingest, report);
    auto& set = in.read.set;
    if (set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    if (!o.weights.empty()) apply_weight_table(o.weights, set);
    const KdePlan plan = plan_kde(o, set, report);
    report.note(fmt::format("bandwidth {:.1f} m ({}{}), cell {:g} m ({}), kernel {}", plan.bandwidth,
                            plan.bandwidth_choice.rule,
                            plan.bandwidth_choice.details.empty() ? "" : ": " + plan.bandwidth_choice.details, plan.cell,
                            plan.cell_rule, o.kernel));
    report.note(fmt::format("grid {} from ({:.1f}, {:.1f}) to ({:.1f}, {:.1f})", describe(plan.grid), plan.grid.xmin,
                            plan.grid.ymin(), plan.grid.xmax(), plan.grid.ymax));
    report.stage("planned");

    // Each incident's contribution: weight x (norm / h^2 x unit) for density.
    const double norm = kernel_norm(plan.kernel);
    const double cell_area = plan.cell * plan.cell;
    // A rate is the ratio of two raw surfaces: no scaling.
    const bool rate = !o.denominator.empty() || !o.denominator_points.empty();
    const double per_h2 = rate                                ? 0
                          : o.output_value == "density"        ? norm * plan.area_factor
                          : o.output_value == "expected-count" ? norm * cell_area
                                                               : 0;
    const double total_weight = plan.total_weight;
    auto point = [&](std::size_t k) {
        const auto& i = set.incidents[k];
        const double h = i.bandwidth > 0 ? i.bandwidth : plan.bandwidth;
        const double scale = per_h2 > 0 ? per_h2 / (h * h) : 1;
        return KernelPoint{i.x, i.y, i.weight * scale, h};
    };
    std::vector<double> values = accumulate_kernels(set.incidents.size(), point, plan.grid, plan.kernel, o.ingest.threads);
    report.stage("kernels accumulated");
    if (!o.denominator.empty() || !o.denominator_points.empty()) {
        divide_by_residents(o, plan, values, report);
        report.stage("divided by the residents' surface");
    }

    // How much of the total weight the grid holds (whatever the output scaling), and the
    // largest value inside the mask. Blocks of cells fixed in size, summed in block order,
    // so the sum does not depend on the number of threads.
    const double per_cell = o.output_value == "density" ? cell_area / plan.area_factor : 1;
    constexpr std::size_t block = 1 << 16;
    const std::size_t blocks = (values.size() + block - 1) / block;
    std::vector<double> block_held(blocks, 0.0), block_max(blocks, 0.0);
    parallel_items(blocks, o.ingest.threads, [&](std::size_t b, unsigned) {
        double sum = 0, most = 0;
        for (std::size_t c = b * block, end = std::min(values.size(), c + block); c < end; ++c) {
            sum += values[c] * per_cell;
            if (!plan.mask.empty() && !plan.mask[c]) values[c] = NAN;
            else if (values[c] > most) most = values[c];
        }
        block_held[b] = sum;
        block_max[b] = most;
    });
    double held = 0, max_value = 0;
    if (o.output_value != "raw" && !rate)
        for (double h : block_held) held += h;
    for (double m : block_max) max_value = std::max(max_value, m);
    if (o.output_value != "raw" && !rate && total_weight > 0) {
        const double pct = 100 * held / total_weight;
        report.note(fmt::format("the grid holds {:.2f}% of the total weight {:g}", pct, total_weight));
        if (pct < 99)
            report.warning("part of the kernels falls outside the grid (--extent) or between cell centres (bandwidth "
                           "close to the cell size); densities near the edge are low");
    }

    // Hotspots first: the raster's style marks their threshold (not needed without either).
    const bool need_cut = !o.hotspots.empty() || (!o.output.empty() && !o.no_style);
    const ThresholdResult cut = need_cut ? apply_threshold(values, plan.threshold) : ThresholdResult{};
    KdeSummary summary{o, plan, in, total_weight, held, max_value, cut};
    nlohmann::json meta = kde_metadata(summary);
    if (!o.hotspots.empty()) {
        const Components comps = connected_components(values, plan.grid, cut.cut);
        HotspotSet hs = build_hotspots(set, plan.grid, comps, in.layers, {o.min_area, plan.simplify});
        report.stage("hotspots built");
        meta["hotspots"] = {{"threshold", plan.threshold.text}, {"cut", cut.cut}, {"rule", cut.details},
                            {"hot_cells", cut.hot}, {"groups", comps.list.size()}, {"dropped_small", hs.dropped_small},
                            {"polygons", hs.hotspots.size()}};
        write_hotspots(o.hotspots, hs, summary, meta, in.inputs);
        if (!o.no_style) io::write_style(io::style_path(o.hotspots), io::hotspot_style());
        report.note(fmt::format("hotspots: {}; {} polygons written to {}", cut.details, hs.hotspots.size(), o.hotspots));
        print_hotspots(hs, set.incidents.size());
    }
    if (!o.output.empty()) {
        io::write_geotiff(o.output,
                          {&plan.grid, &values, o.ingest.work_crs, srs.get(), units_text(o), meta, o.cog, o.ingest.threads},
                          in.inputs);
        if (!o.no_style) io::write_style(io::style_path(o.output), io::density_style(max_value, cut.cut, units_text(o)));
        report.stage("raster written");
        report.note(fmt::format("wrote {} ({}, max {:.6g})", o.output, units_text(o), max_value));
    }
    return 0;
}

}  // namespace

std::function<int()> setup_kde(CLI::App& app) {
    auto o = std::make_shared<KdeOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("-o,--output", o->output, "Density raster (.tif, GeoTIFF Float32)");
    app.add_option("--hotspots", o->hotspots, "Hotspot polygons (.geojson RFC 7946, or .gpkg in the working CRS)");
    app.add_option("--kernel", o->kernel, "Kernel: " + kernel_names())->capture_default_str();
    app.add_option("--bandwidth", o->bandwidth, "Bandwidth in metres, or auto (ArcGIS's rule), nrd or scott")
        ->capture_default_str();
    app.add_option("--bandwidth-field", o->ingest.columns.bandwidth, "Column holding a bandwidth per incident (metres)");
    app.add_option("--cell", o->cell, "Cell size in metres, or auto (shorter side of the extent / 250)")
        ->capture_default_str();
    app.add_option("--output-value", o->output_value, "raw, density or expected-count")
        ->check(CLI::IsMember({"raw", "density", "expected-count"}))
        ->capture_default_str();
    app.add_option("--area-unit", o->area_unit, "Area unit of density: m2, ha or km2")
        ->check(CLI::IsMember({"m2", "ha", "km2"}))
        ->capture_default_str();
    app.add_option("--weights", o->weights, "CSV of category (or crime_type) and weight, e.g. a harm index");
    app.add_option("--extent", o->extent, "Grid extent xmin,ymin,xmax,ymax in the working CRS (used as given)");
    app.add_option("--mask", o->mask, "Polygons (PATH[,layer=...]); cells whose centre is outside are nodata");
    app.add_option("--threshold", o->threshold, "Hot cells: top:P%, mean+Ksd, value:X or share:P%")->capture_default_str();
    app.add_option("--min-area", o->min_area, "Drop hotspots smaller than this (square metres)")->capture_default_str();
    app.add_option("--simplify", o->simplify, "Polygon simplification tolerance in metres (auto: half a cell; 0: none)")
        ->capture_default_str();
    app.add_option("--max-cells", o->max_cells, "Refuse grids with more cells than this")->capture_default_str();
    app.add_option("--denominator", o->denominator,
                   "Residents: polygons PATH[,value=FIELD] (default field population); the output becomes a rate per "
                   "1,000 residents");
    app.add_option("--denominator-points", o->denominator_points,
                   "Points (address points, another incident layer) counting 1 each; a rate per 1,000 of them");
    app.add_option("--min-denominator", o->min_denominator,
                   "Denominator kernel sum below which the rate is nodata (default: 5% of its median)");
    app.add_flag("--cog", o->cog, "Write the raster as a Cloud Optimized GeoTIFF");
    app.add_flag("--no-style", o->no_style, "Do not write QGIS .qml styles beside the outputs");
    return [o] { return run_kde(*o); };
}

}  // namespace hotspots::cli
