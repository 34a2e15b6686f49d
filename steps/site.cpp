// site: where to put cameras (knife bins, safe places): the candidate sites that cover the
// most incidents within a radius (MCLP), the fewest that cover a share (LSCP), or the most
// within a budget; existing sites kept and counted first. See docs/site.md.
#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "hotspots/site.hpp"
#include "io/qgis_style.hpp"
#include "io/row_parser.hpp"
#include "io/schema.hpp"
#include "steps/grid_area.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>

namespace hotspots::steps {
namespace {

struct SiteResult : Result {
    io::FeatureTable sites;
    std::vector<std::vector<std::string>> curve;
    nlohmann::json metadata;
    std::string text;
};

// The column `field` of a point layer, or -1 (throws UsageError when named and missing).
int field_index(const io::PointLayer& layer, const std::string& field, const std::string& option, const std::string& path) {
    if (field.empty()) return -1;
    const int i = io::find_column(layer.fields, field);
    if (i < 0)
        throw UsageError(fmt::format("{} {}: {} has no column '{}'; its columns are {}", option, field, path, field,
                                     io::column_list(layer.fields)));
    return i;
}

class Site : public Step {
public:
    Site() {
        declare_common(false);
        auto& p = m_params;
        declare_side_file(p, "candidates", m_candidates, m_candidates_crs,
                          "Candidate sites: any vector file of points (CSV with longitude/latitude or easting/northing)")
            .needed();
        declare_side_file(p, "existing", m_existing, m_existing_crs,
                          "Sites already there (cameras): kept, and their coverage counted first");
        p.number("radius", m_radius, "A site covers the incidents within this distance", Range{0, 5000, true, false})
            .def("75")
            .in_unit("metres");
        p.text("model", m_model, "mclp: the --count sites covering most; lscp: the fewest covering --share; budget: the "
                                 "most within --budget of --cost-field")
            .def("mclp")
            .one_of({"mclp", "lscp", "budget"});
        p.integer("count", m_count, "Sites to choose (mclp)", Range::between(1, 100000)).def("10");
        p.number("share", m_share, "Share of the incidents to cover (lscp)", Range{0, 100, true, false}).def("80").in_unit("%");
        p.value("budget", m_budget, "Total cost of the sites chosen (budget; > 0)", [](const std::string& v) {
             double x = 0;
             if (!io::parse_number(v, x) || !(x > 0) || !std::isfinite(x))
                 throw UsageError("--budget '" + v + "': give a positive number");
             return std::optional<double>(x);
         }).shown_as("NUMBER");
        p.text("cost-field", m_cost_field, "Column of --candidates with each site's cost (budget; default 1 each)");
        p.text("radius-field", m_radius_field, "Column of --candidates with each site's own radius, metres");
        p.text("bearing-field", m_bearing_field, "Column of --candidates with the direction each camera faces, degrees "
                                                 "clockwise from north (with --view)");
        p.number("view", m_view, "Width of a camera's field of view around its bearing (360: all round)",
                 Range{0, 360, true, false})
            .def("360")
            .in_unit("degrees");
        p.text("id-field", m_id_field, "Column of --candidates naming each site (default: the first column)");
        p.text("solver", m_solver, "exact (GLPK, within --time-limit, from the greedy answer), greedy, or auto (exact up "
                                   "to 200,000 site-point pairs within reach, else greedy)")
            .def("auto")
            .one_of({"auto", "exact", "greedy"});
        p.number("time-limit", m_time_limit, "Time limit of the exact solver", Range{0, 86400, true, true}).def("60").in_unit("seconds");
        p.text("hotspot-polygons", m_hotspots, "Hotspot polygons PATH[,code=FIELD,name=FIELD] (kde --hotspots: name=label): only "
                                       "their incidents are demand; each site says which it serves, and the report which "
                                       "are left uncovered");
        declare_harm_weights(p, m_harm_weights);
        p.output("output", m_output, "The chosen (and existing) sites: .geojson (RFC 7946) or .gpkg", "sites", ".geojson .gpkg")
            .short_form("o")
            .needed();
        declare_no_style();
        p.output("curve", m_curve, "Coverage curve: share covered by the first k sites (CSV)", "curve", ".csv");
    }
    StepInfo info() const override {
        return {"site",
                "Where to put cameras: candidate sites covering the most incidents (MCLP, LSCP, budget)",
                "docs/site.md",
                {{.role = "sites", .kind = ProductKind::features, .table = TableView::rows},
                 {.role = "curve", .kind = ProductKind::table, .table = TableView::rows}}};
    }
    bool weighs_incidents() const override { return true; }
    void check(Context& ctx, const AreaLayers&) override {
        if (m_model == "budget" && !m_budget) throw UsageError("--model budget needs --budget (the total cost allowed)");
        if (m_model != "budget" && m_budget) throw UsageError("--budget is for --model budget");
        if (m_model == "budget" && m_cost_field.empty())
            ctx.log().note("--model budget without --cost-field: every site costs 1");
        // An option another model uses would be ignored: say so rather than answer another question.
        auto given = [&](const char* name) { return m_params.find(name)->given; };
        if (given("count") && m_model != "mclp")
            throw UsageError("--count is the number of sites for --model mclp; --model " + m_model +
                             (m_model == "lscp" ? " chooses as few as reach --share" : " chooses as many as --budget allows"));
        if (given("share") && m_model != "lscp")
            throw UsageError("--share is the share to cover for --model lscp (the fewest sites covering it); --model " +
                             m_model + " does not use it");
        if (!m_cost_field.empty() && m_model == "mclp")
            throw UsageError("--cost-field is for --model budget (the most within --budget) or lscp (the least cost "
                             "covering --share); --model mclp counts sites");
        const auto& c = ctx.points(m_candidates, m_candidates_crs, "--candidates");
        field_index(c, m_cost_field, "--cost-field", m_candidates);
        field_index(c, m_radius_field, "--radius-field", m_candidates);
        field_index(c, m_id_field, "--id-field", m_candidates);
        field_index(c, m_bearing_field, "--bearing-field", m_candidates);
        if (m_view < 360 && m_bearing_field.empty())
            throw UsageError("--view " + fmt::format("{}", m_view) + " needs --bearing-field (the direction each camera faces)");
        if (!m_existing.empty()) ctx.points(m_existing, m_existing_crs, "--existing");
        check_harm_weights(m_harm_weights, ctx);
        if (!m_hotspots.empty()) ctx.polygons(m_hotspots, "--hotspot-polygons");
    }
    Needs needs() const override {
        Needs n;
        n.ids = n.lsoa = false;
        n.location = false;
        n.type = !m_harm_weights.empty();
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        const auto& s = result_as<SiteResult>(r);
        w.features("sites", s.sites, io::site_style());
        if (!m_curve.empty())
            w.table("curve",
                    {{"sites", ColumnRole::measure}, {"covered", ColumnRole::count}, {"covered_pct", ColumnRole::rate},
                     {"incidents_covered", ColumnRole::count}},
                    s.curve, s.metadata);
    }
    std::string report(const Result& r) const override { return result_as<SiteResult>(r).text; }

private:
    std::string m_candidates, m_candidates_crs, m_existing, m_existing_crs, m_model = "mclp", m_cost_field, m_radius_field,
        m_id_field, m_bearing_field, m_solver = "auto", m_harm_weights, m_hotspots, m_output, m_curve;
    double m_radius = 75, m_share = 80, m_time_limit = 60, m_view = 360;
    std::optional<double> m_budget;
    std::int64_t m_count = 10;
};

std::unique_ptr<Result> Site::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing to cover");
    apply_harm_weights(set, m_harm_weights, ctx);
    // Demand: incidents at one point merge (data.police.uk's shared map points, repeat addresses).
    std::map<std::pair<double, double>, std::uint32_t> at;
    std::vector<geo::XY> demand_xy;
    SiteProblem p;
    std::vector<std::uint64_t> incidents_at;
    // With --hotspot-polygons, only the incidents inside one are demand, and each point knows its hotspot.
    const geo::AreaIndex* hot = m_hotspots.empty() ? nullptr : ctx.polygons(m_hotspots, "--hotspot-polygons").index.get();
    std::optional<geo::AreaLocator> locator;
    if (hot) locator.emplace(*hot);
    std::vector<int> hotspot_of;
    std::uint64_t outside_hotspots = 0;
    for (const auto& i : set.incidents) {
        const int h = hot ? locator->locate(i.x, i.y) : -1;
        if (hot && h < 0) {
            ++outside_hotspots;
            continue;
        }
        auto [it, fresh] = at.emplace(std::pair{i.x, i.y}, static_cast<std::uint32_t>(demand_xy.size()));
        if (fresh) {
            demand_xy.push_back({i.x, i.y});
            p.demand.push_back(0);
            incidents_at.push_back(0);
            hotspot_of.push_back(h);
        }
        p.demand[it->second] += i.weight;
        ++incidents_at[it->second];
    }
    if (std::any_of(set.incidents.begin(), set.incidents.end(), [](const Incident& i) { return i.precision == TimePrecision::month; }))
        ctx.log().warning("month-only incidents (data.police.uk) sit on anonymous map points shared by nearby streets, "
                          "up to a few hundred metres from where they happened: coverage within a short --radius is "
                          "approximate; use a police export with exact points for the final choice");
    if (hot) {
        if (demand_xy.empty())
            throw std::runtime_error("--hotspot-polygons " + m_hotspots + ": none of the " + std::to_string(set.incidents.size()) +
                                     " incidents lies inside a hotspot polygon; check that they are the same theme and area");
        ctx.log().note(fmt::format("{} incidents inside the {} hotspots are the demand ({} outside left out)",
                                   set.incidents.size() - outside_hotspots, hot->size(), outside_hotspots));
    }
    const auto& cand = ctx.points(m_candidates, m_candidates_crs, "--candidates");
    warn_if_far(cand.points, set, "--candidates " + m_candidates, ctx.log());
    const int cost_col = field_index(cand, m_cost_field, "--cost-field", m_candidates);
    const int radius_col = field_index(cand, m_radius_field, "--radius-field", m_candidates);
    const int bearing_col = field_index(cand, m_bearing_field, "--bearing-field", m_candidates);
    const int id_col = m_id_field.empty() ? (cand.fields.empty() ? -1 : 0) : field_index(cand, m_id_field, "--id-field", m_candidates);
    // A number from a candidate's column: positive (costs, radii) or any (bearings).
    auto number = [&](std::size_t j, int col, const char* option, bool positive) {
        double v = 0;
        const auto& text = cand.values[j][static_cast<std::size_t>(col)];
        if (!io::parse_number(text, v) || !std::isfinite(v) || (positive && !(v > 0)))
            throw std::runtime_error(fmt::format("{}: feature {}: {} '{}' is not {}", m_candidates, j + 1, option, text,
                                                 positive ? "a positive number" : "a number of degrees"));
        return v;
    };
    std::vector<geo::XY> sites = cand.points;
    std::vector<double> radii;
    std::vector<View> views;
    std::vector<std::string> ids;
    for (std::size_t j = 0; j < cand.points.size(); ++j) {
        if (cost_col >= 0) p.cost.push_back(number(j, cost_col, "--cost-field", true));
        if (radius_col >= 0) radii.push_back(number(j, radius_col, "--radius-field", true));
        if (bearing_col >= 0 && m_view < 360) views.push_back({number(j, bearing_col, "--bearing-field", false), m_view});
        ids.push_back(id_col >= 0 ? cand.values[j][static_cast<std::size_t>(id_col)] : std::to_string(j + 1));
    }
    const std::size_t n_candidates = sites.size();
    std::size_t n_existing = 0;
    if (!m_existing.empty()) {
        const auto& ex = ctx.points(m_existing, m_existing_crs, "--existing");
        warn_if_far(ex.points, set, "--existing " + m_existing, ctx.log());
        for (std::size_t k = 0; k < ex.points.size(); ++k) {
            sites.push_back(ex.points[k]);
            if (!p.cost.empty()) p.cost.push_back(1);
            if (!radii.empty()) radii.push_back(m_radius);
            if (!views.empty()) views.push_back({0, 360});  // existing cameras: all round (their bearing is not known)
            ids.push_back(ex.fields.empty() ? fmt::format("existing {}", k + 1) : ex.values[k][0]);
        }
        n_existing = ex.points.size();
    }
    p.existing.assign(sites.size(), false);
    for (std::size_t j = n_candidates; j < sites.size(); ++j) p.existing[j] = true;
    p.covers = coverage_within(demand_xy, sites, m_radius, radii, views);
    std::size_t pairs = 0;
    for (const auto& c : p.covers) pairs += c.size();
    ctx.log().note(fmt::format("{} incidents at {} points; {} candidate sites{}; {} site-point pairs within reach",
                               set.incidents.size(), demand_xy.size(), n_candidates,
                               n_existing ? fmt::format(" and {} existing", n_existing) : "", pairs));

    // No candidate within reach of any incident: every answer would be "no site", whatever
    // the model; more likely a wrong CRS or a radius in the wrong unit.
    const bool reach = std::any_of(p.covers.begin(), p.covers.begin() + static_cast<std::ptrdiff_t>(n_candidates),
                                   [](const auto& c) { return !c.empty(); });
    if (!reach)
        throw std::runtime_error(fmt::format("no candidate site of {} lies within --radius {} m of any of the {} incidents; "
                                             "check the CRS of --candidates (--candidates-crs) and --radius (metres)",
                                             m_candidates, m_radius, set.incidents.size()));
    const bool exact = m_solver == "exact" || (m_solver == "auto" && pairs <= 200'000);
    const double budget = m_budget ? *m_budget : std::numeric_limits<double>::infinity();
    SiteSolution s;
    try {
        if (m_model == "lscp") s = exact ? exact_lscp(p, m_share / 100, m_time_limit) : greedy_lscp(p, m_share / 100);
        else {
            const std::size_t count = m_model == "mclp" ? static_cast<std::size_t>(m_count) : 0;
            s = exact ? exact_mclp(p, count, budget, m_time_limit) : greedy_mclp(p, count, budget);
            if (!exact) rank_by_gain(p, s);
        }
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("--model lscp --share ") + fmt::format("{}", m_share) + ": " + e.what() +
                                 fmt::format(" within --radius {} m; add candidates near the incidents left out, or lower --share", m_radius));
    }
    if (!s.note.empty()) ctx.log().warning(s.note);

    auto r = std::make_unique<SiteResult>();
    const double total = s.total;
    auto pct = [&](double v) { return total > 0 ? 100 * v / total : 0.0; };
    // Incidents each site newly covers, in rank order (existing first).
    std::vector<char> hit(p.demand.size(), 0);
    std::string serves;  // the hotspots the last site counted newly covers
    auto newly = [&](std::size_t j) {
        std::uint64_t n = 0;
        std::vector<int> hs;
        for (auto i : p.covers[j])
            if (!hit[i]) {
                hit[i] = 1;
                n += incidents_at[i];
                if (hot && std::find(hs.begin(), hs.end(), hotspot_of[i]) == hs.end()) hs.push_back(hotspot_of[i]);
            }
        std::sort(hs.begin(), hs.end());
        serves.clear();
        for (int h : hs) serves += (serves.empty() ? "" : "; ") + hot->name(static_cast<std::size_t>(h));
        return n;
    };
    std::uint64_t existing_incidents = 0;
    for (std::size_t j = n_candidates; j < sites.size(); ++j) existing_incidents += newly(j);

    using io::FieldType;
    auto& t = r->sites;
    t.layer = "sites";
    t.crs = m_input.work_crs;
    using R = ColumnRole;
    t.fields = {{"rank", FieldType::integer, R::rank},        {"site", FieldType::text, R::identifier},
                {"status", FieldType::text, R::category},     {"gain", FieldType::real, R::count},
                {"incidents_new", FieldType::integer, R::count}, {"covered", FieldType::real, R::count},
                {"covered_pct", FieldType::real, R::rate},    {"cost", FieldType::real, R::measure},
                {"x", FieldType::real, R::place},             {"y", FieldType::real, R::place}};
    if (hot) t.fields.insert(t.fields.begin() + 5, {"serves", FieldType::text, R::area});
    geo::GeosContext gctx;
    auto add_point = [&](std::size_t j, std::vector<io::FieldValue> row) {
        row.emplace_back(std::round(sites[j].x * 100) / 100);
        row.emplace_back(std::round(sites[j].y * 100) / 100);
        t.rows.push_back(std::move(row));
        auto pt = geo::make_point(gctx, sites[j].x, sites[j].y);
        t.geometries.push_back(geo::to_wkb(gctx, pt.get()));
    };
    for (std::size_t j = n_candidates; j < sites.size(); ++j) {
        std::vector<io::FieldValue> row = {io::FieldValue{}, ids[j], std::string("existing"), io::FieldValue{}, io::FieldValue{},
                                           s.existing_covered, std::round(pct(s.existing_covered) * 100) / 100, io::FieldValue{}};
        if (hot) row.insert(row.begin() + 5, io::FieldValue{});
        add_point(j, std::move(row));
    }
    double running = s.existing_covered;
    std::uint64_t running_incidents = existing_incidents;
    r->curve.push_back({"0", fmt::format("{:.6g}", running), fmt::format("{:.4g}", pct(running)), std::to_string(running_incidents)});
    auto out = std::back_inserter(r->text);
    fmt::format_to(out, "{:<5} {:<24} {:>10} {:>10} {:>9}\n", "rank", "site", "new", "incidents", "covered");
    if (n_existing)
        fmt::format_to(out, "{:<5} {:<24} {:>10.1f} {:>10} {:>8.1f}%\n", "-", fmt::format("{} existing", n_existing),
                       s.existing_covered, existing_incidents, pct(s.existing_covered));
    for (std::size_t k = 0; k < s.chosen.size(); ++k) {
        const auto j = s.chosen[k];
        const auto n = newly(j);
        running += s.gain[k];
        running_incidents += n;
        std::vector<io::FieldValue> row = {std::int64_t(k + 1), ids[j], std::string("chosen"), s.gain[k], std::int64_t(n),
                                           running, std::round(pct(running) * 100) / 100, p.cost.empty() ? 1.0 : p.cost[j]};
        if (hot) row.insert(row.begin() + 5, serves);
        add_point(j, std::move(row));
        r->curve.push_back({std::to_string(k + 1), fmt::format("{:.6g}", running), fmt::format("{:.4g}", pct(running)),
                            std::to_string(running_incidents)});
        if (k < 20)
            fmt::format_to(out, "{:<5} {:<24} {:>10.1f} {:>10} {:>8.1f}%\n", k + 1, ids[j].substr(0, 24), s.gain[k], n, pct(running));
    }
    if (s.chosen.size() > 20) fmt::format_to(out, "... {} more sites in the output\n", s.chosen.size() - 20);
    nlohmann::json hotspot_cover = nlohmann::json::array();
    if (hot) {
        // Each hotspot's incidents and how many of them the sites cover.
        std::vector<std::uint64_t> in_hot(hot->size(), 0), covered_hot(hot->size(), 0);
        for (std::size_t i = 0; i < p.demand.size(); ++i) {
            in_hot[static_cast<std::size_t>(hotspot_of[i])] += incidents_at[i];
            if (hit[i]) covered_hot[static_cast<std::size_t>(hotspot_of[i])] += incidents_at[i];
        }
        std::vector<std::string> left;
        for (std::size_t h = 0; h < hot->size(); ++h) {
            hotspot_cover.push_back({{"code", hot->code(h)}, {"name", hot->name(h)}, {"incidents", in_hot[h]},
                                     {"covered", covered_hot[h]}});
            if (in_hot[h] > 0 && covered_hot[h] == 0) left.push_back(hot->name(h));
        }
        fmt::format_to(out, "hotspots left uncovered: {} of {}{}{}\n", left.size(), hot->size(), left.empty() ? "" : ": ",
                       fmt::join(left, "; "));
    }
    // Against chance: the same number of candidates drawn at random (fixed seed).
    double random_mean = 0;
    const std::size_t draws = 20, k = s.chosen.size();
    if (k > 0 && k < n_candidates) {
        std::mt19937_64 rng(20260101);
        std::vector<std::uint32_t> idx(n_candidates);
        for (std::size_t j = 0; j < n_candidates; ++j) idx[j] = static_cast<std::uint32_t>(j);
        for (std::size_t d = 0; d < draws; ++d) {
            for (std::size_t a = 0; a < k; ++a) std::swap(idx[a], idx[a + rng() % (n_candidates - a)]);
            std::vector<char> h(p.demand.size(), 0);
            for (std::size_t j = n_candidates; j < sites.size(); ++j)
                for (auto i : p.covers[j]) h[i] = 1;
            for (std::size_t a = 0; a < k; ++a)
                for (auto i : p.covers[idx[a]]) h[i] = 1;
            double c = 0;
            for (std::size_t i = 0; i < h.size(); ++i) c += h[i] ? p.demand[i] : 0;
            random_mean += c / draws;
        }
    }
    const double gap = std::isnan(s.bound) ? std::nan("") : m_model == "lscp" ? (s.cost - s.bound) / std::max(s.cost, 1e-12)
                                                                               : (s.bound - s.covered) / std::max(s.bound, 1e-12);
    fmt::format_to(out, "{} sites cover {:.1f}% of the incident weight ({:.1f}% by existing sites; {:.1f}% within reach of "
                        "any site); {} solution{}{}\n",
                   s.chosen.size(), pct(s.covered), pct(s.existing_covered), pct(s.reachable), s.method,
                   s.method == "exact" ? (s.optimal ? " (optimal)" : " (not proven optimal)") : "",
                   std::isnan(gap) ? std::string() : fmt::format(", gap to the upper bound {:.2f}%", 100 * std::max(0.0, gap)));
    if (k > 0 && k < n_candidates)
        fmt::format_to(out, "{} candidates drawn at random cover {:.1f}% on average ({} draws)\n", k, pct(random_mean), draws);
    r->metadata = metadata("site", m_input, m_filters, in,
                           {{"candidates", m_candidates}, {"existing", m_existing}, {"radius_m", m_radius},
                            {"model", m_model}, {"count", m_count}, {"share_pct", m_share},
                            {"budget", m_budget ? nlohmann::json(*m_budget) : nlohmann::json()},
                            {"cost_field", m_cost_field}, {"radius_field", m_radius_field},
                            {"bearing_field", m_bearing_field}, {"view_deg", m_view}, {"solver", m_solver},
                            {"time_limit_s", m_time_limit}, {"harm_weights", m_harm_weights}, {"hotspot_polygons", m_hotspots}});
    if (hot) r->metadata["hotspots"] = hotspot_cover;
    r->metadata["solution"] = {{"method", s.method},
                               {"optimal", s.optimal},
                               {"lp_bound", std::isnan(s.bound) ? nlohmann::json() : nlohmann::json(s.bound)},
                               {"gap", std::isnan(gap) ? nlohmann::json() : nlohmann::json(std::max(0.0, gap))},
                               {"covered", s.covered},
                               {"covered_by_existing", s.existing_covered},
                               {"total", s.total},
                               {"reachable", s.reachable},
                               {"random_placement_mean", random_mean},
                               {"note", s.note}};
    t.metadata = r->metadata;
    return r;
}

}  // namespace

std::unique_ptr<Step> make_site() { return std::make_unique<Site>(); }

}  // namespace hotspots::steps
