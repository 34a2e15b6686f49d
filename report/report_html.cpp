// The report: its options, the manifest read and checked, and the page put together from its
// parts (report_front, report_theme, report_maps).
#include "report/report_html.hpp"
#include "report/report_html_detail.hpp"

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
using detail::appendix;
using detail::area_layers;
using detail::area_name;
using detail::context_layers;
using detail::front_page;
using detail::theme_section;

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
