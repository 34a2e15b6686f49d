#include "steps/cocoon_doors.hpp"

#include "geo/crs.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {
namespace {

std::string metres(double v) { return std::isfinite(v) ? fmt::format("{:.0f}", v) : std::string(); }

XY lonlat(const geo::Transformer& t, XY p) {
    t.transform(p.x, p.y);
    return p;
}

const char* const unreachable_note = "no street leads there from the burgled address in --network";

}  // namespace

std::string door_csv(const std::vector<DoorList>& lists, const DoorListInfo& info) {
    std::string s = "zone,visit,address_ref,address,distance_m,leg_m,walked_m,x,y,burglary,expires,note\n";
    for (const auto& l : lists) {
        double walked = 0;
        for (std::size_t v = 0; v < l.round.order.size(); ++v) {
            const auto& d = l.doors[l.round.order[v]];
            const bool in_round = v < l.round.reachable;
            if (in_round) walked += l.round.leg[v];
            std::string line = fmt::format("{},{},", l.zone, in_round ? std::to_string(v + 1) : std::string());
            io::append_csv_field(line, d.ref);
            line += ',';
            io::append_csv_field(line, d.text);
            line += fmt::format(",{},{},{},{:.1f},{:.1f},", metres(l.round.distance[l.round.order[v]]),
                                in_round ? metres(l.round.leg[v]) : "", in_round ? metres(walked) : "", d.at.x, d.at.y);
            io::append_csv_field(line, l.burglary);
            line += "," + l.expires + ",";
            if (!in_round) io::append_csv_field(line, unreachable_note);
            s += line + "\n";
        }
    }
    (void)info;
    return s;
}

std::string door_gpx(const std::vector<DoorList>& lists, const DoorListInfo& info) {
    const geo::Transformer t(info.crs, "EPSG:4326");
    std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<gpx version=\"1.1\" creator=\"hotspots cocoon\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n"
                    " <metadata><name>Cocooning door rounds</name></metadata>\n";
    auto wpt = [&](XY p, const std::string& name, const std::string& desc) {
        const auto ll = lonlat(t, p);
        s += fmt::format(" <wpt lat=\"{:.6f}\" lon=\"{:.6f}\"><name>{}</name><desc>{}</desc></wpt>\n", ll.y, ll.x,
                         io::xml_escape(name), io::xml_escape(desc));
    };
    for (const auto& l : lists) {
        wpt(l.start, fmt::format("Zone {} start", l.zone), "burglary " + l.burglary);
        for (std::size_t v = 0; v < l.round.order.size(); ++v) {
            const auto& d = l.doors[l.round.order[v]];
            const bool in_round = v < l.round.reachable;
            wpt(d.at, fmt::format("Z{}-{} {}", l.zone, in_round ? std::to_string(v + 1) : "x", d.ref),
                d.text + (in_round ? "" : std::string("; ") + unreachable_note));
        }
    }
    for (const auto& l : lists) {
        if (l.round.reachable == 0) continue;
        s += fmt::format(" <trk><name>Zone {} round</name><trkseg>\n", l.zone);
        for (const auto& line : l.round.lines)
            for (const auto& p : line) {
                const auto ll = lonlat(t, p);
                s += fmt::format("  <trkpt lat=\"{:.6f}\" lon=\"{:.6f}\"/>\n", ll.y, ll.x);
            }
        s += " </trkseg></trk>\n";
    }
    return s + "</gpx>\n";
}

std::string door_sheet(const std::vector<DoorList>& lists, const DoorListInfo& info) {
    std::string s = R"(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Cocooning door rounds</title>
<style>
@page { size: A4 portrait; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0; }
.page { page-break-after: always; padding: 3mm 0; } .page:last-child { page-break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
table { border-collapse: collapse; width: 100%; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #888; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; } td.box { width: 10mm; } td.notes { width: 32%; }
.small { font-size: 8.5pt; color: #444; }
</style></head><body>
)";
    for (const auto& l : lists) {
        const double minutes = l.round.length / (info.speed_kmh * 1000 / 60) + info.minutes_per_door * double(l.round.reachable);
        s += fmt::format("<div class=\"page\"><h1>Zone {}: cocooning visits</h1>\n", l.zone);
        s += fmt::format("<p>Start at the burgled address (burglary {}). {} doors; the round is {:.0f} m {}, about {:.0f} "
                         "minutes with {:g} at each door. Visit by {}.</p>\n",
                         io::xml_escape(l.burglary), l.doors.size(), l.round.length,
                         info.on_network ? "along the streets" : "in straight lines (follow the streets on the day)", minutes,
                         info.minutes_per_door, l.expires);
        s += "<table><tr><th>#</th><th>Address</th><th>Ref</th><th>From the burglary, m</th><th>Visited</th>"
             "<th>No reply, card left</th><th>Notes</th></tr>\n";
        for (std::size_t v = 0; v < l.round.order.size(); ++v) {
            const auto& d = l.doors[l.round.order[v]];
            const bool in_round = v < l.round.reachable;
            s += fmt::format("<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"box\"></td>"
                             "<td class=\"box\"></td><td class=\"notes\">{}</td></tr>\n",
                             in_round ? std::to_string(v + 1) : "-", io::xml_escape(d.text), io::xml_escape(d.ref),
                             metres(l.round.distance[l.round.order[v]]), in_round ? "" : unreachable_note);
        }
        s += "</table><p class=\"small\">Sensitive: the addresses next to a burglary. Keep this sheet with you, leave "
             "it at no address, and destroy it after the visits.</p></div>\n";
    }
    return s + "</body></html>\n";
}

}  // namespace hotspots::steps
