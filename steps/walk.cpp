// walk: a safety-audit walk: from a start, the hotspots (or busiest places) worth the most
// within a walking distance, in the order to visit them along the streets, with a sheet for
// each stop. See docs/walk.md.
#include "steps/walk.hpp"

#include "geo/crs.hpp"
#include "geo/partition.hpp"
#include "hotspots/labels.hpp"
#include "hotspots/profile.hpp"
#include "io/qgis_style.hpp"
#include "io/row_parser.hpp"
#include "io/schema.hpp"
#include "io/text.hpp"
#include "steps/grid_area.hpp"
#include "steps/street_network.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

namespace hotspots::steps {
namespace {

struct WalkResult : Result {
    WalkPlan plan;
    nlohmann::json metadata;
    std::string crs;
};

// "3km", "2.5 km", "800m", "800": metres.
double length_value(const std::string& v) {
    std::string t = io::lower_case(v);
    std::erase(t, ' ');
    double scale = 1;
    if (t.ends_with("km")) {
        scale = 1000;
        t.resize(t.size() - 2);
    } else if (t.ends_with("m")) {
        t.resize(t.size() - 1);
    }
    double x = 0;
    if (!io::parse_number(t, x) || !std::isfinite(x) || !(x > 0) || x * scale > 100000)
        throw UsageError("--max-length '" + v + "': give a length up to 100 km, in metres or with km (3km)");
    return x * scale;
}

// A place given as X,Y (working CRS; longitude,latitude when both look like degrees) or
// PATH:NAME (the point of a file with a field equal to NAME, in any case).
struct Place {
    XY xy;
    std::string name;
};

std::optional<XY> parse_xy(const std::string& text) {
    const auto comma = text.find(',');
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos) return std::nullopt;
    double x = 0, y = 0;
    if (!io::parse_number(text.substr(0, comma), x) || !io::parse_number(text.substr(comma + 1), y)) return std::nullopt;
    if (!std::isfinite(x) || !std::isfinite(y)) return std::nullopt;
    return XY{x, y};
}

// The PATH of a PATH:NAME place (none for X,Y), so a pack finds it beside the pack file.
std::optional<FileSpan> place_file(const std::string& text) {
    const auto colon = text.rfind(':');
    if (parse_xy(text) || colon == std::string::npos || colon == 0) return std::nullopt;
    return FileSpan{0, colon};
}

class Walk : public Step {
public:
    Walk() {
        declare_common(false);
        declare_no_style();
        auto& p = m_params;
        // The network options as every step that reads streets declares them (steps/street_network).
        declare_network(p, m_net, "Streets: any GDAL line layer (an OpenStreetMap .osm/.pbf extract, OS Open Roads, a "
                                  "GeoPackage); without it, straight lines times --detour, with a warning",
                        {.snaps_incidents = false});
        p.number("detour", m_detour, "Without --network: a walk is the straight line times this", Range::between(1, 3)).def("1.3");
        declare_side_file(p, "stops", m_stops, m_stops_crs,
                          "Places to visit: polygons (kde --hotspots, gistar cells, cocoon zones) or points (repeats "
                          "places); default: the --stop-cell cells with the most incidents");
        p.text("stop-name-field", m_stop_name_field, "Field of --stops naming each stop (default: label, name, then the "
                                                     "first field)");
        p.text("prize-field", m_prize_field, "Field of --stops with each stop's worth (default: its incidents, see --prize)");
        p.number("stop-radius", m_stop_radius, "Point stops: the incidents within this distance count for the stop",
                 Range{0, 1000, true, false})
            .def("50")
            .in_unit("metres");
        p.number("stop-cell", m_stop_cell, "Without --stops: the stops are cells of this size", Range::between(10, 1000))
            .def("100")
            .in_unit("metres");
        p.integer("visits", m_visits, "The most stops a walk visits (an audit group spends --minutes-per-stop at each)",
                  Range::between(1, 200))
            .def("8");
        p.integer("min-incidents", m_min_incidents, "A place is a stop only with at least this many incidents",
                  Range::between(1, 1000000))
            .def("3");
        p.integer("max-stops", m_max_stops, "Consider at most this many stops, those worth the most", Range::between(1, 2000)).def("200");
        p.text("prize", m_prize, "What a stop is worth: its incidents, or their harm (with --harm-weights)")
            .def("incidents")
            .one_of({"incidents", "harm"});
        declare_harm_weights(p, m_harm_weights);
        p.text("start", m_start, "Where the walk starts: X,Y in --work-crs (or longitude,latitude), or PATH:NAME, a "
                                 "point of a file whose field equals NAME (stations.csv:Edgware)")
            .needed()
            .reads_file(place_file);
        p.text("end", m_end, "Where the walk ends (the same forms); default: at its last stop").reads_file(place_file);
        p.flag("return", m_return, "End where it started (a round walk)");
        p.value("max-length", m_budget, "The longest walk, start to end: metres, or km (3km)", length_value)
            .def("3km")
            .shown_as("LENGTH");
        p.number("speed", m_speed, "Walking pace, for the times on the sheet", Range{0, 10, true, false}).def("4.5").in_unit("km/h");
        p.number("minutes-per-stop", m_minutes, "Time at each stop, for the times on the sheet", Range::between(0, 240)).def("10");
        p.flag("night", m_night, "An after-dark walk: the incidents of --hours 18-06 (unless --hours is given)");
        p.path("lights", m_lights, "Street lights (points): the nearest to each stop, on the sheet");
        p.path("cameras", m_cameras, "Cameras (points): the nearest to each stop, on the sheet");
        p.text("solver", m_solver, "exact (every subset, up to 16 stops within reach), heuristic (insertion and local "
                                   "search), or auto (exact up to 16 stops within reach)")
            .def("auto")
            .one_of({"auto", "exact", "heuristic"});
        p.output("output", m_output, "The stops in walking order, with their incidents, peak hours, nearest light and "
                                     "camera: .geojson (RFC 7946) or .gpkg", "stops", ".geojson .gpkg")
            .short_form("o")
            .needed();
        p.output("route", m_route, "The route along the streets as one line: .geojson or .gpkg", "route", ".geojson .gpkg");
        p.output("gpx", m_gpx, "The route and stops for phones (GPX 1.1)", "gpx", ".gpx");
        p.output("sheet", m_sheet, "The walk sheet: an overview, then one page per stop with the audit checklist (HTML, "
                                   "prints on A4)", "sheet", ".html");
    }
    StepInfo info() const override {
        return {"walk",
                "A safety-audit walk: the hotspots worth most within a walking distance, in order, with a sheet",
                "docs/walk.md",
                {{.role = "stops",
                  .kind = ProductKind::features,
                  .title = "Stops, in walking order",
                  .map = MapView::stops,
                  .table = TableView::rows,
                  .columns = {"order", "kind", "name", "incidents", "leg_m", "walked_m", "arrive_min", "top_categories",
                              "peak_hours", "peak_days", "nearest_light", "light_m", "nearest_camera", "camera_m"},
                  .category = "kind",
                  .label = "order",
                  .context_from = "network",
                  .locates_incidents = true},
                 {.role = "route", .kind = ProductKind::features, .title = "Route", .map = MapView::route, .context_from = "network",
                  .locates_incidents = true},
                 {.role = "gpx", .kind = ProductKind::text},
                 {.role = "sheet", .kind = ProductKind::text}},
                metadata_roles({{ColumnRole::identifier, "walk.method walk.network"},
                                {ColumnRole::count, "walk.prize walk.prize_available"},
                                {ColumnRole::measure, "parameters.{cameras detour end exclude_classes harm_weights lights "
                                          "max_length_m max_stops min_incidents network night prize return snap_m "
                                          "solver start stop_cell_m stop_radius_m stops visits} "
                                          "walk.candidate_stops walk.length_m walk.stops_within_reach "
                                          "walk.stops<walk.prize"},
                                {ColumnRole::category, "walk.optimal"},
                {ColumnRole::measure, "parameters.node_crossings walk.crossings_joined walk.crossings_apart"}})};
    }
    void check(Context& ctx, const AreaLayers&) override;
    Needs needs() const override {
        Needs n;
        n.ids = n.lsoa = false;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        const auto& s = result_as<WalkResult>(r);
        w.features("stops", stops_table(s.plan, s.crs, s.metadata), io::walk_stops_style());
        if (!m_route.empty()) w.features("route", route_table(s.plan, s.crs, s.metadata), io::walk_route_style());
        if (!m_gpx.empty()) w.text("gpx", walk_gpx(s.plan, s.crs), ".gpx");
        if (!m_sheet.empty()) w.text("sheet", walk_sheet(s.plan, s.crs, s.metadata), ".html");
    }
    bool makes(const std::string& role) const override { return role == "stops" || role == "route" || role == "gpx" || role == "sheet"; }
    std::string report(const Result& r) const override { return walk_summary(result_as<WalkResult>(r).plan); }

private:
    Place place(const std::string& text, const char* option, Context& ctx) const;
    std::vector<WalkStop> make_stops(const Ingested& in, Context& ctx) const;
    void describe(WalkStop& s, const IncidentSet& set, Context& ctx) const;

    std::string m_stops,
        m_stops_crs, m_stop_name_field, m_prize_field, m_prize = "incidents", m_harm_weights, m_start, m_end, m_lights,
        m_cameras, m_solver = "auto", m_output, m_route, m_gpx, m_sheet;
    double m_detour = 1.3, m_stop_radius = 50, m_stop_cell = 100, m_budget = 3000, m_speed = 4.5, m_minutes = 10;
    std::int64_t m_max_stops = 200, m_visits = 8, m_min_incidents = 3;
    bool m_return = false, m_night = false;
    NetworkParams m_net;
    bool m_stops_are_points = false;
    std::string m_stops_spec;  // polygons: --stops with the name field to use
};

void Walk::check(Context& ctx, const AreaLayers&) {
    if (m_return && !m_end.empty()) throw UsageError("--return ends the walk at its start; --end names another end: give one");
    if (m_prize == "harm" && m_harm_weights.empty()) throw UsageError("--prize harm needs --harm-weights (the weight of each crime type)");
    if (!m_harm_weights.empty() && m_prize != "harm")
        throw UsageError("--harm-weights weighs the stops only with --prize harm; add it, or leave --harm-weights out");
    if (!m_prize_field.empty() && m_stops.empty()) throw UsageError("--prize-field is a field of --stops; give --stops");
    if (!m_stop_name_field.empty() && m_stops.empty()) throw UsageError("--stop-name-field is a field of --stops; give --stops");
    if (!m_net.path.empty() && m_params.find("detour")->given) {
        throw UsageError("--detour is for walks without --network (straight lines); with a network the streets give the length");
    }
    if (m_night) {
        if (m_params.find("hours")->given)
            throw UsageError("--night is --hours 18-06; give one or the other (--hours alone for other hours)");
        m_params.set(*m_params.find("hours"), {"18-06"});
    }
    place(m_start, "--start", ctx);
    if (!m_end.empty()) place(m_end, "--end", ctx);
    if (!m_stops.empty()) {
        m_stops_are_points = io::is_point_layer(m_stops);
        const auto spec = io::parse_area_spec(m_stops);
        m_stops_are_points = io::is_point_layer(spec.path);
        if (m_stops_are_points) {
            const auto& layer = ctx.points(m_stops, m_stops_crs, "--stops");
            for (const auto& f : {m_stop_name_field, m_prize_field})
                if (!f.empty() && io::find_column(layer.fields, f) < 0)
                    throw UsageError(fmt::format("--stops {}: no field '{}'; its fields are {}", m_stops, f, io::column_list(layer.fields)));
        } else {
            // kde's hotspots are named by their label.
            m_stops_spec = m_stops;
            if (!m_stop_name_field.empty()) m_stops_spec += ",name=" + m_stop_name_field;
            else if (spec.name_field.empty() && io::find_column(io::layer_fields(spec.path), "label") >= 0) m_stops_spec += ",name=label";
            if (!m_stops_crs.empty()) m_stops_spec += ",crs=" + m_stops_crs;
            ctx.polygons(m_stops_spec, "--stops", m_prize_field);
        }
    }
    if (!m_lights.empty()) ctx.points(m_lights, "", "--lights");
    if (!m_cameras.empty()) ctx.points(m_cameras, "", "--cameras");
    check_harm_weights(m_harm_weights, ctx);
    read_network(m_params, m_net, ctx);
}

Place Walk::place(const std::string& text, const char* option, Context& ctx) const {
    if (auto xy = parse_xy(text)) {
        Place p{*xy, text};
        if (std::fabs(xy->x) <= 180 && std::fabs(xy->y) <= 90) {  // degrees: longitude, latitude
            geo::Transformer("EPSG:4326", ctx.work_crs()).transform(p.xy.x, p.xy.y);
            if (!std::isfinite(p.xy.x)) throw UsageError(fmt::format("{} {}: not a place in {}", option, text, ctx.work_crs()));
        }
        return p;
    }
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        throw UsageError(fmt::format("{} '{}': give X,Y (metres in {}, or longitude,latitude) or PATH:NAME "
                                     "(stations.csv:Edgware)", option, text, ctx.work_crs()));
    const std::string path = text.substr(0, colon), name = io::lower_case(text.substr(colon + 1));
    const auto& layer = ctx.points(path, "", option);
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < layer.points.size(); ++i)
        for (const auto& v : layer.values[i])
            if (io::lower_case(v) == name) {
                found.push_back(i);
                break;
            }
    if (found.empty()) {
        const int name_col = std::max(0, io::find_column(layer.fields, "name"));
        std::vector<std::string> some;
        for (std::size_t i = 0; i < layer.points.size() && some.size() < 8; ++i)
            if (static_cast<std::size_t>(name_col) < layer.values[i].size()) some.push_back(layer.values[i][static_cast<std::size_t>(name_col)]);
        throw UsageError(fmt::format("{} {}: no point of {} has a field equal to '{}' (some there: {})", option, text, path,
                                     text.substr(colon + 1), fmt::join(some, "; ")));
    }
    for (auto& f : found) ++f;  // features count from 1
    if (found.size() > 1)
        throw UsageError(fmt::format("{} {}: {} points of {} match '{}' (features {}); give X,Y instead", option, text,
                                     found.size(), path, text.substr(colon + 1), fmt::join(found, ", ")));
    return {layer.points[found.front() - 1], text.substr(colon + 1)};
}


std::vector<WalkStop> Walk::make_stops(const Ingested& in, Context& ctx) const {
    const auto& set = in.set;
    std::vector<WalkStop> stops;
    const bool harm = m_prize == "harm";
    auto add = [&](WalkStop& s, std::uint32_t k) {
        s.members.push_back(k);
        ++s.incidents;
        if (m_prize_field.empty()) s.prize += harm ? set.incidents[k].weight : 1.0;
    };
    const auto n = static_cast<std::uint32_t>(set.incidents.size());
    if (m_stops.empty()) {
        // Cells with incidents; a stop stands at its incidents' mean and is named by its commonest location.
        std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> cells;
        for (std::uint32_t k = 0; k < n; ++k) {
            const auto& i = set.incidents[k];
            const std::pair key{static_cast<std::int64_t>(std::floor(i.x / m_stop_cell)), static_cast<std::int64_t>(std::floor(i.y / m_stop_cell))};
            auto [it, fresh] = cells.emplace(key, stops.size());
            if (fresh) stops.emplace_back();
            auto& s = stops[it->second];
            add(s, k);
            s.centre.x += i.x;
            s.centre.y += i.y;
        }
        for (auto& c : stops) {
            c.centre.x /= static_cast<double>(c.members.size());
            c.centre.y /= static_cast<double>(c.members.size());
        }
        // A stop looks round a place three cells across. Each cell climbs to its busiest
        // neighbour until a peak (a cell no neighbour outdoes); the peaks are the stops, and a
        // stop counts the incidents of the cells round it that climb to it.
        std::vector<std::size_t> up(stops.size());
        std::vector<std::pair<std::int64_t, std::int64_t>> key_of(stops.size());
        for (const auto& [key, idx] : cells) {
            key_of[idx] = key;
            up[idx] = idx;
            for (std::int64_t dx = -1; dx <= 1; ++dx)
                for (std::int64_t dy = -1; dy <= 1; ++dy) {
                    auto it = cells.find({key.first + dx, key.second + dy});
                    if (it != cells.end() && stops[it->second].prize > stops[up[idx]].prize) up[idx] = it->second;
                }
        }
        std::vector<WalkStop> peaks;
        std::vector<std::size_t> peak_of(stops.size(), std::size_t(-1));
        for (const auto& [key, idx] : cells)
            if (up[idx] == idx) {
                peak_of[idx] = peaks.size();
                peaks.push_back(stops[idx]);  // stands at the peak cell's incidents' mean
            }
        for (const auto& [key, idx] : cells) {
            std::size_t top = idx;
            while (up[top] != top) top = up[top];
            if (top == idx || std::max(std::abs(key_of[top].first - key.first), std::abs(key_of[top].second - key.second)) > 1) continue;
            auto& peak = peaks[peak_of[top]];
            for (auto k : stops[idx].members) {
                peak.members.push_back(k);
                ++peak.incidents;
            }
            peak.prize += stops[idx].prize;
        }
        stops = std::move(peaks);
        // Named as hotspots are (docs/labels.md): the commonest street, then the ward.
        const StreetIndex streets(set);
        std::vector<std::string> names;
        for (auto& s : stops) {
            std::map<std::uint32_t, std::uint64_t> places;
            for (auto k : s.members)
                if (set.incidents[k].location) ++places[set.incidents[k].location];
            names.push_back(place_and_area(place_name(set, places, s.centre, streets), commonest_area(in.layers, in.assignment, s.members)));
            if (names.back().empty()) names.back() = fmt::format("{:.0f}, {:.0f}", s.centre.x, s.centre.y);
        }
        for (std::size_t k = 0; k < stops.size(); ++k) stops[k].name = std::move(names[k]);
    } else if (m_stops_are_points) {
        const auto& layer = ctx.points(m_stops, m_stops_crs, "--stops");
        int name_col = m_stop_name_field.empty() ? io::find_column(layer.fields, "label") : io::find_column(layer.fields, m_stop_name_field);
        if (name_col < 0) name_col = io::find_column(layer.fields, "name");
        const int prize_col = m_prize_field.empty() ? -1 : io::find_column(layer.fields, m_prize_field);
        for (std::size_t j = 0; j < layer.points.size(); ++j) {
            WalkStop s;
            s.centre = layer.points[j];
            s.name = name_col >= 0 ? layer.values[j][static_cast<std::size_t>(name_col)] : fmt::format("place {}", j + 1);
            if (prize_col >= 0) {
                const auto& text = layer.values[j][static_cast<std::size_t>(prize_col)];
                if (!io::parse_number(text, s.prize) || !std::isfinite(s.prize) || s.prize < 0)
                    throw std::runtime_error(fmt::format("--stops {}: feature {}: --prize-field {} '{}' is not a number >= 0",
                                                         m_stops, j + 1, m_prize_field, text));
            }
            stops.push_back(std::move(s));
        }
        // Each incident counts for the nearest place within --stop-radius (a grid of the places finds it).
        const double cell = std::max(m_stop_radius, 1.0);
        std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> grid;
        auto key = [&](std::int64_t cx, std::int64_t cy) { return (static_cast<std::uint64_t>(cx) << 32) ^ (static_cast<std::uint64_t>(cy) & 0xffffffffULL); };
        for (std::uint32_t j = 0; j < stops.size(); ++j)
            grid[key(static_cast<std::int64_t>(std::floor(stops[j].centre.x / cell)), static_cast<std::int64_t>(std::floor(stops[j].centre.y / cell)))].push_back(j);
        for (std::uint32_t k = 0; k < n; ++k) {
            const auto& i = set.incidents[k];
            const auto cx = static_cast<std::int64_t>(std::floor(i.x / cell)), cy = static_cast<std::int64_t>(std::floor(i.y / cell));
            double best = m_stop_radius;
            std::int64_t which = -1;
            for (std::int64_t dx = -1; dx <= 1; ++dx)
                for (std::int64_t dy = -1; dy <= 1; ++dy) {
                    auto it = grid.find(key(cx + dx, cy + dy));
                    if (it == grid.end()) continue;
                    for (auto j : it->second) {
                        const double d = std::hypot(stops[j].centre.x - i.x, stops[j].centre.y - i.y);
                        if (d < best || (d == best && which >= 0 && j < which) || (d <= best && which < 0)) {
                            best = d;
                            which = j;
                        }
                    }
                }
            if (which >= 0) add(stops[static_cast<std::size_t>(which)], k);
        }
    } else {
        const auto& file = ctx.polygons(m_stops_spec, "--stops", m_prize_field);
        const auto& index = *file.index;
        for (std::size_t h = 0; h < index.size(); ++h) {
            WalkStop s;
            s.name = index.name(h);
            s.centre = geo::point_inside(index.wkb(h));
            if (!m_prize_field.empty()) s.prize = file.layer.inputs[h].value;
            stops.push_back(std::move(s));
        }
        geo::AreaLocator locate(index);
        for (std::uint32_t k = 0; k < n; ++k) {
            const int h = locate.locate(set.incidents[k].x, set.incidents[k].y);
            if (h >= 0) add(stops[static_cast<std::size_t>(h)], k);
        }
    }
    const auto places = stops.size();
    std::erase_if(stops, [&](const WalkStop& s) { return !(s.prize > 0) || s.incidents < static_cast<std::uint64_t>(m_min_incidents); });
    if (stops.size() < places)
        ctx.log().note(fmt::format("{} of {} places left out: fewer than --min-incidents {} incidents{}", places - stops.size(),
                                   places, m_min_incidents, m_prize_field.empty() ? "" : " or no --prize-field above 0"));
    std::stable_sort(stops.begin(), stops.end(), [](const WalkStop& a, const WalkStop& b) { return a.prize > b.prize; });
    return stops;
}

// What the sheet says of a stop of the route: its categories, when its incidents happen, and
// the nearest light and camera.
void Walk::describe(WalkStop& s, const IncidentSet& set, Context& ctx) const {
    std::map<Category, std::uint64_t> cats;
    WeekHours week{};
    std::uint64_t dated = 0;
    for (auto k : s.members) {
        const auto& i = set.incidents[k];
        ++cats[i.category];
        if (i.precision != TimePrecision::month) {
            ++dated;
            for_each_hour_share(i.from, i.to, [&](Seconds h, double share) {
                week[static_cast<std::size_t>(weekday_of(h) * 24 + hour_of(h))] += share;
            });
        }
    }
    std::vector<std::pair<Category, std::uint64_t>> top(cats.begin(), cats.end());
    std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t c = 0; c < top.size() && c < 3; ++c)
        s.top_categories += fmt::format("{}{} ({})", c ? ", " : "", slug(top[c].first), top[c].second);
    if (dated > 0) {
        const auto sig = time_signature(week, dated);
        s.peak_hours = hours_text(sig.peak_from, sig.peak_hours);
        s.peak_days = days_text(sig.peak_days);
        s.temporal_class = sig.temporal_class;
    }
    auto nearest = [&](const std::string& path, const char* option, std::string& id, double& dist) {
        if (path.empty()) return;
        const auto& layer = ctx.points(path, "", option);
        for (std::size_t j = 0; j < layer.points.size(); ++j) {
            const double d = std::hypot(layer.points[j].x - s.at.x, layer.points[j].y - s.at.y);
            if (dist < 0 || d < dist) {
                dist = d;
                id = layer.values[j].empty() ? std::to_string(j + 1) : layer.values[j][0];
            }
        }
    };
    nearest(m_lights, "--lights", s.light, s.light_m);
    nearest(m_cameras, "--cameras", s.camera, s.camera_m);
}

std::unique_ptr<Result> Walk::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing to walk to");
    apply_harm_weights(set, m_harm_weights, ctx);
    auto stops = make_stops(in, ctx);
    ctx.log().stage("stops made");
    if (stops.empty())
        throw std::runtime_error(m_stops.empty() ? "no place has any incident" : fmt::format("none of the --stops {} holds any of the {} incidents{}; check that they are the same area and theme", m_stops, set.incidents.size(), m_prize_field.empty() ? "" : " or has a --prize-field above 0"));
    const Place start = place(m_start, "--start", ctx);
    const bool has_end = m_return || !m_end.empty();
    const Place end = m_return ? start : !m_end.empty() ? place(m_end, "--end", ctx) : start;
    std::vector<XY> starts_ends = {start.xy};
    if (has_end) starts_ends.push_back(end.xy);
    warn_if_far(starts_ends, set, "--start/--end", ctx.log());

    WalkSettings s;
    s.start = start.xy;
    s.end = end.xy;
    s.has_end = has_end;
    s.budget = m_budget;
    s.detour = m_detour;
    s.snap = m_net.snap;
    s.crossings_noded = m_net.node_crossings;
    s.max_stops = static_cast<std::size_t>(m_max_stops);
    s.visits = static_cast<std::size_t>(m_visits);
    s.solver = m_solver;
    s.work_crs = ctx.work_crs();
    s.threads = ctx.threads();
    if (!m_net.path.empty()) {
        s.network = &m_net.data.lines;
        s.network_name = m_net.path;
        s.network_note = network_note(m_net);
    }
    const WalkMessages messages{[&](const std::string& m) { ctx.log().note(m); },
                                [&](const std::string& m) { ctx.log().warning(m); },
                                [&](const std::string& m) { ctx.log().stage(m); }};
    WalkPlan plan = plan_walk(std::move(stops), s, messages);
    plan.speed_kmh = m_speed;
    plan.minutes_per_stop = m_minutes;
    // A start or end given as X,Y is named by the street nearest it, the coordinates after.
    const StreetIndex streets(set);
    auto named = [&](const Place& p, const std::string& text) {
        if (!parse_xy(text)) return p.name;
        const std::string street = streets.nearest(p.xy, near_street_m);
        return street.empty() ? p.name : fmt::format("{} ({})", street, p.name);
    };
    plan.start_name = named(start, m_start);
    plan.end_name = m_return ? plan.start_name : m_end.empty() ? "" : named(end, m_end);
    plan.prize_unit = !m_prize_field.empty() ? m_prize_field : m_prize;
    for (auto& stop : plan.stops) describe(stop, set, ctx);
    // Two stops of the walk on one street are told apart by a number (docs/labels.md).
    std::vector<std::string> names;
    for (const auto& stop : plan.stops) names.push_back(stop.name);
    make_unique(names);
    for (std::size_t k = 0; k < names.size(); ++k) plan.stops[k].name = std::move(names[k]);

    auto r = std::make_unique<WalkResult>();
    r->crs = m_input.work_crs;
    r->metadata = metadata("walk", m_input, m_filters, in,
                           {{"network", m_net.path}, {"exclude_classes", m_net.exclude}, {"snap_m", m_net.snap},
                            {"detour", plan.on_network ? nlohmann::json() : nlohmann::json(m_detour)},
                            {"stops", m_stops}, {"stop_cell_m", m_stops.empty() ? nlohmann::json(m_stop_cell) : nlohmann::json()},
                            {"stop_radius_m", m_stops_are_points ? nlohmann::json(m_stop_radius) : nlohmann::json()},
                            {"prize", plan.prize_unit}, {"max_stops", m_max_stops}, {"visits", m_visits}, {"min_incidents", m_min_incidents}, {"start", m_start}, {"end", m_end},
                            {"return", m_return}, {"max_length_m", m_budget}, {"night", m_night}, {"solver", m_solver},
                            {"lights", m_lights}, {"cameras", m_cameras}, {"harm_weights", m_harm_weights}});
    r->metadata["walk"] = {{"length_m", plan.length}, {"prize", plan.prize}, {"prize_available", plan.prize_available},
                           {"stops", plan.stops.size()}, {"candidate_stops", plan.candidates},
                           {"stops_within_reach", plan.reachable}, {"method", plan.method}, {"optimal", plan.optimal},
                           {"network", plan.network_note}};
    // Recorded when used, so walks made without it stay as they were.
    if (m_net.node_crossings) {
        r->metadata["parameters"]["node_crossings"] = true;
        r->metadata["walk"]["crossings_joined"] = m_net.crossings.joined;
        r->metadata["walk"]["crossings_apart"] = m_net.crossings.skipped;
    }
    r->plan = std::move(plan);
    return r;
}

}  // namespace

std::unique_ptr<Step> make_walk() { return std::make_unique<Walk>(); }

}  // namespace hotspots::steps
