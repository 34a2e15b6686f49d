// gistar: Getis-Ord Gi* hot and cold spots on a grid or on areas, with false-discovery
// control.
#include "geo/geos.hpp"
#include "hotspots/components.hpp"
#include "hotspots/gistar_tiles.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/tile_hotspots.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "io/gdal_util.hpp"
#include "io/raster_tiles.hpp"
#include "io/text.hpp"
#include "io/table_writer.hpp"
#include "model/parallel.hpp"
#include "steps/kde.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

namespace hotspots::steps {
namespace {

struct GiResult : Result {
    Units units;
    GiStar gi;
    double cell = 0;
    std::string neighbours;
    Adjustment adjustment = Adjustment::fdr;
    nlohmann::json metadata;
    std::vector<std::int64_t> unit_of;  // each incident's unit (-1: none)
    io::FeatureTable hotspots;
    std::vector<std::vector<std::uint32_t>> hotspot_members;
    bool has_hotspots = false;
    unsigned threads = 0;
    double band = 0;  // --auto's distance band, metres
    std::size_t tile = 0;  // --tile-size in cells (0: untiled)
};

const char* adjustment_name(Adjustment a) {
    return a == Adjustment::fdr ? "fdr" : a == Adjustment::bonferroni ? "bonferroni" : "none";
}

// The CSV rows, formatted in chunks on all threads (half a million rows are common) and
// joined in order.
std::string csv_rows(const Units& u, const GiStar& gi, bool grid, unsigned threads) {
    const unsigned workers = thread_count(threads);
    std::vector<std::string> parts(workers);
    parallel_chunks(u.counts.size(), workers, [&](std::size_t begin, std::size_t end, unsigned worker) {
        std::string& body = parts[worker];
        auto out = std::back_inserter(body);
        for (std::size_t k = begin; k < end; ++k) {
            if (grid) {
                const std::size_t at = u.unit_cell[k], row = at / u.grid.cols, col = at % u.grid.cols;
                fmt::format_to(out, "{},{},{},{},{},", k + 1, row, col, u.grid.centre_x(col), u.grid.centre_y(row));
            } else {
                io::append_csv_field(body, u.code[k]);
                body += ',';
                io::append_csv_field(body, u.name[k]);
                body += ',';
            }
            fmt::format_to(out, "{},{},{},{},{}\n", u.counts[k], gi.z[k], gi.p[k], gi.p_adjusted[k], gi.bin[k]);
        }
    });
    std::string all;
    for (const auto& p : parts) all += p;
    return all;
}

class Gistar : public Step {
public:
    Gistar() {
        declare_common(false);
        auto& p = m_params;
        declare_grid(p, m_grid, {"100", true, true, true, true, true});  // cells, auto, extent, neighbours, streets, hexagons
        p.flag("no-fdr", m_no_fdr, "Do not adjust p-values (Benjamini-Hochberg is the default)");
        p.flag("bonferroni", m_bonferroni, "Bonferroni adjustment instead of FDR");
        p.integer("permutations", m_permutations, "p-values from this many conditional permutations (0: normal)",
                  Range::between(0, 99999))
            .def("0");
        p.integer("seed", m_seed, "Seed of the permutations", Range::at_least(0)).def("1");
        p.flag("auto", m_auto,
               "Choose the cell (nearest-neighbour distances) and a distance band (first peak of Moran's I) as "
               "ArcGIS's Optimized Hot Spot Analysis does; --cell auto chooses the cell alone");
        p.output("output", m_output,
                 "Cells or areas with count, z, p, adjusted p, bin: .csv, .geojson or .gpkg; .vrt with --tile-size: a mosaic "
                 "of Cloud Optimized GeoTIFF tiles with the bands z, p, p_adjusted and bin",
                 "units", ".csv .geojson .gpkg .vrt")
            .short_form("o");
        p.output("hotspots", m_hotspots, "Merged hot and cold spots (95% or better): .geojson or .gpkg", "hotspots",
                 ".geojson .gpkg");
        p.value("tile-size", m_tile_size,
                "Compute Gi* in square tiles of this side (a whole number of cells, e.g. 10km), each tile's neighbour "
                "weights built with a halo of the band and dropped: the same cells, z and p, in less memory (not given "
                "or 0: all at once)",
                [](const std::string& v) { return parse_length(v); })
            .in_unit("metres");  // no declared default: a pack's manifest lists declared defaults, and gistar's stay as they were
        declare_no_style();
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"gistar",
                "Getis-Ord Gi* hot and cold spots on a grid or on areas, with FDR control",
                "docs/statistics.md",
                {{.role = "units", .kind = ProductKind::features, .title = "Gi* cells", .map = MapView::classes,
                  .category = "bin"},
                 {.role = "hotspots", .kind = ProductKind::features, .title = "Gi* hot and cold spots", .table = TableView::rows,
                  .columns = {"label", "type", "incidents", "share_pct", "max_abs_z", "top_categories"}}},
                metadata_roles({{ColumnRole::measure, "parameters.{adjustment auto cell_m extent mask neighbours per "
                                          "permutations seed self_included weights} units"},
                                {ColumnRole::statistic, "parameters.auto.band.bands.moran_z parameters.auto.cell.mean_nn_m "
                                          "parameters.auto.cell.median_nn_m"},
                {ColumnRole::measure, "parameters.{cell_shape tile_size_m} streets.network streets.street_tolerance_m"},
                {ColumnRole::measure, "parameters.auto.band.{m first_peak} parameters.auto.band.bands.m parameters.auto.cell.m tiles.{size_m size_cells cols rows bands halo}"}})};
    }
    // The cells as a mosaic of tiles (-o NAME.vrt, or the pack's name for it): pack --shard-by
    // tile spreads its tiles over the shards.
    bool tiled() const override {
        const Param* output = m_params.find("output");
        return m_tile_size > 0 && !m_output.empty() && (vrt_output() || (output && output->named_by_pack));
    }
    bool makes(const std::string& role) const override { return role != "hotspots" || (!m_grid.areas() && !m_grid.is_hex); }
    void check(Context& ctx, const AreaLayers& areas) override {
        check_grid(m_grid, m_params, areas, ctx);
        const char* units = m_grid.streets ? "--units streets: the segments" : "--per the areas";
        if (!m_hotspots.empty() && m_grid.areas())
            throw UsageError(fmt::format("--hotspots merges cells; with {} are the output", units));
        if ((m_auto || m_grid.cell_auto) && m_grid.areas())
            throw UsageError(fmt::format("--auto and --cell auto choose cells; they do not combine with {}",
                                         m_grid.streets ? "--units streets" : "--per"));
        if (m_grid.is_hex && m_auto) throw UsageError("--auto chooses square cells; it does not combine with --cell hex:SIZE");
        if (m_tile_size > 0 && (m_grid.areas() || m_grid.is_hex))
            throw UsageError(fmt::format("--tile-size tiles square cells; it does not combine with {}",
                                         m_grid.is_hex ? "--cell hex:SIZE" : m_grid.streets ? "--units streets" : "--per"));
        m_grid.weights = !(m_tile_size > 0);
        check_mosaic();
        if (m_grid.is_hex && !m_hotspots.empty())
            throw UsageError("--hotspots (merged hot and cold spots) is not done for hexagons yet; the hexagons' layer (-o) "
                             "shows them");
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    void choose_band(GiResult& r, nlohmann::json& auto_choice, Context& ctx) const;
    void tiled_gi(GiResult& r, Context& ctx) const;
    bool vrt_output() const { return io::lower_case(std::filesystem::path(m_output).extension().string()) == ".vrt"; }
    void check_mosaic() const;
    HotGroups spot_groups(const GiResult& r, const Ingested& in, int sign) const;
    void write_mosaic(const GiResult& r, Writer& w) const;
    GridParams m_grid;
    bool m_no_fdr = false, m_bonferroni = false, m_auto = false;
    int m_permutations = 0;
    std::uint64_t m_seed = 1;
    double m_tile_size = 0;  // metres; 0: the weights of every cell at once
    std::string m_output, m_hotspots;
};

// Gi* tile by tile (hotspots/gistar_tiles.hpp): the weights of one tile's cells at a time.
void Gistar::tiled_gi(GiResult& r, Context& ctx) const {
    const auto& u = r.units;
    GridGiOptions o;
    o.contiguity = m_grid.neighbours.kind == NeighbourSpec::Kind::rook ? Contiguity::rook : Contiguity::queen;
    o.band_m = r.band > 0 ? r.band : m_grid.neighbours.kind == NeighbourSpec::Kind::band ? m_grid.neighbours.band : 0;
    o.row_standardise = m_grid.spatial_weights == "row";
    o.adjustment = r.adjustment;
    o.permutations = m_permutations;
    o.seed = m_seed;
    o.threads = ctx.threads();
    const std::size_t tile = tile_cells(m_tile_size, r.cell);
    r.tile = tile;
    std::vector<std::size_t> unit_cell;
    try {
        r.gi = grid_gi_star_tiled(u.grid, u.active, u.counts, tile, o, unit_cell);
    } catch (const GiStarError& e) {
        throw std::runtime_error(e.what());
    }
    const TileLayout layout = tile_layout(u.grid, tile);
    ctx.log().note(fmt::format("Gi* in {} tiles of {} x {} cells ({:g} m){}", layout.tiles(), tile, tile, m_tile_size,
                               m_permutations > 0 ? fmt::format("; p-values from {} conditional permutations (seed {})",
                                                                m_permutations, m_seed)
                                                  : ""));
}

// With --tile-size the cells are a mosaic (.vrt) or a CSV table (written whole); a layer of
// every cell is not made in tiles (docs/statistics.md, "Gi* in tiles").
void Gistar::check_mosaic() const {
    if (!(m_tile_size > 0)) {
        if (vrt_output())
            throw UsageError("-o " + m_output + ": a .vrt is the mosaic of Gi* made in tiles; give --tile-size (e.g. 10km) or name "
                             "the cells .csv, .geojson or .gpkg");
        return;
    }
    const Param* output = m_params.find("output");
    if (m_output.empty() || vrt_output() || (output && output->named_by_pack)) return;
    if (io::driver_for(m_output) != "CSV")
        throw UsageError("-o " + m_output + ": with --tile-size the cells are written as a mosaic of tiles; name it .vrt (the "
                         "bands z, p, p_adjusted and bin; the tiles go in the folder of that name without .vrt), or .csv for "
                         "a table of every cell");
}

// The merged hot (sign 1) or cold (-1) spots' cells grouped across tile edges: the groups the
// untiled run finds over the whole grid, with memory bounded by a tile.
HotGroups Gistar::spot_groups(const GiResult& r, const Ingested& in, int sign) const {
    const auto& u = r.units;
    const TileLayout layout = tile_layout(u.grid, r.tile);
    const TileValues values = [&](std::size_t t) { return gi_spot_tile(layout, u.unit_cell, r.gi, sign, t); };
    const auto& incidents = in.set.incidents;
    const Grid& g = u.grid;
    return groups_over_tiles(layout, values, 1e-300, incidents.size(), [&](std::size_t i) -> std::int64_t {
        const auto col = g.col_of(incidents[i].x), row = g.row_of(incidents[i].y);
        return g.contains(col, row) ? row * static_cast<std::int64_t>(g.cols) + col : -1;
    });
}

// The distance band of --auto: the first peak of Moran's I z over 10 bands of 1 to 10 cells.
void Gistar::choose_band(GiResult& r, nlohmann::json& auto_choice, Context& ctx) const {
    auto& u = r.units;
    std::vector<double> z;
    nlohmann::json bands = nlohmann::json::array();
    for (int k = 1; k <= 10; ++k) {
        z.push_back(grid_moran(u.grid, u.active, u.unit_cell, u.counts, k * r.cell).z);
        bands.push_back({{"m", k * r.cell}, {"moran_z", z.back()}});
    }
    bool peak = false;
    const std::size_t pick = first_peak(z, peak);
    const double band = static_cast<double>(pick + 1) * r.cell;
    r.neighbours = fmt::format("band:{:g}", band);
    auto_choice["band"] = {{"m", band}, {"first_peak", peak}, {"bands", bands}};
    ctx.log().note(fmt::format("--auto: distance band {:g} m, {} of Moran's I z-score over bands of 1-10 cells (z there {:.1f})",
                               band, peak ? "the first peak" : "the highest (no peak)", z[pick]));
    r.band = band;
    if (m_tile_size > 0) return;  // the weights come tile by tile
    u.nb = grid_neighbours(u.grid, u.active, Contiguity::queen, band, m_grid.spatial_weights == "row", u.unit_cell);
}

std::unique_ptr<Result> Gistar::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    auto r = std::make_unique<GiResult>();
    r->threads = ctx.threads();
    r->neighbours = m_grid.neighbours.text;
    r->cell = m_grid.cell;
    auto& u = r->units;
    nlohmann::json auto_choice;
    if (m_auto || m_grid.cell_auto) {
        AutoCell a;
        try {
            a = auto_cell(set);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(e.what());
        }
        r->cell = a.cell;
        auto_choice["cell"] = {{"m", a.cell}, {"mean_nn_m", a.mean}, {"median_nn_m", a.median}};
        ctx.log().note(fmt::format("{}: cell {:g} m, the larger of the mean ({:.1f} m) and median ({:.1f} m) distance "
                                   "from an incident to the nearest incident at another place",
                                   m_auto ? "--auto" : "--cell auto", a.cell, a.mean, a.median));
    }
    auto counted = counted_units(m_grid, in, ctx, r->cell, m_auto ? std::optional<NeighbourSpec>(NeighbourSpec{}) : std::nullopt);
    u = std::move(counted.units);
    r->unit_of = std::move(counted.unit_of);
    const bool cells = counted.cells;
    if (cells && m_auto) choose_band(*r, auto_choice, ctx);
    if (m_grid.streets) r->neighbours = m_grid.neighbours.kind == NeighbourSpec::Kind::band ? m_grid.neighbours.text : "junction";
    ctx.log().stage("units and neighbours");
    r->adjustment = m_bonferroni ? Adjustment::bonferroni : m_no_fdr ? Adjustment::none : Adjustment::fdr;
    if (m_tile_size > 0) {
        tiled_gi(*r, ctx);
    } else {
        try {
            r->gi = gi_star(u.counts, u.nb, r->adjustment);
        } catch (const GiStarError& e) {
            throw std::runtime_error(e.what());
        }
    }
    if (m_permutations > 0 && !(m_tile_size > 0)) {
        set_p_values(r->gi, permutation_p(u.counts, u.nb, m_permutations, m_seed, ctx.threads()), r->adjustment);
        ctx.log().note(fmt::format("p-values from {} conditional permutations (seed {})", m_permutations, m_seed));
    }
    ctx.log().stage("Gi* computed");

    auto& meta = r->metadata;
    meta = metadata("gistar", m_input, m_filters, in,
                    {{"cell_m", cells ? r->cell : 0.0}, {"per", m_grid.per}, {"extent", m_grid.area.extent_text},
                     {"mask", m_grid.area.mask}, {"neighbours", r->neighbours}, {"auto", auto_choice},
                     {"weights", m_grid.spatial_weights}, {"self_included", true}, {"permutations", m_permutations},
                     {"seed", m_seed}, {"adjustment", adjustment_name(r->adjustment)}});
    // Recorded when tiled only, so untiled outputs stay as they were.
    if (m_tile_size > 0) meta["parameters"]["tile_size_m"] = m_tile_size;
    if (m_grid.streets)
        meta["streets"] = {{"network", m_grid.network.path}, {"street_tolerance_m", m_grid.network.tolerance},
                           {"unsnapped", std::count(r->unit_of.begin(), r->unit_of.end(), -1)}};
    // Recorded for hexagons only, so square cells' outputs stay as they were.
    if (m_grid.is_hex) {
        meta["parameters"]["cell_m"] = m_grid.hex.size;
        meta["parameters"]["cell_shape"] = m_grid.hex.flat ? "hex flat-topped" : "hex pointy-topped";
    }
    meta["mean"] = r->gi.mean;
    meta["sd"] = r->gi.sd;
    meta["units"] = u.counts.size();
    if (m_hotspots.empty()) return r;

    // Merged hot and cold spots: touching cells at the 95% level or better.
    using io::FieldType;
    io::FeatureTable& t = r->hotspots;
    r->has_hotspots = true;
    t.layer = "gistar_hotspots";
    t.crs = m_input.work_crs;
    t.metadata = meta;
    using R = ColumnRole;
    t.fields = {{"label", FieldType::text, R::area},         {"type", FieldType::text, R::category},
                {"incidents", FieldType::integer, R::count},  {"share_pct", FieldType::real, R::rate, Derivation::ratio("incidents", "@incidents", 100)},
                {"area_m2", FieldType::real, R::measure},     {"max_abs_z", FieldType::real, R::statistic},
                {"top_categories", FieldType::text, R::text}, {"top_location", FieldType::text, R::place},
                {"street", FieldType::text, R::place}};  // the place its label names (docs/labels.md)
    for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text, R::area});
    for (int sign : {1, -1}) {
        // Designated, not assigned: GCC 12 warns falsely (-Wrestrict) on assigning a short literal.
        const HotspotOptions options{.simplify = r->cell / 2,
                                     .prefix = sign > 0 ? "G" : "C"};  // not kde's H: both are drawn in one theme
        HotspotSet hs;
        if (r->tile > 0) {
            hs = build_hotspots(set, u.grid, spot_groups(*r, in, sign), in.layers, options);
        } else {
            std::vector<double> values(u.grid.cells(), 0.0);
            for (std::size_t k = 0; k < u.counts.size(); ++k)
                if (sign * r->gi.bin[k] >= 2) values[u.unit_cell[k]] = std::abs(r->gi.z[k]);
            hs = build_hotspots(set, u.grid, connected_components(values, u.grid, 1e-300), in.layers, options);
        }
        for (const auto& h : hs.hotspots) {
            const std::string& label = h.label;
            std::string cats;
            for (const auto& [c, n] : h.top_categories) cats += fmt::format("{}{} ({})", cats.empty() ? "" : ", ", slug(c), n);
            std::vector<io::FieldValue> v = {label, sign > 0 ? "hot" : "cold", std::int64_t(h.incidents),
                                             std::round(h.share_pct * 100) / 100, h.area_m2, h.peak, cats, h.top_location, h.place};
            for (const auto& a : h.areas) v.emplace_back(areas_text(a));
            t.rows.push_back(std::move(v));
            r->hotspot_members.push_back(h.members);
            t.geometries.push_back(h.polygon);
        }
    }
    ctx.log().note(fmt::format("{} merged hot and cold spots", t.rows.size()));
    return r;
}

void Gistar::write(const Result& result, Writer& w) const {
    const auto& r = result_as<GiResult>(result);
    const auto& u = r.units;
    const bool cells = !m_grid.areas() && !m_grid.is_hex;
    if (tiled()) {
        write_mosaic(r, w);
    } else if (!m_output.empty()) {
        using io::FieldType;
        io::FeatureTable t;
        t.layer = "gistar";
        t.crs = m_input.work_crs;
        t.metadata = r.metadata;
        // A CSV of half a million cells is formatted on every thread, without geometries.
        if (io::driver_for(m_output) == "CSV") {
            using R = ColumnRole;
            std::vector<Column> header;
            if (cells) header = {{"unit", R::identifier}, {"row", R::identifier}, {"col", R::identifier}, {"x", R::area}, {"y", R::area}};
            else header = {{"code", R::area}, {"name", R::area}};
            for (const Column& c : {Column{"count", R::count}, Column{"z", R::statistic}, Column{"p", R::statistic},
                                    Column{"p_adjusted", R::statistic}, Column{"bin", R::category}})
                header.push_back(c);
            w.counts("units", {unit_members("count", r.unit_of, u.counts.size(), u.length)});
            w.csv("units", header, csv_rows(u, r.gi, cells, r.threads), r.metadata);
        } else {
            using R = ColumnRole;
            if (cells)
                t.fields = {{"unit", FieldType::integer, R::identifier}, {"row", FieldType::integer, R::identifier},
                            {"col", FieldType::integer, R::identifier}, {"count", FieldType::real, R::count}};
            else
                t.fields = {{"code", FieldType::text, R::area}, {"name", FieldType::text, R::area},
                            {"count", FieldType::real, R::count}};
            for (const char* f : {"z", "p", "p_adjusted"}) t.fields.push_back({f, FieldType::real, R::statistic});
            t.fields.push_back({"bin", FieldType::integer, R::category});
            geo::GeosContext ctx;
            for (std::size_t k = 0; k < u.counts.size(); ++k) {
                std::vector<io::FieldValue> v;
                if (cells) {
                    const std::size_t at = u.unit_cell[k], row = at / u.grid.cols, col = at % u.grid.cols;
                    v = {std::int64_t(k + 1), std::int64_t(row), std::int64_t(col), u.counts[k]};
                    const double top = u.grid.ymax - static_cast<double>(row) * u.grid.cell;
                    const double left = u.grid.xmin + static_cast<double>(col) * u.grid.cell;
                    auto box = geo::make_box(ctx, left, top - u.grid.cell, left + u.grid.cell, top);
                    t.geometries.push_back(geo::to_wkb(ctx, box.get()));
                } else {
                    v = {u.code[k], u.name[k], u.counts[k]};
                    t.geometries.push_back(u.polygons[k]);
                }
                v.emplace_back(r.gi.z[k]);
                v.emplace_back(r.gi.p[k]);
                v.emplace_back(r.gi.p_adjusted[k]);
                v.emplace_back(std::int64_t(r.gi.bin[k]));
                t.rows.push_back(std::move(v));
            }
            w.counts("units", {unit_members("count", r.unit_of, u.counts.size(), u.length)});
            w.features("units", t, m_grid.streets ? io::segment_style() : io::gistar_style());
        }
    }
    if (r.has_hotspots) {
        w.counts("hotspots", {{"incidents", r.hotspot_members}});
        w.features("hotspots", r.hotspots, io::gistar_hotspot_style());
    }
}

// The cells' z, p, adjusted p and bin as a mosaic of COG tiles, each tile made from the units'
// values as it is written (io::write_raster_tiles: the folder and the VRT appear together).
void Gistar::write_mosaic(const GiResult& r, Writer& w) const {
    const auto& u = r.units;
    const TileLayout layout = tile_layout(u.grid, r.tile);
    io::RasterTiles tiles;
    tiles.size = layout.size;
    for (std::size_t t = 0; t < layout.tiles(); ++t) tiles.windows.push_back(layout.window(t));
    tiles.values = [&r, layout](std::size_t t) { return gi_tile(layout, r.units.unit_cell, r.gi, t); };
    tiles.bands = {"z (Gi*)", "p (two-sided)", fmt::format("p_adjusted ({})", adjustment_name(r.adjustment)),
                   "bin (-3..3: cold/hot at 99, 95, 90%)"};
    tiles.finish.metadata = r.metadata;
    tiles.finish.metadata["tiles"] = {{"size_m", m_tile_size}, {"size_cells", layout.size}, {"cols", layout.tile_cols},
                                      {"rows", layout.tile_rows},
                                      {"bands", {"z", "p", "p_adjusted", "bin"}},
                                      {"halo", "each tile's cells have their neighbours within the band across tile edges"}};
    tiles.finish.total_weight = 0;
    tiles.finish.styled = !m_no_style;
    tiles.finish.style = io::gistar_raster_style(4);
    tiles.finish.units = "Gi* z";
    // z is signed: its largest value reads 0 where every z is negative; |z| is what the hot
    // spots' max_abs_z reports.
    tiles.finish.top_key = "max_abs_z";
    tiles.finish.top_abs = true;
    w.raster("units", {&u.grid, nullptr, m_input.work_crs, nullptr, "Gi* z", r.metadata, true, r.threads, &tiles}, "");
}

std::string Gistar::report(const Result& result) const {
    const auto& r = result_as<GiResult>(result);
    std::size_t hot[4] = {}, cold[4] = {};
    for (int b : r.gi.bin) (b > 0 ? hot : cold)[std::abs(b)] += b != 0;
    const char* adj = r.adjustment == Adjustment::fdr          ? "FDR-adjusted"
                      : r.adjustment == Adjustment::bonferroni ? "Bonferroni-adjusted"
                                                               : "unadjusted";
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "{} {} ({} neighbours, {} weights, the unit itself included); mean {:.4g}, sd {:.4g}\n",
                   r.units.counts.size(),
                   m_grid.streets        ? std::string("street segments")
                   : m_grid.is_hex ? fmt::format("hexagons of {:g} m across the flats ({})", m_grid.hex.size,
                                               m_grid.hex.flat ? "flat-topped" : "pointy-topped")
                   : m_grid.per.empty() ? fmt::format("cells of {:g} m", r.cell)
                                        : "areas (" + m_grid.per + ")",
                   r.neighbours, m_grid.spatial_weights, r.gi.mean, r.gi.sd);
    fmt::format_to(out, "hot spots ({} p): 99% {}, 95% {}, 90% {}; cold spots: 99% {}, 95% {}, 90% {}\n", adj, hot[3],
                   hot[2], hot[1], cold[3], cold[2], cold[1]);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_gistar() { return std::make_unique<Gistar>(); }

}  // namespace hotspots::steps
