// The report's own style sheet and script (Leaflet and Chart.js come from Debian's packages,
// io/web_assets). The script draws each theme's map from REPORT: layers by how they are
// drawn (outlines, classes, zones, points), never by the step that made them.
#include "report/report_assets.hpp"

#include "io/folder.hpp"
#include "io/text.hpp"
#include "io/web_assets.hpp"
#include "steps/params.hpp"

#include <regex>
#include <stdexcept>

namespace hotspots::report {
namespace {

const char* const css_text = R"css(
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

// The report's own script comes first in <head>: it only defines functions and listens, so
// that an error or a blocked resource anywhere in the page (Leaflet and Chart.js included) is
// counted on the page (data-errors, data-blocked); build() runs on load and reads the data,
// which is JSON in an element of its own, never code.
const char* const script_text = R"js(
window.REPORT_ERRORS = [];
window.REPORT_BLOCKED = [];
let REPORT = null;
function count(name, list) { (document.body || document.documentElement).dataset[name] = list.length; }
window.addEventListener('error', e => { REPORT_ERRORS.push(String(e.message)); count('errors', REPORT_ERRORS); });
document.addEventListener('securitypolicyviolation', e => {
  REPORT_BLOCKED.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  count('blocked', REPORT_BLOCKED);
});
const BIN = {'3': '#b30000', '2': '#e34a33', '1': '#fc8d59', '-1': '#9ecae1', '-2': '#4292c6', '-3': '#08519c'};
function styleFor(l, f) {
  const line = f.geometry && /Line/.test(f.geometry.type);
  if (l.view === 'outlines') return line ? {color: '#7a0000', weight: 4} : {color: '#7a0000', weight: 2, fill: true, fillOpacity: 0.05};
  if (l.view === 'classes') return {color: BIN[String(f.properties[l.category])] || '#999', weight: line ? 3 : 0.5, fillOpacity: 0.45};
  if (l.view === 'lines') {
    const v = Number(f.properties[l.size]) / (l.top || 1);
    return {color: v > 0.8 ? '#800026' : v > 0.6 ? '#e31a1c' : v > 0.4 ? '#fd8d3c' : '#fecc5c', weight: 2 + 3 * v};
  }
  if (l.view === 'zones') return {color: '#7b3294', weight: 1.5, dashArray: '4 3', fillOpacity: 0.08};
  if (l.view === 'points') return {color: '#2c7fb8', weight: 1, fillColor: '#2c7fb8', fillOpacity: 0.6};
  return {color: '#333', weight: 1, fillOpacity: 0.1};
}
function esc(v) {
  return String(v).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}
function popupHtml(p) {
  const rows = Object.entries(p).filter(([k, v]) => v !== null && v !== '' && String(v).length < 120).slice(0, 14);
  return '<table>' + rows.map(([k, v]) => '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>').join('') + '</table>';
}
function legend(t) {
  const c = L.control({position: 'bottomright'});
  c.onAdd = () => {
    const d = L.DomUtil.create('div', 'legend');
    let h = '';
    if (t.density) h += '<div><i style="background:linear-gradient(90deg,#ffffb2,#fd8d3c,#bd0026)"></i>' + (t.density.bands ? 'density band (1 to ' + t.density.top + ', highest; published surfaces are classes, not values)' : 'density (0 to ' + t.density.top.toPrecision(3) + ')') + '</div>';
    for (const l of t.layers) {
      if (l.view === 'outlines') h += '<div><i style="border:2px solid #7a0000"></i>' + esc(l.title) + ' (' + l.count + ')</div>';
      if (l.view === 'classes') h += '<div><i style="background:#b30000"></i><i style="background:#fc8d59"></i>' + esc(l.title) + ': hot 99/95/90%<br><i style="background:#08519c"></i><i style="background:#9ecae1"></i>cold</div>';
      if (l.view === 'zones') h += '<div><i style="border:2px dashed #7b3294"></i>' + esc(l.title) + ' (' + l.count + ')</div>';
      if (l.view === 'points') h += '<div><i style="background:#2c7fb8;border-radius:5px"></i>' + esc(l.title) + ' (' + l.count + ')</div>';
      if (l.view === 'lines') h += '<div><i style="background:linear-gradient(90deg,#fecc5c,#e31a1c,#800026)"></i>' + esc(l.title) + ' (to ' + Number(l.top).toPrecision(3) + ')</div>';
    }
    if (REPORT.boundaries) h += '<div><i style="border:1px solid #555"></i>' + esc(REPORT.boundaries_label) + '</div>';
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
  REPORT = JSON.parse(document.getElementById('report-data').textContent);
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
        style: f => styleFor(l, f),
        pointToLayer: (f, ll) => L.circleMarker(ll, {radius: 3 + Math.sqrt(Number(f.properties[l.size]) || 1), color: '#2c7fb8', weight: 1, fillOpacity: 0.6}),
        onEachFeature: (f, ly) => {
          ly.bindPopup(popupHtml(f.properties));
          if (l.label && f.properties[l.label]) ly.bindTooltip(esc(String(f.properties[l.label]).split(' ')[0]), {permanent: true, direction: 'center', className: 'hs-label'});
        }
      }).addTo(map);
      el.dataset[l.view] = l.count;
    }
    map.fitBounds(bounds || [[51.28, -0.51], [51.69, 0.33]]);
    L.control.scale({imperial: false, position: 'bottomleft'}).addTo(map);
    northArrow().addTo(map);
    legend(t).addTo(map);
  }
  if (!only && window.Chart) {
    Chart.defaults.animation = false;
    for (const t of REPORT.themes) {
      const c = document.getElementById('concentration-' + t.id);
      if (!c || !t.concentration) continue;
      new Chart(c, {type: 'line', data: {datasets: [
        {label: 'incidents', data: t.concentration.map(p => ({x: p[0], y: p[1]})), borderColor: '#b30000', pointRadius: 0},
        {label: 'equal', data: [{x: 0, y: 0}, {x: 100, y: 100}], borderColor: '#999', borderDash: [4, 3], pointRadius: 0}]},
        options: {responsive: false, plugins: {legend: {display: false}}, scales: {
          x: {type: 'linear', min: 0, max: 100, title: {display: true, text: '% of ' + t.concentration_of + ' (busiest first)'}},
          y: {min: 0, max: 100, title: {display: true, text: '% of their incidents'}}}}});
    }
    const colours = ['#b30000', '#2c7fb8', '#31a354', '#756bb1', '#e6550d', '#636363'];
    for (const t of REPORT.themes) {
      const c = document.getElementById('trend-' + t.id);
      if (!c || !t.trend) continue;
      new Chart(c, {type: 'line', data: {labels: t.trend.months, datasets: t.trend.lines.map((l, k) => ({
        label: l.label, data: l.data, borderColor: l.whole ? '#111' : colours[k % colours.length],
        borderWidth: l.whole ? 3 : 1.5, spanGaps: false, pointStyle: 'triangle',
        pointRadius: l.changes ? l.data.map((v, i) => l.changes.includes(i) ? 6 : 0) : 0,
        pointBackgroundColor: l.whole ? '#111' : colours[k % colours.length]}))},
        options: {responsive: false, plugins: {legend: {position: 'right'}}, scales: {
          y: {min: 0, title: {display: true, text: 'per 1,000 residents a month'}}}}});
      c.dataset.lines = t.trend.lines.length;
    }
  }
  document.body.dataset.requests = performance.getEntriesByType('resource').filter(e => !e.name.startsWith('data:')).length;
  if (REPORT_ERRORS.length) count('errors', REPORT_ERRORS);
  if (REPORT_BLOCKED.length) count('blocked', REPORT_BLOCKED);
  document.body.dataset.ready = '1';
}
window.addEventListener('load', build);
)js";

// An inline script as the browser hashes it: the HTML parser turns CR LF and CR into LF
// before the policy sees the text (Debian's leaflet.js has CR LF line ends). A library that
// could end its element early is refused rather than embedded.
std::string script_text_of(std::string_view js) {
    std::string out;
    out.reserve(js.size());
    for (std::size_t i = 0; i < js.size(); ++i) {
        if (js[i] == '\r') {
            out += '\n';
            if (i + 1 < js.size() && js[i + 1] == '\n') ++i;
        } else {
            out += js[i];
        }
    }
    const std::string lower = io::lower_case(out);
    if (lower.find("</script") != std::string::npos || lower.find("<!--") != std::string::npos)
        throw std::logic_error("an embedded script holds </script or <!--: it cannot be inlined in the report");
    return out;
}

}  // namespace

const char* report_css() { return css_text; }
const char* report_script() { return script_text; }

std::string tile_source(const std::string& tiles) {
    // scheme://host[:port]/path, the host letters, digits, dots and dashes, or {s}. before them
    // (Leaflet's subdomains, a wildcard in the policy); nothing in the path that could end the
    // policy's source list or the attribute.
    static const std::regex url(R"((https?)://(\{s\}\.)?([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)(:[0-9]{1,5})?/[^\s'";,<>\\]*)");
    std::smatch m;
    if (!std::regex_match(tiles, m, url))
        throw steps::UsageError("--tiles " + tiles + ": give an http:// or https:// URL template of a tile server, such as "
                                "https://tiles.example.org/{z}/{x}/{y}.png (a host of letters, digits, dots and dashes, "
                                "{s}. before it for subdomains; no quotes, spaces, ';' or ',')");
    return m[1].str() + "://" + (m[2].matched ? "*." : "") + m[3].str() + m[5].str();
}

std::string json_for_html(const nlohmann::json& j) {
    const std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(s.size());
    // Outside strings JSON has none of these characters, so each is inside a string, where
    // its \u escape means the same.
    for (char c : s) {
        if (c == '<') out += "\\u003c";
        else if (c == '>') out += "\\u003e";
        else if (c == '&') out += "\\u0026";
        else out += c;
    }
    return out;
}

std::string content_security_policy(const std::vector<std::string>& scripts, const std::string& tiles) {
    std::string hashes;
    for (const auto& s : scripts) hashes += " 'sha256-" + io::sha256_base64(s) + "'";
    // default-src 'none' closes every fetch (connect, frame, font, media, worker, manifest);
    // base-uri and form-action do not fall back to it. Styles stay inline: Leaflet and the
    // legend set style attributes, and a style cannot run code or, with images limited to
    // data: (and the tile host), send anything elsewhere.
    return "default-src 'none'; script-src" + hashes + "; style-src 'unsafe-inline'; img-src data:" +
           (tiles.empty() ? "" : " " + tile_source(tiles)) + "; object-src 'none'; base-uri 'none'; form-action 'none'";
}

std::string report_page(const PageParts& p) {
    const std::vector<std::string> scripts = {script_text_of(script_text), script_text_of(io::leaflet_js()),
                                              script_text_of(io::chart_js())};
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
    h += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + io::xml_escape(content_security_policy(scripts, p.tiles)) +
         "\">\n";
    h += "<title>" + p.title + "</title>\n";
    h += "<style>\n" + std::string(io::leaflet_css()) + "\n</style>\n<style>" + report_css() + "</style>\n";
    for (const auto& s : scripts) h += "<script>" + s + "</script>\n";
    h += "</head><body>\n";
    h += "<div class=\"marking top\">" + p.marking + "</div><div class=\"marking bottom\">" + p.marking + "</div>\n";
    h += p.body;
    h += "<script type=\"application/json\" id=\"report-data\">" + json_for_html(p.data) + "</script>\n</body></html>\n";
    return h;
}

}  // namespace hotspots::report
