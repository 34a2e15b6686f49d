// A theme's page of the report: its map's layers and a table or chart of each listed product.
#include "report/report_html_detail.hpp"

#include "io/gdal_util.hpp"
#include "io/pack_reader.hpp"
#include "io/text.hpp"
#include "report/line_chart.hpp"
#include "report/report_parts.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace hotspots::report::detail {
namespace {

namespace fs = std::filesystem;
using io::xml_escape;
using nlohmann::json;
using steps::MapView;
using steps::Product;
using steps::TableView;

bool vector_file(const std::string& f) {
    const std::string l = io::lower_case(f);
    for (const char* ext : {".gpkg", ".geojson", ".shp", ".fgb"})
        if (l.ends_with(ext)) return true;
    return false;
}

double number_of(const json& v) {
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) return std::strtod(v.get<std::string>().c_str(), nullptr);  // a published "<5" counts as 0
    return 0;
}

// A layer's features; for a layer of classes, the cells or areas in a class only; for lines,
// those of at least a fifth of the largest value; for a layer of points, the `places` with most
// incidents (ties kept in the layer's order), so that the density and the hotspots stay visible
// under them. `total` is how many there were.
json map_layer(const std::string& file, const std::string& layer, const Product& p, std::size_t places, std::size_t& total) {
    json j = json::parse(io::layer_geojson(file, layer));
    json kept = json::array();
    double top = 0;
    if (p.map == MapView::lines)
        for (const auto& f : j["features"])
            if (const auto& v = f["properties"][p.count]; v.is_number()) top = std::max(top, v.get<double>());
    for (auto& f : j["features"]) {
        if (p.map == MapView::classes) {
            const auto& c = f["properties"][p.category];
            if (!c.is_number() || c.get<double>() == 0) continue;
        }
        if (p.map == MapView::lines) {
            const auto& v = f["properties"][p.count];
            if (!v.is_number() || !(top > 0) || v.get<double>() < top / 5) continue;
        }
        if (p.map == MapView::change) {
            const auto& c = f["properties"][p.category];
            if (!c.is_string() || (c != "increase" && c != "decrease")) continue;
        }
        kept.push_back(std::move(f));
    }
    total = kept.size();
    if (p.map == MapView::points && kept.size() > places) {
        std::stable_sort(kept.begin(), kept.end(), [&](const json& a, const json& b) {
            return number_of(a["properties"][p.count]) > number_of(b["properties"][p.count]);
        });
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(places), kept.end());
    }
    return {{"type", "FeatureCollection"}, {"features", kept}};
}

// What a kde surface's values are, from its step's parameters (steps/kde.cpp says the same in
// the raster's style).
std::string density_units(const json& params) {
    const auto get = [&](const char* k) { return params.contains(k) && params[k].is_string() ? params[k].get<std::string>() : std::string(); };
    if (!get("denominator").empty()) return "incidents per 1,000 residents";
    if (!get("denominator-points").empty()) return "incidents per 1,000 denominator points";
    const std::string value = get("output-value");
    if (value == "raw") return "kernel sum";
    if (value == "expected-count") return "expected incidents per cell";
    const std::string unit = get("area-unit");
    return "incidents per " + (unit == "ha" ? std::string("hectare") : unit == "m2" ? std::string("m\u00b2") : std::string("km\u00b2"));
}

const char* view_name(MapView v) {
    switch (v) {
    case MapView::surface: return "surface";
    case MapView::outlines: return "outlines";
    case MapView::classes: return "classes";
    case MapView::zones: return "zones";
    case MapView::points: return "points";
    case MapView::lines: return "lines";
    case MapView::change: return "change";
    case MapView::sites: return "sites";
    case MapView::reach: return "reach";
    case MapView::route: return "route";
    case MapView::stops: return "stops";
    default: return "";
    }
}

// The sites' reach in metres as a circle, or null when it is not one (along the streets, or
// each site's own): the declared parameter, when the declared conditions hold.
json site_reach(const Item& x) {
    const auto& params = x.step->parameters;
    for (const auto& cond : x.product.radius_if) {
        const auto eq = cond.find('=');
        const auto v = params.find(cond.substr(0, eq));
        const std::string want = eq == std::string::npos ? "" : cond.substr(eq + 1);
        const std::string have = v == params.end() || v->is_null() ? "" : text_of(*v);
        if (have != want) return nullptr;
    }
    const auto r = params.find(x.product.radius);
    return r != params.end() && r->is_number() ? *r : json(nullptr);
}

}  // namespace

ThemeSection theme_section(const ThemeEntry& t, const std::vector<Item>& items, const std::string& folder, std::size_t places,
                           int trend_months) {
    const auto path = [&](const std::string& f) { return (fs::path(folder) / f).string(); };
    ThemeSection sec;
    const std::string& id = t.name;
    sec.data = {{"id", id}, {"layers", json::array()}};
    const auto rows_of = [&](const Item& x) {
        return io::read_rows(path(x.out->file), x.out->file.ends_with(".csv") ? "" : x.out->layer.value_or(""));
    };
    // A product's rows: its CSV, else its layer's attributes.
    const auto table_file = [&](const Item& x) -> const Item* {
        for (const auto& y : items)
            if (y.step == x.step && y.product.role == x.product.role && y.out->file.ends_with(".csv")) return &y;
        for (const auto& y : items)
            if (y.step == x.step && y.product.role == x.product.role && vector_file(y.out->file)) return &y;
        return nullptr;
    };
    for (const auto& x : items)
        if (x.product.map == MapView::surface && x.out->file.ends_with(".tif")) {
            const auto sm = x.step->parameters.find("scale-max");
            const double top = sm != x.step->parameters.end() && sm->is_number() ? sm->get<double>() : 0.0;
            const auto img = io::density_image(path(x.out->file), top);
            // kde's values are incidents per unit area (or a rate); predict's and risk's are
            // scores, which their products name.
            const std::string units = img.bands                 ? std::string("bands of density")
                                      : x.product.units.empty() ? density_units(x.step->parameters)
                                                                : x.product.units;
            sec.data["density"] = {{"png", img.png_base64}, {"bounds", {{img.south, img.west}, {img.north, img.east}}}, {"top", img.top}, {"bands", img.bands},
                                   {"units", units}};
            // The months the surface describes: the step's own when they are not its period's
            // (predict's month predicted, after the period's end).
            const auto period = x.step->parameters.find("period");
            if (x.step->period) sec.data["period"] = *x.step->period;
            else if (period != x.step->parameters.end() && period->is_string())
                sec.data["period"] = period_words(period->get<std::string>());
            sec.mapped = true;
            break;
        }
    for (MapView v : {MapView::outlines, MapView::sites, MapView::reach, MapView::route, MapView::stops, MapView::classes, MapView::zones, MapView::points, MapView::lines, MapView::change})
        for (const auto& x : items) {
            if (x.product.map != v || !vector_file(x.out->file)) continue;
            std::size_t total = 0;
            auto layer = map_layer(path(x.out->file), x.out->layer.value_or(""), x.product, places, total);
            double top = 0;  // lines: the colour scale's top
            if (v == MapView::lines)
                for (const auto& f : layer["features"]) top = std::max(top, f["properties"][x.product.count].get<double>());
            std::string title = x.product.title;
            std::transform(title.begin(), title.begin() + std::min<std::size_t>(1, title.size()), title.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            sec.data["layers"].push_back({{"view", view_name(v)},
                                          {"title", title},
                                          {"category", x.product.category},
                                          {"size", x.product.count},
                                          {"label", x.product.label},
                                          {"count", layer["features"].size()},
                                          {"total", total},
                                          {"geojson", std::move(layer)}});
            if (v == MapView::lines) sec.data["layers"].back()["top"] = top;
            if (v == MapView::sites) sec.data["layers"].back()["radius"] = site_reach(x);
            sec.mapped = true;
            break;
        }
    // Each listed product once: the first step of a kind that made it (a pack's second kde, of
    // last year, is on the map's scale but not listed again).
    std::set<std::pair<std::string, std::string>> listed;
    for (const auto& x : items) {
        const Product& p = x.product;
        if (p.table == TableView::none || !listed.insert({x.run, p.role}).second) continue;
        const Item* src = p.table == TableView::heat ? (x.out->file.ends_with(".csv") ? &x : nullptr) : table_file(x);
        if (!src) continue;
        auto rows = rows_of(*src);
        if (rows.empty()) continue;
        const std::string& file = src->out->file;
        std::string title = p.title.empty() ? x.step->name + ": " + p.role : p.title;
        switch (p.table) {
        case TableView::rows:
            sec.html += "<div class=\"block\"><h3>" + xml_escape(title) + "</h3>" + html_table(rows, p.columns, p.most, file) + "</div>";
            break;
        case TableView::sorted: {
            const auto q = column(rows, p.sort.c_str());
            if (q < rows[0].size())
                std::stable_sort(rows.begin() + 1, rows.end(), [&](const auto& a, const auto& b) {
                    // Rows without a value (existing sites have no rank) after those with one.
                    if (numeric(a[q]) != numeric(b[q])) return numeric(a[q]);
                    return std::strtod(a[q].c_str(), nullptr) < std::strtod(b[q].c_str(), nullptr);
                });
            // "Change: 2024-09..2024-11 to 2023-09..2023-11": the parameters the declaration names.
            std::string named;
            std::size_t from = 0;
            while (from <= p.title_from.size() && !p.title_from.empty()) {
                const auto to = std::min(p.title_from.find(',', from), p.title_from.size());
                const std::string key = p.title_from.substr(from, to - from);
                const auto v = x.step->parameters.find(key);
                named += (named.empty() ? "" : " to ") + (v == x.step->parameters.end() ? std::string() : text_of(*v));
                from = to + 1;
            }
            if (!named.empty()) title += ": " + named;
            sec.html += "<div class=\"block\"><h3>" + xml_escape(title) + "</h3>" + html_table(rows, p.columns, p.most, file) + "</div>";
            break;
        }
        case TableView::concentration:
            if (rows.size() < 2) {  // no chart of nothing: a line, so that no page is left half empty
                sec.html += "<div class=\"block\"><h3>" + xml_escape(title) + "</h3><p class=\"small\">None in the period.</p></div>";
                break;
            }
            sec.data["concentration"] = concentration(rows, p.count);
            {
                std::string of = p.title;
                std::transform(of.begin(), of.end(), of.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                sec.data["concentration_of"] = of;
            }
            sec.html += fmt::format("<div class=\"block\"><h3>{}</h3><div class=\"cols\"><div>{}</div><div>"
                                    "<canvas class=\"chart\" id=\"concentration-{}\" width=\"420\" height=\"260\"></canvas>"
                                    "<p class=\"small\">Concentration: how much of the {} crime the busiest hold (the dashed "
                                    "line: all alike).</p></div></div></div>",
                                    xml_escape(title), html_table(rows, p.columns, p.most, file), xml_escape(id),
                                    xml_escape(sec.data["concentration_of"].get<std::string>() + "'"));
            break;
        case TableView::heat:
            sec.html += "<div class=\"block\"><h3>" + xml_escape(title) + "</h3>" + heat_table(rows) + "</div>";
            break;
        case TableView::tally: {
            std::map<std::string, int> n;
            const auto c = column(rows, p.category.c_str());
            if (c >= rows[0].size()) break;
            for (std::size_t r = 1; r < rows.size(); ++r) ++n[rows[r][c]];
            Rows table = {{"emerging hot spot category", "units"}};
            for (const auto& [name, k] : n) table.push_back({name, std::to_string(k)});
            sec.html += "<div class=\"block\"><h3>" + xml_escape(title) + "</h3>" + html_table(table, {}, 30, file) + "</div>";
            break;
        }
        case TableView::board: {
            Rows series;
            for (const auto& y : items)
                if (y.step == x.step && y.product.role == p.with && y.out->file.ends_with(".csv")) {
                    series = rows_of(y);
                    break;
                }
            auto board = board_section(rows, series, id, file, trend_months);
            sec.html += board.html;
            if (!board.trend.is_null()) sec.data["trend"] = std::move(board.trend);
            break;
        }
        case TableView::none: break;
        }
        if (p.chart) {
            auto chart = line_chart(rows, *p.chart);
            if (chart.is_null()) continue;
            const std::string cid = "chart-" + id + "-" + p.role;
            chart["id"] = cid;
            sec.data["charts"].push_back(std::move(chart));
            sec.html += fmt::format("<div class=\"block\"><canvas class=\"chart wide\" id=\"{}\" width=\"760\" height=\"260\">"
                                    "</canvas><p class=\"small\">{}</p></div>",
                                    xml_escape(cid), xml_escape(p.chart->caption));
        }
    }
    return sec;
}

}  // namespace hotspots::report::detail
