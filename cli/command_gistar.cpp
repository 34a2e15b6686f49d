// hotspots gistar: Getis-Ord Gi* hot and cold spots on a grid or on areas, with
// false-discovery control.
#include "cli/area_options.hpp"
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "cli/kde_plan.hpp"
#include "cli/units.hpp"
#include "geo/cells.hpp"
#include "geo/geos.hpp"
#include "hotspots/components.hpp"
#include "hotspots/gistar.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/kde.hpp"
#include "hotspots/parallel.hpp"
#include "io/area_reader.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <memory>

namespace hotspots::cli {
namespace {

struct GiOptions {
    IngestOptions ingest;
    double cell = 100;
    std::string extent, mask;
    std::string per;  // an --areas label: areas instead of cells
    std::string neighbours = "queen";
    std::string weights = "binary";
    bool no_fdr = false, bonferroni = false;
    int permutations = 0;
    bool auto_scale = false;
    std::uint64_t seed = 1;
    std::string output, hotspots;
    double max_cells = 50e6;
};

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

int run_gistar(const GiOptions& o) {
    if (!(o.cell > 0)) throw UsageError("--cell must be > 0 metres");
    check_neighbour_options(o.neighbours, o.weights);
    if (!o.extent.empty() && !o.mask.empty()) throw UsageError("give --extent or --mask, not both");
    if (!o.hotspots.empty() && !o.per.empty()) throw UsageError("--hotspots merges cells; with --per the areas are the output");
    if (o.auto_scale && !o.per.empty()) throw UsageError("--auto chooses cells; it does not combine with --per");
    const bool csv = !o.output.empty() && io::driver_for(o.output) == "CSV";
    try {
        if (!o.output.empty() && !csv) io::check_feature_path(o.output);
        if (!o.hotspots.empty()) io::check_feature_path(o.hotspots);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    Reporter report("gistar", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    Units u;
    std::string neighbours = o.neighbours;
    double cell = o.cell;
    nlohmann::json auto_choice;
    if (o.auto_scale) {
        // ArcGIS Optimized Hot Spot Analysis: the cell from nearest-neighbour distances.
        std::vector<std::pair<double, double>> pts;
        for (const auto& i : set.incidents) pts.emplace_back(i.x, i.y);
        auto nn = nearest_neighbour_distances(pts);
        if (nn.empty()) throw std::runtime_error("--auto needs incidents at two or more places");
        double mean = 0;
        for (double d : nn) mean += d / static_cast<double>(nn.size());
        std::nth_element(nn.begin(), nn.begin() + static_cast<std::ptrdiff_t>(nn.size() / 2), nn.end());
        const double median = nn[nn.size() / 2];
        cell = std::max(1.0, std::round(std::max(mean, median)));
        auto_choice["cell"] = {{"m", cell}, {"mean_nn_m", mean}, {"median_nn_m", median}};
        report.note(fmt::format("--auto: cell {:g} m, the larger of the mean ({:.1f} m) and median ({:.1f} m) distance "
                                "from an incident to the nearest incident at another place", cell, mean, median));
    }
    if (o.per.empty()) {
        u = grid_units({cell, o.extent, o.mask, o.auto_scale ? "queen" : neighbours, o.weights, o.ingest.work_crs, o.max_cells},
                       set, report);
        u.counts.assign(u.unit_cell.size(), 0.0);
        std::size_t outside = 0;
        const auto units = unit_of_incident(u, set);
        for (std::size_t i = 0; i < units.size(); ++i) {
            if (units[i] < 0) ++outside;
            else u.counts[static_cast<std::size_t>(units[i])] += set.incidents[i].weight;
        }
        if (outside) report.note(fmt::format("{} incidents fall outside the grid or the mask and are not counted", outside));
        if (o.auto_scale) {
            // The distance band: the first peak of Moran's I z over 10 bands of 1 to 10 cells.
            std::vector<double> z;
            nlohmann::json bands = nlohmann::json::array();
            for (int k = 1; k <= 10; ++k) {
                z.push_back(grid_moran(u.grid, u.active, u.unit_cell, u.counts, k * cell).z);
                bands.push_back({{"m", k * cell}, {"moran_z", z.back()}});
            }
            std::size_t pick = static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin());
            bool peak = false;
            for (std::size_t k = 0; k < z.size() && !peak; ++k)
                if ((k == 0 || z[k] > z[k - 1]) && k + 1 < z.size() && z[k] > z[k + 1]) {
                    pick = k;
                    peak = true;
                }
            neighbours = fmt::format("band:{:g}", static_cast<double>(pick + 1) * cell);
            auto_choice["band"] = {{"m", static_cast<double>(pick + 1) * cell}, {"first_peak", peak}, {"bands", bands}};
            report.note(fmt::format("--auto: distance band {:g} m, {} of Moran's I z-score over bands of 1-10 cells "
                                    "(z there {:.1f})", static_cast<double>(pick + 1) * cell,
                                    peak ? "the first peak" : "the highest (no peak)", z[pick]));
            u.nb = grid_neighbours(u.grid, u.active, Contiguity::queen, static_cast<double>(pick + 1) * cell,
                                   o.weights == "row", u.unit_cell);
        }
    } else {
        u = area_units(o.per, o.neighbours, o.weights, in, report);
        const auto units = area_unit_of_incident(o.per, in);
        u.counts.assign(u.code.size(), 0.0);
        for (std::size_t i = 0; i < units.size(); ++i)
            if (units[i] >= 0) u.counts[static_cast<std::size_t>(units[i])] += set.incidents[i].weight;
    }
    report.stage("units and neighbours");
    const Adjustment adj = o.bonferroni ? Adjustment::bonferroni : o.no_fdr ? Adjustment::none : Adjustment::fdr;
    GiStar gi;
    try {
        gi = gi_star(u.counts, u.nb, adj);
    } catch (const GiStarError& e) {
        throw std::runtime_error(e.what());
    }
    if (o.permutations > 0) {
        set_p_values(gi, permutation_p(u.counts, u.nb, o.permutations, o.seed, o.ingest.threads), adj);
        report.note(fmt::format("p-values from {} conditional permutations (seed {})", o.permutations, o.seed));
    }
    report.stage("Gi* computed");
    std::size_t hot[4] = {}, cold[4] = {};
    for (int b : gi.bin) (b > 0 ? hot : cold)[std::abs(b)] += b != 0;
    const char* adj_text = adj == Adjustment::fdr ? "FDR-adjusted" : adj == Adjustment::bonferroni ? "Bonferroni-adjusted" : "unadjusted";
    fmt::print("{} {} ({} neighbours, {} weights, the unit itself included); mean {:.4g}, sd {:.4g}\n", u.counts.size(),
               o.per.empty() ? fmt::format("cells of {:g} m", cell) : "areas (" + o.per + ")", neighbours, o.weights,
               gi.mean, gi.sd);
    fmt::print("hot spots ({} p): 99% {}, 95% {}, 90% {}; cold spots: 99% {}, 95% {}, 90% {}\n", adj_text, hot[3], hot[2],
               hot[1], cold[3], cold[2], cold[1]);

    auto meta = metadata("gistar", o.ingest, in,
                         {{"cell_m", o.per.empty() ? cell : 0.0}, {"per", o.per}, {"extent", o.extent}, {"mask", o.mask},
                          {"neighbours", neighbours}, {"auto", auto_choice}, {"weights", o.weights}, {"self_included", true},
                          {"permutations", o.permutations}, {"seed", o.seed},
                          {"adjustment", adj == Adjustment::fdr ? "fdr" : adj == Adjustment::bonferroni ? "bonferroni" : "none"}});
    meta["mean"] = gi.mean;
    meta["sd"] = gi.sd;
    meta["units"] = u.counts.size();
    if (!o.output.empty()) {
        std::vector<std::string> header;
        std::string body;
        using io::FieldType;
        io::FeatureTable t;
        t.layer = "gistar";
        t.crs = o.ingest.work_crs;
        t.metadata = meta;
        if (o.per.empty()) {
            header = {"unit", "row", "col", "x", "y", "count", "z", "p", "p_adjusted", "bin"};
            t.fields = {{"unit", FieldType::integer}, {"row", FieldType::integer}, {"col", FieldType::integer},
                        {"count", FieldType::real}};
        } else {
            header = {"code", "name", "count", "z", "p", "p_adjusted", "bin"};
            t.fields = {{"code", FieldType::text}, {"name", FieldType::text}, {"count", FieldType::real}};
        }
        for (const char* f : {"z", "p", "p_adjusted"}) t.fields.push_back({f, FieldType::real});
        t.fields.push_back({"bin", FieldType::integer});
        geo::GeosContext ctx;
        if (csv) body = csv_rows(u, gi, o.per.empty(), o.ingest.threads);
        for (std::size_t k = 0; k < (csv ? 0 : u.counts.size()); ++k) {
            std::vector<io::FieldValue> v;
            if (o.per.empty()) {
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
            v.emplace_back(gi.z[k]);
            v.emplace_back(gi.p[k]);
            v.emplace_back(gi.p_adjusted[k]);
            v.emplace_back(std::int64_t(gi.bin[k]));
            t.rows.push_back(std::move(v));
        }
        if (csv) {
            std::string text;
            for (std::size_t h = 0; h < header.size(); ++h) text += (h ? "," : "") + header[h];
            io::write_text(o.output, text + "\n" + body, in.inputs);
            io::write_text(o.output + ".meta.json", meta.dump(2) + "\n", in.inputs);
        }
        else io::write_features(o.output, t, in.inputs);
        report.stage("written");
    }
    if (!o.hotspots.empty()) {
        // Merged hot and cold spots: touching cells at the 95% level or better.
        using io::FieldType;
        io::FeatureTable t;
        t.layer = "gistar_hotspots";
        t.crs = o.ingest.work_crs;
        t.metadata = meta;
        t.fields = {{"label", FieldType::text},     {"type", FieldType::text},   {"incidents", FieldType::integer},
                    {"share_pct", FieldType::real}, {"area_m2", FieldType::real}, {"max_abs_z", FieldType::real},
                    {"top_categories", FieldType::text}, {"top_location", FieldType::text}};
        for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text});
        for (int sign : {1, -1}) {
            std::vector<double> values(u.grid.cells(), 0.0);
            for (std::size_t k = 0; k < u.counts.size(); ++k)
                if (sign * gi.bin[k] >= 2) values[u.unit_cell[k]] = std::abs(gi.z[k]);
            const auto comps = connected_components(values, u.grid, 1e-300);
            const auto hs = build_hotspots(set, u.grid, comps, in.layers, {0, cell / 2});
            for (const auto& h : hs.hotspots) {
                std::string label = h.label;
                if (sign < 0) label[0] = 'C';
                std::string cats;
                for (const auto& [c, n] : h.top_categories) cats += fmt::format("{}{} ({})", cats.empty() ? "" : ", ", slug(c), n);
                std::vector<io::FieldValue> v = {label, sign > 0 ? "hot" : "cold", std::int64_t(h.incidents),
                                                 std::round(h.share_pct * 100) / 100, h.area_m2, h.peak, cats, h.top_location};
                for (const auto& a : h.areas) v.emplace_back(areas_text(a));
                t.rows.push_back(std::move(v));
                t.geometries.push_back(h.polygon);
            }
        }
        io::write_features(o.hotspots, t, in.inputs);
        report.note(fmt::format("{} merged hot and cold spots written to {}", t.rows.size(), o.hotspots));
    }
    return 0;
}

}  // namespace

std::function<int()> setup_gistar(CLI::App& app) {
    auto o = std::make_shared<GiOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--cell", o->cell, "Cell size in metres (grid aligned like kde)")->capture_default_str();
    app.add_option("--extent", o->extent, "Grid extent xmin,ymin,xmax,ymax (working CRS)");
    app.add_option("--mask", o->mask, "Polygons; only cells whose centre is inside take part");
    app.add_option("--per", o->per, "Count per area of this --areas layer (its as= label) instead of per cell");
    app.add_option("--neighbours", o->neighbours, "queen, rook, band:METRES or knn:K (areas)")->capture_default_str();
    app.add_option("--weights", o->weights, "binary or row (row-standardised)")->capture_default_str();
    app.add_flag("--no-fdr", o->no_fdr, "Do not adjust p-values (Benjamini-Hochberg is the default)");
    app.add_flag("--bonferroni", o->bonferroni, "Bonferroni adjustment instead of FDR");
    app.add_option("--permutations", o->permutations, "p-values from this many conditional permutations (0: normal)")
        ->capture_default_str();
    app.add_option("--seed", o->seed, "Seed of the permutations")->capture_default_str();
    app.add_flag("--auto", o->auto_scale,
                 "Choose the cell (nearest-neighbour distances) and a distance band (first peak of Moran's I) as "
                 "ArcGIS's Optimized Hot Spot Analysis does");
    app.add_option("-o,--output", o->output, "Cells or areas with count, z, p, adjusted p, bin: .csv, .geojson or .gpkg");
    app.add_option("--hotspots", o->hotspots, "Merged hot and cold spots (95% or better): .geojson or .gpkg");
    return [o] { return run_gistar(*o); };
}

}  // namespace hotspots::cli
