// kde: a kernel density surface (GeoTIFF) and ranked hotspot polygons.
#include "steps/kde.hpp"
#include "steps/round.hpp"
#include "steps/weight_held.hpp"

#include "hotspots/components.hpp"
#include "hotspots/kde.hpp"
#include "hotspots/tile_hotspots.hpp"
#include "io/qgis_style.hpp"
#include "io/raster_tiles.hpp"
#include "io/street_style.hpp"
#include "io/text_file.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <future>

namespace hotspots::steps {
namespace {

class Kde : public Step {
public:
    Kde() {
        declare_common(false);
        declare_kde(m_params, m_o, m_input.columns);
        declare_no_style();
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"kde",
                "Kernel density surface (GeoTIFF) and ranked hotspot polygons",
                "docs/kde.md",
                {{.role = "density", .kind = ProductKind::raster, .title = "Density", .map = MapView::surface},
                 {.role = "hotspots", .kind = ProductKind::features, .title = "Hotspots, ranked", .map = MapView::outlines,
                  .table = TableView::rows,
                  .columns = {"rank", "label", "incidents", "share_pct", "area_m2", "pai", "top_categories", "top_location",
                              "peak_hours", "temporal_class"},
                  .most = 12,
                  .count = "incidents",  // the report's front page compares it with earlier hotspots'
                  .label = "label"},
                 {.role = "lixels", .kind = ProductKind::features, .title = "Density along the streets", .map = MapView::lines,
                  .count = "density"},
                 {.role = "hexagons", .kind = ProductKind::features, .title = "Density by hexagon", .unstyled = true}},
                metadata_roles({{ColumnRole::identifier, "hotspots.threshold"},
                                {ColumnRole::measure, "parameters.{area_unit bandwidth_field bandwidth_m bandwidth_rule "
                                          "cell_m cell_rule denominator denominator_points extent grid kernel "
                                          "mask min_area_m2 min_denominator output_value simplify_m threshold "
                                          "weight_field weights_table} hotspots.dropped_below_top "
                                          "hotspots.dropped_few_incidents hotspots.dropped_small hotspots.groups "
                                          "hotspots.hot_cells hotspots.polygons study_area_m2 network.bandwidth_m "
                                          "network.file network.kernel network.lixel_m network.street_tolerance_m "
                                          "network.units"},
                {ColumnRole::measure, "parameters.grid.{cols rows xmin ymax} tiles.{size_m size_cells cols rows halo} "
                                      "hexagons.{size_m flat cells value}"}})};
    }
    bool makes(const std::string& role) const override {
        if (role == "hexagons") return m_o.aggregate;
        return role != "lixels" || !m_o.network.net.path.empty();
    }
    bool tiled() const override { return m_o.tile_size > 0 && !m_o.output.empty(); }
    void check(Context& ctx, const AreaLayers&) override;
    Needs needs() const override;
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;
    std::vector<std::pair<std::string, double>> scales(const Result& r) const override {
        const auto& k = result_as<KdeResult>(r);
        return {{k.units, k.max_value}};
    }
    // The maps of a pack's theme share one colour scale, recorded as --scale-max (unless given).
    void share_scale(const std::string& units, double top) override {
        auto* p = m_params.find("scale-max");
        if (!p->given && top > 0 && units == units_text()) m_params.set(*p, {fmt::format("{}", top)});
    }

private:
    void check_tiles(Context& ctx) const;
    void check_aggregate() const;
    void tiled_hotspots(KdeResult& r, const Ingested& in, Context& ctx) const;
    nlohmann::json hotspot_metadata(const KdeResult& r) const;
    void write_tiles(const KdeResult& r, const nlohmann::json& meta, Writer& w) const;
    std::string units_text() const;
    KdeParams m_o;
    std::shared_future<std::shared_ptr<void>> m_srs;  // the raster's CRS, made while incidents are read
};

void Kde::check(Context& ctx, const AreaLayers&) {
    if (m_o.output.empty() && m_o.hotspots.empty() && m_o.network.lixels.empty() && m_o.hexagons.empty())
        throw UsageError("give -o density.tif, --hotspots hotspots.geojson, --lixels lixels.gpkg (with --network), --hexagons "
                         "hexagons.gpkg (with --aggregate hex:SIZE), or several");
    check_aggregate();
    check_kde_network(m_o.network, m_params, ctx);
    if (!m_o.network.net.path.empty() && !m_input.columns.bandwidth.empty())
        throw UsageError("--network takes one walking bandwidth; drop --bandwidth-field");
    if (!m_o.denominator.empty() && !m_o.denominator_points.empty())
        throw UsageError("give --denominator or --denominator-points, not both");
    if (m_o.rate() && !m_input.columns.bandwidth.empty())
        throw UsageError("--denominator needs one bandwidth for incidents and residents; drop --bandwidth-field");
    if (m_o.rate() && m_o.output_value != "density")
        throw UsageError("--denominator makes the output a rate per 1,000 residents; leave --output-value out");
    // Side files, read now so a wrong one stops the run before the incidents are read.
    if (m_o.kde.bandwidth_rule == "from") {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(io::read_text(m_o.kde.bandwidth_from));
        } catch (const nlohmann::json::exception& e) {
            throw UsageError("--bandwidth from:" + m_o.kde.bandwidth_from + ": not an evaluate --recommend file (" + e.what() + ")");
        }
        ctx.record_read(m_o.kde.bandwidth_from);
        const auto kde = j.find("kde");
        if (kde == j.end() || !kde->contains("bandwidth_m") || !(*kde)["bandwidth_m"].is_number() ||
            !((*kde)["bandwidth_m"].get<double>() > 0))
            throw UsageError("--bandwidth from:" + m_o.kde.bandwidth_from + ": it has no kde bandwidth (run evaluate with a kde "
                             "method, as --methods kde:h=100,200,300)");
        m_o.kde.bandwidth = (*kde)["bandwidth_m"].get<double>();
        m_o.kde.bandwidth_note = fmt::format("the best kde of evaluate's back-test: {} months' training, mean PEI {:.3f}",
                                         kde->value("train_months", 0), kde->value("mean_pei", 0.0));
        ctx.log().note(fmt::format("bandwidth {:g} m from {} ({})", m_o.kde.bandwidth, m_o.kde.bandwidth_from, m_o.kde.bandwidth_note));
        const std::string kernel = kde->value("kernel", std::string("quartic"));
        if (kernel != to_string(m_o.kde.kernel))
            ctx.log().warning(fmt::format("--bandwidth from:{}: the back-test's best used the {} kernel, this map the {}; give "
                                          "--kernel {} for the map that was tested",
                                          m_o.kde.bandwidth_from, kernel, to_string(m_o.kde.kernel), kernel));
    }
    check_tiles(ctx);
    check_grid_area(m_o.area, ctx);
    check_harm_weights(m_o.harm_weights, ctx);
    if (!m_o.denominator.empty()) ctx.polygons(m_o.denominator, "--denominator", "population");
    if (!m_o.denominator_points.empty()) ctx.points(m_o.denominator_points, "", "--denominator-points");
    if (!m_o.output.empty()) m_srs = std::async(std::launch::async, io::make_srs, m_input.work_crs).share();
}

// --aggregate and --hexagons go together; the hexagons must hold whole cells' centres.
void Kde::check_aggregate() const {
    if (m_o.aggregate && m_o.hexagons.empty())
        throw UsageError("--aggregate hex:SIZE writes the surface's mean per hexagon: name the file with --hexagons hexagons.gpkg");
    if (!m_o.aggregate && !m_o.hexagons.empty()) throw UsageError("--hexagons: give their size with --aggregate hex:SIZE (as hex:200)");
    if (!m_o.aggregate) return;
    if (m_o.tile_size > 0) throw UsageError("--aggregate needs the whole surface; it is not made from tiles yet: run without --tile-size");
    if (m_o.kde.cell && m_o.hex.size < 2 * *m_o.kde.cell)
        throw UsageError(fmt::format("--aggregate hex:{:g}: hexagons must be at least twice the cell ({:g} m) so each holds "
                                     "cells' centres; give a larger SIZE or a smaller --cell", m_o.hex.size, *m_o.kde.cell));
}

// What a tiled surface does not do yet (docs/kde.md, "Tiles"): each needs the whole grid.
void Kde::check_tiles(Context&) const {
    const bool vrt = io::lower_case(std::filesystem::path(m_o.output).extension().string()) == ".vrt";
    if (!(m_o.tile_size > 0)) {
        if (vrt) throw UsageError("-o " + m_o.output + ": a .vrt is the mosaic of a tiled surface; give --tile-size (e.g. 10km) or name the raster .tif");
        return;
    }
    if (m_o.output.empty()) throw UsageError("--tile-size makes the density raster in tiles: give -o NAME.vrt");
    // A pack names the output after its role (density.tif) and its writer names the mosaic
    // itself (THEME/kde-density.vrt); a name the user gave is checked here, before reading.
    const Param* output = m_params.find("output");
    if (!vrt && !(output && output->named_by_pack)) throw UsageError("-o " + m_o.output + ": with --tile-size the surface is a VRT mosaic of tiles; name it .vrt (the tiles go in the folder of that name without .vrt)");
}

Needs Kde::needs() const {
    Needs n;
    // Density needs neither ids nor LSOAs; location text only labels hotspots. The crime type
    // weighs incidents (--harm-weights) and describes hotspots; a bare surface has no use for it.
    n.ids = false;
    n.lsoa = false;
    n.location = !m_o.hotspots.empty();
    n.type = !m_o.hotspots.empty() || !m_o.harm_weights.empty();
    return n;
}

nlohmann::json Kde::hotspot_metadata(const KdeResult& r) const {
    return {{"threshold", m_o.threshold.text},          {"cut", r.cut.cut},
            {"rule", r.cut.details},                     {"hot_cells", r.cut.hot},
            {"groups", r.groups},                        {"dropped_small", r.hotspots->dropped_small},
            {"dropped_few_incidents", r.hotspots->dropped_few}, {"dropped_below_top", r.hotspots->dropped_top},
            {"polygons", r.hotspots->hotspots.size()}};
}

// The threshold over every tile, then the groups of hot cells joined across tile edges: the
// untiled run's hotspots (docs/kde.md, "Hotspots from tiles"), each tile made again per pass.
void Kde::tiled_hotspots(KdeResult& r, const Ingested& in, Context& ctx) const {
    const auto& layout = r.tiled->layout();
    const TileValues values = [&r](std::size_t t) { return r.tile_values(t); };
    std::size_t passes = 0;
    r.cut = threshold_over_tiles(layout, values, m_o.threshold, layout.size * layout.size, &passes);
    ctx.log().stage(fmt::format("hotspot threshold over the tiles ({} passes)", passes));
    const Grid& g = r.plan.grid;
    const auto& incidents = in.set.incidents;
    // The pass that groups the cells also finds the top and the weight held, for the
    // polygons' metadata (the mosaic's own come again while it is written).
    const TileValues seen = [&r](std::size_t t) {
        auto v = r.tile_surface(t);
        for (double x : v) r.held += x * r.per_cell;  // every cell, inside the mask or not, as untiled
        r.mask_tile(t, v);
        for (double x : v) r.max_value = std::max(r.max_value, x);
        return v;
    };
    const auto groups = groups_over_tiles(layout, seen, r.cut.cut, incidents.size(), [&](std::size_t i) -> std::int64_t {
        const auto col = g.col_of(incidents[i].x), row = g.row_of(incidents[i].y);
        return g.contains(col, row) ? row * static_cast<std::int64_t>(g.cols) + col : -1;
    });
    r.cut.hot = hot_cells(groups);
    r.groups = groups.list.size();
    r.hotspots = build_hotspots(in.set, g, groups, in.layers, {m_o.min_area, r.plan.simplify, m_o.min_incidents, m_o.top});
    ctx.log().stage("hotspots built across tile edges");
    ctx.log().note(fmt::format("hotspots: {}; {} polygons", r.cut.details, r.hotspots->hotspots.size()));
}

std::string Kde::units_text() const {
    if (!m_o.denominator.empty()) return "incidents per 1,000 residents (dual kernel)";
    if (!m_o.denominator_points.empty()) return "incidents per 1,000 denominator points (dual kernel)";
    if (m_o.output_value == "raw") return "raw: sum of weight x K(d/h), K(0) = 1";
    if (m_o.output_value == "expected-count") return "expected incidents per cell";
    return "incidents per " + m_o.kde.area_unit;
}

std::unique_ptr<Result> Kde::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    if (set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    apply_harm_weights(set, m_o.harm_weights, ctx);
    auto r = std::make_unique<KdeResult>();
    r->in = &in;
    r->threads = ctx.threads();
    r->incidents = set.incidents.size();
    r->units = units_text();
    r->plan = plan_kde(m_o, set, ctx);
    const KdePlan& plan = r->plan;
    check_in_mask(set, plan.grid, plan.mask);
    check_in_mask(set, plan.grid, plan.mask_runs);
    ctx.log().note(fmt::format("bandwidth {:.1f} m ({}{}), cell {:g} m ({}), kernel {}", plan.bandwidth,
                               plan.bandwidth_choice.rule,
                               plan.bandwidth_choice.details.empty() ? "" : ": " + plan.bandwidth_choice.details,
                               plan.cell, plan.cell_rule, m_o.kde.kernel_text));
    ctx.log().note(fmt::format("grid {} from ({:.1f}, {:.1f}) to ({:.1f}, {:.1f})", describe(plan.grid), plan.grid.xmin,
                               plan.grid.ymin(), plan.grid.xmax(), plan.grid.ymax));
    ctx.log().stage("planned");
    if (!m_o.network.net.path.empty()) {
        r->lixels = lixel_density(m_o.network, set, m_o.kde.kernel, plan.bandwidth, m_input.work_crs, ctx.log());
        ctx.log().stage("density along the streets");
        if (m_o.output.empty() && m_o.hotspots.empty() && !m_o.aggregate) {
            r->metadata = kde_metadata(m_o, m_input, m_filters, *r);
            return r;
        }
    }

    // Each incident's contribution: weight x (norm / h^2 x unit) for density. A rate is the
    // ratio of two raw surfaces: no scaling.
    const double norm = kernel_norm(m_o.kde.kernel);
    const double cell_area = plan.cell * plan.cell;
    const bool rate = m_o.rate();
    const double per_h2 = rate                                   ? 0
                          : m_o.output_value == "density"        ? norm * plan.area_factor
                          : m_o.output_value == "expected-count" ? norm * cell_area
                                                                 : 0;
    auto point = [&](std::size_t k) {
        const auto& i = set.incidents[k];
        const double h = i.bandwidth > 0 ? i.bandwidth : plan.bandwidth;
        const double scale = per_h2 > 0 ? per_h2 / (h * h) : 1;
        return KernelPoint{i.x, i.y, i.weight * scale, h};
    };
    if (m_o.tile_size > 0) {
        // Bucketed now; each tile is summed while it is written, so the grid is never in memory.
        const auto* incidents = &set.incidents;
        auto source = [incidents, h0 = plan.bandwidth, per_h2](std::size_t k) {
            const auto& i = (*incidents)[k];
            const double h = i.bandwidth > 0 ? i.bandwidth : h0;
            return KernelPoint{i.x, i.y, i.weight * (per_h2 > 0 ? per_h2 / (h * h) : 1), h};
        };
        const auto layout = tile_layout(plan.grid, tile_cells(m_o.tile_size, plan.cell));
        r->tiled = std::make_shared<TiledKde>(set.incidents.size(), source, layout, m_o.kde.kernel, ctx.threads());
        r->per_cell = m_o.output_value == "density" ? cell_area / plan.area_factor : 1;
        r->total_weight = plan.total_weight;
        ctx.log().note(fmt::format("{} tiles of {} x {} cells ({:g} m), {} x {}", layout.tiles(), layout.size, layout.size,
                                   m_o.tile_size, layout.tile_cols, layout.tile_rows));
        ctx.log().stage("incidents bucketed by tile");
        if (rate) r->rate = kde_tiled_rate(m_o, *r, set, ctx);
        if (!m_o.hotspots.empty()) tiled_hotspots(*r, in, ctx);
        r->metadata = kde_metadata(m_o, m_input, m_filters, *r);
        if (r->hotspots) r->metadata["hotspots"] = hotspot_metadata(*r);
        return r;
    }
    auto& values = r->values;
    values = accumulate_kernels(set.incidents.size(), point, plan.grid, m_o.kde.kernel, ctx.threads());
    ctx.log().stage("kernels accumulated");
    if (rate) {
        kde_divide_by_denominator(m_o, plan, set, values, ctx);
        ctx.log().stage("divided by the residents' surface");
    }

    // How much of the total weight the grid holds (whatever the output scaling), and the
    // largest value inside the mask. Blocks of cells fixed in size, summed in block order,
    // so the sum does not depend on the number of threads.
    const double per_cell = m_o.output_value == "density" ? cell_area / plan.area_factor : 1;
    constexpr std::size_t block = 1 << 16;
    const std::size_t blocks = (values.size() + block - 1) / block;
    std::vector<double> block_held(blocks, 0.0), block_max(blocks, 0.0);
    parallel_items(blocks, ctx.threads(), [&](std::size_t b, unsigned) {
        double sum = 0, most = 0;
        for (std::size_t c = b * block, end = std::min(values.size(), c + block); c < end; ++c) {
            sum += values[c] * per_cell;
            if (!plan.mask.empty() && !plan.mask[c]) values[c] = NAN;
            else if (values[c] > most) most = values[c];
        }
        block_held[b] = sum;
        block_max[b] = most;
    });
    r->total_weight = plan.total_weight;
    if (m_o.output_value != "raw" && !rate)
        for (double h : block_held) r->held += h;
    for (double m : block_max) r->max_value = std::max(r->max_value, m);
    if (m_o.output_value != "raw" && !rate) log_weight_held(ctx.log(), r->held, r->total_weight);

    if (m_o.aggregate) {
        if (m_o.hex.size < 2 * plan.cell)
            throw std::runtime_error(fmt::format("--aggregate hex:{:g}: hexagons must be at least twice the cell ({:g} m, {}); "
                                                 "give a larger SIZE or --cell {:g} or less", m_o.hex.size, plan.cell,
                                                 plan.cell_rule, m_o.hex.size / 2));
        r->hexes = hex_means(plan.grid, values, m_o.hex);
        ctx.log().note(fmt::format("{} hexagons of {:g} m, each the mean of the cells whose centres it holds", r->hexes->cells.size(),
                                   m_o.hex.size));
    }

    // Hotspots first: the raster's style marks their threshold (not needed without either).
    const bool need_cut = !m_o.hotspots.empty() || (!m_o.output.empty() && !m_no_style);
    if (need_cut) r->cut = apply_threshold(values, m_o.threshold);
    r->metadata = kde_metadata(m_o, m_input, m_filters, *r);
    if (!m_o.hotspots.empty()) {
        const Components comps = connected_components(values, plan.grid, r->cut.cut);
        r->hotspots = build_hotspots(set, plan.grid, comps, in.layers, {m_o.min_area, plan.simplify, m_o.min_incidents, m_o.top});
        r->groups = comps.list.size();
        ctx.log().stage("hotspots built");
        r->metadata["hotspots"] = hotspot_metadata(*r);
        ctx.log().note(fmt::format("hotspots: {}; {} polygons", r->cut.details, r->hotspots->hotspots.size()));
    }
    return r;
}

void Kde::write(const Result& result, Writer& w) const {
    const auto& r = result_as<KdeResult>(result);
    // The style's scale is settled at writing: a pack shares one between a theme's maps.
    nlohmann::json meta = r.metadata;
    if (m_o.style_max > 0) meta["parameters"]["scale_max"] = m_o.style_max;
    if (r.hotspots) {
        const auto& g = r.plan.grid;
        const double cells = !r.plan.mask_runs.empty() ? static_cast<double>(r.plan.mask_runs.cells())
                             : r.plan.mask.empty() ? static_cast<double>(g.cells())
                                                   : static_cast<double>(std::count(r.plan.mask.begin(), r.plan.mask.end(), 1));
        nlohmann::json hot_meta = meta;
        hot_meta["study_area_m2"] = cells * g.cell * g.cell;
        Members inside{"incidents", {}};
        for (const auto& h : r.hotspots->hotspots) inside.rows.push_back(h.members);
        w.counts("hotspots", {std::move(inside)});
        w.features("hotspots", hotspot_table(*r.hotspots, *r.in, m_input.work_crs, hot_meta, cells * g.cell * g.cell),
                   io::hotspot_style());
    }
    if (r.lixels) {
        io::FeatureTable t = r.lixels->table;
        t.metadata = meta;
        t.metadata["network"] = {{"file", m_o.network.net.path}, {"kernel", m_o.network.split}, {"lixel_m", m_o.network.lixel},
                                 {"bandwidth_m", r.plan.bandwidth}, {"street_tolerance_m", m_o.network.net.tolerance},
                                 {"unsnapped", r.lixels->unsnapped}, {"mass", r.lixels->mass},
                                 {"units", "incidents per km of street"}};
        // Classed up to the densest lixel (published: the largest published density; a peak
        // density with the kernel and bandwidth gives the incidents under it back).
        ScaledStyle style{"density", [](const std::vector<double>& density) {
            double top = 0;
            for (double v : density) top = std::max(top, v);
            return io::lixel_style(top, "incidents per km of street");
        }};
        // Unpublished: the same rule over the lixels' densities, whose largest is max_value.
        w.features("lixels", t, std::move(style), {r.lixels->max_value});
    }
    if (r.hexes) {
        nlohmann::json m = meta;
        m["hexagons"] = {{"size_m", m_o.hex.size}, {"flat", m_o.hex.flat}, {"cells", r.hexes->cells.size()},
                         {"value", "the mean of the surface's cells whose centres fall in the hexagon"}};
        w.features("hexagons", hexagon_table(*r.hexes, m_input.work_crs, r.units, m), "");
    }
    if (!m_o.output.empty() && r.tiled) {
        write_tiles(r, meta, w);
    } else if (!m_o.output.empty()) {
        const double top = m_o.style_max > 0 ? m_o.style_max : r.max_value;
        w.raster("density",
                 {&r.plan.grid, &r.values, m_input.work_crs, m_srs.valid() ? m_srs.get() : io::make_srs(m_input.work_crs), r.units,
                  meta, m_o.cog, r.threads},
                 io::density_style(top, r.cut.cut, r.units));
    }
}

// Each tile summed and written before the next; the mosaic's metadata and style, from the
// tiles' largest value and the weight they hold, once all are done (io::MosaicFinish).
void Kde::write_tiles(const KdeResult& r, const nlohmann::json& meta, Writer& w) const {
    const auto& layout = r.tiled->layout();
    io::RasterTiles tiles;
    tiles.size = layout.size;
    for (std::size_t t = 0; t < layout.tiles(); ++t) tiles.windows.push_back(layout.window(t));
    tiles.values = [&r](std::size_t t) { return r.tile_surface(t); };
    if (!r.plan.mask_runs.empty()) tiles.mask = [&r](std::size_t t) { return r.tile_mask(t); };
    tiles.finish.metadata = meta;
    tiles.finish.metadata["tiles"] = {{"size_m", m_o.tile_size}, {"size_cells", layout.size}, {"cols", layout.tile_cols},
                                      {"rows", layout.tile_rows},
                                      {"halo", "each tile sums the incidents within the kernel's support of it (h; 4 h for the gaussian)"}};
    tiles.finish.per_cell = r.per_cell;
    tiles.finish.total_weight = m_o.output_value != "raw" && !m_o.rate() ? r.total_weight : 0;  // a rate holds no weight
    // The ramp turns red at the hotspots' threshold when they were made (else at 60% of the
    // top, the style's default: the threshold costs passes over the tiles).
    tiles.finish.styled = !m_no_style;
    tiles.finish.style_max = m_o.style_max > 0 ? m_o.style_max : 0;
    tiles.finish.style_cut = r.hotspots ? r.cut.cut : 0.0;
    tiles.finish.units = r.units;
    // The tiles' own metadata cannot know the surface's top or the weight it holds.
    nlohmann::json each = meta;
    each.erase("max_value");
    each.erase("grid_holds_pct");
    w.raster("density",
             {&r.plan.grid, nullptr, m_input.work_crs, m_srs.valid() ? m_srs.get() : io::make_srs(m_input.work_crs), r.units,
              each, true, r.threads, &tiles},
             "");
}

std::string Kde::report(const Result& result) const {
    const auto& r = result_as<KdeResult>(result);
    if (!r.hotspots) return "";
    std::string s = hotspot_report(*r.hotspots, r.incidents);
    const auto& h = *r.hotspots;
    std::vector<std::string> out;
    if (h.dropped_few) out.push_back(fmt::format("{} with fewer than {} incidents", h.dropped_few, m_o.min_incidents));
    if (h.dropped_small) out.push_back(fmt::format("{} under {:g} m2", h.dropped_small, m_o.min_area));
    if (h.dropped_top) out.push_back(fmt::format("{} below the top {}", h.dropped_top, m_o.top));
    if (!out.empty()) s += fmt::format("left out: {}\n", fmt::join(out, ", "));
    return s;
}

}  // namespace

std::unique_ptr<Step> make_kde() { return std::make_unique<Kde>(); }

}  // namespace hotspots::steps
