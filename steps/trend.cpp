// trend: emerging hot spots. Gi* per time step on one grid, a Mann-Kendall trend of each
// cell's z-scores, and both the ArcGIS and the sfhotspot classifications.
#include "geo/geos.hpp"
#include "hotspots/trend.hpp"
#include "io/qgis_style.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace hotspots::steps {
namespace {

struct TrendResult : Result {
    Units units;
    TimeSteps steps;
    std::vector<double> total;
    std::vector<UnitSeries> series;
    std::vector<std::vector<double>> p;  // per unit, each step's unadjusted p (NaN: step not tested)
    std::vector<MannKendall> mk;
    std::vector<std::string> arc, sf;
    nlohmann::json metadata;
    std::vector<std::int64_t> unit_of;  // each incident's unit (-1: none)
};

class Trend : public Step {
public:
    Trend() {
        declare_common(false);
        auto& p = m_params;
        p.value("step", m_step, "Time step: month, quarter, year, Nd (e.g. 14d) or auto", [](const std::string& v) {
             try {
                 return parse_step(v);
             } catch (const std::invalid_argument& e) {
                 throw UsageError(e.what());
             }
         }).def("auto");
        declare_grid(p, m_grid, {"100", true, true, true, true, true});  // cells, auto, extent, neighbours, streets, hexagons
        const Range open{0, 1, true, true};
        p.number("sf-hotspot-prop", m_sf.hotspot_prop, "sfhotspot: least share of steps for any category", open).def("0.1");
        p.number("sf-persistent-prop", m_sf.persistent_prop, "sfhotspot: least share of steps for a persistent one", open)
            .def("0.8");
        p.number("sf-recent-prop", m_sf.recent_prop, "sfhotspot: share of steps that are recent (and of recent steps for "
                 "an emerging one)", open)
            .def("0.2");
        p.number("sf-critical-p", m_sf.critical_p, "sfhotspot: Holm-adjusted p below which a step is significant", open)
            .def("0.05");
        p.value("sf-scheme", m_sf.scheme,
                "sfhotspot's p-value rule: sfhotspot-1.1 (Holm per cell over its neighbours, p.adjustSP, each step) "
                "or sfhotspot-1.0 (Holm over each cell's steps)",
                [](const std::string& v) {
                    if (v == "sfhotspot-1.1") return SfScheme::v1_1;
                    if (v == "sfhotspot-1.0") return SfScheme::v1_0;
                    throw UsageError("'" + v + "': give sfhotspot-1.1 or sfhotspot-1.0");
                })
            .one_of({"sfhotspot-1.1", "sfhotspot-1.0"})
            .def("sfhotspot-1.1");
        p.output("output", m_output, "Cells with their trend and categories: .csv, .geojson or .gpkg", "units",
                 ".csv .geojson .gpkg")
            .short_form("o");
        declare_no_style();
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"trend",
                "Emerging hot spots: Gi* per time step, Mann-Kendall trends, ArcGIS and sfhotspot classes",
                "docs/statistics.md",
                {{.role = "units", .kind = ProductKind::features, .title = "Emerging hot spots", .table = TableView::tally,
                  .category = "arcgis_category"}},
                metadata_roles({{ColumnRole::measure, "parameters.{cell_m extent mask neighbours per sfhotspot significance "
                                          "step steps trend weights}"},
                {ColumnRole::measure, "parameters.cell_shape streets.network streets.street_tolerance_m"},
                {ColumnRole::measure, "parameters.sfhotspot.{critical_p hotspot_prop persistent_prop recent_prop scheme}"}})};
    }
    void check(Context& ctx, const AreaLayers& areas) override { check_grid(m_grid, m_params, areas, ctx); }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    StepSpec m_step;
    GridParams m_grid;
    SfhotspotParams m_sf;
    std::string m_output;
};

std::unique_ptr<Result> Trend::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    auto r = std::make_unique<TrendResult>();
    r->steps = time_steps(set, m_step);
    const auto& steps = r->steps;
    if (steps.names.size() < 3)
        throw std::runtime_error(fmt::format("only {} time steps: a trend needs at least 3 (a shorter --step, or a longer period)",
                                             steps.names.size()));
    // Street segments and hexagons are written as areas are: a code and a geometry each.
    const bool areas = m_grid.areas() || m_grid.is_hex;
    auto& u = r->units;
    auto counted = counted_units(m_grid, in, ctx);  // the whole period's counts, replaced by the steps' below
    u = std::move(counted.units);
    r->unit_of = std::move(counted.unit_of);
    const auto& unit = r->unit_of;
    const std::size_t n = areas ? u.code.size() : u.unit_cell.size(), t = steps.names.size();
    std::vector<std::vector<double>> counts(t, std::vector<double>(n, 0.0));
    r->total.assign(n, 0.0);
    for (std::size_t i = 0; i < unit.size(); ++i)
        if (unit[i] >= 0) {
            counts[steps.of[i]][static_cast<std::size_t>(unit[i])] += set.incidents[i].weight;
            r->total[static_cast<std::size_t>(unit[i])] += set.incidents[i].weight;
        }
    r->series.resize(n);
    r->p.assign(n, {});
    std::size_t empty_steps = 0;
    for (std::size_t k = 0; k < t; ++k) {
        GiStar gi;
        try {
            gi = gi_star(counts[k], u.nb, Adjustment::fdr);
        } catch (const GiStarError&) {
            ++empty_steps;  // nothing varies in this step: no unit is significant
            gi.z.assign(n, 0.0);
            gi.p.assign(n, NAN);
            gi.bin.assign(n, 0);
        }
        for (std::size_t i = 0; i < n; ++i) {
            r->series[i].z.push_back(gi.z[i]);
            r->series[i].sig.push_back(gi.bin[i] >= 2 ? 1 : gi.bin[i] <= -2 ? -1 : 0);
            const std::size_t neighbours = u.nb.offsets[i + 1] - u.nb.offsets[i] - 1;  // the row holds the unit itself
            r->p[i].push_back(sfhotspot_step_p(gi.p[i], neighbours, m_sf.scheme));
        }
    }
    if (empty_steps)
        ctx.log().warning(fmt::format("{} of {} steps have the same count in every cell (none is tested)", empty_steps, t));
    ctx.log().stage("Gi* per step");
    r->mk.resize(n);
    r->arc.resize(n);
    r->sf.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        r->mk[i] = mann_kendall(r->series[i].z);
        r->arc[i] = arcgis_category(r->series[i], r->mk[i]);
        r->sf[i] = sfhotspot_category(r->series[i].z, r->p[i], m_sf);
    }
    r->metadata = metadata("trend", m_input, m_filters, in,
                           {{"cell_m", areas ? 0.0 : m_grid.cell}, {"per", m_grid.per}, {"extent", m_grid.area.extent_text},
                            {"mask", m_grid.area.mask}, {"neighbours", m_grid.neighbours.text},
                            {"weights", m_grid.spatial_weights}, {"step", steps.rule}, {"steps", steps.names},
                            {"significance", "ArcGIS categories: FDR-adjusted p < 0.05 over the units of each step; "
                                             "sfhotspot categories: " +
                                                 std::string(m_sf.scheme == SfScheme::v1_1
                                                                 ? "sfhotspot-1.1, each step's p Holm-adjusted per unit over "
                                                                   "its neighbours and itself (p.adjustSP)"
                                                                 : "sfhotspot-1.0, each unit's p Holm-adjusted over its steps")},
                            {"sfhotspot", {{"hotspot_prop", m_sf.hotspot_prop}, {"persistent_prop", m_sf.persistent_prop},
                                           {"recent_prop", m_sf.recent_prop}, {"critical_p", m_sf.critical_p},
                                           {"scheme", m_sf.scheme == SfScheme::v1_1 ? "sfhotspot-1.1" : "sfhotspot-1.0"}}},
                            {"trend", "Mann-Kendall on each cell's Gi* z-scores, two-sided p < 0.05"}});
    if (m_grid.streets)
        r->metadata["streets"] = {{"network", m_grid.network.path}, {"street_tolerance_m", m_grid.network.tolerance},
                                  {"unsnapped", std::count(r->unit_of.begin(), r->unit_of.end(), -1)}};
    // Recorded for hexagons only, so square cells' outputs stay as they were.
    if (m_grid.is_hex) {
        r->metadata["parameters"]["cell_m"] = m_grid.hex.size;
        r->metadata["parameters"]["cell_shape"] = m_grid.hex.flat ? "hex flat-topped" : "hex pointy-topped";
    }
    return r;
}

void Trend::write(const Result& result, Writer& w) const {
    const auto& r = result_as<TrendResult>(result);
    const auto& u = r.units;
    const bool areas = m_grid.areas() || m_grid.is_hex;
    using io::FieldType;
    io::FeatureTable tab;
    tab.layer = "trend";
    tab.crs = m_input.work_crs;
    tab.metadata = r.metadata;
    using R = ColumnRole;
    if (areas) tab.fields = {{"code", FieldType::text, R::area}, {"name", FieldType::text, R::area}};
    else
        tab.fields = {{"row", FieldType::integer, R::identifier}, {"col", FieldType::integer, R::identifier},
                      {"x", FieldType::real, R::area}, {"y", FieldType::real, R::area}};
    const std::vector<io::FieldDef> common = {
        {"count", FieldType::real, R::count},         {"hot_steps", FieldType::integer, R::statistic},
        {"cold_steps", FieldType::integer, R::statistic}, {"last_z", FieldType::real, R::statistic},
        {"mk_s", FieldType::real, R::statistic},      {"mk_z", FieldType::real, R::statistic},
        {"mk_p", FieldType::real, R::statistic},      {"mk_tau", FieldType::real, R::statistic},
        {"arcgis_category", FieldType::text, R::category}, {"sfhotspot_category", FieldType::text, R::category}};
    tab.fields.insert(tab.fields.end(), common.begin(), common.end());
    geo::GeosContext ctx;
    for (std::size_t i = 0; i < r.series.size(); ++i) {
        std::int64_t hot = 0, cold = 0;
        for (int sg : r.series[i].sig) (sg > 0 ? hot : cold) += sg != 0;
        std::vector<io::FieldValue> v;
        if (areas) {
            v = {u.code[i], u.name[i]};
            tab.geometries.push_back(u.polygons[i]);
        } else {
            const std::size_t at = u.unit_cell[i], row = at / u.grid.cols, col = at % u.grid.cols;
            const double x = u.grid.centre_x(col), y = u.grid.centre_y(row), h = m_grid.cell / 2;
            v = {std::int64_t(row), std::int64_t(col), x, y};
            auto box = geo::make_box(ctx, x - h, y - h, x + h, y + h);
            tab.geometries.push_back(geo::to_wkb(ctx, box.get()));
        }
        const auto& mk = r.mk[i];
        for (const io::FieldValue& f : {io::FieldValue{r.total[i]}, io::FieldValue{hot}, io::FieldValue{cold},
                                        io::FieldValue{r.series[i].z.back()}, io::FieldValue{mk.s}, io::FieldValue{mk.z},
                                        io::FieldValue{mk.p}, io::FieldValue{mk.tau}, io::FieldValue{r.arc[i]},
                                        io::FieldValue{r.sf[i]}})
            v.push_back(f);
        tab.rows.push_back(std::move(v));
    }
    w.counts("units", {unit_members("count", r.unit_of, r.total.size(), u.length)});
    w.features("units", tab, io::trend_style());
}

std::string Trend::report(const Result& result) const {
    const auto& r = result_as<TrendResult>(result);
    std::map<std::string, std::size_t> arc_counts, sf_counts;
    for (const auto& c : r.arc) ++arc_counts[c];
    for (const auto& c : r.sf) ++sf_counts[c];
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "{} {} over {} steps ({}: {} .. {})\n", r.series.size(),
                   m_grid.streets        ? std::string("street segments")
                   : m_grid.is_hex ? fmt::format("hexagons of {:g} m across the flats", m_grid.hex.size)
                   : m_grid.per.empty() ? fmt::format("cells of {:g} m", m_grid.cell)
                                        : "areas (" + m_grid.per + ")",
                   r.steps.names.size(), r.steps.rule, r.steps.names.front(), r.steps.names.back());
    fmt::format_to(out, "ArcGIS categories:\n");
    for (const auto& [c, k] : arc_counts) fmt::format_to(out, "  {:<28} {:>8}\n", c, k);
    fmt::format_to(out, "sfhotspot categories:\n");
    for (const auto& [c, k] : sf_counts) fmt::format_to(out, "  {:<28} {:>8}\n", c, k);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_trend() { return std::make_unique<Trend>(); }

}  // namespace hotspots::steps
