// cocoon: zones around recent burglaries for Safer Homes visits, merged where they overlap,
// each valid until the last of its burglaries is `--days` old.
#include "geo/cells.hpp"
#include "geo/zones.hpp"
#include "io/qgis_style.hpp"
#include "steps/grid_area.hpp"
#include "hotspots/cocoon.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

struct CocoonResult : Result {
    io::FeatureTable table;
    std::string text;
};

class Cocoon : public Step {
public:
    Cocoon() {
        declare_common(false);
        auto& p = m_params;
        p.value("since", m_since, "Incidents starting on or after this date (YYYY-MM-DD)", [this](const std::string& v) {
             auto when = parse_when(v);
             if (!when) throw UsageError("'" + v + "' is not a date (YYYY-MM-DD)");
             m_since_text = v;
             return when->from;
         })
            .needed()
            .dated(Temporal::date);
        p.number("radius", m_radius, "Zone radius around each incident, metres", Range{0, 10000, true, false})
            .def("200")
            .in_unit("metres");
        p.integer("days", m_days, "A zone stays valid this many days after its last incident", Range::between(1, 3650))
            .def("28")
            .in_unit("days");
        declare_side_file(p, "addresses", m_addresses, m_addresses_crs,
                          "Address points (any vector file; CSV with easting/northing) to count per zone");
        p.output("output", m_output, "Zones: .geojson (RFC 7946) or .gpkg", "zones", ".geojson .gpkg").short_form("o").needed();
        declare_no_style();
    }
    StepInfo info() const override {
        return {"cocoon",
                "Cocooning zones around recent burglaries, with the address points to visit",
                "docs/repeats.md",
                {{.role = "zones", .kind = ProductKind::features, .title = "Cocooning zones", .map = MapView::zones,
                  .locates_incidents = true}}};
    }
    void check(Context& ctx, const AreaLayers&) override {
        if (m_filters.crime_types.empty()) m_filters.crime_types = {"burglary"};
        if (!m_addresses.empty()) ctx.points(m_addresses, m_addresses_crs, "--addresses");
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        w.features("zones", result_as<CocoonResult>(r).table, io::cocoon_style());
    }
    std::string report(const Result& r) const override { return result_as<CocoonResult>(r).text; }

private:
    Seconds m_since = 0;
    std::string m_since_text;
    double m_radius = 200;
    int m_days = 28;
    std::string m_addresses, m_addresses_crs, m_output;
};

std::unique_ptr<Result> Cocoon::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    const auto found = cocoon_zones(set, m_since, m_radius, m_days);
    if (found.recent == 0)
        throw std::runtime_error(fmt::format(
            "no {} since {}; nothing written ({}the latest is of {})", fmt::join(m_filters.crime_types, ", "), m_since_text,
            found.any_month_only ? "the data has month-only dates; " : "",
            set.incidents.empty() ? std::string("none") : found.any_month_only ? format_month(found.latest) : format_date(found.latest)));
    if (found.month_only)
        ctx.log().warning("some incidents have month-only dates (data.police.uk): each counts as of the last day of its "
                          "month (its zone expires --days after that), and their points are map points shared by many "
                          "addresses");
    const auto& zones = found.zones;
    std::vector<std::size_t> address_counts;
    if (!m_addresses.empty()) {
        const auto& layer = ctx.points(m_addresses, m_addresses_crs, "--addresses");
        ctx.log().note(fmt::format("{} address points read from {}{}", layer.points.size(), m_addresses,
                                   layer.skipped ? fmt::format(" ({} features without a usable point skipped)", layer.skipped) : ""));
        warn_if_far(layer.points, set, "--addresses " + m_addresses, ctx.log());
        std::vector<geo::Wkb> polygons;
        for (const auto& z : zones) polygons.push_back(z.polygon);
        address_counts = geo::count_inside(polygons, layer.points);
    }

    auto r = std::make_unique<CocoonResult>();
    auto out = std::back_inserter(r->text);
    using io::FieldType;
    io::FeatureTable& t = r->table;
    t.layer = "cocoon_zones";
    t.crs = m_input.work_crs;
    using R = ColumnRole;
    t.fields = {{"zone", FieldType::integer, R::identifier}, {"incidents", FieldType::integer, R::count},
                {"references", FieldType::text, R::identifier}, {"first_date", FieldType::text, R::date},
                {"last_date", FieldType::text, R::date},        {"expires", FieldType::text, R::date},
                {"locations", FieldType::text, R::place},        {"area_m2", FieldType::real, R::measure}};
    if (!m_addresses.empty()) t.fields.push_back({"addresses", FieldType::integer, R::measure});
    for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text, R::area});
    fmt::format_to(out, "{:<5} {:>9}  {:<10} {:<10} {:<10} {:>9}  {}\n", "zone", "incidents", "first", "last", "expires",
                   m_addresses.empty() ? "" : "addresses", in.layers.empty() ? "" : in.layers.front().label());
    for (std::size_t k = 0; k < zones.size(); ++k) {
        const auto& z = zones[k];
        std::string refs, locations;
        for (auto i : z.incidents) {
            const auto& inc = set.incidents[i];
            const std::string ref = set.id(inc).empty() ? fmt::format("row {}", inc.row) : std::string(set.id(inc));
            refs += (refs.empty() ? "" : ";") + ref;
            const auto& loc = set.text(inc.location);
            if (!loc.empty() && locations.find(loc) == std::string::npos) locations += (locations.empty() ? "" : "; ") + loc;
        }
        std::vector<io::FieldValue> row = {std::int64_t(k + 1), std::int64_t(z.incidents.size()), refs,
                                           format_date(z.first), format_date(z.last), format_date(z.expires),
                                           locations, std::round(geo::polygon_facts(z.polygon).area)};
        if (!m_addresses.empty()) row.emplace_back(std::int64_t(address_counts[k]));
        std::string first_layer;
        for (const auto& l : in.layers) {
            const auto text = areas_text(areas_touched(z.polygon, l, z.last));
            if (first_layer.empty()) first_layer = text;
            row.emplace_back(text);
        }
        t.rows.push_back(std::move(row));
        t.geometries.push_back(z.polygon);
        if (k < 15)
            fmt::format_to(out, "{:<5} {:>9}  {:<10} {:<10} {:<10} {:>9}  {}\n", k + 1, z.incidents.size(),
                           format_date(z.first), format_date(z.last), format_date(z.expires),
                           m_addresses.empty() ? std::string() : std::to_string(address_counts[k]), first_layer.substr(0, 60));
    }
    if (zones.size() > 15) fmt::format_to(out, "... {} more zones in {}\n", zones.size() - 15, m_output);
    t.metadata = metadata("cocoon", m_input, m_filters, in,
                          {{"since", m_since_text}, {"radius_m", m_radius}, {"days", m_days}, {"addresses", m_addresses},
                           {"rule", "a circle of radius around each incident since --since; overlapping circles merge; "
                                    "a zone expires --days after its last incident (a month-only incident counts as of "
                                    "the last day of its month)"}});
    t.metadata["zones"] = zones.size();
    t.metadata["incidents_since"] = found.recent;
    ctx.log().note(fmt::format("{} incidents since {} make {} zones", found.recent, m_since_text, zones.size()));
    return r;
}

}  // namespace

std::unique_ptr<Step> make_cocoon() { return std::make_unique<Cocoon>(); }

}  // namespace hotspots::steps
