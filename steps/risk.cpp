// risk: risk terrain modelling (docs/risk.md). Factor layers (points, lines, polygons) measured
// over the cells of the study area, a count regression chosen by BIC, each factor's relative
// risk, the risk surface and the top risk places with the factors behind each.
#include "geo/geos.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/risk_terrain.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/shape_reader.hpp"
#include "steps/grid_area.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>

namespace hotspots::steps {
namespace {

struct RiskResult : Result {
    Units units;
    std::vector<double> counts;                 // per unit (cell)
    std::vector<std::int64_t> unit_of;          // per incident
    RiskModel model;
    std::vector<double> surface;                // per grid cell: score, NaN outside the study area
    io::FeatureTable places;
    std::vector<std::vector<std::uint32_t>> place_members;
    nlohmann::json meta;
    std::size_t outside = 0;
};

struct FactorSpec {
    std::string name, path;
};

FactorSpec parse_factor(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw UsageError("--factor '" + text + "': give NAME=FILE (licensed_premises=premises.csv)");
    FactorSpec f{text.substr(0, eq), text.substr(eq + 1)};
    for (char c : f.name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            throw UsageError("--factor '" + text + "': a factor's name takes letters, digits, _ and - only (it names a "
                                                   "column of the cell table)");
    return f;
}

std::vector<double> parse_distances(const std::string& text) {
    std::vector<double> out;
    std::stringstream in(text);
    for (std::string part; std::getline(in, part, ',');) {
        const double d = parse_number(part, Range{1, 5000, false, false});
        for (double e : out)
            if (e == d) throw UsageError(fmt::format("{:g} m given twice", d));
        out.push_back(d);
    }
    if (out.empty() || out.size() > 8) throw UsageError("give 1 to 8 distances in metres, comma-separated (100,200,400)");
    return out;
}

// A factor layer none of whose vertices lies within 5 km of the incidents is in another CRS or
// of another place: every cell would measure it the same, so it is refused, not dropped.
void refuse_if_far(const RiskFactor& f, const std::string& path, const IncidentSet& set) {
    constexpr double margin = 5000;
    const Box b = extent_of(set);
    Box p = Box::nothing();
    auto near = [&](const XY& q) {
        p.include(q.x, q.y);
        return q.x >= b.xmin - margin && q.x <= b.xmax + margin && q.y >= b.ymin - margin && q.y <= b.ymax + margin;
    };
    for (const auto& q : f.points)
        if (near(q)) return;
    for (const auto& s : f.shapes)
        for (const auto& part : s.parts)
            for (const auto& q : part)
                if (near(q)) return;
    throw std::runtime_error(fmt::format(
        "--factor {}={}: none of it lies within 5 km of the incidents (incidents in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}), the "
        "factor in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f})); is its CRS right (--factor-crs), or is it of another place?",
        f.name, path, b.xmin, b.ymin, b.xmax, b.ymax, p.xmin, p.ymin, p.xmax, p.ymax));
}

const char* family_name(const RiskModel& m) { return m.negative_binomial ? "negative binomial" : "Poisson"; }

class Risk : public Step {
public:
    Risk() {
        declare_common(false);
        auto& p = m_params;
        p.list("factor", m_factor_text,
               "A risk factor: NAME=FILE, a layer of points, lines or polygons (any vector file; CSV points with "
               "longitude/latitude or easting/northing); repeat for each factor")
            .needed()
            .reads_file(file_after("=", ',', false));
        p.text("factor-crs", m_factor_crs, "CRS of the --factor files that have none (default: --work-crs)");
        p.value("distances", m_distances, "Distances each factor is measured at (proximity and density), comma-separated",
                parse_distances)
            .def("100,200,400")
            .in_unit("metres");
        p.value("cell", m_cell, "Cell size (grid aligned like kde; 10 to 5000)",
                [](const std::string& v) { return parse_cell_metres(v, 10, 5000); }).def("100").in_unit("metres");
        declare_grid_area(p, m_area);
        p.text("model", m_family, "Count model: poisson, nb (negative binomial) or auto (nb when theta converges and "
                                  "its BIC is lower)")
            .one_of({"poisson", "nb", "auto"})
            .def("auto");
        p.number("confidence", m_confidence, "Confidence of the relative risks' intervals", Range{0.5, 0.999, false, false})
            .def("0.95");
        p.integer("top", m_top, "Top risk places: the cells of the highest scores (ties kept), merged where they touch",
                  Range::between(1, 10000))
            .def("20");
        p.output("output", m_output, "The factors: measure, coefficient, relative risk with its interval, p, selected: .csv",
                 "factors", ".csv")
            .short_form("o");
        p.output("cells", m_cells, "The cell table: each cell's count, its factors' 0/1 measures and score: .csv", "cells",
                 ".csv");
        p.output("risk-surface", m_surface, "The risk surface (relative risk score per cell): .tif", "surface", ".tif .tiff");
        p.output("places", m_places, "The top risk places with the factors driving each: .geojson or .gpkg", "places",
                 ".geojson .gpkg");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"risk",
                "Risk terrain: which factors (stations, licensed premises, roads) make incidents likelier nearby, and where",
                "docs/risk.md",
                {{.role = "factors", .kind = ProductKind::table, .title = "Risk factors", .table = TableView::rows,
                  .columns = {"factor", "measure", "relative_risk", "ci_low", "ci_high", "p", "selected"}},
                 {.role = "surface", .kind = ProductKind::raster, .title = "Risk terrain", .map = MapView::surface,
                  .units = "relative risk score"},
                 {.role = "places", .kind = ProductKind::features, .title = "Top risk places", .map = MapView::outlines,
                  .table = TableView::rows, .columns = {"label", "score", "drivers", "incidents"}, .label = "label"},
                 {.role = "cells", .kind = ProductKind::table, .title = "Risk terrain cells"}},
                metadata_roles({{ColumnRole::identifier, "fit.family"},
                                {ColumnRole::count, "fit.incidents_in_cells<incidents"},
                                {ColumnRole::measure, "parameters.{cell_m confidence distances_m extent factor_crs factors "
                                          "mask model top} fit.cells"},
                {ColumnRole::measure, "parameters.factors.{features file name}"}})};
    }
    void check(Context& ctx, const AreaLayers&) override;
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    void make_places(RiskResult& r, const Ingested& in) const;
    std::vector<std::string> m_factor_text;
    std::vector<FactorSpec> m_specs;
    std::vector<RiskFactor> m_factors;
    std::vector<std::string> m_kinds;
    std::string m_factor_crs, m_family = "auto", m_output, m_cells, m_surface, m_places;
    std::vector<double> m_distances{100, 200, 400};
    double m_cell = 100, m_confidence = 0.95;
    std::size_t m_top = 20;
    GridArea m_area;
};

void Risk::check(Context& ctx, const AreaLayers&) {
    check_grid_area(m_area, ctx);
    m_specs.clear();
    m_factors.clear();
    m_kinds.clear();
    std::set<std::string> names;
    for (const auto& t : m_factor_text) {
        auto spec = parse_factor(t);
        if (!names.insert(spec.name).second) throw UsageError("--factor " + spec.name + ": the name is given twice");
        ctx.record_read(spec.path);
        io::ShapeLayer layer;
        try {
            layer = io::read_shapes(spec.path, m_factor_crs, ctx.work_crs());
        } catch (const io::IoError& e) {
            throw io::IoError("--factor " + spec.name + ": " + e.what());
        }
        RiskFactor f{spec.name, std::move(layer.points), {}};
        for (auto& s : layer.shapes) f.shapes.push_back({std::move(s.parts), s.area});
        m_kinds.push_back(fmt::format("{} {}", layer.kind == io::ShapeLayer::Kind::points ? f.points.size() : f.shapes.size(),
                                      io::to_string(layer.kind)));
        m_factors.push_back(std::move(f));
        m_specs.push_back(std::move(spec));
    }
    if (m_factors.empty()) throw UsageError("--factor: give at least one NAME=FILE");
}

std::unique_ptr<Result> Risk::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    for (std::size_t f = 0; f < m_factors.size(); ++f) refuse_if_far(m_factors[f], m_specs[f].path, set);
    auto r = std::make_unique<RiskResult>();
    GridParams grid;
    grid.cell = m_cell;
    grid.area = m_area;
    r->units = grid_units(grid, set, ctx);
    auto& u = r->units;
    r->unit_of = unit_of_incident(u, set);
    r->counts.assign(u.unit_cell.size(), 0);
    for (auto k : r->unit_of) {
        if (k < 0) ++r->outside;
        else ++r->counts[static_cast<std::size_t>(k)];
    }
    if (r->outside)
        ctx.log().note(fmt::format("{} incidents fall outside the grid or the mask and are not counted", r->outside));
    std::vector<XY> centres;
    for (auto c : u.unit_cell) centres.push_back({u.grid.centre_x(c % u.grid.cols), u.grid.centre_y(c / u.grid.cols)});
    ctx.log().stage("cells counted");
    RiskOptions options;
    options.distances = m_distances;
    options.confidence = m_confidence;
    options.family = m_family == "poisson" ? RiskFamily::poisson : m_family == "nb" ? RiskFamily::negative_binomial
                                                                                     : RiskFamily::automatic;
    try {
        r->model = fit_risk_terrain(centres, r->counts, m_factors, options);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("the model cannot be fitted: {}{}", e.what(),
                                             m_family == "nb" ? " (try --model poisson or auto)" : ""));
    }
    ctx.log().stage("model fitted");
    r->surface.assign(u.grid.cells(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t k = 0; k < u.unit_cell.size(); ++k) r->surface[u.unit_cell[k]] = r->model.score[k];
    nlohmann::json factors = nlohmann::json::array();
    for (std::size_t f = 0; f < m_factors.size(); ++f)
        factors.push_back({{"name", m_specs[f].name}, {"file", m_specs[f].path}, {"features", m_kinds[f]}});
    r->meta = metadata("risk", m_input, m_filters, in,
                       {{"factors", factors}, {"factor_crs", m_factor_crs}, {"distances_m", m_distances},
                        {"cell_m", m_cell}, {"extent", m_area.extent_text}, {"mask", m_area.mask}, {"model", m_family},
                        {"confidence", m_confidence}, {"top", m_top}});
    const auto& m = r->model;
    r->meta["fit"] = {{"family", family_name(m)}, {"theta", m.theta}, {"bic", m.bic}, {"log_likelihood", m.log_likelihood},
                      {"intercept", m.intercept}, {"intercept_se", m.se_intercept_and_factors.empty() ? 0.0 : m.se_intercept_and_factors[0]},
                      {"cells", centres.size()}, {"incidents_in_cells", set.incidents.size() - r->outside}};
    make_places(*r, in);
    return r;
}

// The cells with the highest scores (the top-th score and any equal to it, above 1), merged
// where they touch, ranked by their highest score, then by incidents.
void Risk::make_places(RiskResult& r, const Ingested& in) const {
    const auto& u = r.units;
    std::vector<double> scores = r.model.score;
    std::sort(scores.begin(), scores.end(), std::greater<>());
    if (scores.empty() || !(scores.front() > 1)) return;
    const double cut = std::max(scores[std::min(m_top, scores.size()) - 1], std::nextafter(1.0, 2.0));
    std::vector<double> values(u.grid.cells(), 0.0);
    for (std::size_t k = 0; k < u.unit_cell.size(); ++k)
        if (r.model.score[k] >= cut) values[u.unit_cell[k]] = r.model.score[k];
    const auto comps = connected_components(values, u.grid, cut);
    HotspotOptions options;
    options.prefix = "R";
    auto hs = build_hotspots(in.set, u.grid, comps, in.layers, options).hotspots;
    std::stable_sort(hs.begin(), hs.end(), [](const Hotspot& a, const Hotspot& b) { return a.peak > b.peak; });
    using io::FieldType;
    using R = ColumnRole;
    auto& t = r.places;
    t.layer = "risk_places";
    t.crs = m_input.work_crs;
    t.metadata = r.meta;
    t.fields = {{"label", FieldType::text, R::area},        {"score", FieldType::real, R::statistic},
                {"drivers", FieldType::text, R::identifier}, {"cells", FieldType::integer, R::measure},
                {"area_m2", FieldType::real, R::measure},    {"incidents", FieldType::integer, R::count}};
    for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text, R::area});
    for (std::size_t k = 0; k < hs.size(); ++k) {
        const auto& h = hs[k];
        // Its drivers: the selected factors present in any of its cells.
        std::vector<bool> present(r.model.factors.size(), false);
        std::size_t cells = 0;
        for (std::size_t c = 0; c < u.unit_cell.size(); ++c)
            if (comps.label[u.unit_cell[c]] == static_cast<std::int32_t>(h.component)) {
                ++cells;
                for (auto d : r.model.drivers[c]) present[d] = true;
            }
        std::string drivers;
        for (std::size_t d = 0; d < present.size(); ++d)
            if (present[d]) drivers += (drivers.empty() ? "" : ", ") + m_specs[r.model.factors[d].op.factor].name;
        const std::string place = h.label.substr(std::min(h.label.size(), h.label.find(' ') + 1));
        std::vector<io::FieldValue> row = {fmt::format("R{} {}", k + 1, place), std::round(h.peak * 1000) / 1000, drivers,
                                           std::int64_t(cells), h.area_m2, std::int64_t(h.incidents)};
        for (const auto& a : h.areas) row.emplace_back(areas_text(a));
        t.rows.push_back(std::move(row));
        t.geometries.push_back(h.polygon);
        r.place_members.push_back(h.members);
    }
}

std::vector<Column> factor_columns() {
    using R = ColumnRole;
    return {{"factor", R::identifier},   {"measure", R::identifier},   {"distance_m", R::measure},
            {"cells_with", R::measure},   {"coefficient", R::statistic}, {"se", R::statistic},
            {"relative_risk", R::statistic}, {"ci_low", R::statistic}, {"ci_high", R::statistic},
            {"p", R::statistic},          {"selected", R::category},    {"fit", R::identifier},
            {"note", R::identifier}};
}

// One row per factor: its best measure, with the final model's figures when selected, else its
// figures alone (Poisson, step 1 of the selection), so a reader sees how strong the left-out were.
std::vector<std::vector<std::string>> factor_rows(const RiskModel& m, double confidence) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& c : m.candidates) {
        if (!c.measurable) {
            rows.push_back({c.factor, "", "", "0", "", "", "", "", "", "", "no", "", c.note});
            continue;
        }
        double b = c.coef, se = c.se;
        std::string fit = "alone (Poisson)";
        for (const auto& s : m.factors)
            if (s.op.factor == c.op.factor) b = s.coef, se = s.se, fit = "final model";
        const auto [lo, hi] = relative_risk_interval(b, se, confidence);
        std::size_t with = 0;
        for (double v : c.op.column) with += v > 0;
        rows.push_back({c.factor, c.op.label(), fmt::format("{:g}", c.op.distance), std::to_string(with),
                        fmt::format("{:.9g}", b), fmt::format("{:.9g}", se), fmt::format("{:.6g}", std::exp(b)),
                        fmt::format("{:.6g}", lo), fmt::format("{:.6g}", hi), fmt::format("{:.4g}", wald_p(b, se)),
                        c.selected ? "yes" : "no", fit, c.note});
    }
    return rows;
}

void Risk::write(const Result& result, Writer& w) const {
    const auto& r = result_as<RiskResult>(result);
    const auto& u = r.units;
    if (!m_output.empty()) w.table("factors", factor_columns(), factor_rows(r.model, m_confidence), r.meta);
    if (!m_cells.empty()) {
        using R = ColumnRole;
        std::vector<Column> header = {{"cell", R::identifier}, {"x", R::area}, {"y", R::area}, {"count", R::count}};
        for (const auto& c : r.model.candidates)
            if (c.measurable) header.push_back({c.factor, R::category});
        header.push_back({"score", R::statistic});
        header.push_back({"drivers", R::identifier});
        std::string lines;
        for (std::size_t k = 0; k < u.unit_cell.size(); ++k) {
            const std::size_t at = u.unit_cell[k];
            lines += fmt::format("{},{},{},{:g}", k + 1, u.grid.centre_x(at % u.grid.cols), u.grid.centre_y(at / u.grid.cols),
                                 r.counts[k]);
            for (const auto& c : r.model.candidates)
                if (c.measurable) lines += c.op.column[k] > 0 ? ",1" : ",0";
            std::string drivers;
            for (auto d : r.model.drivers[k]) drivers += (drivers.empty() ? "" : ";") + m_specs[r.model.factors[d].op.factor].name;
            lines += fmt::format(",{:.9g},{}\n", r.model.score[k], drivers);
        }
        w.counts("cells", {{"count", members_of(r.unit_of, u.unit_cell.size())}});
        w.csv("cells", header, lines, r.meta);
    }
    if (!m_surface.empty()) {
        double top = 1;
        for (double v : r.model.score) top = std::max(top, v);
        const double cut = std::max(1.0, top / 2);
        w.raster("surface", {&u.grid, &r.surface, m_input.work_crs, nullptr, "relative risk score", r.meta},
                 io::density_style(top, cut, "relative risk score"));
    }
    if (!m_places.empty()) {
        w.counts("places", {{"incidents", r.place_members}});
        w.features("places", r.places, io::hotspot_style());
    }
}

std::string Risk::report(const Result& result) const {
    const auto& r = result_as<RiskResult>(result);
    const auto& m = r.model;
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "{} cells of {:g} m, {:g} incidents in them; {} model", r.counts.size(), m_cell,
                   std::accumulate(r.counts.begin(), r.counts.end(), 0.0), family_name(m));
    if (m.negative_binomial) fmt::format_to(out, " (theta {:.4g})", m.theta);
    fmt::format_to(out, ", BIC {:.1f}\n", m.bic);
    if (m.factors.empty()) s += "no factor selected: none makes incidents likelier nearby by the BIC\n";
    for (const auto& f : m.factors)
        fmt::format_to(out, "{}: {}: relative risk {:.3g} ({:g}%: {:.3g}-{:.3g}), p {:.2g}\n", m_specs[f.op.factor].name,
                       f.op.label(), f.relative_risk, m_confidence * 100, f.low, f.high, wald_p(f.coef, f.se));
    for (const auto& d : m.dropped) fmt::format_to(out, "left out: {}\n", d);
    fmt::format_to(out, "{} top risk places\n", r.places.rows.size());
    return s;
}

}  // namespace

std::unique_ptr<Step> make_risk() { return std::make_unique<Risk>(); }

}  // namespace hotspots::steps
