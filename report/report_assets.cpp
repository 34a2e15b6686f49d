// The report's own style sheet and script (Leaflet and Chart.js come from Debian's packages,
// io/web_assets). The script draws each theme's map from REPORT: layers by how they are
// drawn (outlines, classes, zones, points), never by the step that made them.
#include "report/report_assets.hpp"

#include "io/folder.hpp"
#include "io/text.hpp"
#include "io/web_assets.hpp"
#include "steps/params.hpp"

#include <fmt/format.h>

#include <cctype>
#include <regex>
#include <stdexcept>

namespace hotspots::report {
namespace {

const char* const css_text = R"css(
@page { size: A4 landscape; margin: 11mm 9mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #111; margin: 0 12px; }
.marking { position: fixed; left: 0; right: 0; text-align: center; font-weight: bold; letter-spacing: .08em; font-size: 9pt;
  background: #fff; z-index: 2000; }
.marking.top { top: 0; } .marking.bottom { bottom: 0; }
.page { page-break-after: always; padding: 18px 0 14px; }
.page:last-of-type { page-break-after: auto; }
h1 { font-size: 18pt; margin: 4px 0; } h2 { font-size: 15pt; margin: 4px 0 6px; } h3 { font-size: 11.5pt; margin: 10px 0 4px; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
.map { height: 160mm; border: 1px solid #999; margin: 4px 0; }
.cols { display: flex; gap: 14px; } .cols > div { flex: 1; min-width: 0; }
table.data { border-collapse: collapse; margin: 4px 0; font-size: 8.5pt; max-width: 100%; }
table.data th, table.data td { border: 1px solid #bbb; padding: 2px 5px; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
table.data td.small, table.data td code { overflow-wrap: anywhere; }
table.data thead { display: table-header-group; }
table.data tr { break-inside: avoid; page-break-inside: avoid; }
table.data th { background: #eee; } td.num { text-align: right; white-space: nowrap; }
.small { font-size: 8.5pt; color: #444; }
.block { margin-bottom: 6px; }
canvas.chart, .cols > div:has(canvas) { break-inside: avoid; page-break-inside: avoid; }
canvas.chart + p.small { break-before: avoid; }
.legend { background: rgba(255,255,255,.92); padding: 6px 8px; font-size: 9pt; line-height: 1.55; border-radius: 3px;
  box-shadow: 0 0 3px rgba(0,0,0,.35); }
.legend i { display: inline-block; width: 16px; height: 11px; margin-right: 5px; vertical-align: middle; box-sizing: border-box; }
.legend i.dot { border-radius: 50%; }
.title-block { background: rgba(255,255,255,.94); padding: 6px 10px; border-left: 5px solid #000; box-shadow: 0 0 3px rgba(0,0,0,.35);
  font-size: 9.5pt; line-height: 1.45; max-width: 46em; }
.title-block .theme { font-size: 14pt; font-weight: bold; }
.title-block .mark { font-weight: bold; letter-spacing: .06em; }
.north { background: rgba(255,255,255,.9); padding: 2px 6px; font-weight: bold; font-size: 11pt; text-align: center; border-radius: 3px; }
.leaflet-control-scale-line { font-size: 12px; font-weight: bold; border: 2px solid #222; border-top: none; padding: 1px 6px;
  background: rgba(255,255,255,.85); }
.hs-label { background: rgba(255,255,255,.8); border: none; box-shadow: none; font-weight: bold; font-size: 9pt; color: #000;
  padding: 0 3px; }
.hs-label:before { display: none; }
.area-label span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap; pointer-events: none;
  text-shadow: 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
.area-label.fine span { font-size: 8pt; color: #4a4a4a; font-style: italic; }
.area-label.coarse span { font-size: 11pt; color: #111; font-weight: bold; letter-spacing: .1em; text-transform: uppercase; }
.context-label span { position: absolute; transform: translate(-50%, -50%); white-space: nowrap; font-size: 7.5pt; color: #666;
  text-shadow: 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }
canvas.chart { max-width: 420px; max-height: 260px; }
canvas.chart.wide { max-width: 760px; }
.published { border: 2px solid #2c7fb8; padding: 4px 8px; margin: 6px 0; }
.lead { border-top: 2px solid #333; margin-top: 8px; break-inside: avoid; page-break-inside: avoid; }
.lead h2 a { color: inherit; } .lead h3 { font-size: 10.5pt; }
.lead ul { margin: 2px 0; padding-left: 18px; font-size: 9pt; }
.cls { padding: 0 4px; border-radius: 2px; font-weight: bold; }
.cls.new { background: #fde0c5; } .cls.intensifying { background: #f4a582; } .cls.diminishing { background: #d1e5f0; }
p.headline { font-size: 12pt; border-left: 4px solid #252525; padding: 2px 8px; margin: 6px 0; }
body.only .page, body.only .marking { display: none; }
body.only .page.holds { display: block; padding: 0; } body.only .page.holds > * { display: none; }
body.only .map.alone { display: block; position: fixed; inset: 0; height: auto; border: none; }
body.only .leaflet-control-zoom, body.only .leaflet-control-layers { display: none; }
body.only .title-block { font-size: 15pt; padding: 10px 16px; border-left-width: 8px; }
body.only .title-block .theme { font-size: 26pt; }
body.only .legend { font-size: 14pt; padding: 10px 14px; }
body.only .legend i { width: 24px; height: 16px; }
body.only .leaflet-control-scale-line { font-size: 18px; border-width: 3px; }
body.only .hs-label { font-size: 13pt; }
body.only .area-label.fine span { font-size: 11pt; }
body.only .area-label.coarse span { font-size: 16pt; }
body.only .north { font-size: 16pt; }
@media print {
  body { margin: 0; }
  .leaflet-control-zoom, .leaflet-control-layers { display: none; }
  table.data { font-size: 7.5pt; }
  table.data th, table.data td { padding: 1px 3px; }
  .map { height: 165mm; break-after: page; page-break-after: always; }
  .page.theme > h2 { margin-top: 0; }
  .front .cols { display: block; }
  canvas.chart.wide { max-width: 100%; }
}
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
// Colours come from REPORT.palette (io/palette: the same scheme as the QGIS styles).
function binColour(b) {
  const P = REPORT.palette, k = Math.abs(Number(b)) - 1;
  return Number(b) > 0 ? P.gi_hot[k] : P.gi_cold[k];
}
function styleFor(l, f) {
  const P = REPORT.palette, line = f.geometry && /Line/.test(f.geometry.type);
  if (l.view === 'outlines') return line ? {color: P.hotspot, weight: 4, pane: 'layers'} : {color: P.hotspot, weight: 2.5, fill: true, fillOpacity: 0.04, pane: 'layers'};
  if (l.view === 'classes') return {color: binColour(f.properties[l.category]) || '#999', weight: line ? 3 : 0.5, fillOpacity: 0.55, pane: 'layers'};
  if (l.view === 'lines') {
    const v = Number(f.properties[l.size]) / (l.top || 1), r = P.lines;
    return {color: r[Math.min(r.length - 1, Math.floor(v * r.length))], weight: 2 + 3 * v, pane: 'layers'};
  }
  if (l.view === 'zones') return {color: P.cocoon, weight: 2, dashArray: '5 4', fillOpacity: 0.06, pane: 'layers'};
  if (l.view === 'change') {
    const c = f.properties[l.category] === 'increase' ? P.increase : P.decrease;
    return {color: c, weight: 3, fillColor: c, fillOpacity: 0.12, pane: 'layers'};
  }
  if (l.view === 'sites' || l.view === 'stops') return {};  // drawn by their markers
  if (l.view === 'route') return {color: P.route, weight: 4, opacity: 0.9, pane: 'layers'};
  if (l.view === 'reach') {  // the streets a site reaches, or the corridor it sees: in its dot's colour
    const c = f.properties[l.category] === 'existing' ? P.site_existing : P.site;
    return line ? {color: c, weight: 4, opacity: 0.75, pane: 'layers'} : {color: c, weight: 1, fillColor: c, fillOpacity: 0.2, pane: 'layers'};
  }
  return {color: '#333', weight: 1, fillOpacity: 0.1, pane: 'layers'};
}
// A site: a dot, and its reach as a circle in metres when it is one.
function siteMarker(l, f, ll) {
  const P = REPORT.palette, c = f.properties[l.category] === 'existing' ? P.site_existing : P.site;
  const parts = [L.circleMarker(ll, {pane: 'layers', radius: 5, color: '#ffffff', weight: 1.5, fillColor: c, fillOpacity: 1})];
  if (l.radius) parts.unshift(L.circle(ll, {pane: 'layers', radius: l.radius, color: c, weight: 1.5, fillColor: c, fillOpacity: 0.12, interactive: false}));
  return L.featureGroup(parts);
}
// A stop: a dot with its number beside it; the start and end (their `category` not "stop"):
// a ring, unnumbered.
function isStop(l, f) { return !l.category || f.properties[l.category] === 'stop'; }
function stopMarker(l, f, ll) {
  const P = REPORT.palette, stop = isStop(l, f);
  return L.circleMarker(ll, {pane: 'layers', radius: stop ? 6 : 8, color: stop ? '#ffffff' : P.stops, weight: stop ? 1.5 : 3,
    fillColor: stop ? P.stops : '#ffffff', fillOpacity: 1});
}
function esc(v) {
  return String(v).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}
function popupHtml(p) {
  const rows = Object.entries(p).filter(([k, v]) => v !== null && v !== '' && String(v).length < 120).slice(0, 14);
  return '<table>' + rows.map(([k, v]) => '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>').join('') + '</table>';
}
// A point inside a polygon for its name: the centroid of its largest ring when inside it,
// else the middle of the ring's widest row of vertices.
function ringArea(r) { let a = 0; for (let i = 0, j = r.length - 1; i < r.length; j = i++) a += (r[j][0] + r[i][0]) * (r[j][1] - r[i][1]); return a / 2; }
function inside(r, x, y) {
  let c = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    if ((r[i][1] > y) !== (r[j][1] > y) && x < (r[j][0] - r[i][0]) * (y - r[i][1]) / (r[j][1] - r[i][1]) + r[i][0]) c = !c;
  return c;
}
function labelPoint(g) {
  if (!g) return null;
  const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map(p => p[0]) : [];
  if (!rings.length) return null;
  const r = rings.reduce((a, b) => Math.abs(ringArea(a)) >= Math.abs(ringArea(b)) ? a : b);
  let A = 0, cx = 0, cy = 0;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const f = r[j][0] * r[i][1] - r[i][0] * r[j][1];
    A += f; cx += (r[j][0] + r[i][0]) * f; cy += (r[j][1] + r[i][1]) * f;
  }
  if (A !== 0) { cx /= 3 * A; cy /= 3 * A; if (inside(r, cx, cy)) return [cy, cx]; }
  const ys = r.map(p => p[1]).sort((a, b) => a - b), y = ys[Math.floor(ys.length / 2)];
  const xs = [];
  for (let i = 0, j = r.length - 1; i < r.length; j = i++)
    if ((r[i][1] > y) !== (r[j][1] > y)) xs.push((r[j][0] - r[i][0]) * (y - r[i][1]) / (r[j][1] - r[i][1]) + r[i][0]);
  xs.sort((a, b) => a - b);
  return xs.length >= 2 ? [y, (xs[0] + xs[1]) / 2] : [r[0][1], r[0][0]];
}
function nameMarker(ll, name, css) {
  return L.marker(ll, {icon: L.divIcon({className: css, html: '<span>' + esc(name) + '</span>', iconSize: null}), interactive: false, keyboard: false, pane: 'labels'});
}
// The legend of what is drawn now: each entry carries its colour (data-colour), and no two
// entries share one.
function legendHtml(t, on) {
  const P = REPORT.palette, e = (colour, swatch, text) => '<div class="entry" data-colour="' + colour + '">' + swatch + esc(text) + '</div>';
  let h = '';
  if (t.density) h += e(P.density[P.density.length - 1], '<i style="background:linear-gradient(90deg,' + P.density.join(',') + ')"></i>',
    t.density.bands ? 'density band (1 to ' + t.density.top + ', highest)' : 'density, ' + t.density.units + ' (0 to ' + Number(t.density.top).toPrecision(3) + ')');
  for (const l of t.layers) {
    if (!on.has(l)) continue;
    if (l.view === 'outlines') h += e(P.hotspot, '<i style="border:2.5px solid ' + P.hotspot + '"></i>', l.title + ' (' + l.count + ')');
    if (l.view === 'classes')
      for (const b of [3, 2, 1, -1, -2, -3])
        h += e(binColour(b), '<i style="background:' + binColour(b) + '"></i>', (b > 0 ? 'Gi* hot spot ' : 'Gi* cold spot ') + ['90', '95', '99'][Math.abs(b) - 1] + '%');
    if (l.view === 'zones') h += e(P.cocoon, '<i style="border:2px dashed ' + P.cocoon + '"></i>', l.title + ' (' + l.count + ')');
    if (l.view === 'lines') h += e(P.lines[P.lines.length - 1], '<i style="background:linear-gradient(90deg,' + P.lines.join(',') + ')"></i>',
      l.title + ' (to ' + Number(l.top).toPrecision(3) + ')');
    if (l.view === 'change') {
      h += e(P.increase, '<i style="border:3px solid ' + P.increase + '"></i>', l.title + ': significant increase');
      h += e(P.decrease, '<i style="border:3px solid ' + P.decrease + '"></i>', l.title + ': significant decrease');
    }
    if (l.view === 'sites') {
      const n = k => l.geojson.features.filter(f => (f.properties[l.category] === 'existing') === k).length;
      // Their reach: a circle, or what the reach layer draws in their colours (no entry of its own).
      const drawn = t.layers.find(r => r.view === 'reach' && on.has(r));
      const reach = l.radius ? ' and their reach, ' + l.radius + ' m' : drawn ? ' and ' + drawn.title : '';
      h += e(P.site, '<i class="dot" style="background:' + P.site + '"></i>', 'sites chosen (' + n(false) + ')' + reach);
      if (n(true)) h += e(P.site_existing, '<i class="dot" style="background:' + P.site_existing + '"></i>', 'sites already there (' + n(true) + ')');
    }
    if (l.view === 'route') h += e(P.route, '<i style="border-bottom:4px solid ' + P.route + ';height:6px"></i>', 'route');
    if (l.view === 'stops') h += e(P.stops, '<i class="dot" style="background:' + P.stops + '"></i>',
      'stops, numbered in walking order (' + l.geojson.features.filter(f => isStop(l, f)).length + '); the ring: start and end');
    if (l.view === 'points') h += e(P.repeats, '<i class="dot" style="background:' + P.repeats + '"></i>',
      l.title + (l.total > l.count ? ' (the ' + l.count + ' with most incidents, of ' + l.total + ')' : ' (' + l.count + ')') + ', sized by incidents');
  }
  REPORT.areas.forEach((a, k) => {
    const c = k === 0 ? P.fine_area : P.coarse_area;
    h += e(c, '<i style="border:' + (k === 0 ? 1 : 3) + 'px solid ' + c + '"></i>', a.label + ' boundaries');
  });
  const lines = REPORT.context.filter(c => !c.image), images = REPORT.context.filter(c => c.image);
  if (lines.length) h += e(P.context, '<i style="border-bottom:2px solid ' + P.context + ';height:6px"></i>', lines.map(c => c.file).join(', '));
  if (images.length) h += '<div><i style="background:linear-gradient(90deg,#ddd,#999)"></i>base map: ' + esc(images.map(c => c.file).join(', ')) + '</div>';
  return h;
}
function control(position, css, html) {
  const c = L.control({position: position});
  c.onAdd = () => { const d = L.DomUtil.create('div', css); d.innerHTML = html; return d; };
  return c;
}
function titleBlock(t) {
  return '<div class="theme">' + esc(t.title) + '</div><div class="period">' + esc(t.period || '') + (REPORT.area ? ' &middot; ' + esc(REPORT.area) : '') +
    '</div><div>' + (t.density ? 'Density: ' + esc(t.density.units) + ' &middot; ' : '') + '<span class="mark">' + esc(REPORT.marking) + '</span></div>';
}
function drawAreas(map) {
  const P = REPORT.palette, labels = [];
  REPORT.areas.forEach((a, k) => {
    const fine = k === 0;
    L.geoJSON(a.geojson, {pane: 'areas', interactive: false, style: {color: fine ? P.fine_area : P.coarse_area, weight: fine ? 1 : 3, fill: false}}).addTo(map);
    for (const f of a.geojson.features) {
      const ll = f.properties.name && labelPoint(f.geometry);
      if (ll) labels.push(nameMarker(ll, f.properties.name, 'area-label ' + (fine ? 'fine' : 'coarse')).addTo(map));
    }
  });
  return labels.length;
}
// Context layers beneath everything, in grey; one name per street (on its longest piece),
// shown when few enough are in view to be read.
function drawContext(map) {
  const P = REPORT.palette;
  for (const c of REPORT.context) {
    if (c.image) {  // a raster base layer (--context FILE.tif, .mbtiles, a GeoPackage of tiles), beneath everything
      L.imageOverlay('data:image/png;base64,' + c.image.png, c.image.bounds, {pane: 'basemap', interactive: false}).addTo(map);
      map.getContainer().dataset.basemap = (Number(map.getContainer().dataset.basemap) || 0) + 1;
      continue;
    }
    L.geoJSON(c.geojson, {pane: 'context', interactive: false, style: {color: P.context, weight: 0.8, opacity: 0.8, fill: false},
      pointToLayer: (f, ll) => L.circleMarker(ll, {pane: 'context', radius: 2, color: P.context, weight: 1})}).addTo(map);
    const best = new Map();
    for (const f of c.geojson.features) {
      const n = f.properties.name, g = f.geometry;
      if (!n || !g) continue;
      const line = g.type === 'LineString' ? g.coordinates : g.type === 'MultiLineString' ? g.coordinates[0] : null;
      const ll = line ? [line[Math.floor(line.length / 2)][1], line[Math.floor(line.length / 2)][0]] : g.type === 'Point' ? [g.coordinates[1], g.coordinates[0]] : labelPoint(g);
      const size = line ? line.length : 1;
      if (ll && (!best.has(n) || best.get(n).size < size)) best.set(n, {ll: ll, size: size});
    }
    const group = L.layerGroup([...best].map(([n, b]) => nameMarker(b.ll, n, 'context-label')));
    const show = () => {
      const b = map.getBounds(), seen = [...best.values()].filter(x => b.contains(x.ll)).length;
      if (seen <= 60 || map.getZoom() >= 16) group.addTo(map); else group.remove();
    };
    map.on('zoomend moveend', show);
    map.whenReady(show);
  }
}
function drawMap(t, el) {
  const P = REPORT.palette;
  const map = L.map(el, {attributionControl: false, zoomControl: false, zoomSnap: 0.25, preferCanvas: false});
  for (const [name, z] of [['basemap', 250], ['context', 300], ['density', 350], ['areas', 420], ['layers', 440], ['labels', 600]]) map.createPane(name).style.zIndex = z;
  map.getPane('context').style.pointerEvents = 'none';
  map.getPane('basemap').style.pointerEvents = 'none';
  map.getPane('labels').style.pointerEvents = 'none';
  if (REPORT.tiles) L.tileLayer(REPORT.tiles, {maxZoom: 19}).addTo(map);
  let bounds = null;
  const grow = b => { if (b && b.isValid()) bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); };
  drawContext(map);
  if (t.density) { L.imageOverlay('data:image/png;base64,' + t.density.png, t.density.bounds, {opacity: 0.85, pane: 'density'}).addTo(map); grow(L.latLngBounds(t.density.bounds)); }
  for (const a of REPORT.areas) grow(L.geoJSON(a.geojson).getBounds());
  el.dataset.areaLabels = drawAreas(map);
  // By default the map shows the density and the ranked hotspots only; every other layer
  // waits, off, in the layer control.
  const on = new Set(), overlays = {};
  for (const l of t.layers) {
    const labelled = [];
    const layer = L.geoJSON(l.geojson, {
      style: f => styleFor(l, f),
      pointToLayer: (f, ll) => l.view === 'sites' ? siteMarker(l, f, ll) : l.view === 'stops' ? stopMarker(l, f, ll) : L.circleMarker(ll, {pane: 'layers', radius: 3 + 9 * Math.sqrt((Number(f.properties[l.size]) || 1) / (l.most || 1)),
        color: '#ffffff', weight: 1, fillColor: P.repeats, fillOpacity: 0.85}),
      onEachFeature: (f, ly) => {
        ly.bindPopup(popupHtml(f.properties));
        // The ten first (by rank) with their names, the next ten by number only, the rest
        // in their popups: a label on each of 60 hotspots hides the map.
        if (l.label && f.properties[l.label] && labelled.length < 20 && (l.view !== 'stops' || isStop(l, f))) {
          const text = String(f.properties[l.label]);
          ly.bindTooltip(esc(labelled.length < 10 ? text : text.split(' ')[0]), {permanent: true, direction: 'right', offset: [6, 0], className: 'hs-label'});
          labelled.push(ly);
        }
      }
    });
    if (l.view === 'points') l.most = Math.max(1, ...l.geojson.features.map(f => Number(f.properties[l.size]) || 1));
    el.dataset[l.view] = l.count;
    // #all-layers (or #only=ID&all-layers) opens a map with every layer on.
    // A map of sites or a walk shows them: they are its product.
    const own = ['outlines', 'sites', 'reach', 'route', 'stops'].includes(l.view);
    if (own || location.hash.includes('all-layers')) { layer.addTo(map); on.add(l); }
    if (own && l.view !== 'outlines') grow(L.geoJSON(l.geojson).getBounds().pad(0.1));  // circles have no bounds off a map
    overlays[esc(l.title) + ' (' + l.count + ')'] = layer;
    layer.hotspotsLayer = l;
  }
  const legend = control('bottomright', 'legend', '');
  const drawn = () => { el.dataset.drawn = (t.density ? 1 : 0) + on.size; legend.getContainer().innerHTML = legendHtml(t, on); };
  map.on('overlayadd', e => { on.add(e.layer.hotspotsLayer); drawn(); });
  map.on('overlayremove', e => { on.delete(e.layer.hotspotsLayer); drawn(); });
  map.fitBounds(bounds || [[51.28, -0.51], [51.69, 0.33]]);
  control('topleft', 'title-block', titleBlock(t)).addTo(map);
  L.control.zoom({position: 'topleft'}).addTo(map);  // below the title block
  if (Object.keys(overlays).length) L.control.layers(null, overlays, {collapsed: false, position: 'topright'}).addTo(map);
  control('topright', 'north', '&#9650;<br>N').addTo(map);
  L.control.scale({imperial: false, maxWidth: 240, position: 'bottomleft'}).addTo(map);
  legend.addTo(map);
  drawn();
}
function build() {
  REPORT = JSON.parse(document.getElementById('report-data').textContent);
  const only = location.hash.startsWith('#only=') ? location.hash.slice(6).split('&')[0] : null;
  if (only) document.body.classList.add('only');
  for (const t of REPORT.themes) {
    const el = document.getElementById('map-' + t.id);
    if (!el || (only && only !== 'map-' + t.id)) continue;
    if (only) { el.classList.add('alone'); el.closest('.page').classList.add('holds'); }
    drawMap(t, el);
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
    // A product's line chart (steps::Chart): a line for each series, x numeric.
    for (const t of REPORT.themes)
      for (const ch of t.charts || []) {
        const c = document.getElementById(ch.id);
        if (!c) continue;
        new Chart(c, {type: 'line', data: {datasets: ch.lines.map((l, k) => ({
          label: l.label, data: l.points.map(p => ({x: p[0], y: p[1]})), borderColor: colours[k % colours.length],
          backgroundColor: colours[k % colours.length], pointRadius: 3}))},
          options: {responsive: false, plugins: {legend: {display: ch.lines.length > 1, position: 'right'}}, scales: {
            x: {type: 'linear', ticks: {precision: 0}, title: {display: true, text: ch.x_title}}, y: {min: 0, title: {display: true, text: ch.y_title}}}}});
        c.dataset.lines = ch.lines.length;
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
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + string here.
    std::string policy = "default-src 'none'; script-src";
    policy += hashes;
    policy += "; style-src 'unsafe-inline'; img-src data:";
    if (!tiles.empty()) {
        policy += ' ';
        policy += tile_source(tiles);
    }
    policy += "; object-src 'none'; base-uri 'none'; form-action 'none'";
    return policy;
}

namespace {

// Text as a CSS string's content: ASCII letters, digits, spaces and UTF-8 beyond ASCII as they
// are, every other character as a CSS escape, so that no marking can end the string or the
// style element.
std::string css_string(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == ' ' || c >= 0x80) out += static_cast<char>(c);
        else out += fmt::format("\\{:x} ", c);
    }
    return out;
}

// The marking in the printed page's margins (CSS page-margin boxes), where it cannot cover
// the text as a fixed element does on every printed page.
std::string print_marking(const nlohmann::json& data) {
    if (!data.is_object() || !data.contains("marking") || !data["marking"].is_string()) return "";
    const std::string m = css_string(data["marking"].get<std::string>());
    const std::string box = "{ content: \"" + m + "\"; font: bold 9pt \"DejaVu Sans\", Arial, sans-serif; letter-spacing: .08em; }";
    return "<style>@page { @top-center " + box + " @bottom-center " + box + " }\n@media print { .marking { display: none; } }</style>\n";
}

}  // namespace

std::string report_page(const PageParts& p) {
    const std::vector<std::string> scripts = {script_text_of(script_text), script_text_of(io::leaflet_js()),
                                              script_text_of(io::chart_js())};
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
    h += "<meta http-equiv=\"Content-Security-Policy\" content=\"" + io::xml_escape(content_security_policy(scripts, p.tiles)) +
         "\">\n";
    h += "<title>" + p.title + "</title>\n";
    h += "<style>\n" + std::string(io::leaflet_css()) + "\n</style>\n<style>" + report_css() + "</style>\n" + print_marking(p.data);
    for (const auto& s : scripts) h += "<script>" + s + "</script>\n";
    h += "</head><body>\n";
    h += "<div class=\"marking top\">" + p.marking + "</div><div class=\"marking bottom\">" + p.marking + "</div>\n";
    h += p.body;
    h += "<script type=\"application/json\" id=\"report-data\">" + json_for_html(p.data) + "</script>\n</body></html>\n";
    return h;
}

}  // namespace hotspots::report
