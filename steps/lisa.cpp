// lisa: local Moran's I (Anselin 1995) on a grid or on areas, counts or rates per 1,000
// residents (raw or empirical Bayes), with permutation inference and the four quadrants.
#include "geo/geos.hpp"
#include "hotspots/eb.hpp"
#include "hotspots/lisa.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace hotspots::steps {
namespace {

struct LisaResult : Result {
    Units units;
    LocalMoran moran;
    std::vector<double> p, p_adjusted, population, rate, smoothed;
    std::vector<std::string> quadrant;
    std::string values;  // what I is computed on, for people
    double eb_moran = NAN;  // the EB-standardised global Moran's I of the rates (with populations)
    std::vector<std::int64_t> unit_of;
    bool cells = true;  // square cells; else units with a code and a geometry
    nlohmann::json metadata;
};

Adjustment adjustment_of(const std::string& a) {
    return a == "fdr" ? Adjustment::fdr : a == "bonferroni" ? Adjustment::bonferroni : Adjustment::none;
}

class Lisa : public Step {
public:
    Lisa() {
        declare_common(false);
        auto& p = m_params;
        declare_grid(p, m_grid, {"100", false, true, true, true, true});  // cells, no auto, extent, neighbours, streets, hexagons
        // spdep's localmoran and GeoDa weigh each neighbour 1 / (number of neighbours).
        p.find("spatial-weights")->def("row");
        p.text("variance", m_variance, "Variance of I: conditional on the unit's value (spdep's default) or total "
               "randomisation (Anselin 1995)")
            .one_of({"conditional", "total"})
            .def("conditional");
        p.integer("permutations", m_permutations,
                  "Pseudo p-values from this many conditional permutations (0: p from the normal z)",
                  Range::between(0, 99999))
            .def("999");
        p.integer("seed", m_seed, "Seed of the permutations", Range::at_least(0)).def("1");
        p.text("resample", m_resample, "Neighbours' values drawn without replacement (Anselin, GeoDa) or with it "
               "(spdep 1.2's localmoran_perm)")
            .one_of({"without", "with"})
            .def("without");
        p.text("adjust", m_adjust, "Multiple-testing adjustment of p over the units: fdr (Benjamini-Hochberg), "
               "bonferroni or none")
            .one_of({"fdr", "bonferroni", "none"})
            .def("fdr");
        p.number("alpha", m_alpha, "Adjusted p below which a unit gets its quadrant", Range{0, 1, true, true}).def("0.05");
        p.text("population-field", m_population_field,
               "With --per: the areas' field of residents; the statistic is then on rates per 1,000 residents");
        p.text("smooth", m_smooth, "Rates smoothed first: none, eb (global empirical Bayes), eb-local (over each "
               "area and its neighbours, as spdep's EBlocal) or eb-local-marshall (GeoDa's); needs --population-field")
            .one_of({"none", "eb", "eb-local", "eb-local-marshall"})
            .def("none");
        p.output("output", m_output, "Cells, hexagons, areas or street segments with count, I, E[I], Var[I], z, p, adjusted p, quadrant: .csv, "
                 ".geojson or .gpkg", "units", ".csv .geojson .gpkg")
            .short_form("o");
        declare_no_style();
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"lisa",
                "Local Moran's I: clusters (HH, LL) and outliers (HL, LH) on a grid, hexagons, areas or street segments, counts or rates",
                "docs/lisa.md",
                {{.role = "units", .kind = ProductKind::features, .title = "Local Moran's I clusters and outliers",
                  .map = MapView::classes, .table = TableView::tally, .columns = {}, .most = 10, .sort = "", .count = "",
                  .category = "quadrant", .label = "", .with = "", .title_from = ""}}};
    }
    void check(Context& ctx, const AreaLayers& areas) override;
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    void rates(LisaResult& r) const;
    // On streets queen and rook both mean a shared junction.
    std::string neighbours_text() const {
        return m_grid.streets && m_grid.neighbours.kind != NeighbourSpec::Kind::band ? "junction" : m_grid.neighbours.text;
    }
    void warn_floor(const LisaResult& r, Log& log) const;
    GridParams m_grid;
    std::string m_variance, m_resample, m_adjust, m_population_field, m_smooth, m_output;
    int m_permutations = 999;
    std::uint64_t m_seed = 1;
    double m_alpha = 0.05;
    const PolygonFile* m_population = nullptr;
};

void Lisa::check(Context& ctx, const AreaLayers& areas) {
    check_grid(m_grid, m_params, areas, ctx);
    m_population = nullptr;
    if (m_smooth != "none" && m_population_field.empty())
        throw UsageError("--smooth " + m_smooth + " smooths rates: give --population-field (and --per)");
    if (m_population_field.empty()) return;
    if (m_grid.per.empty()) throw UsageError("--population-field is a field of the areas: give --per with it");
    for (const auto& a : areas.sources)
        if (a.label == m_grid.per) m_population = &ctx.polygons(a.spec, "--population-field", m_population_field);
}

// Rates per 1,000 residents from the areas' field, raw and (with --smooth) empirical Bayes.
void Lisa::rates(LisaResult& r) const {
    auto& u = r.units;
    std::map<std::string, double> by_code;
    for (const auto& a : m_population->layer.inputs) by_code.emplace(a.code, a.value);
    for (std::size_t k = 0; k < u.code.size(); ++k) {
        const auto it = by_code.find(u.code[k]);
        if (it == by_code.end() || !(it->second > 0))
            throw std::runtime_error(fmt::format("--population-field {}: {} ({}) has {}; every area needs residents "
                                                 "(> 0) for a rate",
                                                 m_population_field, u.name[k], u.code[k],
                                                 it == by_code.end() ? "no value" : fmt::format("{:g}", it->second)));
        r.population.push_back(it->second);
        r.rate.push_back(u.counts[k] / it->second * 1000);
    }
    try {
        r.eb_moran = eb_moran(u.counts, r.population, without_self(u.nb, m_grid.spatial_weights == "row"));
    } catch (const std::invalid_argument&) {
        r.eb_moran = NAN;  // no neighbours, or every rate the same: there is no such statistic
    }
    if (m_smooth == "none") return;
    const EbRates eb = m_smooth == "eb" ? eb_global(u.counts, r.population)
                       : eb_local(u.counts, r.population, u.nb,
                                  m_smooth == "eb-local" ? EbLocalSpread::spdep_default : EbLocalSpread::marshall);
    for (double v : eb.smoothed) r.smoothed.push_back(v * 1000);
}

// A pseudo p-value is never below 1 / (permutations + 1): over many units the adjustment can
// leave none significant however strong the clustering. Say so rather than show an empty map.
void Lisa::warn_floor(const LisaResult& r, Log& log) const {
    if (m_permutations == 0 || m_adjust == "none") return;
    const double floor = 1.0 / (m_permutations + 1.0);
    std::size_t at_floor = 0, blocked = 0;
    for (std::size_t k = 0; k < r.p.size(); ++k)
        if (r.p[k] <= floor * (1 + 1e-9)) {
            ++at_floor;
            blocked += !(r.p_adjusted[k] < m_alpha);
        }
    if (blocked)
        log.warning(fmt::format("{} units have the smallest pseudo p-value {} permutations can give (1/{}), yet {} of them "
                                "are not significant after the {} adjustment over {} units: give more --permutations "
                                "(or --permutations 0 for p from the normal z)",
                                at_floor, m_permutations, m_permutations + 1, blocked, m_adjust, r.p.size()));
}

std::unique_ptr<Result> Lisa::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    auto r = std::make_unique<LisaResult>();
    auto counted = counted_units(m_grid, in, ctx);
    r->units = std::move(counted.units);
    r->unit_of = std::move(counted.unit_of);
    r->cells = counted.cells;
    const bool cells = r->cells;
    const auto& u = r->units;
    const std::size_t n = u.counts.size();
    if (m_population) rates(*r);
    const auto& x = !r->smoothed.empty() ? r->smoothed : !r->rate.empty() ? r->rate : u.counts;
    const Neighbours w = without_self(u.nb, m_grid.spatial_weights == "row");
    std::size_t isolated = 0;
    for (std::size_t k = 0; k < n; ++k) isolated += w.offsets[k] == w.offsets[k + 1];
    if (isolated) ctx.log().warning(fmt::format("{} units have no neighbour ({}): their I is 0, never significant",
                                                isolated, neighbours_text()));
    ctx.log().stage("units and neighbours");
    try {
        r->moran = local_moran(x, w, m_variance == "total" ? LisaVariance::total : LisaVariance::conditional);
    } catch (const LisaError& e) {
        throw std::runtime_error(e.what());
    }
    r->p = m_permutations > 0
               ? local_moran_permutation_p(x, w, m_permutations, m_seed, m_resample == "with", ctx.threads())
               : r->moran.p;
    r->p_adjusted = adjust_p(r->p, adjustment_of(m_adjust));
    r->quadrant = lisa_quadrants(r->moran, r->p_adjusted, m_alpha);
    warn_floor(*r, ctx.log());
    ctx.log().stage("local Moran's I");
    r->values = !m_population ? "counts"
                : m_smooth == "none" ? "rates per 1,000 residents"
                                     : "rates per 1,000 residents, " + m_smooth + " smoothed";
    r->metadata = metadata("lisa", m_input, m_filters, in,
                           {{"cell_m", cells ? m_grid.cell : 0.0}, {"per", m_grid.per}, {"extent", m_grid.area.extent_text},
                            {"mask", m_grid.area.mask}, {"neighbours", m_grid.neighbours.text},
                            {"weights", m_grid.spatial_weights}, {"self_included", false}, {"variance", m_variance},
                            {"permutations", m_permutations}, {"seed", m_seed}, {"resample", m_resample},
                            {"adjustment", m_adjust}, {"alpha", m_alpha},
                            {"values", r->values},
                            {"population_field", m_population_field}, {"smooth", m_smooth}});
    if (m_grid.streets)
        r->metadata["streets"] = {{"network", m_grid.network.path}, {"street_tolerance_m", m_grid.network.tolerance},
                                  {"neighbours", neighbours_text()},
                                  {"unsnapped", counted.outside}};
    if (m_grid.is_hex) {
        r->metadata["parameters"]["cell_m"] = m_grid.hex.size;
        r->metadata["parameters"]["cell_shape"] = m_grid.hex.flat ? "hex flat-topped" : "hex pointy-topped";
    }
    r->metadata["mean"] = r->moran.mean;
    r->metadata["units"] = n;
    if (m_population) r->metadata["eb_moran_i"] = std::isnan(r->eb_moran) ? nlohmann::json() : nlohmann::json(r->eb_moran);
    return r;
}

void Lisa::write(const Result& result, Writer& w) const {
    const auto& r = result_as<LisaResult>(result);
    if (m_output.empty()) return;
    const auto& u = r.units;
    const bool cells = r.cells;
    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable t;
    t.layer = "lisa";
    t.crs = m_input.work_crs;
    t.metadata = r.metadata;
    if (cells)
        t.fields = {{"unit", FieldType::integer, R::identifier}, {"row", FieldType::integer, R::identifier},
                    {"col", FieldType::integer, R::identifier}};
    else
        t.fields = {{"code", FieldType::text, R::area}, {"name", FieldType::text, R::area}};
    t.fields.push_back({"count", FieldType::real, R::count});
    if (!r.rate.empty()) {
        t.fields.push_back({"population", FieldType::real, R::measure});
        t.fields.push_back({"rate", FieldType::real, R::rate, Derivation::ratio("count", "population", 1000)});
    }
    // Empirical Bayes rates depend on every area's count and population: publishing cannot make
    // them again from one row's published count, so they have no derivation and are withheld.
    if (!r.smoothed.empty()) t.fields.push_back({"rate_smoothed", FieldType::real, R::rate});
    for (const char* f : {"i", "e_i", "var_i", "z", "p", "p_adjusted"}) t.fields.push_back({f, FieldType::real, R::statistic});
    t.fields.push_back({"quadrant", FieldType::text, R::category});
    geo::GeosContext ctx;
    for (std::size_t k = 0; k < u.counts.size(); ++k) {
        std::vector<io::FieldValue> v;
        v = unit_identity(u, k, cells, ctx, t.geometries);
        v.emplace_back(u.counts[k]);
        if (!r.rate.empty()) {
            v.emplace_back(r.population[k]);
            v.emplace_back(r.rate[k]);
        }
        if (!r.smoothed.empty()) v.emplace_back(r.smoothed[k]);
        for (double s : {r.moran.i[k], r.moran.expected[k], r.moran.variance[k], r.moran.z[k], r.p[k], r.p_adjusted[k]})
            v.emplace_back(s);
        v.emplace_back(r.quadrant[k]);
        t.rows.push_back(std::move(v));
    }
    w.counts("units", {{"count", members_of(r.unit_of, u.counts.size())}});
    w.features("units", t, m_grid.streets ? io::segment_lisa_style() : io::lisa_style());
}

std::string Lisa::report(const Result& result) const {
    const auto& r = result_as<LisaResult>(result);
    std::map<std::string, std::size_t> tally;
    for (const auto& q : r.quadrant) ++tally[q];
    const std::string units = m_grid.streets  ? std::string("street segments")
                              : m_grid.is_hex ? fmt::format("hexagons of {:g} m across the flats", m_grid.hex.size)
                              : m_grid.per.empty() ? fmt::format("cells of {:g} m", m_grid.cell)
                                                   : "areas (" + m_grid.per + ")";
    std::string s = fmt::format("{} {} ({} neighbours, {} weights), values: {}; p from {}, {} adjusted, alpha {:g}\n",
                                r.units.counts.size(), units, neighbours_text(), m_grid.spatial_weights,
                                r.values,
                                m_permutations > 0 ? fmt::format("{} permutations (seed {})", m_permutations, m_seed)
                                                   : std::string("the normal z"),
                                m_adjust, m_alpha);
    s += fmt::format("clusters: HH {} (high among high), LL {}; outliers: HL {} (high among low), LH {}; not significant {}\n",
                     tally["HH"], tally["LL"], tally["HL"], tally["LH"], tally["not significant"]);
    if (!r.population.empty() && !std::isnan(r.eb_moran))
        s += fmt::format("EB-standardised global Moran's I of the rates (Assuncao and Reis 1999): {:.4f}\n", r.eb_moran);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_lisa() { return std::make_unique<Lisa>(); }

}  // namespace hotspots::steps
