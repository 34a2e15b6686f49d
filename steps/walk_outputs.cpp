// The walk's products: stops and route layers, GPX for phones, the printable walk sheet, and
// the summary the command prints.
#include "geo/crs.hpp"
#include "geo/geos.hpp"
#include "io/text.hpp"
#include "steps/round.hpp"
#include "steps/walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

// Minutes from the start to reach each stop: walking at the pace, and time spent at the stops before.
std::vector<double> arrival_minutes(const WalkPlan& plan) {
    std::vector<double> out;
    double walked = 0;
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        walked += plan.legs[k].length;
        out.push_back(walked / (plan.speed_kmh * 1000 / 60) + static_cast<double>(k) * plan.minutes_per_stop);
    }
    return out;
}

double total_minutes(const WalkPlan& plan) {
    return plan.length / (plan.speed_kmh * 1000 / 60) + static_cast<double>(plan.stops.size()) * plan.minutes_per_stop;
}

// The whole route, leg after leg, without repeating the points where legs meet.
std::vector<XY> route_points(const WalkPlan& plan) {
    std::vector<XY> pts{plan.start};
    for (const auto& l : plan.legs)
        for (const auto& p : l.line)
            if (pts.empty() || p.x != pts.back().x || p.y != pts.back().y) pts.push_back(p);
    if (pts.size() == 1) pts.push_back(pts.front());
    return pts;
}

XY lonlat(const geo::Transformer& t, XY p) {
    t.transform(p.x, p.y);
    return p;
}

}  // namespace

io::FeatureTable stops_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata) {
    using io::FieldType;
    io::FeatureTable t;
    t.layer = "walk_stops";
    t.crs = crs;
    t.metadata = metadata;
    using R = ColumnRole;
    t.fields = {{"order", FieldType::integer, R::rank},          {"kind", FieldType::text, R::category},
                {"name", FieldType::text, R::place},             {"prize", FieldType::real, R::count},
                {"incidents", FieldType::integer, R::count},     {"leg_m", FieldType::real, R::measure},
                {"walked_m", FieldType::real, R::measure},       {"arrive_min", FieldType::real, R::measure},
                {"via", FieldType::text, R::place},              {"top_categories", FieldType::text, R::text},
                {"peak_hours", FieldType::text, R::date},        {"peak_days", FieldType::text, R::date},
                {"temporal_class", FieldType::text, R::category}, {"nearest_light", FieldType::text, R::place},
                {"light_m", FieldType::real, R::measure},        {"nearest_camera", FieldType::text, R::place},
                {"camera_m", FieldType::real, R::measure},       {"snap_m", FieldType::real, R::measure},
                {"x", FieldType::real, R::place},                {"y", FieldType::real, R::place}};
    geo::GeosContext ctx;
    auto add = [&](std::vector<io::FieldValue> row, XY at) {
        row.emplace_back(round_to(at.x, 2));
        row.emplace_back(round_to(at.y, 2));
        t.rows.push_back(std::move(row));
        auto pt = geo::make_point(ctx, at.x, at.y);
        t.geometries.push_back(geo::to_wkb(ctx, pt.get()));
    };
    const io::FieldValue none;
    auto text_or_null = [](const std::string& s) { return s.empty() ? io::FieldValue() : io::FieldValue(s); };
    auto metres_or_null = [](double m) { return m < 0 ? io::FieldValue() : io::FieldValue(round_to(m, 1)); };
    add({std::int64_t{0}, std::string("start"), plan.start_name, none, none, none, 0.0, 0.0, none, none, none, none, none,
         none, none, none, none, none},
        plan.start);
    const auto arrive = arrival_minutes(plan);
    double walked = 0;
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& s = plan.stops[k];
        walked += plan.legs[k].length;
        add({static_cast<std::int64_t>(k + 1), std::string("stop"), s.name, round_to(s.prize, 3),
             static_cast<std::int64_t>(s.incidents), round_to(plan.legs[k].length, 1), round_to(walked, 1),
             round_to(arrive[k], 1), text_or_null(plan.legs[k].via), text_or_null(s.top_categories),
             text_or_null(s.peak_hours), text_or_null(s.peak_days), text_or_null(s.temporal_class), text_or_null(s.light),
             metres_or_null(s.light_m), text_or_null(s.camera), metres_or_null(s.camera_m), round_to(s.snap_m, 1)},
            s.at);
    }
    if (plan.legs.size() > plan.stops.size()) {
        const auto& l = plan.legs.back();
        add({static_cast<std::int64_t>(plan.stops.size() + 1), std::string("end"), plan.end_name, none, none,
             round_to(l.length, 1), round_to(plan.length, 1), round_to(total_minutes(plan), 1), text_or_null(l.via), none, none,
             none, none, none, none, none, none, none},
            plan.end);
    }
    return t;
}

io::FeatureTable route_table(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata) {
    using io::FieldType;
    io::FeatureTable t;
    t.layer = "walk_route";
    t.crs = crs;
    t.metadata = metadata;
    using R = ColumnRole;
    t.fields = {{"length_m", FieldType::real, R::measure},  {"max_length_m", FieldType::real, R::measure},
                {"stops", FieldType::integer, R::measure},  {"prize", FieldType::real, R::count},
                {"prize_pct", FieldType::real, R::rate},    {"minutes", FieldType::real, R::measure},
                {"method", FieldType::text, R::identifier}, {"optimal", FieldType::integer, R::identifier},
                {"on_network", FieldType::integer, R::identifier}};
    t.rows.push_back({round_to(plan.length, 1), plan.budget, static_cast<std::int64_t>(plan.stops.size()), round_to(plan.prize, 3),
                      plan.prize_available > 0 ? round_to(100 * plan.prize / plan.prize_available, 2) : 0.0,
                      round_to(total_minutes(plan), 1), plan.method, std::int64_t{plan.optimal}, std::int64_t{plan.on_network}});
    geo::GeosContext ctx;
    auto line = geo::make_line(ctx, route_points(plan));
    t.geometries.push_back(geo::to_wkb(ctx, line.get()));
    return t;
}

std::string walk_gpx(const WalkPlan& plan, const std::string& crs) {
    const geo::Transformer t(crs, "EPSG:4326");
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<gpx version=\"1.1\" creator=\"hotspots walk\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n";
    s += fmt::format(" <metadata><name>Safety audit walk</name><desc>{}</desc></metadata>\n",
                     io::xml_escape(fmt::format("{} stops, {:.0f} m", plan.stops.size(), plan.length)));
    auto wpt = [&](XY p, const std::string& name, const std::string& desc) {
        const auto ll = lonlat(t, p);
        s += fmt::format(" <wpt lat=\"{:.6f}\" lon=\"{:.6f}\"><name>{}</name><desc>{}</desc></wpt>\n", ll.y, ll.x, io::xml_escape(name), io::xml_escape(desc));
    };
    wpt(plan.start, "Start: " + plan.start_name, "");
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& st = plan.stops[k];
        wpt(st.at, fmt::format("{} {}", k + 1, st.name),
            fmt::format("{} incidents{}{}", st.incidents, st.top_categories.empty() ? "" : "; " + st.top_categories,
                        st.peak_hours.empty() ? "" : "; peak hours " + st.peak_hours));
    }
    if (plan.legs.size() > plan.stops.size()) wpt(plan.end, "End: " + plan.end_name, "");
    s += " <trk><name>Safety audit walk</name><trkseg>\n";
    for (const auto& p : route_points(plan)) {
        const auto ll = lonlat(t, p);
        s += fmt::format("  <trkpt lat=\"{:.6f}\" lon=\"{:.6f}\"/>\n", ll.y, ll.x);
    }
    return s + " </trkseg></trk>\n</gpx>\n";
}

std::string walk_summary(const WalkPlan& plan) {
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "{:>5} {:<32} {:>9} {:>9} {:>8} {:>8}  {}\n", "stop", "name",
                   // With --prize incidents the prize column would repeat "incidents" over two columns.
                   plan.prize_unit == "incidents" ? std::string("prize") : plan.prize_unit.substr(0, 9), "incidents",
                   "leg m", "walked", "peak hours");
    double walked = 0;
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& st = plan.stops[k];
        walked += plan.legs[k].length;
        fmt::format_to(out, "{:>5} {:<32} {:>9.4g} {:>9} {:>8.0f} {:>8.0f}  {}\n", k + 1, st.name.substr(0, 32), st.prize,
                       st.incidents, plan.legs[k].length, walked, st.peak_hours);
    }
    if (plan.legs.size() > plan.stops.size())
        fmt::format_to(out, "{:>5} {:<32} {:>9} {:>9} {:>8.0f} {:>8.0f}\n", "end", plan.end_name.substr(0, 32), "", "",
                       plan.legs.back().length, plan.length);
    fmt::format_to(out, "{} of {} candidate stops ({} within reach): {:.4g} of {:.4g} {} ({:.1f}%) in {:.0f} m of {:.0f} m "
                        "allowed, about {:.0f} minutes with {:.0f} at each stop; {} route{}{}\n",
                   plan.stops.size(), plan.candidates, plan.reachable, plan.prize, plan.prize_available, plan.prize_unit,
                   plan.prize_available > 0 ? 100 * plan.prize / plan.prize_available : 0.0, plan.length, plan.budget,
                   total_minutes(plan), plan.minutes_per_stop, plan.method, plan.optimal ? " (optimal)" : "",
                   plan.on_network ? " along the streets" : " (straight lines times the detour factor)");
    return s;
}

}  // namespace hotspots::steps
