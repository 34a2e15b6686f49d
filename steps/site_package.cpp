// site: the sites chosen as features, the coverage curve, the report's text and the metadata.
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
namespace {

// "16304 (Watling Avenue)": the id, then the street nearest the site.
std::string site_name(const std::string& id, const std::string& street) {
    return street.empty() ? id : fmt::format("{} ({})", id, street);
}

}  // namespace

// The sites as features, the coverage curve, the report's text and the metadata.
std::unique_ptr<Result> SiteStep::package(const SiteStudy& st, const SiteCandidates& sites, const std::vector<std::string>& ids,
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

}  // namespace hotspots::steps::detail
