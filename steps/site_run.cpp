// site: the run: the candidates and existing sites read, the study solved, and what each site
// reaches drawn.
#include "steps/site_detail.hpp"

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

namespace hotspots::steps::detail {

// The candidates' and existing sites' points with the columns the options name, parsed, and
// each site's name in `ids`.
SiteCandidates SiteStep::read_sites(Context& ctx, const IncidentSet& set, std::vector<std::string>& ids) const {
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

std::unique_ptr<Result> SiteStep::run(Ingested& in, Context& ctx) {
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
io::FeatureTable SiteStep::reach(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids) const {
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

}  // namespace hotspots::steps::detail
