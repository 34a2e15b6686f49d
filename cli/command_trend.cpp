// hotspots trend: emerging hot spots. Gi* per time step on one grid, a Mann-Kendall trend
// of each cell's z-scores, and both the ArcGIS and the sfhotspot classifications.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "cli/units.hpp"
#include "geo/geos.hpp"
#include "hotspots/trend.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <memory>

namespace hotspots::cli {
namespace {

struct TrendOptions {
    IngestOptions ingest;
    GridOptions grid;
    std::string step = "auto";
    std::string per;  // an --areas label: areas instead of cells
    std::string output;
};

// The step of each incident, from the first incident's step; the step names.
struct Steps {
    std::vector<std::size_t> of;
    std::vector<std::string> names;
    std::string rule;
};

Steps make_steps(const IncidentSet& set, std::string step) {
    Seconds lo = set.incidents.front().from, hi = lo;
    for (const auto& i : set.incidents) {
        lo = std::min(lo, i.from);
        hi = std::max(hi, i.from);
    }
    const int months = month_number(hi) - month_number(lo) + 1;
    Steps s;
    if (step == "auto") {
        // Enough steps for a trend (6 or more), few enough to have incidents in each.
        step = months < 6 ? "7d" : months <= 36 ? "month" : months <= 144 ? "quarter" : "year";
        s.rule = fmt::format("auto: the incidents span {} months", months);
    }
    int days = 0;
    if (step.size() > 1 && step.back() == 'd') {
        const auto [p, ec] = std::from_chars(step.data(), step.data() + step.size() - 1, days);
        if (ec != std::errc() || p != step.data() + step.size() - 1 || days < 1)
            throw UsageError("--step must be month, quarter, year, Nd (e.g. 14d) or auto");
    } else if (step != "month" && step != "quarter" && step != "year") {
        throw UsageError("--step must be month, quarter, year, Nd (e.g. 14d) or auto");
    }
    const auto first_day = static_cast<std::int64_t>(std::floor(static_cast<double>(lo) / 86400.0));
    auto index = [&](Seconds t) -> std::int64_t {
        if (days) return (static_cast<std::int64_t>(std::floor(static_cast<double>(t) / 86400.0)) - first_day) / days;
        if (step == "month") return month_number(t) - month_number(lo);
        if (step == "quarter") return month_number(t) / 3 - month_number(lo) / 3;
        return month_number(t) / 12 - month_number(lo) / 12;
    };
    std::size_t count = 0;
    for (const auto& i : set.incidents) {
        s.of.push_back(static_cast<std::size_t>(index(i.from)));
        count = std::max(count, s.of.back() + 1);
    }
    for (std::size_t k = 0; k < count; ++k) {
        if (days) s.names.push_back(format_date((first_day + static_cast<std::int64_t>(k) * days) * 86400));
        else if (step == "month") {
            const int m = month_number(lo) + static_cast<int>(k);
            s.names.push_back(fmt::format("{:04d}-{:02d}", m / 12, m % 12 + 1));
        } else if (step == "quarter") {
            const int q = month_number(lo) / 3 + static_cast<int>(k);
            s.names.push_back(fmt::format("{:04d}-Q{}", q / 4, q % 4 + 1));
        } else {
            s.names.push_back(std::to_string(month_number(lo) / 12 + static_cast<int>(k)));
        }
    }
    if (s.rule.empty()) s.rule = "given";
    s.rule = step + " (" + s.rule + ")";
    return s;
}

int run_trend(TrendOptions o) {
    check_neighbour_options(o.grid.neighbours, o.grid.weights);
    try {
        if (!o.output.empty()) io::check_feature_path(o.output);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    o.grid.work_crs = o.ingest.work_crs;
    Reporter report("trend", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    const Steps steps = make_steps(set, o.step);
    if (steps.names.size() < 3)
        throw std::runtime_error(fmt::format("only {} time steps: a trend needs at least 3 (a shorter --step, or a longer period)",
                                             steps.names.size()));
    const bool areas = !o.per.empty();
    Units u = areas ? area_units(o.per, o.grid.neighbours, o.grid.weights, in, report) : grid_units(o.grid, set, report);
    const auto unit = areas ? area_unit_of_incident(o.per, in) : unit_of_incident(u, set);
    const std::size_t n = areas ? u.code.size() : u.unit_cell.size(), t = steps.names.size();
    std::vector<std::vector<double>> counts(t, std::vector<double>(n, 0.0));
    std::vector<double> total(n, 0.0);
    for (std::size_t i = 0; i < unit.size(); ++i)
        if (unit[i] >= 0) {
            counts[steps.of[i]][static_cast<std::size_t>(unit[i])] += set.incidents[i].weight;
            total[static_cast<std::size_t>(unit[i])] += set.incidents[i].weight;
        }
    std::vector<UnitSeries> series(n);
    std::size_t empty_steps = 0;
    for (std::size_t k = 0; k < t; ++k) {
        GiStar gi;
        try {
            gi = gi_star(counts[k], u.nb, Adjustment::fdr);
        } catch (const GiStarError&) {
            ++empty_steps;  // nothing varies in this step: no unit is significant
            gi.z.assign(n, 0.0);
            gi.bin.assign(n, 0);
        }
        for (std::size_t i = 0; i < n; ++i) {
            series[i].z.push_back(gi.z[i]);
            series[i].sig.push_back(gi.bin[i] >= 2 ? 1 : gi.bin[i] <= -2 ? -1 : 0);
        }
    }
    if (empty_steps) report.warning(fmt::format("{} of {} steps have the same count in every cell (none is tested)", empty_steps, t));
    report.stage("Gi* per step");

    std::vector<MannKendall> mk(n);
    std::vector<std::string> arc(n), sf(n);
    std::map<std::string, std::size_t> arc_counts, sf_counts;
    for (std::size_t i = 0; i < n; ++i) {
        mk[i] = mann_kendall(series[i].z);
        arc[i] = arcgis_category(series[i], mk[i]);
        sf[i] = sfhotspot_category(series[i]);
        ++arc_counts[arc[i]];
        ++sf_counts[sf[i]];
    }
    fmt::print("{} {} over {} steps ({}: {} .. {})\n", n,
               areas ? "areas (" + o.per + ")" : fmt::format("cells of {:g} m", o.grid.cell), t, steps.rule,
               steps.names.front(), steps.names.back());
    fmt::print("ArcGIS categories:\n");
    for (const auto& [c, k] : arc_counts) fmt::print("  {:<28} {:>8}\n", c, k);
    fmt::print("sfhotspot categories:\n");
    for (const auto& [c, k] : sf_counts) fmt::print("  {:<28} {:>8}\n", c, k);

    if (!o.output.empty()) {
        auto meta = metadata("trend", o.ingest, in,
                             {{"cell_m", areas ? 0.0 : o.grid.cell}, {"per", o.per}, {"extent", o.grid.extent}, {"mask", o.grid.mask},
                              {"neighbours", o.grid.neighbours}, {"weights", o.grid.weights}, {"step", steps.rule},
                              {"steps", steps.names}, {"significance", "FDR-adjusted p < 0.05 in each step"},
                              {"trend", "Mann-Kendall on each cell's Gi* z-scores, two-sided p < 0.05"}});
        using io::FieldType;
        io::FeatureTable tab;
        tab.layer = "trend";
        tab.crs = o.ingest.work_crs;
        tab.metadata = meta;
        if (areas) tab.fields = {{"code", FieldType::text}, {"name", FieldType::text}};
        else tab.fields = {{"row", FieldType::integer}, {"col", FieldType::integer}, {"x", FieldType::real}, {"y", FieldType::real}};
        const std::vector<io::FieldDef> common = {{"count", FieldType::real},      {"hot_steps", FieldType::integer},
                      {"cold_steps", FieldType::integer}, {"last_z", FieldType::real},    {"mk_s", FieldType::real},
                      {"mk_z", FieldType::real},         {"mk_p", FieldType::real},       {"mk_tau", FieldType::real},
                      {"arcgis_category", FieldType::text}, {"sfhotspot_category", FieldType::text}};
        tab.fields.insert(tab.fields.end(), common.begin(), common.end());
        geo::GeosContext ctx;
        for (std::size_t i = 0; i < n; ++i) {
            std::int64_t hot = 0, cold = 0;
            for (int sg : series[i].sig) (sg > 0 ? hot : cold) += sg != 0;
            std::vector<io::FieldValue> v;
            if (areas) {
                v = {u.code[i], u.name[i]};
                tab.geometries.push_back(u.polygons[i]);
            } else {
                const std::size_t at = u.unit_cell[i], row = at / u.grid.cols, col = at % u.grid.cols;
                const double x = u.grid.centre_x(col), y = u.grid.centre_y(row), h = o.grid.cell / 2;
                v = {std::int64_t(row), std::int64_t(col), x, y};
                auto box = geo::make_box(ctx, x - h, y - h, x + h, y + h);
                tab.geometries.push_back(geo::to_wkb(ctx, box.get()));
            }
            for (const io::FieldValue& f : {io::FieldValue{total[i]}, io::FieldValue{hot}, io::FieldValue{cold},
                                            io::FieldValue{series[i].z.back()}, io::FieldValue{mk[i].s}, io::FieldValue{mk[i].z},
                                            io::FieldValue{mk[i].p}, io::FieldValue{mk[i].tau}, io::FieldValue{arc[i]},
                                            io::FieldValue{sf[i]}})
                v.push_back(f);
            tab.rows.push_back(std::move(v));
        }
        io::write_features(o.output, tab, in.inputs);
    }
    return 0;
}

}  // namespace

std::function<int()> setup_trend(CLI::App& app) {
    auto o = std::make_shared<TrendOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--step", o->step, "Time step: month, quarter, year, Nd (e.g. 14d) or auto")->capture_default_str();
    app.add_option("--cell", o->grid.cell, "Cell size in metres")->capture_default_str();
    app.add_option("--extent", o->grid.extent, "Grid extent xmin,ymin,xmax,ymax (working CRS)");
    app.add_option("--mask", o->grid.mask, "Polygons; only cells whose centre is inside take part");
    app.add_option("--per", o->per, "Areas of this --areas layer (its as= label) instead of cells");
    app.add_option("--neighbours", o->grid.neighbours, "queen, rook, band:METRES or knn:K (areas)")->capture_default_str();
    app.add_option("--weights", o->grid.weights, "binary or row")->capture_default_str();
    app.add_option("-o,--output", o->output, "Cells with their trend and categories: .csv, .geojson or .gpkg");
    return [o] { return run_trend(*o); };
}

}  // namespace hotspots::cli
