// hotspots cocoon: zones around recent burglaries for Safer Homes visits, merged where they
// overlap, each valid until the last of its burglaries is `--days` old.
#include "cli/area_options.hpp"
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "geo/cells.hpp"
#include "geo/zones.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/point_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

namespace hotspots::cli {
namespace {

struct CocoonOptions {
    IngestOptions ingest;
    std::string since;
    double radius = 200;
    int days = 28;
    std::string addresses, addresses_crs;
    std::string output;
};

int run_cocoon(CocoonOptions o) {
    if (!(o.radius > 0)) throw UsageError("--radius must be a distance in metres (> 0)");
    if (o.days < 1) throw UsageError("--days must be at least 1");
    try {
        io::check_feature_path(o.output);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    const auto since = parse_when(o.since);
    if (!since) throw UsageError("--since '" + o.since + "' is not a date (YYYY-MM-DD)");
    if (o.ingest.crime_types.empty()) o.ingest.crime_types = {"burglary"};
    Reporter report("cocoon", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;

    std::vector<std::size_t> recent;
    for (std::size_t i = 0; i < set.incidents.size(); ++i)
        if (set.incidents[i].from >= since->from) recent.push_back(i);
    if (recent.empty())
        throw std::runtime_error(fmt::format("no {} since {}; nothing written", fmt::join(o.ingest.crime_types, ", "), o.since));
    const bool month_only = std::any_of(recent.begin(), recent.end(), [&](std::size_t i) {
        return set.incidents[i].precision == TimePrecision::month;
    });
    if (month_only)
        report.warning("some incidents have month-only dates (data.police.uk): their zones run from the first of the "
                       "month, and their points are map points shared by many addresses");

    std::vector<geo::XY> points;
    for (auto i : recent) points.push_back({set.incidents[i].x, set.incidents[i].y});
    auto zones = geo::merged_circles(points, o.radius);
    std::vector<geo::Wkb> polygons;
    for (const auto& z : zones) polygons.push_back(z.polygon);
    std::vector<std::size_t> address_counts;
    if (!o.addresses.empty()) {
        io::PointLayer layer;
        try {
            layer = io::read_points(o.addresses, o.addresses_crs, o.ingest.work_crs);
        } catch (const io::IoError& e) {
            throw UsageError(std::string("--addresses: ") + e.what());
        }
        report.note(fmt::format("{} address points read from {}{}", layer.points.size(), o.addresses,
                                layer.skipped ? fmt::format(" ({} features without a usable point skipped)", layer.skipped) : ""));
        address_counts = geo::count_inside(polygons, layer.points);
    }

    struct ZoneRow {
        std::size_t zone;
        Seconds first = 0, last = 0;
    };
    std::vector<ZoneRow> order;
    for (std::size_t z = 0; z < zones.size(); ++z) {
        ZoneRow r{z, set.incidents[recent[zones[z].members.front()]].from, 0};
        for (auto m : zones[z].members) {
            r.first = std::min(r.first, set.incidents[recent[m]].from);
            r.last = std::max(r.last, set.incidents[recent[m]].from);
        }
        order.push_back(r);
    }
    // Most recent first: the list a team works down.
    std::stable_sort(order.begin(), order.end(), [](const ZoneRow& a, const ZoneRow& b) { return a.last > b.last; });

    using io::FieldType;
    io::FeatureTable t;
    t.layer = "cocoon_zones";
    t.crs = o.ingest.work_crs;
    t.fields = {{"zone", FieldType::integer},     {"incidents", FieldType::integer}, {"references", FieldType::text},
                {"first_date", FieldType::text},  {"last_date", FieldType::text},    {"expires", FieldType::text},
                {"locations", FieldType::text},   {"area_m2", FieldType::real}};
    if (!o.addresses.empty()) t.fields.push_back({"addresses", FieldType::integer});
    for (const auto& l : in.layers) t.fields.push_back({l.label(), FieldType::text});
    fmt::print("{:<5} {:>9}  {:<10} {:<10} {:<10} {:>9}  {}\n", "zone", "incidents", "first", "last", "expires",
               o.addresses.empty() ? "" : "addresses", in.layers.empty() ? "" : in.layers.front().label());
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& z = zones[order[k].zone];
        std::string refs, locations;
        for (auto m : z.members) {
            const auto& inc = set.incidents[recent[m]];
            const std::string ref = set.id(inc).empty() ? fmt::format("row {}", inc.row) : std::string(set.id(inc));
            refs += (refs.empty() ? "" : ";") + ref;
            const auto& loc = set.text(inc.location);
            if (!loc.empty() && locations.find(loc) == std::string::npos) locations += (locations.empty() ? "" : "; ") + loc;
        }
        const Seconds expires = order[k].last + static_cast<Seconds>(o.days) * 86400;
        std::vector<io::FieldValue> row = {std::int64_t(k + 1), std::int64_t(z.members.size()), refs,
                                           format_date(order[k].first), format_date(order[k].last), format_date(expires),
                                           locations, std::round(geo::polygon_facts(z.polygon).area)};
        if (!o.addresses.empty()) row.emplace_back(std::int64_t(address_counts[order[k].zone]));
        std::string first_layer;
        for (const auto& l : in.layers) {
            const auto text = areas_text(areas_touched(z.polygon, l, order[k].last));
            if (first_layer.empty()) first_layer = text;
            row.emplace_back(text);
        }
        t.rows.push_back(std::move(row));
        t.geometries.push_back(z.polygon);
        if (k < 15)
            fmt::print("{:<5} {:>9}  {:<10} {:<10} {:<10} {:>9}  {}\n", k + 1, z.members.size(), format_date(order[k].first),
                       format_date(order[k].last), format_date(expires),
                       o.addresses.empty() ? std::string() : std::to_string(address_counts[order[k].zone]),
                       first_layer.substr(0, 60));
    }
    if (order.size() > 15) fmt::print("... {} more zones in {}\n", order.size() - 15, o.output);
    t.metadata = metadata("cocoon", o.ingest, in,
                          {{"since", o.since}, {"radius_m", o.radius}, {"days", o.days}, {"addresses", o.addresses},
                           {"rule", "a circle of radius around each incident since --since; overlapping circles merge; "
                                    "a zone expires --days after its last incident"}});
    t.metadata["zones"] = zones.size();
    t.metadata["incidents_since"] = recent.size();
    io::write_features(o.output, t, in.inputs);
    report.note(fmt::format("{} incidents since {} make {} zones; written to {}", recent.size(), o.since, zones.size(), o.output));
    return 0;
}

}  // namespace

std::function<int()> setup_cocoon(CLI::App& app) {
    auto o = std::make_shared<CocoonOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--since", o->since, "Incidents starting on or after this date (YYYY-MM-DD)")->required();
    app.add_option("--radius", o->radius, "Zone radius around each incident, metres")->capture_default_str();
    app.add_option("--days", o->days, "A zone stays valid this many days after its last incident")->capture_default_str();
    app.add_option("--addresses", o->addresses, "Address points (any vector file; CSV with easting/northing) to count per zone");
    app.add_option("--addresses-crs", o->addresses_crs, "CRS of --addresses when the file has none (default: --work-crs)");
    app.add_option("-o,--output", o->output, "Zones: .geojson (RFC 7946) or .gpkg")->required();
    return [o] { return run_cocoon(*o); };
}

}  // namespace hotspots::cli
