// facilities: risky facilities. Incidents attributed to the nearest facility within a
// distance, the facilities ranked, and how concentrated the incidents are on the few with most
// of them (docs/facilities.md).
#include "geo/geos.hpp"
#include "hotspots/facilities.hpp"
#include "io/qgis_style.hpp"
#include "io/schema.hpp"
#include "steps/grid_area.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hotspots::steps {
namespace {

struct FacilitiesResult : Result {
    FacilityCounts counts;
    FacilityConcentration conc;
    std::vector<std::int64_t> row_of;  // per incident: its facility's row in the table, or -1
    io::FeatureTable table;
    std::vector<std::string> names;    // per row: what the printed list calls it
    std::size_t incidents = 0;
};

// The first column named one of `names` (any case), else with the suffix `suffix`; or -1.
int guess_column(const std::vector<std::string>& fields, std::initializer_list<const char*> names, const std::string& suffix = "") {
    for (const char* n : names)
        if (const int i = io::find_column(fields, n); i >= 0) return i;
    for (std::size_t k = 0; k < fields.size() && !suffix.empty(); ++k)
        if (fields[k].size() > suffix.size() && fields[k].compare(fields[k].size() - suffix.size(), suffix.size(), suffix) == 0)
            return static_cast<int>(k);
    return -1;
}

// "violence (12), asb (4)": the categories of a facility's incidents, commonest first.
std::string categories_of(const IncidentSet& set, const std::vector<std::uint32_t>& members) {
    std::map<Category, std::size_t> n;
    for (auto i : members) ++n[set.incidents[i].category];
    std::vector<std::pair<Category, std::size_t>> sorted(n.begin(), n.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::string s;
    for (const auto& [c, k] : sorted) s += fmt::format("{}{} ({})", s.empty() ? "" : ", ", slug(c), k);
    return s;
}

// 1, 2, 2, 4: a facility's place among those with more incidents (the order is busiest first).
std::vector<std::int64_t> competition_ranks(const std::vector<std::size_t>& counts, const std::vector<std::uint32_t>& order) {
    std::vector<std::int64_t> rank(order.size());
    for (std::size_t k = 0; k < order.size(); ++k)
        rank[k] = k > 0 && counts[order[k]] == counts[order[k - 1]] ? rank[k - 1] : static_cast<std::int64_t>(k + 1);
    return rank;
}

class Facilities : public Step {
public:
    Facilities() {
        declare_common(false);
        auto& p = m_params;
        declare_side_file(p, "facilities", m_facilities, m_facilities_crs,
                          "Facilities (pubs, shops, stations, schools) as points: any vector file; CSV with "
                          "longitude/latitude or easting/northing")
            .needed();
        p.number("radius", m_distance, "An incident belongs to the nearest facility within this distance",
                 Range{0, 2000, true, false})
            .def("50")
            .in_unit("metres");
        p.text("id-field", m_id_field, "Column of --facilities identifying each (default: id, ref, reference or code, else the "
                                       "first ending in _id, else the feature's number)");
        p.text("facility-name-field", m_name_field, "Column of --facilities naming each (default: name, premises or description)");
        p.output("output", m_output, "Facilities with their incidents: .geojson (RFC 7946), .gpkg or .csv", "facilities",
                 ".geojson .gpkg .csv")
            .short_form("o");
        p.integer("top", m_top, "Facilities listed in the printed table", Range::at_least(0)).def("15");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"facilities",
                "Risky facilities: incidents at the nearest pub, shop, station or school, and the few with most of them",
                "docs/facilities.md",
                {{.role = "facilities", .kind = ProductKind::features, .title = "Risky facilities", .map = MapView::points,
                  .table = TableView::concentration,
                  .columns = {"rank", "name", "incidents", "share_pct", "categories"},
                  .count = "incidents"}},
                metadata_roles({{ColumnRole::measure, "parameters.{facilities id_field name_field radius_m rule} "
                                          "summary.facilities"}})};
    }
    void check(Context& ctx, const AreaLayers&) override {
        const auto& layer = ctx.points(m_facilities, m_facilities_crs, "--facilities");
        field_index(layer, m_id_field, "--id-field", m_facilities);
        field_index(layer, m_name_field, "--facility-name-field", m_facilities);
        if (layer.points.empty())
            throw UsageError(fmt::format("--facilities {}: no points in it ({} features, {} without a usable point)",
                                         m_facilities, layer.features, layer.skipped));
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::string m_facilities, m_facilities_crs, m_id_field, m_name_field, m_output;
    double m_distance = 50;
    std::size_t m_top = 15;
};

std::unique_ptr<Result> Facilities::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    const auto& layer = ctx.points(m_facilities, m_facilities_crs, "--facilities");
    warn_if_far(layer.points, set, "--facilities " + m_facilities, ctx.log());
    if (layer.skipped)
        ctx.log().warning(fmt::format("--facilities {}: {} of {} features have no usable point and are left out",
                                      m_facilities, layer.skipped, layer.features));
    const int id_col = m_id_field.empty() ? guess_column(layer.fields, {"id", "ref", "reference", "code"}, "_id")
                                          : field_index(layer, m_id_field, "--id-field", m_facilities);
    const int name_col = m_name_field.empty() ? guess_column(layer.fields, {"name", "premises", "description"})
                                              : field_index(layer, m_name_field, "--facility-name-field", m_facilities);

    auto r = std::make_unique<FacilitiesResult>();
    r->incidents = set.incidents.size();
    std::vector<XY> points;
    points.reserve(set.incidents.size());
    for (const auto& i : set.incidents) points.push_back({i.x, i.y});
    r->counts = attribute_to_facilities(layer.points, points, m_distance);
    r->conc = facility_concentration(r->counts.counts);
    const auto& order = r->conc.order;
    std::vector<std::int64_t> row_of_facility(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) row_of_facility[order[k]] = static_cast<std::int64_t>(k);
    r->row_of.assign(set.incidents.size(), -1);
    std::vector<std::vector<std::uint32_t>> members(order.size());
    for (std::size_t i = 0; i < set.incidents.size(); ++i)
        if (const auto f = r->counts.facility_of[i]; f >= 0) {
            r->row_of[i] = row_of_facility[static_cast<std::size_t>(f)];
            members[static_cast<std::size_t>(r->row_of[i])].push_back(static_cast<std::uint32_t>(i));
        }

    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable& t = r->table;
    t.layer = "facilities";
    t.crs = m_input.work_crs;
    t.fields = {{"rank", FieldType::integer, R::rank, Derivation::rank("incidents", "", true)},
                {"facility", FieldType::text, R::area},
                {"name", FieldType::text, R::area},
                {"incidents", FieldType::integer, R::count},
                {"share_pct", FieldType::real, R::rate, Derivation::ratio("incidents", "@incidents", 100)},
                {"categories", FieldType::text, R::text},
                {"x", FieldType::real, R::area},
                {"y", FieldType::real, R::area}};
    for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text, R::area});
    // A facility's areas are those of the latest boundaries it lies in.
    std::vector<std::unique_ptr<geo::AreaLocator>> locators;
    for (const auto& l : in.layers) locators.push_back(std::make_unique<geo::AreaLocator>(*l.generations().back().index));
    const auto ranks = competition_ranks(r->counts.counts, order);
    geo::GeosContext gctx;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto f = order[k];
        const auto& p = layer.points[f];
        const auto& values = layer.values[f];
        const std::string id = id_col >= 0 ? values[static_cast<std::size_t>(id_col)] : std::to_string(f + 1);
        const std::string name = name_col >= 0 ? values[static_cast<std::size_t>(name_col)] : std::string();
        const auto n = r->counts.counts[f];
        std::vector<io::FieldValue> row = {ranks[k], id, name, std::int64_t(n),
                                           std::round(1000.0 * static_cast<double>(n) / static_cast<double>(r->incidents)) / 10,
                                           categories_of(set, members[k]), std::round(p.x * 100) / 100,
                                           std::round(p.y * 100) / 100};
        for (std::size_t l = 0; l < in.layers.size(); ++l) {
            const int a = locators[l]->locate(p.x, p.y);
            const auto& index = *in.layers[l].generations().back().index;
            row.emplace_back(a < 0 ? std::string() : index.name(static_cast<std::size_t>(a)));
        }
        t.rows.push_back(std::move(row));
        t.geometries.push_back(geo::to_wkb(gctx, geo::make_point(gctx, p.x, p.y).get()));
        r->names.push_back(name.empty() ? id : name == id ? name : fmt::format("{} ({})", name, id));
    }
    const auto& c = r->conc;
    t.metadata = metadata("facilities", m_input, m_filters, in,
                          {{"facilities", m_facilities}, {"radius_m", m_distance}, {"id_field", m_id_field},
                           {"name_field", m_name_field},
                           {"rule", "each incident belongs to the nearest facility within --radius (a tie: the "
                                    "facility listed first); incidents with none within it belong to none"}});
    t.metadata["summary"] = {{"facilities", c.facilities},
                             {"with_no_incident", c.with_none},
                             {"incidents_attributed", r->counts.attributed},
                             {"incidents_not_attributed", r->counts.unattributed},
                             {"top10_pct", c.top10_pct},
                             {"facilities_for_half_pct", c.facilities_for_half_pct},
                             {"facilities_for_80_pct", c.facilities_for_80_pct},
                             {"gini", c.gini}};
    ctx.log().note(fmt::format("{} of {} incidents are within {:g} m of one of {} facilities", r->counts.attributed,
                               r->incidents, m_distance, c.facilities));
    return r;
}

void Facilities::write(const Result& result, Writer& w) const {
    const auto& r = result_as<FacilitiesResult>(result);
    if (m_output.empty()) return;
    w.counts("facilities", {{"incidents", members_of(r.row_of, r.table.rows.size())}});
    const std::size_t most = r.conc.order.empty() ? 1 : std::max<std::size_t>(1, r.counts.counts[r.conc.order.front()]);
    w.features("facilities", r.table, io::repeats_style(1, most));
}

std::string Facilities::report(const Result& result) const {
    const auto& r = result_as<FacilitiesResult>(result);
    const auto& c = r.conc;
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "{} facilities; {} of {} incidents within {:g} m of one ({} not near any)\n", c.facilities,
                   r.counts.attributed, r.incidents, m_distance, r.counts.unattributed);
    if (c.attributed == 0) return s + "no facility has an incident within the distance\n";
    fmt::format_to(out,
                   "the top 10% of facilities hold {:.1f}% of those incidents; {:.1f}% of facilities hold half of them "
                   "and {:.1f}% hold 80%; {} facilities ({:.1f}%) have none; Gini {:.3f}\n",
                   c.top10_pct, c.facilities_for_half_pct, c.facilities_for_80_pct, c.with_none,
                   100.0 * static_cast<double>(c.with_none) / static_cast<double>(c.facilities), c.gini);
    // The J-curve: how many facilities have 0, 1, 2, ... incidents (the last bin gathers the rest).
    const std::size_t bins = std::min<std::size_t>(c.frequency.size(), 10);
    fmt::format_to(out, "facilities by incidents:");
    for (std::size_t k = 0; k < bins; ++k) {
        std::size_t n = c.frequency[k];
        if (k + 1 == bins)
            for (std::size_t j = bins; j < c.frequency.size(); ++j) n += c.frequency[j];
        fmt::format_to(out, " {}{}: {}", k, k + 1 == bins && bins < c.frequency.size() ? "+" : "", n);
    }
    fmt::format_to(out, "\n");
    const std::size_t shown = std::min(m_top, r.table.rows.size());
    if (shown) fmt::format_to(out, "{:<4} {:>9} {:>7}  {:<40} {}\n", "rank", "incidents", "share", "facility", "categories");
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& row = r.table.rows[k];
        fmt::format_to(out, "{:<4} {:>9} {:>6.1f}%  {:<40} {}\n", std::get<std::int64_t>(row[0]), std::get<std::int64_t>(row[3]),
                       std::get<double>(row[4]), r.names[k].substr(0, 40), std::get<std::string>(row[5]));
    }
    return s;
}

}  // namespace

std::unique_ptr<Step> make_facilities() { return std::make_unique<Facilities>(); }

}  // namespace hotspots::steps
