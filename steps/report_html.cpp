#include "steps/report_html.hpp"

#include "io/pack_reader.hpp"
#include "io/text.hpp"
#include "io/web_assets.hpp"
#include "steps/report_parts.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace hotspots::steps {
namespace {

namespace fs = std::filesystem;
using io::xml_escape;
using nlohmann::json;

// JSON inside a <script> element: "</" would end it early.
std::string script_json(const json& j) {
    std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') out += "<\\";
        else out += s[i];
    }
    return out;
}

// A manifest's text, "" when absent or null; numbers as written.
std::string str(const json& j, const char* key, const std::string& otherwise = "") {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return otherwise;
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// A layer's features with the attributes the map shows (all but long ones), and Gi* cells
// that are hot or cold only.
json map_layer(const std::string& gpkg, const std::string& layer, const std::string& kind) {
    json j = json::parse(io::layer_geojson(gpkg, layer));
    json kept = json::array();
    for (auto& f : j["features"]) {
        if (kind == "gistar" && (!f["properties"].contains("bin") || !f["properties"]["bin"].is_number() || f["properties"]["bin"].get<double>() == 0)) continue;
        kept.push_back(std::move(f));
    }
    return {{"type", "FeatureCollection"}, {"features", kept}};
}

const char* const css = R"css(
@page { size: A4 landscape; margin: 9mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 12px; }
.marking { position: fixed; left: 0; right: 0; text-align: center; font-weight: bold; letter-spacing: .08em; font-size: 9pt;
  background: #fff; z-index: 2000; }
.marking.top { top: 0; } .marking.bottom { bottom: 0; }
.page { page-break-after: always; padding: 18px 0 14px; }
.page:last-of-type { page-break-after: auto; }
h1 { font-size: 18pt; margin: 4px 0; } h2 { font-size: 15pt; margin: 4px 0 6px; } h3 { font-size: 11.5pt; margin: 10px 0 4px; }
.map { height: 118mm; border: 1px solid #999; margin: 4px 0; }
.cols { display: flex; gap: 14px; } .cols > div { flex: 1; min-width: 0; }
table.data { border-collapse: collapse; page-break-inside: avoid; margin: 4px 0; font-size: 8.5pt; }
table.data th, table.data td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top; }
table.data th { background: #eee; } td.num { text-align: right; }
.small { font-size: 8.5pt; color: #444; }
.block { page-break-inside: avoid; }
.legend { background: rgba(255,255,255,.9); padding: 5px 7px; font-size: 8.5pt; line-height: 1.5; border-radius: 3px; }
.legend i { display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: middle; }
.north { background: rgba(255,255,255,.9); padding: 2px 6px; font-weight: bold; font-size: 11pt; text-align: center; border-radius: 3px; }
.hs-label { background: transparent; border: none; box-shadow: none; font-weight: bold; font-size: 9pt; color: #5a0000; }
canvas.chart { max-width: 420px; max-height: 260px; }
canvas.chart.wide { max-width: 760px; }
.published { border: 2px solid #2c7fb8; padding: 4px 8px; margin: 6px 0; }
body.only .page, body.only .marking { display: none; }
body.only .page.holds { display: block; padding: 0; } body.only .page.holds > * { display: none; }
body.only .map.alone { display: block; position: fixed; inset: 0; height: auto; border: none; }
)css";

const char* const script = R"js(
window.REPORT_ERRORS = [];
window.addEventListener('error', e => { REPORT_ERRORS.push(String(e.message)); document.body.dataset.errors = REPORT_ERRORS.length; });
const BIN = {'3': '#b30000', '2': '#e34a33', '1': '#fc8d59', '-1': '#9ecae1', '-2': '#4292c6', '-3': '#08519c'};
function styleFor(kind, f) {
  if (kind === 'hotspots') return {color: '#7a0000', weight: 2, fill: true, fillOpacity: 0.05};
  if (kind === 'gistar') return {color: BIN[String(f.properties.bin)] || '#999', weight: 0.5, fillOpacity: 0.45};
  if (kind === 'cocoon') return {color: '#7b3294', weight: 1.5, dashArray: '4 3', fillOpacity: 0.08};
  if (kind === 'repeats') return {color: '#2c7fb8', weight: 1, fillColor: '#2c7fb8', fillOpacity: 0.6};
  return {color: '#333', weight: 1, fillOpacity: 0.1};
}
function popupHtml(p) {
  const rows = Object.entries(p).filter(([k, v]) => v !== null && v !== '' && String(v).length < 120).slice(0, 14);
  return '<table>' + rows.map(([k, v]) => '<tr><th>' + k + '</th><td>' + v + '</td></tr>').join('') + '</table>';
}
function legend(t) {
  const c = L.control({position: 'bottomright'});
  c.onAdd = () => {
    const d = L.DomUtil.create('div', 'legend');
    let h = '';
    if (t.density) h += '<div><i style="background:linear-gradient(90deg,#ffffb2,#fd8d3c,#bd0026)"></i>density (0 to ' + t.density.top.toPrecision(3) + ')</div>';
    for (const l of t.layers) {
      if (l.kind === 'hotspots') h += '<div><i style="border:2px solid #7a0000"></i>hotspots (' + l.count + ')</div>';
      if (l.kind === 'gistar') h += '<div><i style="background:#b30000"></i><i style="background:#fc8d59"></i>Gi* hot 99/95/90%<br><i style="background:#08519c"></i><i style="background:#9ecae1"></i>Gi* cold</div>';
      if (l.kind === 'cocoon') h += '<div><i style="border:2px dashed #7b3294"></i>cocooning zones (' + l.count + ')</div>';
      if (l.kind === 'repeats') h += '<div><i style="background:#2c7fb8;border-radius:5px"></i>repeat locations (' + l.count + ')</div>';
    }
    if (REPORT.boundaries) h += '<div><i style="border:1px solid #555"></i>' + REPORT.boundaries_label + '</div>';
    d.innerHTML = h;
    return d;
  };
  return c;
}
function northArrow() {
  const c = L.control({position: 'topright'});
  c.onAdd = () => { const d = L.DomUtil.create('div', 'north'); d.innerHTML = '&#9650;<br>N'; return d; };
  return c;
}
function build() {
  const only = location.hash.startsWith('#only=') ? location.hash.slice(6) : null;
  if (only) document.body.classList.add('only');
  for (const t of REPORT.themes) {
    const el = document.getElementById('map-' + t.id);
    if (!el || (only && only !== 'map-' + t.id)) continue;
    if (only) { el.classList.add('alone'); el.closest('.page').classList.add('holds'); }
    const map = L.map(el, {attributionControl: false, zoomSnap: 0.25, preferCanvas: false});
    if (REPORT.tiles) L.tileLayer(REPORT.tiles, {maxZoom: 19}).addTo(map);
    let bounds = null;
    const grow = b => { if (b && b.isValid()) bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); };
    if (t.density) { L.imageOverlay('data:image/png;base64,' + t.density.png, t.density.bounds, {opacity: 0.85}).addTo(map); grow(L.latLngBounds(t.density.bounds)); }
    if (REPORT.boundaries) grow(L.geoJSON(REPORT.boundaries, {style: {color: '#555', weight: 1, fill: false}, interactive: false}).addTo(map).getBounds());
    for (const l of t.layers) {
      const layer = L.geoJSON(l.geojson, {
        style: f => styleFor(l.kind, f),
        pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 3 + Math.sqrt(f.properties.incidents || 1), color: '#2c7fb8', weight: 1, fillOpacity: 0.6}),
        onEachFeature: (f, ly) => {
          ly.bindPopup(popupHtml(f.properties));
          if (l.kind === 'hotspots' && f.properties.label) ly.bindTooltip(String(f.properties.label).split(' ')[0], {permanent: true, direction: 'center', className: 'hs-label'});
        }
      }).addTo(map);
      el.dataset[l.kind] = l.count;
    }
    map.fitBounds(bounds || [[51.28, -0.51], [51.69, 0.33]]);
    L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
    northArrow().addTo(map);
    legend(t).addTo(map);
  }
  if (!only && window.Chart) {
    Chart.defaults.animation = false;
    for (const t of REPORT.themes) {
      const c = document.getElementById('lorenz-' + t.id);
      if (!c || !t.lorenz) continue;
      new Chart(c, {type: 'line', data: {datasets: [
        {label: 'incidents', data: t.lorenz.map(p => ({x: p[0], y: p[1]})), borderColor: '#b30000', pointRadius: 0},
        {label: 'equal', data: [{x: 0, y: 0}, {x: 100, y: 100}], borderColor: '#999', borderDash: [4, 3], pointRadius: 0}]},
        options: {responsive: false, plugins: {legend: {display: false}}, scales: {
          x: {type: 'linear', min: 0, max: 100, title: {display: true, text: '% of repeat locations (busiest first)'}},
          y: {min: 0, max: 100, title: {display: true, text: '% of their incidents'}}}}});
    }
    const colours = ['#b30000', '#2c7fb8', '#31a354', '#756bb1', '#e6550d', '#636363'];
    for (const t of REPORT.themes) {
      const c = document.getElementById('trend-' + t.id);
      if (!c || !t.trend) continue;
      new Chart(c, {type: 'line', data: {labels: t.trend.months, datasets: t.trend.lines.map((l, k) => ({
        label: l.label, data: l.data, borderColor: l.whole ? '#111' : colours[k % colours.length],
        borderWidth: l.whole ? 3 : 1.5, pointRadius: 0, spanGaps: false}))},
        options: {responsive: false, plugins: {legend: {position: 'right'}}, scales: {
          y: {min: 0, title: {display: true, text: 'per 1,000 residents a month'}}}}});
      c.dataset.lines = t.trend.lines.length;
    }
  }
  document.body.dataset.requests = performance.getEntriesByType('resource').filter(e => !e.name.startsWith('data:')).length;
  document.body.dataset.ready = '1';
}
window.addEventListener('load', build);
)js";

// A parameter's value as a person writes it: 99, not 99.0.
std::string shown(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : ", ") + shown(e);
        return s;
    }
    return v.dump();
}

bool vector_file(const std::string& f) {
    const std::string l = io::lower_case(f);
    for (const char* ext : {".gpkg", ".geojson", ".shp", ".fgb"})
        if (l.ends_with(ext)) return true;
    return false;
}

struct Output {
    std::string file, layer, role, step;
};

}  // namespace

ReportPage report_html(const ReportOptions& o, Log& log) {
    return report_html(io::read_manifest(o.folder), o.folder, o, log);
}

ReportPage report_html(const nlohmann::json& m, const std::string& folder, const ReportOptions& o, Log& log) {
    const auto path = [&](const std::string& f) { return (fs::path(folder) / f).string(); };
    const json pack = m.value("pack", json::object());
    const std::string title = str(pack, "title", o.title.empty() ? "Hotspot report" : o.title);
    // Outputs by theme, in the manifest's order.
    std::map<std::string, std::vector<Output>> by_theme;
    for (const auto& out : m.value("outputs", json::array()))
        if (out.contains("theme"))
            by_theme[str(out, "theme")].push_back(
                {str(out, "file"), str(out, "layer"), str(out, "role"), str(out, "step")});
    std::map<std::string, std::string> run_of;  // step name -> what it runs (kde, gistar, ...)
    std::map<std::pair<std::string, std::string>, json> step_of;
    for (const auto& s : m.value("steps", json::array())) {
        run_of[str(s, "name")] = str(s, "run");
        step_of[{str(s, "theme"), str(s, "name")}] = s;
    }

    json report = {{"tiles", o.tiles}, {"themes", json::array()}};
    // Boundaries: the first area layer the pack wrote into its GeoPackage.
    for (const auto& a : m.value("areas", json::array())) {
        const std::string label = str(a, "label");
        try {
            // A pack copies its areas into its GeoPackage; a command's report reads the file given.
            report["boundaries"] = json::parse(io::layer_geojson(path(str(a, "file", "pack.gpkg")),
                                                                 a.contains("file") ? str(a, "layer") : "areas_" + label));
            report["boundaries_label"] = label + " boundaries";
        } catch (const std::exception& e) {
            log.warning(std::string("the map has no boundaries: ") + e.what());
        }
        break;
    }

    std::string body;
    auto out = std::back_inserter(body);
    // The front page: what, when, from what, how.
    fmt::format_to(out, "<section class=\"page front\"><h1>{}</h1>\n", xml_escape(title));
    fmt::format_to(out, "<p>{} &middot; made by {} ({})</p>\n",
                   xml_escape(pack.contains("month") ? "Month " + str(pack, "month") + " \u00b7 period " + str(pack, "period")
                                                     : "Period " + str(m, "period")), xml_escape(str(m, "generator")),
                   xml_escape([&] {
                       std::string v;
                       const json versions = m.value("versions", json::object());  // items() needs it alive
                       for (const auto& [k, val] : versions.items())
                           v += (v.empty() ? "" : ", ") + k + " " + (val.is_string() ? val.get<std::string>() : val.dump());
                       return v;
                   }()));
    if (m.contains("published"))
        fmt::format_to(out, "<p class=\"published\"><b>Prepared for publication.</b> {}.</p>\n",
                       xml_escape(str(m["published"], "statement")));
    fmt::format_to(out, "<div class=\"cols\"><div><h3>Themes</h3><table class=\"data\"><tr><th>theme</th><th>crime types</th></tr>\n");
    for (const auto& t : m.value("themes", json::array())) {
        std::string types;
        for (const auto& c : t.value("crime_types", json::array())) types += (types.empty() ? "" : ", ") + (c.is_string() ? c.get<std::string>() : c.dump());
        fmt::format_to(out, "<tr><td><a href=\"#theme-{}\">{}</a></td><td>{}</td></tr>\n", xml_escape(str(t, "name")),
                       xml_escape(str(t, "title", str(t, "name"))), xml_escape(types.empty() ? "all" : types));
    }
    fmt::format_to(out, "</table>\n<h3>Inputs</h3><table class=\"data\"><tr><th>input</th><th>rows</th><th>loaded</th>"
                        "<th>rejected</th><th>rejects listed in</th></tr>\n");
    for (const auto& in : m.value("inputs", json::array()))
        fmt::format_to(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       xml_escape(str(in, "name")), str(in, "rows"), str(in, "loaded"), str(in, "rejected"),
                       xml_escape(str(in, "rejects_file")));
    fmt::format_to(out, "</table>\n");
    std::string warnings;
    for (const auto& s : m.value("steps", json::array()))
        for (const auto& w : s.value("warnings", json::array()))
            warnings += "<li>" + xml_escape(str(s, "theme") + " / " + str(s, "name") + ": " + (w.is_string() ? w.get<std::string>() : w.dump())) + "</li>\n";
    fmt::format_to(out, "<h3>Warnings</h3>{}</div>\n", warnings.empty() ? "<p>None.</p>" : "<ul class=\"small\">" + warnings + "</ul>");
    fmt::format_to(out, "<div><h3>Steps and parameters</h3><table class=\"data\"><tr><th>theme</th><th>step</th><th>incidents</th>"
                        "<th>parameters</th></tr>\n");
    for (const auto& s : m.value("steps", json::array())) {
        std::string params;
        const json parameters = s.value("parameters", json::object());
        for (const auto& [k, v] : parameters.items())
            params += (params.empty() ? "" : "; ") + k + " " + shown(v);
        fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td></tr>\n",
                       xml_escape(str(s, "theme")), xml_escape(str(s, "name")), str(s, "incidents"),
                       xml_escape(params));
    }
    fmt::format_to(out, "</table></div></div></section>\n");

    ReportPage page;
    for (const auto& t : m.value("themes", json::array())) {
        const std::string id = str(t, "name");
        const auto& outs = by_theme[id];
        json theme = {{"id", id}, {"layers", json::array()}};
        std::string tables;
        bool mapped = false;
        auto first = [&](const std::string& run, const std::string& role, const std::string& ext) -> const Output* {
            for (const auto& x : outs)
                if (run_of[x.step] == run && x.role == role && (ext == "vector" ? vector_file(x.file) : x.file.ends_with(ext)))
                    return &x;
            return nullptr;
        };
        // A table: its CSV, else its layer's attributes.
        auto table_of = [&](const std::string& run, const std::string& role) {
            const Output* x = first(run, role, ".csv");
            return x ? x : first(run, role, "vector");
        };
        auto rows_of = [&](const Output& x) { return io::read_rows(path(x.file), x.file.ends_with(".csv") ? "" : x.layer); };
        // The theme's first kde: its density and hotspots.
        if (const auto* d = first("kde", "density", ".tif")) {
            const auto& params = step_of[{id, d->step}].value("parameters", json::object());
            const auto sm = params.find("scale-max");
            const double top = sm != params.end() && sm->is_number() ? sm->get<double>() : 0.0;
            const auto img = io::density_image(path(d->file), top);
            theme["density"] = {{"png", img.png_base64}, {"bounds", {{img.south, img.west}, {img.north, img.east}}}, {"top", img.top}};
            mapped = true;
        }
        for (const auto& [run, role, kind] : {std::tuple{"kde", "hotspots", "hotspots"}, std::tuple{"gistar", "units", "gistar"},
                                              std::tuple{"cocoon", "zones", "cocoon"}, std::tuple{"repeats", "locations", "repeats"}}) {
            const auto* g = first(run, role, "vector");
            if (!g) continue;
            auto layer = map_layer(path(g->file), g->layer, kind);
            theme["layers"].push_back({{"kind", kind}, {"count", layer["features"].size()}, {"geojson", std::move(layer)}});
            mapped = true;
        }
        if (const auto* h = table_of("kde", "hotspots"))
            tables += "<div class=\"block\"><h3>Hotspots, ranked</h3>" +
                      html_table(rows_of(*h), {"rank", "label", "incidents", "share_pct", "area_m2", "pai",
                                                                    "top_categories", "top_location", "peak_hours", "temporal_class"},
                                 12, h->file) + "</div>";
        if (const auto* c = table_of("change", "units")) {
            auto rows = rows_of(*c);
            const auto q = column(rows, "p_adjusted");
            if (q < rows[0].size())
                std::stable_sort(rows.begin() + 1, rows.end(), [&](const auto& a, const auto& b) {
                    return std::strtod(a[q].c_str(), nullptr) < std::strtod(b[q].c_str(), nullptr);
                });
            const auto& cp = step_of[{id, c->step}].value("parameters", json::object());
            tables += "<div class=\"block\"><h3>Change: " + xml_escape(str(cp, "before")) + " to " + xml_escape(str(cp, "after")) +
                      "</h3>" +
                      html_table(rows, {"name", "before", "after", "difference", "change_pct", "p_adjusted", "direction"}, 12,
                                 c->file) + "</div>";
        }
        if (const auto* r = table_of("repeats", "locations")) {
            const auto rows = rows_of(*r);
            theme["lorenz"] = lorenz(rows);
            tables += fmt::format("<div class=\"block\"><h3>Repeat locations</h3><div class=\"cols\"><div>{}</div><div>"
                                  "<canvas class=\"chart\" id=\"lorenz-{}\" width=\"420\" height=\"260\"></canvas>"
                                  "<p class=\"small\">Concentration: how much of the repeat locations' crime the busiest "
                                  "hold (the dashed line: all alike).</p></div></div></div>",
                                  html_table(rows, {"rank", "location", "incidents", "first_date", "last_date", "categories"}, 10,
                                             r->file),
                                  xml_escape(id));
        }
        if (const auto* k = first("nearrepeat", "knox", ".csv"))
            tables += "<div class=\"block\"><h3>Near repeats (Knox test)</h3>" + knox_table(rows_of(*k)) + "</div>";
        if (const auto* g = table_of("gistar", "hotspots"))
            tables += "<div class=\"block\"><h3>Gi* hot and cold spots</h3>" +
                      html_table(rows_of(*g), {"label", "type", "incidents", "share_pct", "max_abs_z",
                                                                    "top_categories"}, 10, g->file) + "</div>";
        if (const auto* e = table_of("trend", "units")) {
            const auto rows = rows_of(*e);
            std::map<std::string, int> cats;
            const auto c = column(rows, "arcgis_category");
            if (c < rows[0].size()) {
                for (std::size_t r = 1; r < rows.size(); ++r) ++cats[rows[r][c]];
                std::vector<std::vector<std::string>> table = {{"emerging hot spot category", "units"}};
                for (const auto& [name, n] : cats) table.push_back({name, std::to_string(n)});
                tables += "<div class=\"block\"><h3>Emerging hot spots</h3>" + html_table(table, {}, 30, e->file) + "</div>";
            }
        }
        if (const auto* b = table_of("dashboard", "board")) {
            const auto* sr = first("dashboard", "series", ".csv");
            auto board = board_section(rows_of(*b), sr ? rows_of(*sr) : Rows{}, id, b->file);
            tables += board.html;
            if (!board.trend.is_null()) theme["trend"] = std::move(board.trend);
        }
        // Any other table of the theme (evaluations, walks, profiles): its first rows.
        for (const auto& x : outs) {
            const std::string run = run_of[x.step];
            if (!x.file.ends_with(".csv") || run == "kde" || run == "change" || run == "repeats" || run == "nearrepeat" ||
                run == "gistar" || run == "trend" || run == "cocoon" || run == "dashboard")
                continue;
            tables += "<div class=\"block\"><h3>" + xml_escape(x.step + ": " + x.role) + "</h3>" +
                      html_table(rows_of(x), {}, 10, x.file) + "</div>";
        }
        fmt::format_to(out, "<section class=\"page theme\" id=\"theme-{}\"><h2>{}</h2>\n", xml_escape(id),
                       xml_escape(str(t, "title", id)));
        if (mapped) {
            fmt::format_to(out, "<div class=\"map\" id=\"map-{}\"></div>\n", xml_escape(id));
            page.map_ids.push_back("map-" + id);
        }
        fmt::format_to(out, "{}</section>\n", tables);
        report["themes"].push_back(std::move(theme));
    }

    std::string& h = page.html;
    h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>" + xml_escape(title) + "</title>\n";
    h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
         "style-src 'unsafe-inline'; img-src data:" + std::string(o.tiles.empty() ? "" : " https: http:") + "\">\n";
    h += "<style>\n" + std::string(io::leaflet_css()) + "\n</style>\n<style>" + css + "</style>\n";
    h += "<script>\n" + std::string(io::leaflet_js()) + "\n</script>\n<script>\n" + std::string(io::chart_js()) + "\n</script>\n";
    h += "</head><body>\n";
    const std::string marking = xml_escape(o.marking);
    h += "<div class=\"marking top\">" + marking + "</div><div class=\"marking bottom\">" + marking + "</div>\n";
    h += body;
    h += "<script>\nconst REPORT = " + script_json(report) + ";\n" + script + "</script>\n</body></html>\n";
    return page;
}

}  // namespace hotspots::steps
