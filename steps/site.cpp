// site: where to put cameras (knife bins, safe places): the candidate sites that cover the
// most incidents within a radius (MCLP), the fewest that cover a share (LSCP), or the most
// within a budget; existing sites kept and counted first. See docs/site.md.
#include "steps/site_detail.hpp"

#include "io/qgis_style.hpp"
#include "io/row_parser.hpp"
#include "io/street_style.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {
namespace detail {

SiteStep::SiteStep() {
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

StepInfo SiteStep::info() const {
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
              .category = "status", .locates_incidents = true}},
            metadata_roles({{ColumnRole::identifier, "solution.method"},
                            {ColumnRole::count, "solution.covered solution.covered_by_existing solution.total<incidents solution.reachable"},
                            {ColumnRole::measure, "parameters.{bearing_field budget candidates cost_field count existing harm_weights "
                                                  "hotspot_polygons model radius_field radius_m share_pct solver time_limit_s view_deg}"},
                            {ColumnRole::category, "solution.optimal"},
                            {ColumnRole::text, "solution.note"},
                {ColumnRole::measure, "parameters.{coverage network exclude_classes snap_m node_crossings corridor_half_width_m street_tolerance_m} network.edges network.pieces network.sites_off_network view.sites_off_street"},
                {ColumnRole::identifier, "hotspots.code hotspots.name"},
                {ColumnRole::count, "hotspots.incidents hotspots.covered"}})};
}

void SiteStep::check(Context& ctx, const AreaLayers&) {
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

Needs SiteStep::needs() const {
    Needs n;
    n.ids = n.lsoa = false;  // locations name the street beside each site
    n.type = !m_harm_weights.empty();
    return n;
}

void SiteStep::write(const Result& r, Writer& w) const {
    const auto& s = result_as<SiteResult>(r);
    w.features("sites", s.sites, io::site_style());
    if (m_coverage != "straight") w.features("reach", s.reach, io::site_reach_style(m_coverage == "network"));
    if (!m_curve.empty())
        w.table("curve",
                {{"sites", ColumnRole::measure}, {"covered", ColumnRole::count}, {"covered_pct", ColumnRole::rate},
                 {"incidents_covered", ColumnRole::count}},
                s.curve, s.metadata);
}

}  // namespace detail

std::unique_ptr<Step> make_site() { return std::make_unique<detail::SiteStep>(); }

}  // namespace hotspots::steps
