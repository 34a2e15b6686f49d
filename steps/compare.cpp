// compare: two selections of incidents (two periods, two crime types, or both) as kernel
// densities on one grid with one bandwidth: their difference, ratio or log ratio, and how far
// their hotspots agree.
#include "geo/area_index.hpp"
#include "hotspots/filter.hpp"
#include "hotspots/fuzzy_kappa.hpp"
#include "hotspots/kde.hpp"
#include "hotspots/map_compare.hpp"
#include "io/qgis_style.hpp"
#include "steps/kde.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace hotspots::steps {
namespace {

struct CompareResult : Result {
    KdePlan plan;
    std::vector<double> dual;
    std::vector<double> classes;  // 0 neither, 1 only A, 2 only B, 3 both; NaN outside
    std::vector<std::uint32_t> a_members, b_members;
    ThresholdResult a_cut, b_cut;
    Agreement agree;
    FuzzyKappa fuzzy;
    nlohmann::json meta;
};

class Compare : public Step {
public:
    Compare() {
        declare_common(false);
        auto& p = m_params;
        auto period = [](const std::string& v) {
            auto q = parse_period(v);
            if (!q) throw UsageError("'" + v + "': give a period as FROM..TO, e.g. 2024-11..2024-11");
            return *q;
        };
        p.value("after", m_a, "Map A: incidents of this period FROM..TO (this month, say)", period)
            .dated(Temporal::period)
            .shown_as("FROM..TO");
        p.value("before", m_b, "Map B: incidents of this period FROM..TO (last month, say)", period)
            .dated(Temporal::period)
            .shown_as("FROM..TO");
        p.list("a-type", m_a_types, "Map A: only this category or crime type (repeatable)");
        p.list("b-type", m_b_types, "Map B: only this category or crime type (repeatable)");
        p.path("a-map", m_a_map, "Map A as hotspot polygons made elsewhere (kde --hotspots, gistar --hotspots, cluster): "
                                 "PATH[,layer=...]; with --b-map, and --mask or --extent for the study area");
        p.path("b-map", m_b_map, "Map B as hotspot polygons (see --a-map)");
        p.text("surface", m_surface, "The dual surface: difference (A - B), ratio (A / B) or log-ratio (ln A/B)")
            .one_of({"difference", "ratio", "log-ratio"})
            .def("difference");
        p.text("scale", m_scale, "Each map as density (incidents per km2) or as shares (each map sums to 1: compares "
                                 "where, not how many)")
            .one_of({"density", "shares"})
            .def("density");
        p.number("floor", m_floor, "Ratio and log-ratio: cells where a divisor is below this share of its median are nodata",
                 Range::between(0, 1))
            .def("0.05");
        p.value("bandwidth", m_o.kde.bandwidth, "Bandwidth in metres (both maps), or auto, nrd or scott (from A and B together)",
                [this](const std::string& v) {
                    if (v == "auto" || v == "nrd" || v == "scott") {
                        m_o.kde.bandwidth_rule = v;
                        return 0.0;
                    }
                    m_o.kde.bandwidth_rule = "fixed";
                    return *parse_metres_or(v, "auto, nrd or scott");
                })
            .def("auto")
            .in_unit("metres");
        p.value("cell", m_o.kde.cell, "Cell size in metres, or auto", [](const std::string& v) { return parse_metres_or(v, "auto"); })
            .def("auto")
            .in_unit("metres");
        declare_grid_area(p, m_o.area);
        p.value("threshold", m_o.threshold, "Hot cells of each map: top:P%, mean+Ksd, value:X or share:P%", [](const std::string& v) {
             try {
                 return parse_threshold(v);
             } catch (const std::invalid_argument& e) {
                 throw UsageError(e.what());
             }
         }).def("top:5%");
        p.number("halving-distance", m_halving, "Fuzzy kappa: the distance at which a hot cell of the other map nearby "
                 "earns half credit (none beyond 4 of them)",
                 Range{0, 5000, true, false})
            .def("50")
            .in_unit("metres");
        p.output("output", m_output, "The dual surface (.tif)", "dual", ".tif .tiff").short_form("o");
        p.output("classes", m_classes, "Hot cells of A and B (.tif: 0 neither, 1 only A, 2 only B, 3 both)", "agreement_cells",
                 ".tif .tiff");
        p.output("csv", m_csv, "The agreement of the two maps (.csv)", "agreement", ".csv");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"compare",
                "Two periods or crime types as one dual surface (difference, ratio, log ratio) and how far their hotspots agree",
                "docs/compare.md",
                {{.role = "dual", .kind = ProductKind::raster, .title = "Dual surface (A against B)", .unstyled = true},
                 {.role = "agreement_cells", .kind = ProductKind::raster, .title = "Hot cells of A and B", .unstyled = true},
                 {.role = "agreement", .kind = ProductKind::table, .title = "Agreement of the two maps",
                  .table = TableView::rows}},
                metadata_roles({{ColumnRole::measure, "parameters.{after bandwidth_m bandwidth_rule before cell_m floor "
                                          "halving_distance_m kernel scale surface threshold}"},
                {ColumnRole::measure, "parameters.{a_type b_type}"}})};
    }
    bool makes(const std::string& role) const override { return role != "dual" || m_a_map.empty(); }
    void check(Context& ctx, const AreaLayers&) override {
        if (!m_a_map.empty() || !m_b_map.empty()) {
            if (m_a_map.empty() || m_b_map.empty()) throw UsageError("give --a-map and --b-map together");
            if (m_params.find("after")->given || !m_a_types.empty())
                throw UsageError("--a-map and --b-map compare two maps made already: leave out --after/--before and "
                                 "--a-type/--b-type");
            if (m_o.area.mask.empty() && !m_o.area.extent)
                throw UsageError("--a-map and --b-map need the study area, --mask or --extent: kappa counts the cells hot "
                                 "in neither map");
            if (!m_output.empty()) throw UsageError("--output (the dual surface) needs two selections of incidents, not two maps");
            check_grid_area(m_o.area, ctx);
            ctx.polygons(m_a_map, "--a-map");
            ctx.polygons(m_b_map, "--b-map");
            return;
        }
        if (!m_params.find("after")->given && !m_params.find("before")->given && m_a_types.empty() && m_b_types.empty())
            throw UsageError("say what maps A and B hold: --after and --before (two periods), --a-type and --b-type (two "
                             "crime types), or both");
        if (m_params.find("after")->given != m_params.find("before")->given) throw UsageError("give --after and --before together");
        if (m_a_types.empty() != m_b_types.empty()) throw UsageError("give --a-type and --b-type together");
        check_grid_area(m_o.area, ctx);
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::unique_ptr<Result> run_maps(Ingested& in, Context& ctx);
    std::vector<std::uint32_t> pick(const IncidentSet& set, const Period* period, const std::vector<std::string>& types) const;
    KdeParams m_o;
    Period m_a, m_b;
    std::vector<std::string> m_a_types, m_b_types;
    std::string m_surface = "difference", m_scale = "density", m_output, m_classes, m_csv, m_a_map, m_b_map;
    double m_floor = 0.05, m_halving = 50;
    FuzzyKappa fuzzy(const std::vector<std::uint8_t>& a_hot, const std::vector<std::uint8_t>& b_hot,
                     const std::vector<std::uint8_t>& valid, const Grid& g, unsigned threads) const;
};

// The hot cells of each map as two categories (0 not hot, 1 hot; -1 outside the comparison).
FuzzyKappa Compare::fuzzy(const std::vector<std::uint8_t>& a_hot, const std::vector<std::uint8_t>& b_hot,
                          const std::vector<std::uint8_t>& valid, const Grid& g, unsigned threads) const {
    std::vector<int> a(valid.size(), -1), b(valid.size(), -1);
    for (std::size_t c = 0; c < valid.size(); ++c)
        if (valid[c]) a[c] = a_hot[c], b[c] = b_hot[c];
    try {
        return fuzzy_kappa(a, b, {g.rows, g.cols, g.cell, m_halving, 4 * m_halving, threads});
    } catch (const std::invalid_argument& e) {
        throw UsageError(fmt::format("--halving-distance {:g} with cells of {:g} m: {}", m_halving, g.cell, e.what()));
    }
}

std::vector<std::uint32_t> Compare::pick(const IncidentSet& set, const Period* period,
                                         const std::vector<std::string>& types) const {
    FilterOptions f;
    if (period) {
        f.from = period->from;
        f.to = period->to;
    }
    f.crime_types = types;
    FilterCounts counts;
    std::vector<bool> keep;
    try {
        keep = select(set, f, counts);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < keep.size(); ++i)
        if (keep[i]) out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

// Two polygon layers on the study area's cells (a cell is hot when its centre is inside a
// polygon); the incidents counted are those inside each map's hot cells.
std::unique_ptr<Result> Compare::run_maps(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    auto r = std::make_unique<CompareResult>();
    KdeParams o = m_o;
    o.kde.bandwidth_rule = "fixed";
    o.kde.cell = o.kde.cell ? o.kde.cell : 25.0;
    o.kde.bandwidth = *o.kde.cell;  // only the grid and its mask are used
    r->plan = plan_kde(o, set, ctx);
    const auto& g = r->plan.grid;
    geo::AreaLocator a_map(*ctx.polygons(m_a_map, "--a-map").index), b_map(*ctx.polygons(m_b_map, "--b-map").index);
    std::vector<std::uint8_t> a_hot(g.cells()), b_hot(g.cells()), valid(g.cells());
    r->classes.assign(g.cells(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t row = 0; row < g.rows; ++row)
        for (std::size_t col = 0; col < g.cols; ++col) {
            const std::size_t c = row * g.cols + col;
            valid[c] = r->plan.mask.empty() || r->plan.mask[c];
            if (!valid[c]) continue;
            a_hot[c] = a_map.locate(g.centre_x(col), g.centre_y(row)) >= 0;
            b_hot[c] = b_map.locate(g.centre_x(col), g.centre_y(row)) >= 0;
            r->classes[c] = a_hot[c] + 2 * b_hot[c];
        }
    r->agree = agreement(a_hot, b_hot, valid);
    r->fuzzy = fuzzy(a_hot, b_hot, valid, g, ctx.threads());
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto col = g.col_of(set.incidents[i].x), row = g.row_of(set.incidents[i].y);
        if (!g.contains(col, row)) continue;
        const auto c = static_cast<std::size_t>(row) * g.cols + static_cast<std::size_t>(col);
        if (valid[c] && a_hot[c]) r->a_members.push_back(static_cast<std::uint32_t>(i));
        if (valid[c] && b_hot[c]) r->b_members.push_back(static_cast<std::uint32_t>(i));
    }
    r->meta = metadata("compare", m_input, m_filters, in,
                       {{"a_map", m_a_map}, {"b_map", m_b_map}, {"cell_m", r->plan.cell},
                        {"rule", "a cell is hot in a map when its centre lies inside one of its polygons"},
                        {"halving_distance_m", m_halving}});
    return r;
}

std::unique_ptr<Result> Compare::run(Ingested& in, Context& ctx) {
    if (!m_a_map.empty()) return run_maps(in, ctx);
    const auto& set = in.set;
    const bool periods = m_params.find("after")->given;
    auto r = std::make_unique<CompareResult>();
    r->a_members = pick(set, periods ? &m_a : nullptr, m_a_types);
    r->b_members = pick(set, periods ? &m_b : nullptr, m_b_types);
    if (r->a_members.empty() || r->b_members.empty())
        throw std::runtime_error(fmt::format("map {} holds no incident: check --after/--before, --a-type/--b-type and the filters",
                                             r->a_members.empty() ? "A" : "B"));
    // One plan (bandwidth, cell, grid) from A and B together, so both maps share them.
    IncidentSet both = set.empty_like();
    for (auto i : r->a_members) both.incidents.push_back(set.incidents[i]);
    for (auto i : r->b_members) both.incidents.push_back(set.incidents[i]);
    m_o.kde.kernel = Kernel::quartic;
    r->plan = plan_kde(m_o, both, ctx);
    const auto& plan = r->plan;
    const double norm = kernel_norm(Kernel::quartic) * plan.area_factor;
    auto surface = [&](const std::vector<std::uint32_t>& members) {
        const double share = m_scale == "shares" ? 1.0 / static_cast<double>(members.size()) : 1.0;
        auto point = [&](std::size_t k) {
            const auto& i = set.incidents[members[k]];
            return KernelPoint{i.x, i.y, i.weight * share * norm / (plan.bandwidth * plan.bandwidth), plan.bandwidth};
        };
        auto v = accumulate_kernels(members.size(), point, plan.grid, Kernel::quartic, ctx.threads());
        if (!plan.mask.empty())
            for (std::size_t c = 0; c < v.size(); ++c)
                if (!plan.mask[c]) v[c] = std::numeric_limits<double>::quiet_NaN();
        return v;
    };
    const auto a = surface(r->a_members), b = surface(r->b_members);
    ctx.log().stage("both surfaces made");
    const DualKind kind = m_surface == "ratio" ? DualKind::ratio : m_surface == "log-ratio" ? DualKind::log_ratio : DualKind::difference;
    r->dual = dual_surface(a, b, kind, surface_floor(a, m_floor), surface_floor(b, m_floor));
    r->a_cut = apply_threshold(a, m_o.threshold);
    r->b_cut = apply_threshold(b, m_o.threshold);
    std::vector<std::uint8_t> a_hot(a.size()), b_hot(a.size()), valid(a.size());
    r->classes.assign(a.size(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t c = 0; c < a.size(); ++c) {
        valid[c] = !std::isnan(a[c]) && (a[c] > 0 || b[c] > 0);
        a_hot[c] = a[c] > 0 && a[c] >= r->a_cut.cut;
        b_hot[c] = b[c] > 0 && b[c] >= r->b_cut.cut;
        if (valid[c]) r->classes[c] = a_hot[c] + 2 * b_hot[c];
    }
    r->agree = agreement(a_hot, b_hot, valid);
    r->fuzzy = fuzzy(a_hot, b_hot, valid, plan.grid, ctx.threads());
    nlohmann::json params = {{"surface", m_surface}, {"scale", m_scale}, {"bandwidth_m", plan.bandwidth},
                             {"bandwidth_rule", plan.bandwidth_choice.rule}, {"cell_m", plan.cell},
                             {"threshold", m_o.threshold.text}, {"kernel", "quartic"}, {"floor", m_floor},
                             {"halving_distance_m", m_halving}};
    if (periods) {
        params["after"] = format_date(m_a.from) + ".." + format_date(m_a.to);
        params["before"] = format_date(m_b.from) + ".." + format_date(m_b.to);
    }
    if (!m_a_types.empty()) {
        params["a_type"] = m_a_types;
        params["b_type"] = m_b_types;
    }
    r->meta = metadata("compare", m_input, m_filters, in, params);
    return r;
}

void Compare::write(const Result& result, Writer& w) const {
    const auto& r = result_as<CompareResult>(result);
    const std::string units = m_scale == "shares" ? "share per km2" : "incidents per km2";
    const std::string what = m_surface == "difference" ? "A - B (" + units + ")" : m_surface == "ratio" ? "A / B" : "ln(A / B)";
    if (m_a_map.empty()) {
        io::RasterOutput dual{&r.plan.grid, &r.dual, m_input.work_crs, nullptr, what, r.meta};
        w.raster("dual", dual, "");
    }
    io::RasterOutput classes{&r.plan.grid, &r.classes, m_input.work_crs, nullptr,
                             "hot cells: 0 neither, 1 only A, 2 only B, 3 both", r.meta};
    w.raster("agreement_cells", classes, "");
    const auto& g = r.agree;
    using R = ColumnRole;
    const double cell_ha = r.plan.cell * r.plan.cell / 1e4;
    w.counts("agreement", {{"a_incidents", {r.a_members}}, {"b_incidents", {r.b_members}}});
    w.table("agreement",
            {{"a_incidents", R::count}, {"b_incidents", R::count}, {"cells", R::measure}, {"a_hot_ha", R::measure},
             {"b_hot_ha", R::measure}, {"both_hot_ha", R::measure}, {"a_in_b", R::statistic}, {"b_in_a", R::statistic},
             {"jaccard", R::statistic}, {"kappa", R::statistic}, {"fuzzy_similarity", R::statistic},
             {"fuzzy_kappa", R::statistic}},
            {{std::to_string(r.a_members.size()), std::to_string(r.b_members.size()), std::to_string(g.cells),
              fmt::format("{:.2f}", static_cast<double>(g.a) * cell_ha), fmt::format("{:.2f}", static_cast<double>(g.b) * cell_ha),
              fmt::format("{:.2f}", static_cast<double>(g.both) * cell_ha), fmt::format("{:.4f}", g.a_in_b),
              fmt::format("{:.4f}", g.b_in_a), fmt::format("{:.4f}", g.jaccard), fmt::format("{:.4f}", g.kappa),
              fmt::format("{:.4f}", r.fuzzy.similarity), fmt::format("{:.4f}", r.fuzzy.kappa)}},
            r.meta);
}

std::string Compare::report(const Result& result) const {
    const auto& r = result_as<CompareResult>(result);
    const auto& g = r.agree;
    const double cell_ha = r.plan.cell * r.plan.cell / 1e4;
    if (!m_a_map.empty())
        return fmt::format("cells of {:g} m over the study area ({} cells): A hot {:.1f} ha holding {} incidents, B hot {:.1f} ha "
                           "holding {}, both {:.1f} ha\n{:.1f}% of A's hot area is hot in B, {:.1f}% of B's in A; Jaccard {:.3f}; "
                           "Cohen's kappa {:.3f}; fuzzy kappa {:.3f} (halving distance {:g} m)\n",
                           r.plan.cell, g.cells, static_cast<double>(g.a) * cell_ha, r.a_members.size(),
                           static_cast<double>(g.b) * cell_ha, r.b_members.size(), static_cast<double>(g.both) * cell_ha,
                           100 * g.a_in_b, 100 * g.b_in_a, g.jaccard, g.kappa, r.fuzzy.kappa, m_halving);
    return fmt::format(
        "A: {} incidents, B: {} incidents; bandwidth {:.0f} m, cells of {:g} m\n"
        "hot cells ({}): A {:.1f} ha, B {:.1f} ha, both {:.1f} ha\n"
        "{:.1f}% of A's hot area is hot in B, {:.1f}% of B's in A; Jaccard {:.3f}; Cohen's kappa {:.3f} (over {} cells with "
        "density in A or B); fuzzy kappa {:.3f} (halving distance {:g} m)\n",
        r.a_members.size(), r.b_members.size(), r.plan.bandwidth, r.plan.cell, m_o.threshold.text,
        static_cast<double>(g.a) * cell_ha, static_cast<double>(g.b) * cell_ha, static_cast<double>(g.both) * cell_ha,
        100 * g.a_in_b, 100 * g.b_in_a, g.jaccard, g.kappa, g.cells, r.fuzzy.kappa, m_halving);
}

}  // namespace

std::unique_ptr<Step> make_compare() { return std::make_unique<Compare>(); }

}  // namespace hotspots::steps
