// The walk sheet: one self-contained HTML file that prints on A4, an overview page (the
// route drawn to scale, the stops and times), then one page per stop with what the data say
// about it and the audit checklist to fill in on the spot.
#include "geo/crs.hpp"
#include "io/text.hpp"
#include "steps/walk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

const char* const style = R"(<style>
@page { size: A4 portrait; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; margin: 0; }
.page { page-break-after: always; padding: 4mm 0; }
.page:last-child { page-break-after: auto; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; page-break-inside: avoid; margin: 2mm 0; }
th, td { border: 1px solid #888; padding: 1.2mm 1.6mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; }
.facts td:first-child { width: 32%; font-weight: bold; }
.check td { height: 11mm; } .check td.box { width: 12mm; text-align: center; }
.notes { border: 1px solid #888; height: 38mm; margin-top: 2mm; padding: 1.5mm; }
.small { font-size: 8.5pt; color: #444; }
svg { border: 1px solid #aaa; }
</style>
)";

// The route drawn to scale in the working CRS (metres), north up, with a scale bar: a sketch
// for the group, not a map.
std::string sketch(const WalkPlan& plan) {
    std::vector<XY> pts{plan.start, plan.end};
    for (const auto& l : plan.legs) pts.insert(pts.end(), l.line.begin(), l.line.end());
    double x0 = pts[0].x, x1 = x0, y0 = pts[0].y, y1 = y0;
    for (const auto& p : pts) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    const double w = 640, h = 420, pad = 30;
    const double scale = std::min((w - 2 * pad) / std::max(x1 - x0, 1.0), (h - 2 * pad) / std::max(y1 - y0, 1.0));
    auto sx = [&](double x) { return pad + (x - x0) * scale; };
    auto sy = [&](double y) { return h - pad - (y - y0) * scale; };
    std::string s = fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n", w, h);
    s += "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"3\" stroke-linejoin=\"round\" points=\"";
    for (const auto& l : plan.legs)
        for (const auto& p : l.line) s += fmt::format("{:.1f},{:.1f} ", sx(p.x), sy(p.y));
    s += "\"/>\n";
    s += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"12\" height=\"12\" fill=\"#111\"><title>start</title></rect>\n",
                     sx(plan.start.x) - 6, sy(plan.start.y) - 6);
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& st = plan.stops[k];
        s += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"9\" fill=\"#fff\" stroke=\"#111\" stroke-width=\"1.5\"/>"
                         "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\n",
                         sx(st.at.x), sy(st.at.y), sx(st.at.x), sy(st.at.y) + 3.5, k + 1);
    }
    // A scale bar of a round length near a fifth of the width, and north.
    const double target = (w - 2 * pad) / scale / 5;
    double bar = std::pow(10.0, std::floor(std::log10(target)));
    for (double m : {2.0, 5.0})
        if (bar * m <= target) bar = std::pow(10.0, std::floor(std::log10(target))) * m;
    s += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2:.1f}\" y2=\"{1}\" stroke=\"#111\" stroke-width=\"3\"/>"
                     "<text x=\"{0}\" y=\"{3}\" font-size=\"10\">{4:.0f} m</text>\n",
                     pad, h - 10, pad + bar * scale, h - 14, bar);
    s += fmt::format("<text x=\"{0}\" y=\"22\" font-size=\"12\" text-anchor=\"middle\">N</text><line x1=\"{0}\" y1=\"40\" x2=\"{0}\" "
                     "y2=\"26\" stroke=\"#111\" stroke-width=\"2\"/>\n", w - 20);
    return s + "</svg>\n";
}

const char* const checklist[][2] = {
    {"Lighting", "Are the street and paths lit? Lamps out, dark corners, lights hidden by trees?"},
    {"Sightlines", "Can people see and be seen? Hiding places, high hedges, blind corners, recesses?"},
    {"Signage", "Street names, directions, who to contact; are signs readable and intact?"},
    {"CCTV", "Cameras present and working? Do they see this spot? Signs saying so?"},
    {"Maintenance", "Litter, graffiti, fly-tipping, broken fences, empty premises?"},
    {"Escape routes", "Ways out and in: alleys, cut-throughs, routes offenders could use or people could flee by?"},
};

}  // namespace

std::string walk_sheet(const WalkPlan& plan, const std::string& crs, const nlohmann::json& metadata) {
    const geo::Transformer to_lonlat(crs, "EPSG:4326");
    const double pace = plan.speed_kmh * 1000 / 60;  // metres a minute
    // The sheet runs no script and fetches nothing: the policy forbids both, so a street or
    // place name that escaped its escaping still could not run or send anything.
    std::string s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
                    "content=\"default-src 'none'; style-src 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
                    "form-action 'none'\">\n<title>Safety audit walk</title>\n";
    s += style;
    s += "</head><body>\n<div class=\"page\">\n<h1>Safety audit walk</h1>\n";
    // What the walk is about: its crime types (all crime without a filter) and the period of its incidents.
    std::string theme = "all crime";
    if (metadata.contains("parameters") && metadata["parameters"].contains("crime_types")) {
        std::string types;
        for (const auto& c : metadata["parameters"]["crime_types"])
            if (c.is_string()) types += (types.empty() ? "" : ", ") + c.get<std::string>();
        if (!types.empty()) theme = types;
    }
    s += fmt::format("<p class=\"theme\"><b>{}</b>, {}</p>\n", io::xml_escape(theme),
                     io::xml_escape(metadata.value("period", std::string("period unknown"))));
    const bool night = metadata.contains("parameters") && metadata["parameters"].value("night", false);
    s += fmt::format("<p>From <b>{}</b>{}: {} stops, {:.1f} km, about {:.0f} minutes ({:.0f} walking at {} km/h and {} at each "
                     "stop){}.</p>\n",
                     io::xml_escape(plan.start_name), plan.end_name.empty() ? "" : " to <b>" + io::xml_escape(plan.end_name) + "</b>",
                     plan.stops.size(), plan.length / 1000,
                     plan.length / pace + static_cast<double>(plan.stops.size()) * plan.minutes_per_stop, plan.length / pace,
                     plan.speed_kmh, plan.minutes_per_stop, night ? "; <b>after dark</b> (incidents between 18:00 and 06:59)" : "");
    s += fmt::format("<p class=\"small\">The stops hold {:.4g} of the {:.4g} {} of the {} candidate places ({:.1f}%). {} route{}.</p>\n",
                     plan.prize, plan.prize_available, io::xml_escape(plan.prize_unit), plan.candidates,
                     plan.prize_available > 0 ? 100 * plan.prize / plan.prize_available : 0.0,
                     plan.method == "exact" ? "Exact" : "Heuristic",
                     plan.on_network ? " along the streets" : "; <b>no street network was given: distances are straight "
                                                              "lines times a detour factor, so follow the streets on the day</b>");
    s += sketch(plan);
    // Month-only data (data.police.uk) has no hours: no column that would stay empty.
    const bool hours = std::any_of(plan.stops.begin(), plan.stops.end(), [](const auto& st) { return !st.peak_hours.empty(); });
    s += fmt::format("<table><tr><th>Stop</th><th>Place</th><th>Incidents</th><th>Mostly</th>{}<th>Walk</th><th>Arrive "
                     "(min)</th></tr>\n", hours ? "<th>Peak hours</th>" : "");
    double walked = 0;
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& st = plan.stops[k];
        walked += plan.legs[k].length;
        s += fmt::format("<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>{}<td "
                         "class=\"num\">{:.0f} m</td><td class=\"num\">{:.0f}</td></tr>\n",
                         k + 1, io::xml_escape(st.name), st.incidents, io::xml_escape(st.top_categories),
                         hours ? "<td>" + io::xml_escape(st.peak_hours) + "</td>" : "", plan.legs[k].length,
                         walked / pace + static_cast<double>(k) * plan.minutes_per_stop);
    }
    s += "</table>\n";
    // An input is a file ("path") or a folder of monthly files ("folder", "files").
    std::string inputs;
    if (metadata.contains("inputs"))
        for (const auto& i : metadata["inputs"]) {
            std::string one = i.value("path", std::string());
            if (one.empty() && i.contains("folder"))
                one = fmt::format("{} ({} files)", i.value("folder", std::string()), i.value("files", 0));
            if (!one.empty()) inputs += (inputs.empty() ? "" : ", ") + one;
        }
    s += fmt::format("<p class=\"small\">Made by {} from {} incidents{}. Crime data are sensitive: do not leave this "
                     "sheet behind.</p>\n</div>\n",
                     io::xml_escape(metadata.value("generator", std::string("hotspots"))), metadata.value("incidents", 0),
                     inputs.empty() ? "" : " read from " + io::xml_escape(inputs),
                     plan.network_note.empty() ? "" : "; streets: " + io::xml_escape(plan.network_note));
    for (std::size_t k = 0; k < plan.stops.size(); ++k) {
        const auto& st = plan.stops[k];
        XY ll = st.at;
        to_lonlat.transform(ll.x, ll.y);
        s += fmt::format("<div class=\"page\">\n<h2>Stop {} of {}: {}</h2>\n<table class=\"facts\">\n", k + 1, plan.stops.size(),
                         io::xml_escape(st.name));
        auto row = [&](const std::string& what, const std::string& value) {
            if (!value.empty()) s += "<tr><td>" + io::xml_escape(what) + "</td><td>" + io::xml_escape(value) + "</td></tr>\n";
        };
        row("Where", fmt::format("{:.0f} E, {:.0f} N ({:.5f}, {:.5f})", st.at.x, st.at.y, ll.y, ll.x));
        row("Getting there", fmt::format("{:.0f} m{}", plan.legs[k].length, plan.legs[k].via.empty() ? "" : " by " + plan.legs[k].via));
        row("Incidents", fmt::format("{}", st.incidents));
        row("Mostly", st.top_categories);
        row("Peak hours", st.peak_hours.empty() ? "" : st.peak_hours + (st.temporal_class.empty() ? "" : " (" + st.temporal_class + ")"));
        row("Peak days", st.peak_days);
        row("Nearest street light", st.light.empty() ? "" : fmt::format("{} ({:.0f} m)", st.light, st.light_m));
        row("Nearest camera", st.camera.empty() ? "" : fmt::format("{} ({:.0f} m)", st.camera, st.camera_m));
        s += "</table>\n<table class=\"check\"><tr><th>Check</th><th>What to look for</th><th>Good</th><th>Fair</th><th>Poor</th>"
             "<th>Notes</th></tr>\n";
        for (const auto& c : checklist)
            s += fmt::format("<tr><td><b>{}</b></td><td class=\"small\">{}</td><td class=\"box\">&#9744;</td><td "
                             "class=\"box\">&#9744;</td><td class=\"box\">&#9744;</td><td style=\"width:30%\"></td></tr>\n",
                             c[0], c[1]);
        s += "</table>\n<b>Notes and actions (who, by when)</b><div class=\"notes\"></div>\n</div>\n";
    }
    return s + "</body></html>\n";
}

}  // namespace hotspots::steps
