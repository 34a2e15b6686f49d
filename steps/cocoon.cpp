// cocoon: zones around recent burglaries for Safer Homes visits, merged where they overlap,
// each valid until the last of its burglaries is `--days` old.
#include "geo/cells.hpp"
#include "geo/zones.hpp"
#include "io/qgis_style.hpp"
#include "steps/grid_area.hpp"
#include "hotspots/cocoon.hpp"
#include "io/schema.hpp"
#include "io/text.hpp"
#include "steps/cocoon_doors.hpp"
#include "steps/street_network.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

struct CocoonResult : Result {
    io::FeatureTable table;
    std::string text;
    std::vector<DoorList> doors;
    DoorListInfo door_info;
};

// The column of the address points named by `given`, else the first of `guesses`; -1 for none.
int address_column(const io::PointLayer& layer, const std::string& given, std::initializer_list<const char*> guesses,
                   const char* option, const std::string& path) {
    if (!given.empty()) {
        const int i = io::find_column(layer.fields, given);
        if (i < 0)
            throw UsageError(fmt::format("{} {}: {} has no column '{}'; its columns are {}", option, given, path, given,
                                         io::column_list(layer.fields)));
        return i;
    }
    for (const char* g : guesses)
        if (const int i = io::find_column(layer.fields, g); i >= 0) return i;
    return -1;
}

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
        p.text("address-ref-field", m_ref_field, "Column of --addresses with each address's reference (default: the first "
                                                 "of address_ref, uprn, ref, id, else the first column)");
        p.text("address-text-field", m_text_field, "Column of --addresses with the address as written (default: the first "
                                                   "of address, full_address, address_text, text, street)");
        declare_network(p, m_net, "Streets for the door rounds (--door-list): any GDAL line layer (an OpenStreetMap "
                                  ".osm/.pbf extract, OS Open Roads, a GeoPackage); without it, straight lines",
                        {.snaps_incidents = false, .declared_defaults = false});
        // No declared default (the field holds it), so packs' manifests stay as they were.
        p.number("minutes-per-door", m_minutes_per_door, "Time at each door, for the sheet's estimate (default 3)",
                 Range::between(0, 60))
            .in_unit("minutes");
        p.output("output", m_output, "Zones: .geojson (RFC 7946) or .gpkg", "zones", ".geojson .gpkg").short_form("o").needed();
        declare_no_style();
        p.text("door-rounds", m_door_rounds,
               "The door rounds to make, comma-separated: csv (--door-list), gpx (--door-gpx), sheet (--door-sheet); "
               "in a pack, where they are files of the pack's folder (never written with --publish)");
        p.output("door-list", m_door_list, "Per zone, its --addresses in walking order from the burgled address, with "
                                           "distances (CSV; never written with --publish)", "doors", ".csv");
        p.output("door-gpx", m_door_gpx, "The door rounds for phones (GPX 1.1; never written with --publish)", "doors_gpx", ".gpx");
        p.output("door-sheet", m_door_sheet, "The door rounds to print, a page per zone with boxes to tick (HTML; never "
                                             "written with --publish)", "doors_sheet", ".html");
    }
    StepInfo info() const override {
        return {"cocoon",
                "Cocooning zones around recent burglaries, with the address points to visit",
                "docs/repeats.md",
                {{.role = "zones", .kind = ProductKind::features, .title = "Cocooning zones", .map = MapView::zones,
                  .locates_incidents = true},
                 {.role = "doors", .kind = ProductKind::text, .title = "Door lists", .locates_incidents = true},
                 {.role = "doors_gpx", .kind = ProductKind::text, .title = "Door rounds (GPX)", .locates_incidents = true},
                 {.role = "doors_sheet", .kind = ProductKind::text, .title = "Door rounds (sheet)", .locates_incidents = true}},
                metadata_roles({{ColumnRole::count, "incidents_since"},
                                {ColumnRole::measure, "parameters.{addresses days radius_m rule since} zones<incidents_since"}})};
    }
    // The door lists are made when asked for: by a file's name, or in a pack by --door-rounds
    // (they are for the officers on the day, so a monthly pack makes them only when asked).
    bool makes(const std::string& role) const override {
        if (role == "doors") return !m_door_list.empty() || asks("csv");
        if (role == "doors_gpx") return !m_door_gpx.empty() || asks("gpx");
        if (role == "doors_sheet") return !m_door_sheet.empty() || asks("sheet");
        return true;
    }
    void check(Context& ctx, const AreaLayers&) override {
        if (m_filters.crime_types.empty()) m_filters.crime_types = {"burglary"};
        check_door_rounds();
        const bool doors = !m_door_list.empty() || !m_door_gpx.empty() || !m_door_sheet.empty();
        if (doors && m_addresses.empty())
            throw UsageError("--door-list, --door-gpx and --door-sheet list the address points of each zone; give --addresses");
        if (!doors)
            for (const char* o : {"network", "address-ref-field", "address-text-field", "minutes-per-door"})
                if (m_params.find(o)->given)
                    throw UsageError(fmt::format("--{} is for the door rounds; add --door-list, --door-gpx or --door-sheet", o));
        if (!m_addresses.empty()) {
            const auto& layer = ctx.points(m_addresses, m_addresses_crs, "--addresses");
            address_column(layer, m_ref_field, {}, "--address-ref-field", m_addresses);
            address_column(layer, m_text_field, {}, "--address-text-field", m_addresses);
        }
        read_network(m_params, m_net, ctx);
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        const auto& c = result_as<CocoonResult>(r);
        w.features("zones", c.table, io::cocoon_style());
        // Texts: publishing never writes them (report/release.cpp), so no address leaves with a release.
        if (!m_door_list.empty()) w.text("doors", door_csv(c.doors, c.door_info), ".csv");
        if (!m_door_gpx.empty()) w.text("doors_gpx", door_gpx(c.doors, c.door_info), ".gpx");
        if (!m_door_sheet.empty()) w.text("doors_sheet", door_sheet(c.doors, c.door_info), ".html");
    }
    std::string report(const Result& r) const override { return result_as<CocoonResult>(r).text; }

private:
    bool asks(const std::string& kind) const {
        const auto kinds = io::split_commas(m_door_rounds);
        return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
    }
    // Each kind named, and its file given (a pack gives them; on the command line name them).
    void check_door_rounds() const {
        const std::pair<const char*, const std::string*> files[] = {
            {"csv", &m_door_list}, {"gpx", &m_door_gpx}, {"sheet", &m_door_sheet}};
        const char* options[] = {"--door-list", "--door-gpx", "--door-sheet"};
        for (const auto& k : io::split_commas(m_door_rounds))
            if (k != "csv" && k != "gpx" && k != "sheet")
                throw UsageError("--door-rounds '" + k + "': give csv, gpx, sheet or several, comma-separated");
        for (std::size_t i = 0; i < 3; ++i)
            if (asks(files[i].first) && files[i].second->empty())
                throw UsageError(fmt::format("--door-rounds {}: name its file with {} (a pack names its own files)",
                                             files[i].first, options[i]));
    }
    std::string m_door_rounds;
    Seconds m_since = 0;
    std::string m_since_text;
    double m_radius = 200;
    int m_days = 28;
    std::string m_addresses, m_addresses_crs, m_output, m_ref_field, m_text_field, m_door_list, m_door_gpx, m_door_sheet;
    NetworkParams m_net;
    double m_minutes_per_door = 3;

    std::vector<DoorList> door_lists(const CocoonZones& found, const IncidentSet& set, const io::PointLayer& layer,
                                     const std::vector<std::vector<std::uint32_t>>& inside, Context& ctx) const;
};

std::vector<DoorList> Cocoon::door_lists(const CocoonZones& found, const IncidentSet& set, const io::PointLayer& layer,
                                         const std::vector<std::vector<std::uint32_t>>& inside, Context& ctx) const {
    const int ref_col = address_column(layer, m_ref_field, {"address_ref", "uprn", "ref", "id"}, "--address-ref-field", m_addresses);
    const int text_col = address_column(layer, m_text_field, {"address", "full_address", "address_text", "text", "street"},
                                        "--address-text-field", m_addresses);
    auto value = [&](std::size_t i, int col) {
        return col >= 0 ? layer.values[i][static_cast<std::size_t>(col)] : std::string();
    };
    std::vector<DoorList> lists;
    std::vector<DoorZone> zones;
    for (std::size_t k = 0; k < found.zones.size(); ++k) {
        const auto& z = found.zones[k];
        // The round starts at the zone's latest burglary (the first of them on the same day).
        std::size_t latest = z.incidents.front();
        for (auto i : z.incidents)
            if (set.incidents[i].from > set.incidents[latest].from) latest = i;
        const auto& inc = set.incidents[latest];
        DoorList l;
        l.zone = k + 1;
        l.burglary = set.id(inc).empty() ? fmt::format("row {}", inc.row) : std::string(set.id(inc));
        l.expires = format_date(z.expires);
        l.start = {inc.x, inc.y};
        for (auto i : inside[k])
            l.doors.push_back({ref_col >= 0 ? value(i, ref_col) : std::to_string(i + 1), value(i, text_col), layer.points[i]});
        zones.push_back({l.start, {}});
        for (const auto& d : l.doors) zones.back().doors.push_back(d.at);
        lists.push_back(std::move(l));
    }
    DoorSettings s;
    if (!m_net.path.empty()) {
        s.network = &m_net.data.lines;
        s.snap = m_net.snap;
        // A door further than this along the streets is on another piece of the network in practice.
        s.limit = std::max(5000.0, 20 * m_radius);
    }
    s.threads = ctx.threads();
    auto rounds = door_rounds(zones, s);
    std::size_t cut_off = 0, heuristic = 0;
    for (std::size_t k = 0; k < lists.size(); ++k) {
        cut_off += rounds[k].order.size() - rounds[k].reachable;
        heuristic += !rounds[k].optimal;
        lists[k].round = std::move(rounds[k]);
    }
    if (!m_net.path.empty()) ctx.log().note(network_note(m_net));
    if (cut_off)
        ctx.log().warning(fmt::format("{} addresses cannot be reached along --network {} from their zone's burglary; they "
                                      "are listed after each round{}", cut_off, m_net.path,
                                      m_net.node_crossings ? "" : " (if the network's lines cross without sharing a vertex, add --node-crossings)"));
    ctx.log().note(fmt::format("door rounds: {} zones, {} solved exactly (at most 10 doors), {} by the walk's heuristic",
                               lists.size(), lists.size() - heuristic, heuristic));
    return lists;
}

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
    std::vector<DoorList> doors;
    if (!m_addresses.empty()) {
        const auto& layer = ctx.points(m_addresses, m_addresses_crs, "--addresses");
        ctx.log().note(fmt::format("{} address points read from {}{}", layer.points.size(), m_addresses,
                                   layer.skipped ? fmt::format(" ({} features without a usable point skipped)", layer.skipped) : ""));
        warn_if_far(layer.points, set, "--addresses " + m_addresses, ctx.log());
        std::vector<geo::Wkb> polygons;
        for (const auto& z : zones) polygons.push_back(z.polygon);
        if (!m_door_list.empty() || !m_door_gpx.empty() || !m_door_sheet.empty()) {
            const auto inside = geo::points_inside(polygons, layer.points);
            for (const auto& in_zone : inside) address_counts.push_back(in_zone.size());
            doors = door_lists(found, set, layer, inside, ctx);
        } else {
            address_counts = geo::count_inside(polygons, layer.points);
        }
    }

    auto r = std::make_unique<CocoonResult>();
    r->doors = std::move(doors);
    r->door_info = {!m_net.path.empty(), m_input.work_crs, 4.5, m_minutes_per_door};
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
    // Recorded with door files only, so zones made without them stay as they were.
    if (!r->doors.empty() || !m_door_list.empty() || !m_door_gpx.empty() || !m_door_sheet.empty()) {
        auto& p = t.metadata["parameters"];
        p["door_rounds"] = {{"network", m_net.path}, {"exclude_classes", m_net.path.empty() ? "" : m_net.exclude},
                            {"snap_m", m_net.snap}, {"node_crossings", m_net.node_crossings},
                            {"minutes_per_door", m_minutes_per_door}, {"address_ref_field", m_ref_field},
                            {"address_text_field", m_text_field}};
    }
    t.metadata["zones"] = zones.size();
    t.metadata["incidents_since"] = found.recent;
    ctx.log().note(fmt::format("{} incidents since {} make {} zones", found.recent, m_since_text, zones.size()));
    return r;
}

}  // namespace

std::unique_ptr<Step> make_cocoon() { return std::make_unique<Cocoon>(); }

}  // namespace hotspots::steps
