// cluster: density-based clusters of incidents (DBSCAN, ST-DBSCAN, HDBSCAN) as hulls, and
// each incident's cluster.
#include "geo/geos.hpp"
#include "hotspots/dbscan.hpp"
#include "hotspots/hdbscan.hpp"
#include "io/qgis_style.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hotspots::steps {
namespace {

// "auto" (0 here) or a value in range.
double auto_or(const std::string& text, Range range) { return text == "auto" ? 0.0 : parse_number(text, range); }

struct ClusterRow {
    std::vector<std::uint32_t> members, dominant;  // incident indexes; those of the dominant type
    Seconds first = 0, last = 0;
    std::string type;
    double area_ha = 0, stability = 0;
    geo::Wkb hull;
};

struct ClusterResult : Result {
    std::vector<std::int32_t> cluster;
    std::vector<bool> core;
    std::vector<ClusterRow> rows;
    double eps = 0;
    std::size_t min_points = 0, noise = 0;
    bool eps_chosen = false, min_points_chosen = false;
    nlohmann::json meta;
    std::shared_ptr<const IncidentSet> set;  // for the members layer
};

class Cluster : public Step {
public:
    Cluster() {
        declare_common(false);
        auto& p = m_params;
        p.text("method", m_method, "dbscan (a fixed radius; with --eps-days, ST-DBSCAN) or hdbscan (clusters of varying density)")
            .one_of({"dbscan", "hdbscan"})
            .def("dbscan");
        p.value("eps", m_eps, "DBSCAN's radius in metres, or auto: the knee of the sorted k-nearest distances (k = min-points - 1)",
                [](const std::string& v) { return auto_or(v, Range::between(0.1, 5000)); })
            .def("auto")
            .in_unit("metres");
        p.value("min-points", m_min_points,
                "Incidents within eps (the incident itself included) that make a core; for hdbscan also the smallest "
                "cluster; auto: ln(incidents) rounded, at least 4 (6 with --eps-days)",
                [](const std::string& v) { return auto_or(v, Range::between(2, 10000)); })
            .def("auto");
        p.number("eps-days", m_eps_days, "ST-DBSCAN: neighbours must also be within this many days (dbscan only)",
                 Range::between(0, 3650))
            .in_unit("days");
        p.text("hull", m_hull, "Cluster outlines: convex hull, or concave hull (GEOS, --concave-ratio)")
            .one_of({"convex", "concave"})
            .def("convex");
        p.number("concave-ratio", m_ratio, "Concave hull: 0 follows the points closely, 1 is the convex hull",
                 Range::between(0, 1))
            .def("0.3");
        p.output("output", m_output, "Clusters as polygons with their counts: .geojson or .gpkg", "clusters", ".geojson .gpkg")
            .short_form("o");
        p.output("incidents", m_incidents, "Every incident with its cluster (0: noise): .geojson, .gpkg or .csv", "members",
                 ".geojson .gpkg .csv");
        p.integer("top", m_top, "Clusters listed in the summary", Range::at_least(0)).def("10");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"cluster",
                "Density-based clusters of incidents (DBSCAN, ST-DBSCAN, HDBSCAN) as outlines with counts",
                "docs/cluster.md",
                {{.role = "clusters", .kind = ProductKind::features, .title = "Density-based clusters",
                  .map = MapView::outlines, .table = TableView::rows,
                  .columns = {"label", "incidents", "first_date", "last_date", "dominant_type", "area_ha"},
                  .count = "incidents", .label = "label", .locates_incidents = true},
                 {.role = "members", .kind = ProductKind::features, .title = "Incidents and their clusters",
                  .locates_incidents = true, .unstyled = true}},
                metadata_roles({{ColumnRole::count, "summary.incidents<incidents"},
                                {ColumnRole::measure, "parameters.{eps_m eps_rule hull method min_points min_points_rule} "
                                          "summary.clusters<summary.incidents"},
                {ColumnRole::measure, "parameters.{concave_ratio eps_days}"}})};
    }
    void check(Context&, const AreaLayers&) override {
        if (m_method == "hdbscan" && m_eps > 0) throw UsageError("--eps applies to --method dbscan only (hdbscan needs no radius)");
        if (m_method == "hdbscan" && m_eps_days >= 0)
            throw UsageError("--eps-days applies to --method dbscan only (ST-DBSCAN)");
        if (m_hull == "convex" && m_params.find("concave-ratio")->given)
            throw UsageError("--concave-ratio applies to --hull concave only");
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::string m_method = "dbscan", m_hull = "convex", m_output, m_incidents;
    double m_eps = 0, m_min_points = 0, m_eps_days = -1, m_ratio = 0.3;
    std::size_t m_top = 10;
};

// The outline of a cluster: its hull, widened by 1 m when the points lie on a line or one spot
// (a polygon layer holds polygons only).
geo::Wkb outline(const geo::GeosContext& ctx, const IncidentSet& set, const std::vector<std::uint32_t>& members,
                 bool concave, double ratio, double& area_ha) {
    std::vector<GEOSGeometry*> pts;
    for (auto m : members) pts.push_back(geo::make_point(ctx, set.incidents[m].x, set.incidents[m].y).release());
    auto all = geo::checked(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTIPOINT, pts.data(),
                                                             static_cast<unsigned>(pts.size())),
                            "cluster points");
    auto hull = geo::checked(ctx, concave ? GEOSConcaveHull_r(ctx.get(), all.get(), ratio, 0)
                                          : GEOSConvexHull_r(ctx.get(), all.get()),
                             "cluster hull");
    if (GEOSGeomTypeId_r(ctx.get(), hull.get()) != GEOS_POLYGON)
        hull = geo::checked(ctx, GEOSBuffer_r(ctx.get(), hull.get(), 1.0, 8), "cluster hull");
    double area = 0;
    GEOSArea_r(ctx.get(), hull.get(), &area);
    area_ha = area / 1e4;
    return geo::to_wkb(ctx, hull.get());
}

std::unique_ptr<Result> Cluster::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    const std::size_t n = set.incidents.size();
    auto r = std::make_unique<ClusterResult>();
    const bool st = m_eps_days >= 0;
    r->min_points = m_min_points > 0 ? static_cast<std::size_t>(m_min_points) : default_min_points(n, st);
    r->min_points_chosen = m_min_points <= 0;
    if (n <= r->min_points)
        throw std::runtime_error(fmt::format("{} incidents after filtering: clustering needs more than min-points ({})", n,
                                             r->min_points));
    if (st) {
        const auto month_only = std::count_if(set.incidents.begin(), set.incidents.end(),
                                              [](const Incident& i) { return i.precision == TimePrecision::month; });
        if (month_only)
            throw UsageError(fmt::format("{} of {} incidents have month-only dates (data.police.uk), so --eps-days cannot "
                                         "tell days apart; leave out --eps-days",
                                         month_only, n));
    }
    std::vector<PlanePoint> pts;
    std::vector<double> days;
    for (const auto& i : set.incidents) {
        pts.push_back({i.x, i.y});
        days.push_back(static_cast<double>(i.from) / seconds_per_day);
    }
    const unsigned threads = ctx.threads();
    if (m_method == "hdbscan") {
        auto h = hdbscan(pts, r->min_points, threads);
        r->cluster = std::move(h.cluster);
        r->core.assign(n, false);
        r->rows.resize(h.clusters);
        for (std::size_t c = 0; c < h.clusters; ++c) r->rows[c].stability = h.stability[c];
    } else {
        r->eps = m_eps;
        if (!(r->eps > 0)) {
            // Rounded to 0.1 m: a radius people can read and state, and one no pair of
            // incidents lies at exactly.
            const double knee = knee_distance(knn_distances(pts, r->min_points - 1, threads));
            r->eps = std::max(0.1, std::round(knee * 10) / 10);
            r->eps_chosen = true;
        }
        auto d = dbscan(pts, days, {r->eps, r->min_points, st ? m_eps_days : -1.0, threads});
        r->cluster = std::move(d.cluster);
        r->core = std::move(d.core);
        r->rows.resize(d.clusters);
    }
    ctx.log().stage("clusters found");
    for (std::size_t i = 0; i < n; ++i) {
        if (r->cluster[i] == 0) {
            ++r->noise;
            continue;
        }
        r->rows[static_cast<std::size_t>(r->cluster[i] - 1)].members.push_back(static_cast<std::uint32_t>(i));
    }
    geo::GeosContext geos;
    for (auto& row : r->rows) {
        std::map<Category, std::vector<std::uint32_t>> by_type;
        row.first = row.last = set.incidents[row.members.front()].from;
        for (auto m : row.members) {
            by_type[set.incidents[m].category].push_back(m);
            row.first = std::min(row.first, set.incidents[m].from);
            row.last = std::max(row.last, set.incidents[m].from);
        }
        for (auto& [cat, list] : by_type)
            if (list.size() > row.dominant.size()) {
                row.dominant = list;
                row.type = slug(cat);
            }
        row.hull = outline(geos, set, row.members, m_hull == "concave", m_ratio, row.area_ha);
    }
    // Largest first, ties by first incident: the order people read a list in.
    std::stable_sort(r->rows.begin(), r->rows.end(), [](const ClusterRow& a, const ClusterRow& b) {
        return a.members.size() > b.members.size();
    });
    for (std::size_t c = 0; c < r->rows.size(); ++c)
        for (auto m : r->rows[c].members) r->cluster[m] = static_cast<std::int32_t>(c + 1);
    if (!r->rows.empty() && r->rows.front().members.size() * 2 > n)
        ctx.log().warning(fmt::format(
            "the largest cluster holds {} of {} incidents: {}", r->rows.front().members.size(), n,
            m_method == "hdbscan" ? "the most stable clusters are whole districts here; give a shorter period or one crime "
                                    "type, or use --method dbscan with an --eps"
                                  : "the radius joins the whole area rather than its hotspots; give a smaller --eps or use "
                                    "--method hdbscan"));
    nlohmann::json params = {{"method", m_method}, {"min_points", r->min_points},
                             {"min_points_rule", r->min_points_chosen ? "round(ln n), at least 4 (6 with time)" : "given"},
                             {"hull", m_hull}};
    if (m_method == "dbscan") {
        params["eps_m"] = r->eps;
        params["eps_rule"] = r->eps_chosen ? "knee of the sorted (min_points - 1)-nearest distances" : "given";
        if (st) params["eps_days"] = m_eps_days;
    }
    if (m_hull == "concave") params["concave_ratio"] = m_ratio;
    r->meta = metadata("cluster", m_input, m_filters, in, params);
    r->set = std::make_shared<const IncidentSet>(set);
    r->meta["summary"] = {{"clusters", r->rows.size()}, {"noise", r->noise}, {"incidents", n}};
    return r;
}

void Cluster::write(const Result& result, Writer& w) const {
    const auto& r = result_as<ClusterResult>(result);
    const auto& set_meta = r.meta;
    using io::FieldType;
    using R = ColumnRole;
    const bool h = m_method == "hdbscan";
    io::FeatureTable t;
    t.layer = "clusters";
    t.crs = m_input.work_crs;
    t.metadata = set_meta;
    t.fields = {{"cluster", FieldType::integer, R::identifier},
                {"label", FieldType::text, R::identifier},
                {"incidents", FieldType::integer, R::count},
                {"first_date", FieldType::text, R::date},
                {"last_date", FieldType::text, R::date},
                {"dominant_type", FieldType::text, R::category},
                {"dominant_count", FieldType::integer, R::count},
                {"dominant_pct", FieldType::real, R::rate, Derivation::ratio("dominant_count", "incidents", 100)},
                {"area_ha", FieldType::real, R::measure}};
    if (h) t.fields.push_back({"stability", FieldType::real, R::statistic});
    std::vector<std::vector<std::uint32_t>> members, dominant;
    for (std::size_t c = 0; c < r.rows.size(); ++c) {
        const auto& row = r.rows[c];
        const double pct = 100.0 * static_cast<double>(row.dominant.size()) / static_cast<double>(row.members.size());
        std::vector<io::FieldValue> v = {std::int64_t(c + 1), fmt::format("C{}", c + 1), std::int64_t(row.members.size()),
                                         format_date(row.first), format_date(row.last), row.type,
                                         std::int64_t(row.dominant.size()), std::round(pct * 10) / 10,
                                         std::round(row.area_ha * 100) / 100};
        if (h) v.emplace_back(row.stability);
        t.rows.push_back(std::move(v));
        t.geometries.push_back(row.hull);
        members.push_back(row.members);
        dominant.push_back(row.dominant);
    }
    w.counts("clusters", {{"incidents", members}, {"dominant_count", dominant}});
    w.features("clusters", t, m_no_style ? "" : io::hotspot_style());

    if (m_incidents.empty()) return;
    io::FeatureTable m;
    m.layer = "incident_clusters";
    m.crs = m_input.work_crs;
    m.metadata = set_meta;
    m.fields = {{"cluster", FieldType::integer, R::identifier}, {"point", FieldType::text, R::category},
                {"id", FieldType::text, R::identifier},         {"date", FieldType::text, R::date},
                {"category", FieldType::text, R::category},     {"x", FieldType::real, R::place},
                {"y", FieldType::real, R::place}};
    // The incidents and their set are the result's own: ClusterResult keeps a pointer.
    geo::GeosContext geos;
    const auto& set = *r.set;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto& inc = set.incidents[i];
        const char* kind = r.cluster[i] == 0 ? "noise" : m_method == "hdbscan" ? "member" : r.core[i] ? "core" : "border";
        m.rows.push_back({std::int64_t(r.cluster[i]), std::string(kind), std::string(set.id(inc)), format_date(inc.from),
                          std::string(slug(inc.category)), inc.x, inc.y});
        auto pt = geo::make_point(geos, inc.x, inc.y);
        m.geometries.push_back(geo::to_wkb(geos, pt.get()));
    }
    w.features("members", m, "");
}

std::string Cluster::report(const Result& result) const {
    const auto& r = result_as<ClusterResult>(result);
    std::string s;
    auto out = std::back_inserter(s);
    if (m_method == "dbscan")
        fmt::format_to(out, "DBSCAN{}: eps {:g} m{}, min-points {}{}\n", m_eps_days >= 0 ? fmt::format(" (ST, {:g} days)", m_eps_days) : "",
                       r.eps, r.eps_chosen ? " (k-distance knee)" : "", r.min_points, r.min_points_chosen ? " (ln n)" : "");
    else
        fmt::format_to(out, "HDBSCAN: min-points {}{}\n", r.min_points, r.min_points_chosen ? " (ln n)" : "");
    fmt::format_to(out, "{} clusters; {} of {} incidents are noise\n", r.rows.size(), r.noise, r.cluster.size());
    const std::size_t shown = std::min(m_top, r.rows.size());
    if (shown) fmt::format_to(out, "{:<6} {:>9}  {:<10} {:<10} {:>9}  {}\n", "label", "incidents", "first", "last", "area_ha", "dominant type");
    for (std::size_t c = 0; c < shown; ++c) {
        const auto& row = r.rows[c];
        fmt::format_to(out, "{:<6} {:>9}  {:<10} {:<10} {:>9.2f}  {} ({})\n", fmt::format("C{}", c + 1), row.members.size(),
                       format_date(row.first), format_date(row.last), row.area_ha, row.type, row.dominant.size());
    }
    return s;
}

}  // namespace

std::unique_ptr<Step> make_cluster() { return std::make_unique<Cluster>(); }

}  // namespace hotspots::steps
