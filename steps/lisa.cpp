// lisa: local Moran's I (Anselin 1995) on a grid or on areas, counts or rates per 1,000
// residents (raw or empirical Bayes), with permutation inference and the four quadrants.
#include "geo/geos.hpp"
#include "hotspots/eb.hpp"
#include "geo/area_index.hpp"
#include "hotspots/filter.hpp"
#include "hotspots/lisa_bv.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "model/time.hpp"
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
    // Bivariate (--second-period, --second-type, --second-points): the second variable per unit, and with
    // incidents the unit of each of them (-1: not among them).
    std::vector<double> second, second_rate;
    std::vector<std::int64_t> second_unit_of;
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
        p.value("second-period", m_second_period, "Bivariate local Moran's I: the second variable counts the same incidents in "
                "this period FROM..TO (the first variable's period: --period)",
                [](const std::string& v) {
                    auto q = parse_period(v);
                    if (!q) throw UsageError("'" + v + "': give a period as FROM..TO, e.g. 2023-01..2023-12");
                    return *q;
                })
            .dated(Temporal::period)
            .shown_as("FROM..TO");
        p.list("second-type", m_second_types, "Bivariate local Moran's I: the second variable counts incidents of this "
               "category or crime type (repeatable; the first variable's: --crime-type)");
        declare_side_file(p, "second-points", m_second_points, m_second_points_crs,
                          "Bivariate local Moran's I: the second variable is these points (street lights, licensed "
                          "premises) per km2 of each unit");
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
                  .category = "quadrant", .label = "", .with = "", .title_from = ""}},
                metadata_roles({{ColumnRole::measure, "parameters.{adjustment alpha cell_m extent mask neighbours per "
                                          "permutations population_field resample seed self_included smooth "
                                          "values variance weights} units"},
                {ColumnRole::measure, "parameters.cell_shape streets.network streets.street_tolerance_m streets.neighbours second_variable"},
                {ColumnRole::measure, "variables.first.{period crime_types} variables.second.{period crime_types}"}})};
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
    void check_second(Context& ctx);
    bool by_period() const { return m_params.find("second-period")->given; }
    bool by_incidents() const { return by_period() || !m_second_types.empty(); }
    bool bivariate() const { return by_incidents() || !m_second_points.empty(); }
    std::string second_text() const;
    nlohmann::json variables_json() const;
    void take_first_selection();
    void split_periods(const IncidentSet& set, LisaResult& r) const;
    void count_points(LisaResult& r, const Ingested& in) const;
    void run_moran(const std::vector<double>& x, const Neighbours& w, LisaResult& r, unsigned threads) const;
    void warn_floor(const LisaResult& r, Log& log) const;
    GridParams m_grid;
    std::string m_variance, m_resample, m_adjust, m_population_field, m_smooth, m_output;
    int m_permutations = 999;
    std::uint64_t m_seed = 1;
    double m_alpha = 0.05;
    const PolygonFile* m_population = nullptr;
    Period m_second_period;
    std::string m_second_points, m_second_points_crs;
    std::optional<Seconds> m_first_from, m_first_to;  // the first variable's period (--period)
    std::vector<std::string> m_second_types, m_first_types;  // m_first_types: --crime-type
    const io::PointLayer* m_points = nullptr;
};

// With a second selection of incidents, the first variable's period (--period) and types
// (--crime-type) are taken from the filters here, where the second one's differ, so that the
// incidents of both are read; each is selected in run(). Taken once: a second check() keeps them.
void Lisa::take_first_selection() {
    if (by_period() && (m_filters.from || m_filters.to)) {
        m_first_from = m_filters.from;
        m_first_to = m_filters.to;
        m_filters.from.reset();
        m_filters.to.reset();
    }
    if (!m_second_types.empty() && !m_filters.crime_types.empty()) {
        m_first_types = m_filters.crime_types;
        m_filters.crime_types.clear();
    }
}

void Lisa::check_second(Context& ctx) {
    m_points = nullptr;
    if (!bivariate()) return;
    if (by_incidents() && !m_second_points.empty())
        throw UsageError("give --second-period or --second-type (incidents), or --second-points, not both");
    if (m_permutations == 0)
        throw UsageError("the bivariate local Moran's I has only permutation inference (as spdep::localmoran_bv): give "
                         "--permutations above 0");
    if (!m_second_points.empty()) {
        m_points = &ctx.points(m_second_points, m_second_points_crs, "--second-points");
        if (m_points->points.empty()) throw UsageError("--second-points " + m_second_points + ": no points in it");
        return;
    }
    check_crime_types(m_second_types);
    take_first_selection();
    if (!by_period()) return;
    if (!m_first_from && !m_first_to)
        throw UsageError("--second-period: give the first variable's period with --period (e.g. --period 2024-01..2024-12 "
                         "--second-period 2023-01..2023-12)");
    const Seconds from = m_first_from.value_or(std::numeric_limits<Seconds>::min());
    const Seconds to = m_first_to.value_or(std::numeric_limits<Seconds>::max());
    if (m_second_period.from <= to && from <= m_second_period.to && m_second_types.empty())
        throw UsageError("--second-period overlaps --period: an incident would count in both variables; give two "
                         "periods apart (or --second-type for other incidents)");
}

void Lisa::check(Context& ctx, const AreaLayers& areas) {
    check_grid(m_grid, m_params, areas, ctx);
    check_second(ctx);
    if (m_points && (m_grid.streets || m_grid.is_hex))
        throw UsageError("--second-points counts points per km2 of square cells or areas; with street segments or hexagons "
                         "give --second-period or --second-type");
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
        if (by_incidents()) r.second_rate.push_back(r.second[k] / it->second * 1000);
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

// The univariate statistic, or the bivariate one against the second variable (its rate when
// the first is a rate).
void Lisa::run_moran(const std::vector<double>& x, const Neighbours& w, LisaResult& r, unsigned threads) const {
    if (!bivariate()) {
        r.moran = local_moran(x, w, m_variance == "total" ? LisaVariance::total : LisaVariance::conditional);
        r.p = m_permutations > 0 ? local_moran_permutation_p(x, w, m_permutations, m_seed, m_resample == "with", threads)
                                 : r.moran.p;
        return;
    }
    const auto& y = !r.second_rate.empty() ? r.second_rate : r.second;
    const auto bv = local_moran_bv(x, y, w, m_permutations, m_seed, m_resample == "with", threads);
    r.moran = as_local_moran(bv);
    r.p = bv.p;
}

// --second-period, --second-type: the first variable counts the incidents of --period and
// --crime-type, the second those of --second-period (else --period) and --second-type (else
// --crime-type); the others count in neither.
void Lisa::split_periods(const IncidentSet& set, LisaResult& r) const {
    auto chosen = [&](bool second) {
        FilterOptions f;
        if (by_period()) {
            f.from = second ? std::optional<Seconds>(m_second_period.from) : m_first_from;
            f.to = second ? std::optional<Seconds>(m_second_period.to) : m_first_to;
        }
        f.crime_types = second && !m_second_types.empty() ? m_second_types : m_first_types;
        FilterCounts counts;
        try {
            return select(set, f, counts);
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    };
    const auto first = chosen(false), second = chosen(true);
    auto& u = r.units;
    r.second.assign(u.counts.size(), 0.0);
    u.counts.assign(u.counts.size(), 0.0);
    r.second_unit_of.assign(r.unit_of.size(), -1);
    std::size_t in_first = 0, in_second = 0;
    for (std::size_t i = 0; i < r.unit_of.size(); ++i) {
        const auto k = r.unit_of[i];
        if (second[i]) r.second_unit_of[i] = k;
        if (!first[i]) r.unit_of[i] = -1;
        if (k < 0) continue;
        in_first += first[i], in_second += second[i];
        if (first[i]) u.counts[static_cast<std::size_t>(k)] += set.incidents[i].weight;
        if (second[i]) r.second[static_cast<std::size_t>(k)] += set.incidents[i].weight;
    }
    if (!in_first || !in_second)
        throw std::runtime_error(fmt::format("the {} variable has no incident in the units; check --period, --crime-type, "
                                             "--second-period, --second-type and the filters",
                                             !in_first ? "first" : "second"));
}

// What the second variable is, for people and the metadata.
std::string Lisa::second_text() const {
    if (m_points) return "points of " + m_second_points + " per km2";
    std::string types;
    for (const auto& t : m_second_types) types += (types.empty() ? "" : ", ") + t;
    return "incidents" + (types.empty() ? std::string() : " of " + types) +
           (by_period() ? " in " + m_params.find("second-period")->values.back() : std::string(" in the same period"));
}

// Each variable's period (FROM..TO, either end open; "all") and crime types (empty: all).
nlohmann::json Lisa::variables_json() const {
    auto period = [](std::optional<Seconds> from, std::optional<Seconds> to) -> std::string {
        if (!from && !to) return "all";
        return (from ? format_date(*from) : std::string()) + ".." + (to ? format_date(*to) : std::string());
    };
    const std::string first = by_period() ? period(m_first_from, m_first_to) : period(m_filters.from, m_filters.to);
    const auto first_types = m_second_types.empty() ? m_filters.crime_types : m_first_types;
    return {{"first", {{"period", first}, {"crime_types", first_types}}},
            {"second",
             {{"period", by_period() ? period(m_second_period.from, m_second_period.to) : first},
              {"crime_types", m_second_types.empty() ? first_types : m_second_types}}}};
}

// --second-points: points per km2 of each unit (a cell's area, or the area's polygon).
void Lisa::count_points(LisaResult& r, const Ingested& in) const {
    const auto& u = r.units;
    const std::size_t n = u.counts.size();
    std::vector<double> points(n, 0.0), km2(n, 0.0);
    if (m_grid.per.empty()) {
        for (const auto& pt : m_points->points) {
            const auto col = u.grid.col_of(pt.x), row = u.grid.row_of(pt.y);
            if (!u.grid.contains(col, row)) continue;
            const auto k = u.unit_of[static_cast<std::size_t>(row) * u.grid.cols + static_cast<std::size_t>(col)];
            if (k >= 0) points[static_cast<std::size_t>(k)] += 1;
        }
        km2.assign(n, u.grid.cell * u.grid.cell / 1e6);
    } else {
        const auto& layer = in.layers[layer_labelled(m_grid.per, in.layers)];
        geo::AreaLocator locate(*layer.generations().back().index);
        for (const auto& pt : m_points->points)
            if (const int k = locate.locate(pt.x, pt.y); k >= 0) points[static_cast<std::size_t>(k)] += 1;
        geo::GeosContext gc;
        for (std::size_t k = 0; k < n; ++k) {
            auto g = geo::from_wkb(gc, u.polygons[k].data(), u.polygons[k].size());
            GEOSArea_r(gc.get(), g.get(), &km2[k]);
            km2[k] /= 1e6;
        }
    }
    r.second.resize(n);
    for (std::size_t k = 0; k < n; ++k) r.second[k] = km2[k] > 0 ? points[k] / km2[k] : 0.0;
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
    if (by_incidents()) split_periods(set, *r);
    if (m_points) count_points(*r, in);
    if (m_population) rates(*r);
    const auto& x = !r->smoothed.empty() ? r->smoothed : !r->rate.empty() ? r->rate : u.counts;
    const Neighbours w = without_self(u.nb, m_grid.spatial_weights == "row");
    std::size_t isolated = 0;
    for (std::size_t k = 0; k < n; ++k) isolated += w.offsets[k] == w.offsets[k + 1];
    if (isolated) ctx.log().warning(fmt::format("{} units have no neighbour ({}): their I is 0, never significant",
                                                isolated, neighbours_text()));
    ctx.log().stage("units and neighbours");
    try {
        run_moran(x, w, *r, ctx.threads());
    } catch (const LisaError& e) {
        throw std::runtime_error(e.what());
    }
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
    if (by_incidents()) {
        // The filters were widened to read both variables' incidents (take_first_selection):
        // say what each one counts, and keep --crime-type as given.
        r->metadata["variables"] = variables_json();
        r->metadata["parameters"]["crime_types"] = r->metadata["variables"]["first"]["crime_types"];
    }
    if (bivariate()) {
        r->metadata["second_variable"] = second_text();
        r->values += "; second variable: " + second_text() + (r->second_rate.empty() ? "" : " (rates per 1,000 residents)");
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
    const bool by_period = !r.second_unit_of.empty();
    if (by_period) t.fields.push_back({"count_second", FieldType::real, R::count});
    if (!r.second_rate.empty())
        t.fields.push_back({"rate_second", FieldType::real, R::rate, Derivation::ratio("count_second", "population", 1000)});
    if (m_points) t.fields.push_back({"points_per_km2", FieldType::real, R::measure});
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
        if (!r.second.empty()) v.emplace_back(r.second[k]);
        if (!r.second_rate.empty()) v.emplace_back(r.second_rate[k]);
        for (double s : {r.moran.i[k], r.moran.expected[k], r.moran.variance[k], r.moran.z[k], r.p[k], r.p_adjusted[k]})
            v.emplace_back(s);
        v.emplace_back(r.quadrant[k]);
        t.rows.push_back(std::move(v));
    }
    if (by_period)
        w.counts("units", {unit_members("count", r.unit_of, u.counts.size(), u.length),
                           unit_members("count_second", r.second_unit_of, u.counts.size(), u.length)});
    else
        w.counts("units", {unit_members("count", r.unit_of, u.counts.size(), u.length)});
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
