// site: where to put cameras (knife bins, safe places): the candidate sites that cover the
// most incidents within a radius (MCLP), the fewest that cover a share (LSCP), or the most
// within a budget; existing sites kept and counted first. See docs/site.md.
#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "hotspots/labels.hpp"
#include "hotspots/site_study.hpp"
#include "io/qgis_style.hpp"
#include "io/row_parser.hpp"
#include "io/schema.hpp"
#include "io/street_style.hpp"
#include "steps/grid_area.hpp"
#include "steps/site_reach.hpp"
#include "steps/street_network.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace hotspots::steps {
namespace {

struct SiteResult : Result {
    io::FeatureTable sites;
    io::FeatureTable reach;  // --coverage network or view: what each site covers
    std::vector<std::vector<std::string>> curve;
    nlohmann::json metadata;
    std::string text;
};

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
        p.number("radius", m_radius, "A site covers the incidents within this distance (--coverage network: walking "
                                     "along --network)", Range{0, 5000, true, false})
            .def("75")
            .in_unit("metres");
        p.text("coverage", m_coverage, "straight: within --radius as the crow flies; network: within --radius walking "
                                       "along the streets of --network; view: within --radius and in sight along the "
                                       "street corridor of --network (--corridor-half-width)")
            .def("straight")
            .one_of({"straight", "network", "view"});
        declare_network(p, m_net, "Streets for --coverage network or view: any GDAL line layer (an OpenStreetMap "
                                  ".osm/.pbf extract, OS Open Roads, a GeoPackage)",
                        {.snaps_incidents = true, .declared_defaults = false});
        p.number("corridor-half-width", m_half_width, "--coverage view: a camera sees along the street corridor, "
                                                      "--network's lines buffered by this (default 8)",
                 Range{0, 100, true, false})
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
        p.output("reach", m_reach, "What each existing and chosen site covers (--coverage network: the streets reached "
                                   "walking; view: the street corridor seen): .geojson or .gpkg", "reach", ".geojson .gpkg");
    }
    StepInfo info() const override {
        return {"site",
                "Where to put cameras: candidate sites covering the most incidents (MCLP, LSCP, budget)",
                "docs/site.md",
                {{.role = "sites",
                  .kind = ProductKind::features,
                  .title = "Sites, ranked",
                  .map = MapView::sites,
                  .table = TableView::sorted,
                  .columns = {"rank", "site", "street", "status", "incidents_new", "covered", "covered_pct"},
                  .most = 15,
                  .sort = "rank",
                  .category = "status",
                  .label = "site",
                  .radius = "radius",
                  // Circles only for one reach as the crow flies.
                  .radius_if = {"coverage=straight", "radius-field="},
                  .chart = Chart{.x = "rank",
                                 .y = "covered_pct",
                                 .x_title = "sites, in the order chosen",
                                 .y_title = "% of the incidents covered",
                                 .caption = "Coverage curve: the share of the incidents the first k sites chosen cover "
                                            "(with the sites already there)."}},
                 {.role = "curve", .kind = ProductKind::table, .table = TableView::rows},
                 // Along the streets or in view a site's reach is no circle: the map draws it. It is
                 // drawn round a place chosen for its incidents (as the sites' points are), so
                 // publishing leaves it out unless points are kept.
                 {.role = "reach", .kind = ProductKind::features, .title = "What each site covers", .map = MapView::reach,
                  .category = "status", .locates_incidents = true}}};
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
        if (m_coverage == "network" && m_net.path.empty())
            throw UsageError("--coverage network walks along the streets of --network; give --network (a line layer)");
        if (m_coverage == "view" && m_net.path.empty())
            throw UsageError("--coverage view looks along the streets of --network; give --network (a line layer)");
        if (m_coverage == "straight" && !m_net.path.empty())
            throw UsageError("--network is for --coverage network (walking along the streets) or view (in sight along "
                             "them); add one, or leave --network out");
        if (!m_reach.empty() && m_coverage == "straight")
            throw UsageError("--reach draws what each site covers along the streets (--coverage network or view); with "
                             "--coverage straight it is the circle of --radius: leave --reach out");
        for (const char* name : {"corridor-half-width", "street-tolerance"})
            if (given(name) && m_coverage != "view")
                throw UsageError(fmt::format("--{} is for --coverage view (what a camera sees along the street); add it, "
                                             "or leave --{} out", name, name));
        read_network(m_params, m_net, ctx);
    }
    Needs needs() const override {
        Needs n;
        n.ids = n.lsoa = false;  // locations name the street beside each site
        n.type = !m_harm_weights.empty();
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        const auto& s = result_as<SiteResult>(r);
        w.features("sites", s.sites, io::site_style());
        if (m_coverage != "straight") w.features("reach", s.reach, io::site_reach_style(m_coverage == "network"));
        if (!m_curve.empty())
            w.table("curve",
                    {{"sites", ColumnRole::measure}, {"covered", ColumnRole::count}, {"covered_pct", ColumnRole::rate},
                     {"incidents_covered", ColumnRole::count}},
                    s.curve, s.metadata);
    }
    std::string report(const Result& r) const override { return result_as<SiteResult>(r).text; }

private:
    SiteCandidates read_sites(Context& ctx, const IncidentSet& set, std::vector<std::string>& ids) const;
    std::unique_ptr<Result> package(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids,
                                    const geo::AreaIndex* hot, const Ingested& in) const;
    io::FeatureTable reach(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids) const;

    std::string m_candidates, m_candidates_crs, m_existing, m_existing_crs, m_model = "mclp", m_cost_field, m_radius_field,
        m_id_field, m_bearing_field, m_solver = "auto", m_harm_weights, m_hotspots, m_output, m_curve, m_reach;
    std::string m_coverage = "straight";
    NetworkParams m_net;
    double m_radius = 75, m_share = 80, m_time_limit = 60, m_view = 360, m_half_width = 8;
    std::optional<double> m_budget;
    std::int64_t m_count = 10;
};

// "16304 (Watling Avenue)": the id, then the street nearest the site.
std::string site_name(const std::string& id, const std::string& street) {
    return street.empty() ? id : fmt::format("{} ({})", id, street);
}

// The candidates' and existing sites' points with the columns the options name, parsed, and
// each site's name in `ids`.
SiteCandidates Site::read_sites(Context& ctx, const IncidentSet& set, std::vector<std::string>& ids) const {
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
    SiteCandidates c;
    c.points = cand.points;
    for (std::size_t j = 0; j < cand.points.size(); ++j) {
        if (cost_col >= 0) c.cost.push_back(number(j, cost_col, "--cost-field", true));
        if (radius_col >= 0) c.radius.push_back(number(j, radius_col, "--radius-field", true));
        if (bearing_col >= 0 && m_view < 360) c.bearing.push_back(number(j, bearing_col, "--bearing-field", false));
        ids.push_back(id_col >= 0 ? cand.values[j][static_cast<std::size_t>(id_col)] : std::to_string(j + 1));
    }
    if (!m_existing.empty()) {
        const auto& ex = ctx.points(m_existing, m_existing_crs, "--existing");
        warn_if_far(ex.points, set, "--existing " + m_existing, ctx.log());
        c.existing = ex.points;
        for (std::size_t k = 0; k < ex.points.size(); ++k)
            ids.push_back(ex.fields.empty() ? fmt::format("existing {}", k + 1) : ex.values[k][0]);
    }
    return c;
}

std::unique_ptr<Result> Site::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing to cover");
    apply_harm_weights(set, m_harm_weights, ctx);
    const geo::AreaIndex* hot = m_hotspots.empty() ? nullptr : ctx.polygons(m_hotspots, "--hotspot-polygons").index.get();
    const SiteDemand demand = site_demand(set, hot);
    if (demand.month_only)
        ctx.log().warning("month-only incidents (data.police.uk) sit on anonymous map points shared by nearby streets, "
                          "up to a few hundred metres from where they happened: coverage within a short --radius is "
                          "approximate; use a police export with exact points for the final choice");
    if (hot) {
        if (demand.points.empty())
            throw std::runtime_error("--hotspot-polygons " + m_hotspots + ": none of the " + std::to_string(set.incidents.size()) +
                                     " incidents lies inside a hotspot polygon; check that they are the same theme and area");
        ctx.log().note(fmt::format("{} incidents inside the {} hotspots are the demand ({} outside left out)",
                                   set.incidents.size() - demand.outside_hotspots, hot->size(), demand.outside_hotspots));
    }
    std::vector<std::string> ids;
    const SiteCandidates sites = read_sites(ctx, set, ids);

    SiteSettings settings;
    settings.radius = m_radius;
    settings.model = m_model;
    settings.count = static_cast<std::size_t>(m_count);
    settings.share = m_share / 100;
    if (m_budget) settings.budget = *m_budget;
    settings.view = m_view;
    settings.solver = m_solver;
    settings.time_limit_s = m_time_limit;
    if (m_coverage != "straight") {
        settings.network = &m_net.data.lines;
        settings.snap = m_net.snap;
        settings.threads = ctx.threads();
    }
    if (m_coverage == "view") {
        settings.corridor = m_half_width;
        settings.street_tolerance = m_net.tolerance;
    }
    const SiteStudy study = site_study(demand, sites, settings, hot ? hot->size() : 0);
    const std::size_t n_existing = sites.existing.size();
    ctx.log().note(fmt::format("{} incidents at {} points; {} candidate sites{}; {} site-point pairs within reach",
                               set.incidents.size(), demand.points.size(), sites.points.size(),
                               n_existing ? fmt::format(" and {} existing", n_existing) : "", study.pairs));
    if (m_coverage == "view") {
        const auto& v = study.view;
        ctx.log().note(fmt::format("{}; of the {} site-point pairs within --radius as the crow flies, {} are in sight "
                                   "along the street corridor ({:g} m either side of a line)", network_note(m_net),
                                   v.pairs_straight, v.pairs_view, m_half_width));
        if (v.sites_off_street)
            ctx.log().warning(fmt::format("{} sites are further than --street-tolerance {:g} m from every line of --network "
                                          "{} and see nothing along it; check the network's extent and CRS",
                                          v.sites_off_street, m_net.tolerance, m_net.path));
        if (study.incidents_off_street)
            ctx.log().warning(fmt::format("{} incidents lie further than --street-tolerance {:g} m from every street of {}: "
                                          "counted, and covered by no site (a larger --street-tolerance, or a network "
                                          "that covers the whole area)", study.incidents_off_street, m_net.tolerance,
                                          m_net.path));
    } else if (settings.network) {
        const auto& nn = study.network;
        ctx.log().note(fmt::format("{}; {} edges in {} connected pieces; of the {} site-point pairs within --radius as the "
                                   "crow flies, {} are within it walking along the streets", network_note(m_net), nn.edges,
                                   nn.pieces, nn.pairs_straight, nn.pairs_network));
        if (nn.sites_off_network)
            ctx.log().warning(fmt::format("{} sites are further than their radius from every line of --network {} and cover "
                                          "nothing; check the network's extent and CRS", nn.sites_off_network, m_net.path));
    }
    if (!study.reach)
        throw std::runtime_error(fmt::format("no candidate site of {} lies within --radius {} m{} of any of the {} incidents; "
                                             "check the CRS of --candidates (--candidates-crs) and --radius (metres)",
                                             m_candidates, m_radius,
                                             m_coverage == "network" ? " walking along --network"
                                             : m_coverage == "view" ? " in sight along --network" : "",
                                             set.incidents.size()));
    if (!study.infeasible.empty())
        throw std::runtime_error(std::string("--model lscp --share ") + fmt::format("{}", m_share) + ": " + study.infeasible +
                                 fmt::format(" within --radius {} m; add candidates near the incidents left out, or lower --share", m_radius));
    if (!study.solution.note.empty()) ctx.log().warning(study.solution.note);
    auto r = package(study, sites, ids, hot, in);
    if (m_coverage != "straight") {
        auto& out = static_cast<SiteResult&>(*r);
        out.reach = reach(study, sites, ids);
        out.reach.metadata = out.metadata;
    }
    return r;
}

// The existing sites, then the chosen ones in rank order, each with what it covers.
io::FeatureTable Site::reach(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids) const {
    const std::size_t n_candidates = sites.points.size();
    std::vector<XY> where;
    std::vector<double> radius;
    std::vector<View> views;
    std::vector<ReachRow> rows;
    for (std::size_t k = 0; k < sites.existing.size(); ++k) {
        where.push_back(sites.existing[k]);
        radius.push_back(m_radius);
        views.push_back({0, 360});
        rows.push_back({0, ids[n_candidates + k], "existing"});
    }
    for (std::size_t k = 0; k < st.picks.size(); ++k) {
        const auto j = st.picks[k].site;
        where.push_back(sites.points[j]);
        radius.push_back(sites.radius.empty() ? m_radius : sites.radius[j]);
        views.push_back(sites.bearing.empty() ? View{0, 360} : View{sites.bearing[j], m_view});
        rows.push_back({static_cast<std::int64_t>(k + 1), ids[j], "chosen"});
    }
    const auto reached = m_coverage == "network" ? reach_along_network(where, radius, m_net.data.lines, m_net.snap)
                                                 : reach_in_view(where, radius, views, m_net.data.lines, m_half_width, m_net.tolerance);
    for (std::size_t k = 0; k < rows.size(); ++k) rows[k].reach = &reached[k];
    return reach_table(rows, m_coverage == "network", m_input.work_crs);
}
// The sites as features, the coverage curve, the report's text and the metadata.
std::unique_ptr<Result> Site::package(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids,
                                      const geo::AreaIndex* hot, const Ingested& in) const {
    const auto& s = st.solution;
    auto r = std::make_unique<SiteResult>();
    const double total = s.total;
    auto pct = [&](double v) { return total > 0 ? 100 * v / total : 0.0; };
    const std::size_t n_candidates = sites.points.size(), n_existing = sites.existing.size();
    auto xy = [&](std::size_t j) { return j < n_candidates ? sites.points[j] : sites.existing[j - n_candidates]; };

    using io::FieldType;
    auto& t = r->sites;
    t.layer = "sites";
    t.crs = m_input.work_crs;
    using R = ColumnRole;
    t.fields = {{"rank", FieldType::integer, R::rank},        {"site", FieldType::text, R::identifier},
                {"street", FieldType::text, R::place},        {"status", FieldType::text, R::category},     {"gain", FieldType::real, R::count},
                {"incidents_new", FieldType::integer, R::count}, {"covered", FieldType::real, R::count},
                {"covered_pct", FieldType::real, R::rate},    {"cost", FieldType::real, R::measure},
                {"x", FieldType::real, R::place},             {"y", FieldType::real, R::place}};
    if (hot) t.fields.insert(t.fields.begin() + 6, {"serves", FieldType::text, R::area});
    geo::GeosContext gctx;
    // A site's id (often a street light's asset number) says nothing to a reader: the street
    // nearest it goes beside it (docs/labels.md).
    const StreetIndex streets(in.set);
    std::vector<std::string> street_of(n_candidates + n_existing);
    for (std::size_t j = 0; j < street_of.size(); ++j) street_of[j] = streets.nearest(xy(j), near_street_m);
    auto add_point = [&](std::size_t j, std::vector<io::FieldValue> row) {
        const auto p = xy(j);
        row.insert(row.begin() + 2, street_of[j]);
        row.emplace_back(std::round(p.x * 100) / 100);
        row.emplace_back(std::round(p.y * 100) / 100);
        t.rows.push_back(std::move(row));
        auto pt = geo::make_point(gctx, p.x, p.y);
        t.geometries.push_back(geo::to_wkb(gctx, pt.get()));
    };
    for (std::size_t j = n_candidates; j < n_candidates + n_existing; ++j) {
        std::vector<io::FieldValue> row = {io::FieldValue{}, ids[j], std::string("existing"), io::FieldValue{}, io::FieldValue{},
                                           s.existing_covered, std::round(pct(s.existing_covered) * 100) / 100, io::FieldValue{}};
        if (hot) row.insert(row.begin() + 5, io::FieldValue{});  // the street goes in at 2 in add_point
        add_point(j, std::move(row));
    }
    r->curve.push_back({"0", fmt::format("{:.6g}", s.existing_covered), fmt::format("{:.4g}", pct(s.existing_covered)),
                        std::to_string(st.existing_incidents)});
    auto out = std::back_inserter(r->text);
    fmt::format_to(out, "{:<5} {:<36} {:>10} {:>10} {:>9}\n", "rank", "site", "new", "incidents", "covered");
    if (n_existing)
        fmt::format_to(out, "{:<5} {:<36} {:>10.1f} {:>10} {:>8.1f}%\n", "-", fmt::format("{} existing", n_existing),
                       s.existing_covered, st.existing_incidents, pct(s.existing_covered));
    for (std::size_t k = 0; k < st.picks.size(); ++k) {
        const auto& pick = st.picks[k];
        const auto j = pick.site;
        std::vector<io::FieldValue> row = {std::int64_t(k + 1), ids[j], std::string("chosen"), pick.gain, std::int64_t(pick.incidents_new),
                                           pick.covered, std::round(pct(pick.covered) * 100) / 100,
                                           sites.cost.empty() ? 1.0 : sites.cost[j]};
        if (hot) {
            std::string serves;
            for (int h : pick.serves) serves += (serves.empty() ? "" : "; ") + hot->name(static_cast<std::size_t>(h));
            row.insert(row.begin() + 5, serves);
        }
        add_point(j, std::move(row));
        r->curve.push_back({std::to_string(k + 1), fmt::format("{:.6g}", pick.covered), fmt::format("{:.4g}", pct(pick.covered)),
                            std::to_string(pick.incidents_covered)});
        if (k < 20)
            fmt::format_to(out, "{:<5} {:<36} {:>10.1f} {:>10} {:>8.1f}%\n", k + 1, site_name(ids[j], street_of[j]).substr(0, 36), pick.gain,
                           pick.incidents_new, pct(pick.covered));
    }
    if (s.chosen.size() > 20) fmt::format_to(out, "... {} more sites in the output\n", s.chosen.size() - 20);
    nlohmann::json hotspot_cover = nlohmann::json::array();
    if (hot) {
        std::vector<std::string> left;
        for (std::size_t h = 0; h < hot->size(); ++h) {
            hotspot_cover.push_back({{"code", hot->code(h)}, {"name", hot->name(h)}, {"incidents", st.hotspot_incidents[h]},
                                     {"covered", st.hotspot_covered[h]}});
            if (st.hotspot_incidents[h] > 0 && st.hotspot_covered[h] == 0) left.push_back(hot->name(h));
        }
        fmt::format_to(out, "hotspots left uncovered: {} of {}{}{}\n", left.size(), hot->size(), left.empty() ? "" : ": ",
                       fmt::join(left, "; "));
    }
    const double gap = st.gap;
    fmt::format_to(out, "{} sites cover {:.1f}% of the incident weight ({:.1f}% by existing sites; {:.1f}% within reach of "
                        "any site); {} solution{}{}\n",
                   s.chosen.size(), pct(s.covered), pct(s.existing_covered), pct(s.reachable), s.method,
                   s.method == "exact" ? (s.optimal ? " (optimal)" : " (not proven optimal)") : "",
                   std::isnan(gap) ? std::string() : fmt::format(", gap to the upper bound {:.2f}%", 100 * gap));
    if (st.random_draws)
        fmt::format_to(out, "{} candidates drawn at random cover {:.1f}% on average ({} draws)\n", s.chosen.size(),
                       pct(st.random_mean), st.random_draws);
    r->metadata = metadata("site", m_input, m_filters, in,
                           {{"candidates", m_candidates}, {"existing", m_existing}, {"radius_m", m_radius},
                            {"model", m_model}, {"count", m_count}, {"share_pct", m_share},
                            {"budget", m_budget ? nlohmann::json(*m_budget) : nlohmann::json()},
                            {"cost_field", m_cost_field}, {"radius_field", m_radius_field},
                            {"bearing_field", m_bearing_field}, {"view_deg", m_view}, {"solver", m_solver},
                            {"time_limit_s", m_time_limit}, {"harm_weights", m_harm_weights}, {"hotspot_polygons", m_hotspots}});
    // Recorded with --coverage network only, so straight-line studies stay as they were.
    if (m_coverage == "network") {
        auto& p = r->metadata["parameters"];
        p["coverage"] = m_coverage;
        p["network"] = m_net.path;
        p["exclude_classes"] = m_net.exclude;
        p["snap_m"] = m_net.snap;
        p["node_crossings"] = m_net.node_crossings;
        r->metadata["network"] = {{"edges", st.network.edges}, {"pieces", st.network.pieces},
                                  {"pairs_straight", st.network.pairs_straight}, {"pairs_walking", st.network.pairs_network},
                                  {"sites_off_network", st.network.sites_off_network}};
    } else if (m_coverage == "view") {
        auto& p = r->metadata["parameters"];
        p["coverage"] = m_coverage;
        p["network"] = m_net.path;
        p["exclude_classes"] = m_net.exclude;
        p["corridor_half_width_m"] = m_half_width;
        p["street_tolerance_m"] = m_net.tolerance;
        p["node_crossings"] = m_net.node_crossings;
        r->metadata["view"] = {{"pairs_straight", st.view.pairs_straight}, {"pairs_in_view", st.view.pairs_view},
                               {"sites_off_street", st.view.sites_off_street},
                               {"incidents_off_street", st.incidents_off_street}};
    }
    if (hot) r->metadata["hotspots"] = hotspot_cover;
    r->metadata["solution"] = {{"method", s.method},
                               {"optimal", s.optimal},
                               {"lp_bound", std::isnan(s.bound) ? nlohmann::json() : nlohmann::json(s.bound)},
                               {"gap", std::isnan(gap) ? nlohmann::json() : nlohmann::json(gap)},
                               {"covered", s.covered},
                               {"covered_by_existing", s.existing_covered},
                               {"total", s.total},
                               {"reachable", s.reachable},
                               {"random_placement_mean", st.random_mean},
                               {"note", s.note}};
    t.metadata = r->metadata;
    return r;
}


}  // namespace

std::unique_ptr<Step> make_site() { return std::make_unique<Site>(); }

}  // namespace hotspots::steps
