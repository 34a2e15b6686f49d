#include "report/report_html.hpp"

#include "io/context_layer.hpp"
#include "io/gdal_util.hpp"
#include "io/pack_reader.hpp"
#include "io/palette.hpp"
#include "io/text.hpp"
#include "report/lead.hpp"
#include "report/line_chart.hpp"
#include "report/report_assets.hpp"
#include "report/report_parts.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace hotspots::report {
namespace {

namespace fs = std::filesystem;
using io::xml_escape;
using nlohmann::json;
using steps::MapView;
using steps::Product;
using steps::TableView;

std::string text_of(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// An absolute path (up to a ",option=..." tail) as seen from `base`: a report handed round
// names no one's home folder, and its paths work wherever the pack is copied with its inputs.
std::string relative(const std::string& text, const fs::path& base) {
    if (text.empty() || text.front() != '/' || base.empty()) return text;
    const auto comma = std::min(text.find(','), text.size());
    const fs::path rel = fs::path(text.substr(0, comma)).lexically_normal().lexically_relative(base);
    return (rel.empty() ? text.substr(0, comma) : rel.string()) + text.substr(comma);
}

// A parameter's value as a person writes it: 99, not 99.0; paths relative to `base`.
std::string shown(const json& v, const fs::path& base = {}) {
    if (v.is_string()) return relative(v.get<std::string>(), base);
    if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : ", ") + shown(e, base);
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

}  // namespace

std::string period_words(const std::string& period) {
    static const char* months[] = {"January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};
    static const std::regex whole(R"((\d{4})-(\d{2})-01\.\.(\d{4})-(\d{2})-(\d{2}))");
    std::smatch m;
    if (!std::regex_match(period, m, whole)) return period;
    const int m1 = std::stoi(m[2]), m2 = std::stoi(m[4]);
    if (m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12 || std::stoi(m[5]) < 28) return period;
    const std::string a = months[m1 - 1], b = months[m2 - 1];
    if (m[1] == m[3]) return m1 == m2 ? a + " " + m[1].str() : a + " to " + b + " " + m[1].str();
    return a + " " + m[1].str() + " to " + b + " " + m[3].str();
}

namespace {

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

// The declaration of `role` among the products of the step that `run` names (a manifest from
// another version may name a step or role this one does not make: nothing).
std::optional<Product> declared(const std::string& run, const std::string& role) {
    for (const auto& p : declared_products(run))
        if (p.role == role) return p;
    return std::nullopt;
}

// Where the report's paths are seen from: the pack file's folder, else the command's output
// folder.
fs::path path_base(const Manifest& m, const std::string& folder) {
    std::error_code ec;
    const fs::path from = m.pack && !m.pack->file.empty() ? fs::path(m.pack->file).parent_path() : fs::path(folder);
    const fs::path abs = fs::absolute(from.empty() ? fs::path(".") : from, ec);
    return ec ? fs::path() : abs.lexically_normal();
}

// The front page leads with what the reader acts on: the themes and their sections (each
// opens with its ranked hotspots); how the pack was made is in the appendix at the end.
std::string front_page(const Manifest& m, const std::string& title, const std::string& leads) {
    std::string body;
    auto out = std::back_inserter(body);
    fmt::format_to(out, "<section class=\"page front\"><h1>{}</h1>\n", xml_escape(title));
    std::string versions;
    for (const auto& [k, val] : m.versions.items()) versions += (versions.empty() ? "" : ", ") + k + " " + text_of(val);
    fmt::format_to(out, "<p>{} &middot; made by {} ({})</p>\n",
                   xml_escape(m.pack ? "Month " + m.pack->month + " \u00b7 period " + m.pack->period
                                     : "Period " + m.period.value_or("")),
                   xml_escape(m.generator), xml_escape(versions));
    if (m.published)
        fmt::format_to(out, "<p class=\"published\"><b>Prepared for publication.</b> {}.</p>\n",
                       xml_escape(m.published->contains("statement") ? text_of((*m.published)["statement"]) : ""));
    if (m.pack) {
        body += leads;
    } else {  // a command's report: the theme it is of
        fmt::format_to(out, "<h3>Themes</h3><table class=\"data\"><tr><th>theme</th><th>crime types</th></tr>\n");
        for (const auto& t : m.themes) {
            std::string types;
            for (const auto& c : t.crime_types) types += (types.empty() ? "" : ", ") + c;
            fmt::format_to(out, "<tr><td><a href=\"#theme-{}\">{}</a></td><td>{}</td></tr>\n", xml_escape(t.name),
                           xml_escape(t.title.empty() ? t.name : t.title), xml_escape(types.empty() ? "all" : types));
        }
        fmt::format_to(out, "</table>\n");
    }
    std::size_t warned = 0;
    for (const auto& s : m.steps) warned += s.warnings.size();
    fmt::format_to(out, "<p class=\"small\">Inputs, {}steps and parameters: <a href=\"#appendix\">appendix</a>.</p>"
                        "</section>\n", warned ? fmt::format("{} warning{}, ", warned, warned == 1 ? "" : "s") : "");
    return body;
}

// The appendix: inputs, warnings (a heading only when there are some), each step's
// parameters, paths relative to `base`.
std::string appendix(const Manifest& m, const fs::path& base) {
    std::string body;
    auto out = std::back_inserter(body);
    fmt::format_to(out, "<section class=\"page appendix\" id=\"appendix\"><h2>Appendix: how this was made</h2>\n"
                        "<h3>Inputs</h3><table class=\"data\"><tr><th>input</th><th>rows</th><th>loaded</th>"
                        "<th>rejected</th><th>rejects listed in</th></tr>\n");
    for (const auto& in : m.inputs)
        fmt::format_to(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       xml_escape(relative(in.name, base)), in.rows, in.loaded, in.rejected, xml_escape(relative(in.rejects_file, base)));
    fmt::format_to(out, "</table>\n");
    if (!m.context.empty()) {  // the pack's context layers, as the pack file names them
        fmt::format_to(out, "<h3>Context layers</h3><table class=\"data\"><tr><th>file (from the pack file)</th><th>kind</th>"
                            "<th>drawn from</th></tr>\n");
        for (const auto& c : m.context)
            fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(c.file), xml_escape(c.kind),
                           xml_escape(c.copy));
        fmt::format_to(out, "</table>\n");
    }
    std::string warnings;
    for (const auto& s : m.steps)
        for (const auto& w : s.warnings) warnings += "<li>" + xml_escape(s.theme + " / " + s.name + ": " + w) + "</li>\n";
    if (!warnings.empty()) fmt::format_to(out, "<h3>Warnings</h3><ul class=\"small\">{}</ul>\n", warnings);
    fmt::format_to(out, "<h3>Steps and parameters</h3><table class=\"data params\"><tr><th>theme</th><th>step</th><th>incidents</th>"
                        "<th>parameters</th></tr>\n");
    for (const auto& s : m.steps) {
        std::string params;
        for (const auto& [k, v] : s.parameters.items()) params += (params.empty() ? "" : "; ") + k + " " + shown(v, base);
        fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td></tr>\n",
                       xml_escape(s.theme), xml_escape(s.name),
                       xml_escape(s.skipped ? "skipped" : s.incidents.is_null() ? "" : text_of(s.incidents)),
                       xml_escape(params));
    }
    fmt::format_to(out, "</table></section>\n");
    return body;
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

// One theme's page: its map (a surface and a layer of each kind, the first of each) and a
// table of each listed product, in the order the steps ran.
struct ThemeSection {
    std::string html;
    json data;
    bool mapped = false;
};

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
            sec.data["density"] = {{"png", img.png_base64}, {"bounds", {{img.south, img.west}, {img.north, img.east}}}, {"top", img.top}, {"bands", img.bands},
                                   {"units", img.bands ? std::string("bands of density") : density_units(x.step->parameters)}};
            const auto period = x.step->parameters.find("period");
            if (period != x.step->parameters.end() && period->is_string()) sec.data["period"] = period_words(period->get<std::string>());
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

// Every area layer with only its features' names, finest first (most features): the finest
// is drawn thin and named small, the coarser heavier (boroughs over wards). A pack copies its
// areas into its GeoPackage; a command's report reads the file given.
json area_layers(const Manifest& m, const std::string& folder, steps::Log& log) {
    json out = json::array();
    for (const auto& a : m.areas) {
        try {
            const std::string file = a.file ? (fs::path(folder) / *a.file).string() : (fs::path(folder) / "pack.gpkg").string();
            json j = json::parse(io::layer_geojson(file, a.file ? a.layer.value_or("") : "areas_" + a.label));
            const std::string field = a.file ? a.name_field.value_or("name") : "name";
            json features = json::array();
            for (auto& f : j["features"]) {
                json props = json::object();
                for (const char* k : {field.c_str(), "name", "NAME", "Name"})
                    if (f["properties"].contains(k) && f["properties"][k].is_string()) {
                        props["name"] = f["properties"][k];
                        break;
                    }
                features.push_back({{"type", "Feature"}, {"properties", props}, {"geometry", std::move(f["geometry"])}});
            }
            out.push_back({{"label", a.label}, {"geojson", {{"type", "FeatureCollection"}, {"features", std::move(features)}}}});
        } catch (const std::exception& e) {
            log.warning("the map has no " + a.label + " boundaries: " + e.what());
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const json& a, const json& b) {
        return a["geojson"]["features"].size() > b["geojson"]["features"].size();
    });
    return out;
}

// The area a map covers, for its title block: the names of the coarsest layer's areas (up to
// four), else how many there are.
std::string area_name(const json& layer) {
    const auto& f = layer["geojson"]["features"];
    std::string names;
    for (const auto& x : f) {
        if (!x["properties"].contains("name")) continue;
        names += (names.empty() ? "" : ", ") + x["properties"]["name"].get<std::string>();
    }
    if (f.size() > 4 || names.empty()) return fmt::format("{} {}s", f.size(), layer["label"].get<std::string>());
    return names;
}

void grow_box(const json& coords, io::LonLatBox& box, bool& any) {
    if (coords.is_array() && coords.size() >= 2 && coords[0].is_number()) {
        const double x = coords[0].get<double>(), y = coords[1].get<double>();
        if (!any) box = {x, y, x, y};
        box = {std::min(box.west, x), std::min(box.south, y), std::max(box.east, x), std::max(box.north, y)};
        any = true;
        return;
    }
    if (coords.is_array())
        for (const auto& c : coords) grow_box(c, box, any);
}

// The box of everything the maps draw: their densities and area layers.
io::LonLatBox data_box(const json& report) {
    io::LonLatBox box;
    bool any = false;
    for (const auto& a : report["areas"])
        for (const auto& f : a["geojson"]["features"]) grow_box(f["geometry"]["coordinates"], box, any);
    for (const auto& t : report["themes"]) {
        // A map of sites or a walk may have neither density nor boundaries.
        for (const auto& l : t["layers"])
            if (l["view"] == "sites" || l["view"] == "route" || l["view"] == "stops")
                for (const auto& f : l["geojson"]["features"]) grow_box(f["geometry"]["coordinates"], box, any);
        if (t.contains("density")) {
            const auto& b = t["density"]["bounds"];
            grow_box(json::array({b[0][1], b[0][0]}), box, any);
            grow_box(json::array({b[1][1], b[1][0]}), box, any);
        }
    }
    return box;
}

// The --context layers, each refused (io/context_layer) when it lies away from the data.
json context_layers(const std::vector<std::string>& files, const json& report, steps::Log& log) {
    json out = json::array();
    if (files.empty()) return out;
    const auto box = data_box(report);
    for (const auto& f : files) {
        if (io::is_context_raster(f)) {
            const auto img = io::read_context_raster(f, box);
            out.push_back({{"file", fs::path(f).filename().string()},
                           {"image", {{"png", img.png_base64}, {"bounds", {{img.south, img.west}, {img.north, img.east}}}}}});
            continue;
        }
        auto c = io::read_context_layer(f, box);
        if (c.geojson["features"].empty()) log.warning("--context " + f + ": no feature of it reaches the maps' area");
        out.push_back({{"file", fs::path(f).filename().string()}, {"named", !c.name_field.empty()}, {"geojson", std::move(c.geojson)}});
    }
    return out;
}

void declare_map_options(steps::Params& p, std::vector<std::string>& context, int& places, const std::string& with) {
    p.list("context", context, with + "A vector file (GeoPackage, shapefile, GeoJSON, OSM extract: any layer GDAL reads, with a "
                               "CRS) drawn beneath every map in grey, named where it has a name field, or a raster base "
                               "map (GeoTIFF, MBTiles, a GeoPackage of tiles) drawn beneath as an image; repeatable. For a "
                               "map on a closed network: OS Open Roads, OS VectorMap or raster tiles, the walk's streets")
        .shown_as("FILE");
    p.integer("map-places", places, with + "Repeat places drawn on each map: the N with most incidents (0: none); the "
                                    "rest are in the layer's file",
              steps::Range::between(0, 5000))
        .def("50");
}

void declare_trend_months(steps::Params& p, int& months, const std::string& with) {
    p.integer("trend-months", months, with + "Months of a dashboard's trend chart, ending with the last of its series (0: "
                                      "every month); its series file keeps them all",
              steps::Range::between(0, 600))
        .def("24");
}

}  // namespace

void declare_report(steps::Params& p, ReportParams& o) {
    p.start_group(steps::ParamGroup::output);
    p.output("report", o.file, "Also write a report of the outputs: one HTML file that works offline, with maps, tables "
                               "and charts (docs/report.md)", "", ".html");
    p.text("marking", o.marking, "With --report: the protective marking on every page").def("OFFICIAL-SENSITIVE");
    declare_map_options(p, o.context, o.places, "With --report: ");
    declare_trend_months(p, o.trend_months, "With --report: ");
}

void check_report_context(const std::vector<std::string>& files) {
    for (const auto& f : files) io::is_context_raster(f) ? io::check_context_raster(f) : io::check_context_layer(f);
}

void declare_report_command(steps::Params& p, ReportCommandParams& o) {
    auto& folder = p.path("folder", o.folder, "The folder a pack wrote (with its manifest.json)");
    folder.positional = true;
    folder.required = true;
    p.output("output", o.output, "The report: one HTML file that works offline (default FOLDER/report.html)", "report", ".html")
        .short_form("o");
    p.text("marking", o.marking, "Protective marking shown at the top and bottom of every page (OFFICIAL-SENSITIVE, ...)")
        .def("OFFICIAL-SENSITIVE");
    p.text("tiles", o.tiles, "A tile-layer URL template (https://HOST/{z}/{x}/{y}.png) for a background map, the only "
                             "host the report's policy lets images come from; off by default, as a report must work on a "
                             "closed network");
    p.text("pdf", o.pdf, "Also print the report to this PDF (A4 landscape, with headless Chromium)");
    p.text("png", o.png, "Also write a slide of each theme's map into this folder: a 1920 x 1080 PNG with its title block "
                         "and legend (headless Chromium)");
    declare_map_options(p, o.context, o.places, "");
    declare_trend_months(p, o.trend_months, "");
    steps::declare_run(p, o.run);
}

Manifest read_pack_manifest(const std::string& folder) {
    Manifest m;
    try {
        m = manifest_from_json(io::read_manifest(folder));
    } catch (const io::IoError&) {
        throw;
    } catch (const std::exception& e) {
        throw io::IoError((fs::path(folder) / "manifest.json").string() + ": " + e.what());
    }
    // Every file the report may read, before any is opened: a manifest comes with the folder,
    // from whoever made it, and must not lead the report to other files (a CSV elsewhere on
    // the disk, embedded in a page that is then shared) or to the network.
    for (std::size_t k = 0; k < m.outputs.size(); ++k) io::pack_member(folder, m.outputs[k].file, fmt::format("outputs[{}].file", k));
    for (std::size_t k = 0; k < m.areas.size(); ++k)
        if (m.areas[k].file) io::pack_member(folder, *m.areas[k].file, fmt::format("areas[{}].file", k));
    for (std::size_t k = 0; k < m.context.size(); ++k) io::pack_member(folder, m.context[k].copy, fmt::format("context[{}].copy", k));
    // A theme's name names the map's PNG (--png FOLDER/map-NAME.png) and the page's anchors.
    for (std::size_t k = 0; k < m.themes.size(); ++k)
        if (!std::regex_match(m.themes[k].name, std::regex("[A-Za-z0-9][A-Za-z0-9_-]*")))
            throw io::IoError(fmt::format("{}: themes[{}].name \"{}\" is not a theme name a pack writes (letters, digits, - "
                                          "and _): make the pack again, or correct the manifest",
                                          (fs::path(folder) / "manifest.json").string(), k, m.themes[k].name));
    return m;
}

ReportPage report_html(const ReportOptions& o, steps::Log& log) { return report_html(read_pack_manifest(o.folder), o, log); }

ReportPage report_html(const Manifest& m, const ReportOptions& o, steps::Log& log) {
    const std::string title = m.pack && !m.pack->title.empty() ? m.pack->title : o.title.empty() ? "Hotspot report" : o.title;
    json report = {{"tiles", o.tiles}, {"themes", json::array()}};
    report["palette"] = io::palette::to_json();
    report["marking"] = o.marking;
    {
        // Two layers drawn at most: the finest and the next that divides the area (boroughs
        // over wards; a BCU of one polygon only names the area in the title block).
        json all = area_layers(m, o.folder, log);
        report["areas"] = json::array();
        if (!all.empty()) {
            report["area"] = area_name(all.back());
            report["areas"].push_back(all[0]);
            for (std::size_t k = 1; k < all.size(); ++k)
                if (all[k]["geojson"]["features"].size() > 1 || k + 1 == all.size()) {
                    report["areas"].push_back(std::move(all[k]));
                    break;
                }
        }
    }
    const std::string period = m.pack ? m.pack->period : m.period.value_or("");
    // The front page leads with each theme's figures, before any map.
    std::vector<std::vector<Item>> theme_items;
    std::string leads;
    for (const auto& t : m.themes) {
        auto& items = theme_items.emplace_back();
        for (const auto& out : m.outputs) {
            if (out.theme.value_or("") != t.name || !out.role || !out.step) continue;
            const auto s = std::find_if(m.steps.begin(), m.steps.end(),
                                        [&](const StepEntry& e) { return e.theme == t.name && e.name == *out.step; });
            if (s == m.steps.end()) continue;
            if (auto p = declared(s->run, *out.role)) items.push_back({&out, &*s, std::move(*p), s->run});
        }
        if (m.pack) leads += theme_lead(t, items, m.steps, o.folder);
    }
    if (!leads.empty()) leads += lead_key();
    std::string body = front_page(m, title, leads);
    ReportPage page;
    for (std::size_t ti = 0; ti < m.themes.size(); ++ti) {
        const auto& t = m.themes[ti];
        const auto& items = theme_items[ti];
        auto sec = theme_section(t, items, o.folder, static_cast<std::size_t>(std::max(0, o.places)), o.trend_months);
        sec.data["title"] = t.title.empty() ? t.name : t.title;
        if (!sec.data.contains("period")) sec.data["period"] = period_words(period);
        fmt::format_to(std::back_inserter(body), "<section class=\"page theme\" id=\"theme-{}\"><h2>{}</h2>\n", xml_escape(t.name),
                       xml_escape(t.title.empty() ? t.name : t.title));
        // A step that did not run says so where its maps and tables would be.
        for (const auto& s : m.steps)
            if (s.theme == t.name && s.skipped)
                fmt::format_to(std::back_inserter(body), "<p class=\"small skipped\">Step {} was skipped: {}.</p>\n",
                               xml_escape(s.name), xml_escape(*s.skipped));
        // What a step found, in words, before its maps and tables (evaluate's recommendation).
        for (const auto& s : m.steps)
            if (s.theme == t.name && s.headline)
                fmt::format_to(std::back_inserter(body), "<p class=\"headline\">{}</p>\n", xml_escape(*s.headline));
        if (sec.mapped) {
            fmt::format_to(std::back_inserter(body), "<div class=\"map\" id=\"map-{}\"></div>\n", xml_escape(t.name));
            page.map_ids.push_back("map-" + t.name);
        }
        body += sec.html + "</section>\n";
        report["themes"].push_back(std::move(sec.data));
    }

    body += appendix(m, path_base(m, o.folder));
    // A pack's own context layers (its copies in context/), then --context.
    std::vector<std::string> context;
    for (const auto& c : m.context) context.push_back((fs::path(o.folder) / c.copy).string());
    context.insert(context.end(), o.context.begin(), o.context.end());
    report["context"] = context_layers(context, report, log);
    page.html = report_page({xml_escape(title), xml_escape(o.marking), body, o.tiles, std::move(report)});
    return page;
}

}  // namespace hotspots::report
