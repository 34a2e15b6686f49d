// streets: street segments as units (incidents snapped to the nearest segment), Gi* along the
// network, and the hot streets (consecutive hot segments of a street merged). See
// docs/streets.md.
#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "io/street_style.hpp"
#include "steps/step.hpp"
#include "steps/street_network.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>

namespace hotspots::steps {
namespace {

struct StreetsResult : Result {
    StreetPlaces places;
    std::vector<double> counts;
    std::vector<std::int64_t> unit_of;  // each incident's segment (-1: unsnapped)
    GiStar gi;
    std::vector<HotStreet> hot;
    std::vector<std::vector<std::string>> hot_areas;  // each hot street: its area in each --areas layer
    std::vector<std::string> area_labels;
    std::size_t incidents = 0;
    nlohmann::json metadata;
};

// Parses junction or band:METRES.
double parse_street_neighbours(const std::string& v) {
    if (v == "junction") return 0;
    if (v.rfind("band:", 0) == 0) return *parse_metres_or(v.substr(5), "", 10000);
    throw UsageError("'" + v + "': use junction (segments sharing a junction) or band:METRES (a walking distance)");
}

class Streets : public Step {
public:
    Streets() {
        declare_common(false);
        auto& p = m_params;
        declare_network(p, m_net, "Streets: any GDAL line layer (an OpenStreetMap .osm/.pbf extract, OS Open Roads, "
                                         "a GeoPackage), cut into segments at its junctions");
        p.find("network")->needed();
        p.value("neighbours", m_band, "Gi* neighbours: junction (segments sharing a junction) or band:METRES (segments "
                                      "within this walking distance)",
                [](const std::string& v) { return parse_street_neighbours(v); })
            .def("junction");
        p.text("spatial-weights", m_weights, "binary or row (row-standardised)").one_of({"binary", "row"}).def("binary");
        p.flag("no-fdr", m_no_fdr, "Do not adjust p-values (Benjamini-Hochberg is the default)");
        p.flag("bonferroni", m_bonferroni, "Bonferroni adjustment instead of FDR");
        p.output("output", m_output, "Street segments with incidents, per 100 m, z, p, bin: .gpkg, .geojson or .csv",
                 "segments", ".gpkg .geojson .csv")
            .short_form("o");
        p.output("hot-streets", m_hot_layer, "Hot streets as lines: .gpkg or .geojson", "hot_streets", ".gpkg .geojson");
        p.output("table", m_table, "Hot streets as a table (street, areas, length, incidents, per 100 m): .csv",
                 "hot_streets_table", ".csv");
        declare_no_style();
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"streets",
                "Street segments as units: incidents per segment and per 100 m, Gi* along the network, hot streets",
                "docs/streets.md",
                {{.role = "segments", .kind = ProductKind::features, .title = "Street segments (Gi*)", .map = MapView::classes,
                  .category = "bin"},
                 {.role = "hot_streets", .kind = ProductKind::features, .title = "Hot streets, ranked", .map = MapView::outlines,
                  .table = TableView::rows, .most = 12, .label = "street"},
                 {.role = "hot_streets_table", .kind = ProductKind::table, .title = "Hot streets"}},
                metadata_roles({{ColumnRole::identifier, "streets.network"},
                                {ColumnRole::measure, "parameters.{adjustment neighbours network snap_m spatial_weights "
                                          "street_tolerance_m} streets.hot_streets streets.segments"}})};
    }
    void check(Context& ctx, const AreaLayers&) override {
        if (m_output.empty() && m_hot_layer.empty() && m_table.empty())
            throw UsageError("give -o segments.gpkg, --hot-streets hot.gpkg, --table hot.csv, or several");
        if (m_no_fdr && m_bonferroni) throw UsageError("--no-fdr and --bonferroni: give one");
        read_network(m_params, m_net, ctx);
    }
    Needs needs() const override {
        Needs n;
        n.ids = false;
        n.lsoa = false;
        n.location = false;
        n.type = false;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    void name_areas(StreetsResult& r, const Ingested& in) const;
    NetworkParams m_net;
    double m_band = 0;
    std::string m_weights = "binary", m_output, m_hot_layer, m_table;
    bool m_no_fdr = false, m_bonferroni = false;
};

std::unique_ptr<Result> Streets::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    if (set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    auto r = std::make_unique<StreetsResult>();
    r->incidents = set.incidents.size();
    std::vector<XY> points;
    points.reserve(set.incidents.size());
    for (const auto& i : set.incidents) points.push_back({i.x, i.y});
    r->places = place_on_streets(m_net, points, "streets", ctx.log());
    const auto& segs = r->places.streets.segments;
    r->counts.assign(segs.size(), 0.0);
    r->unit_of.assign(points.size(), -1);
    for (std::size_t i = 0; i < points.size(); ++i)
        if (const auto s = r->places.snaps[i].segment; s >= 0) {
            r->counts[static_cast<std::size_t>(s)] += set.incidents[i].weight;
            r->unit_of[i] = s;
        }
    ctx.log().stage("snapped");
    const auto adjustment = m_no_fdr ? Adjustment::none : m_bonferroni ? Adjustment::bonferroni : Adjustment::fdr;
    const auto nb = segment_neighbours(r->places.streets, m_band, m_weights == "row");
    try {
        r->gi = gi_star(r->counts, nb, adjustment);
    } catch (const GiStarError& e) {
        throw std::runtime_error(std::string("streets: ") + e.what());
    }
    r->hot = hot_streets(r->places.streets, r->counts, r->gi);
    name_areas(*r, in);
    const std::string neighbours = m_band > 0 ? fmt::format("band:{:g}", m_band) : "junction";
    r->metadata = metadata("streets", m_input, m_filters, in,
                           {{"network", m_net.path}, {"street_tolerance_m", m_net.tolerance}, {"snap_m", m_net.snap},
                            {"neighbours", neighbours}, {"spatial_weights", m_weights},
                            {"adjustment", m_no_fdr ? "none" : m_bonferroni ? "bonferroni" : "fdr"}});
    r->metadata["streets"] = {{"network", network_note(m_net)},
                              {"segments", segs.size()},
                              {"incidents_on_streets", r->incidents - r->places.unsnapped},
                              {"unsnapped", r->places.unsnapped},
                              {"hot_streets", r->hot.size()}};
    return r;
}

// Each hot street's area in each --areas layer (its latest boundaries), at the middle of its
// longest segment.
void Streets::name_areas(StreetsResult& r, const Ingested& in) const {
    const auto& segs = r.places.streets.segments;
    for (const auto& layer : in.layers) {
        r.area_labels.push_back(layer.label());
        const auto& index = *layer.generations().back().index;
        geo::AreaLocator locate(index);
        for (std::size_t h = 0; h < r.hot.size(); ++h) {
            std::uint32_t longest = r.hot[h].segments.front();
            for (auto k : r.hot[h].segments)
                if (segs[k].length > segs[longest].length) longest = k;
            const XY mid = point_along(segs[longest].points, segs[longest].length / 2);
            const int a = locate.locate(mid.x, mid.y);
            if (r.hot_areas.size() <= h) r.hot_areas.emplace_back();
            r.hot_areas[h].push_back(a >= 0 ? index.name(static_cast<std::size_t>(a)) : "");
        }
    }
}

void Streets::write(const Result& result, Writer& w) const {
    const auto& r = result_as<StreetsResult>(result);
    const auto& segs = r.places.streets.segments;
    using io::FieldType;
    using R = ColumnRole;
    geo::GeosContext gctx;
    // Every segment's metres, then every hot street's (a run of segments): publishing withholds
    // the counts of short ones, each apart from the others.
    std::vector<double> length;
    for (const auto& s : segs) length.push_back(s.length);
    for (const auto& s : r.hot) length.push_back(s.length);
    std::vector<std::size_t> hot_rows(r.hot.size());
    std::iota(hot_rows.begin(), hot_rows.end(), segs.size());
    if (!m_output.empty()) {
        io::FeatureTable t;
        t.layer = "street_segments";
        t.crs = m_input.work_crs;
        t.metadata = r.metadata;
        t.fields = {{"segment", FieldType::integer, R::identifier}, {"street", FieldType::text, R::area},
                    {"length_m", FieldType::real, R::measure},      {"incidents", FieldType::real, R::count},
                    {"per_100m", FieldType::real, R::rate, Derivation::ratio("incidents", "length_m", 100)},
                    {"z", FieldType::real, R::statistic},           {"p", FieldType::real, R::statistic},
                    {"p_adjusted", FieldType::real, R::statistic},  {"bin", FieldType::integer, R::category}};
        for (std::size_t k = 0; k < segs.size(); ++k) {
            t.rows.push_back({std::int64_t(k + 1), segs[k].name, segs[k].length, r.counts[k], 100 * r.counts[k] / segs[k].length,
                              r.gi.z[k], r.gi.p[k], r.gi.p_adjusted[k], std::int64_t(r.gi.bin[k])});
            auto line = geo::make_line(gctx, segs[k].points);
            t.geometries.push_back(geo::to_wkb(gctx, line.get()));
        }
        Members m{"incidents", members_of(r.unit_of, segs.size())};
        std::vector<std::size_t> all(segs.size());
        std::iota(all.begin(), all.end(), std::size_t{0});
        add_street_lengths(m, length, all);
        w.counts("segments", {std::move(m)});
        w.features("segments", t, io::segment_style());
    }
    if (m_hot_layer.empty() && m_table.empty()) return;
    std::vector<std::vector<std::uint32_t>> members(r.hot.size());
    {
        std::vector<std::int64_t> hot_of(segs.size(), -1);
        for (std::size_t h = 0; h < r.hot.size(); ++h)
            for (auto k : r.hot[h].segments) hot_of[k] = static_cast<std::int64_t>(h);
        for (std::size_t i = 0; i < r.unit_of.size(); ++i)
            if (r.unit_of[i] >= 0 && hot_of[static_cast<std::size_t>(r.unit_of[i])] >= 0)
                members[static_cast<std::size_t>(hot_of[static_cast<std::size_t>(r.unit_of[i])])].push_back(static_cast<std::uint32_t>(i));
    }
    std::vector<Column> header = {{"rank", R::rank, Derivation::rank("per_100m", "", true)}, {"street", R::area}};
    for (const auto& l : r.area_labels) header.emplace_back(l, R::area);
    for (const Column& c : {Column{"segments", R::measure}, Column{"length_m", R::measure}, Column{"incidents", R::count},
                            Column{"per_100m", R::rate, Derivation::ratio("incidents", "length_m", 100)},
                            Column{"max_z", R::statistic}})
        header.push_back(c);
    std::vector<std::vector<io::FieldValue>> values;
    for (std::size_t h = 0; h < r.hot.size(); ++h) {
        const auto& s = r.hot[h];
        std::vector<io::FieldValue> v{std::int64_t(h + 1), s.name};
        for (const auto& a : r.hot_areas.empty() ? std::vector<std::string>{} : r.hot_areas[h]) v.emplace_back(a);
        for (const io::FieldValue& x : {io::FieldValue(std::int64_t(s.segments.size())), io::FieldValue(std::round(s.length * 10) / 10),
                                        io::FieldValue(s.incidents), io::FieldValue(std::round(s.per_100m * 100) / 100),
                                        io::FieldValue(s.max_z)})
            v.push_back(x);
        values.push_back(std::move(v));
    }
    if (!m_hot_layer.empty()) {
        io::FeatureTable t;
        t.layer = "hot_streets";
        t.crs = m_input.work_crs;
        t.metadata = r.metadata;
        for (const auto& c : header) {
            const bool text = c.role == R::area;
            const bool integer = c.name == "rank" || c.name == "segments";
            t.fields.push_back({c.name, text ? FieldType::text : integer ? FieldType::integer : FieldType::real, c.role, c.derived});
        }
        t.rows = values;
        for (const auto& s : r.hot) {
            std::vector<geo::GeomPtr> lines;
            for (auto k : s.segments) lines.push_back(geo::make_line(gctx, segs[k].points));
            std::vector<GEOSGeometry*> raw;
            for (auto& l : lines) raw.push_back(l.release());
            auto multi = geo::own(gctx, GEOSGeom_createCollection_r(gctx.get(), GEOS_MULTILINESTRING, raw.data(),
                                                                    static_cast<unsigned>(raw.size())));
            t.geometries.push_back(geo::to_wkb(gctx, multi.get()));
        }
        Members m{"incidents", members};
        add_street_lengths(m, length, hot_rows);
        w.counts("hot_streets", {std::move(m)});
        w.features("hot_streets", t, io::hot_street_style());
    }
    if (!m_table.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& v : values) {
            std::vector<std::string> row;
            for (const auto& x : v)
                row.push_back(std::holds_alternative<std::string>(x)    ? std::get<std::string>(x)
                              : std::holds_alternative<std::int64_t>(x) ? std::to_string(std::get<std::int64_t>(x))
                                                                        : fmt::format("{}", std::get<double>(x)));
            rows.push_back(std::move(row));
        }
        Members m{"incidents", members};
        add_street_lengths(m, length, hot_rows);
        w.counts("hot_streets_table", {std::move(m)});
        w.table("hot_streets_table", header, rows, r.metadata);
    }
}

std::string Streets::report(const Result& result) const {
    const auto& r = result_as<StreetsResult>(result);
    std::size_t hot = 0, cold = 0;
    for (int b : r.gi.bin) (b > 0 ? hot : cold) += b != 0;
    std::string s = fmt::format("{} street segments; {} of {} incidents on a street, {} unsnapped (further than {:g} m)\n",
                                r.places.streets.segments.size(), r.incidents - r.places.unsnapped, r.incidents,
                                r.places.unsnapped, m_net.tolerance);
    s += fmt::format("Gi* ({} neighbours, {} weights): {} hot and {} cold segments at 90% or better\n",
                     m_band > 0 ? fmt::format("band:{:g}", m_band) : "junction", m_weights, hot, cold);
    s += fmt::format("{} hot streets", r.hot.size());
    for (std::size_t h = 0; h < std::min<std::size_t>(5, r.hot.size()); ++h)
        s += fmt::format("{} {} ({:.0f} m, {:g} incidents, {:.1f} per 100 m)", h ? ";" : ":", r.hot[h].name.empty() ? "(unnamed)" : r.hot[h].name,
                         r.hot[h].length, r.hot[h].incidents, r.hot[h].per_100m);
    return s + "\n";
}

}  // namespace

std::unique_ptr<Step> make_streets() { return std::make_unique<Streets>(); }

}  // namespace hotspots::steps
