// hotspots info: what is in these incident files.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "geo/crs.hpp"
#include "hotspots/kde.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>

namespace hotspots::cli {
namespace {

struct InfoOptions {
    IngestOptions ingest;
    std::size_t top = 20;
};

int run_info(const InfoOptions& o) {
    Reporter report("info", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;

    std::map<std::string, int> schemas, crss;
    for (const auto& s : set.sources) {
        ++schemas[s.schema];
        ++crss[s.crs];
    }
    auto joined = [](const std::map<std::string, int>& m) {
        std::string s;
        for (const auto& [k, n] : m) s += fmt::format("{}{} ({} files)", s.empty() ? "" : ", ", k, n);
        return s;
    };
    fmt::print("files: {}\n", set.sources.size());
    fmt::print("schema: {}\n", joined(schemas));
    fmt::print("source CRS: {}\n", joined(crss));
    fmt::print("working CRS: {}\n", o.ingest.work_crs);
    std::map<std::string, int> ops;
    for (const auto& d : in.read.details) ++ops[d.transform];
    for (const auto& [op, n] : ops) fmt::print("transformation: {}\n", op);
    for (const auto& d : in.read.details)
        if (!d.schema_notes.empty()) {
            fmt::print("columns: {}\n", d.schema_notes);
            break;
        }
    fmt::print("{}\n", rows_line(in));
    if (in.filtered.total() > 0) fmt::print("filtered out: {}, kept: {}\n", in.filtered.total(), set.incidents.size());
    if (set.incidents.empty()) {
        fmt::print("no incidents\n");
        return 0;
    }
    fmt::print("period: {}\n", period_text(set));
    std::array<std::uint64_t, 4> precision{};
    for (const auto& i : set.incidents) ++precision[static_cast<std::size_t>(i.precision)];
    std::string p;
    for (std::size_t k = 0; k < precision.size(); ++k)
        if (precision[k]) p += fmt::format("{}{}: {}", p.empty() ? "" : ", ", to_string(static_cast<TimePrecision>(k)), precision[k]);
    fmt::print("date precision: {}\n", p);
    std::uint64_t ranges = 0;
    for (const auto& i : set.incidents) ranges += i.precision >= TimePrecision::minute && i.to > i.from;
    if (ranges) fmt::print("from/to ranges: {}\n", ranges);

    const Box box = extent_of(set);
    const double xmin = box.xmin, ymin = box.ymin, xmax = box.xmax, ymax = box.ymax;
    fmt::print("extent ({}): {:.1f}, {:.1f} .. {:.1f}, {:.1f} ({:.1f} x {:.1f} km)\n", o.ingest.work_crs, xmin, ymin, xmax,
               ymax, (xmax - xmin) / 1000, (ymax - ymin) / 1000);
    geo::Transformer to_lonlat(set.crs, "EPSG:4326");
    double lx[2] = {xmin, xmax}, ly[2] = {ymin, ymax};
    to_lonlat.transform(lx, ly, 2);
    fmt::print("extent (lon/lat): {:.6f}, {:.6f} .. {:.6f}, {:.6f}\n", lx[0], ly[0], lx[1], ly[1]);

    std::array<std::uint64_t, category_count> by_cat{};
    std::map<std::uint32_t, std::uint64_t> by_raw;
    for (const auto& i : set.incidents) {
        ++by_cat[static_cast<std::size_t>(i.category)];
        ++by_raw[i.crime_type];
    }
    fmt::print("by category:\n");
    for (const auto& info : categories())
        if (by_cat[static_cast<std::size_t>(info.category)])
            fmt::print("  {:<26} {:>9}\n", info.slug, by_cat[static_cast<std::size_t>(info.category)]);
    std::vector<std::pair<std::uint64_t, std::string>> raw;
    for (const auto& [k, n] : by_raw) raw.emplace_back(n, set.text(k).empty() ? "(none)" : set.text(k));
    std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    fmt::print("by crime type as given (top {} of {}):\n", std::min(o.top, raw.size()), raw.size());
    for (std::size_t k = 0; k < raw.size() && k < o.top; ++k) fmt::print("  {:<40} {:>9}\n", raw[k].second, raw[k].first);

    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        fmt::print("areas '{}': {} incidents inside an area, {} outside all{}\n", in.layers[l].label(), c.inside, c.outside,
                   c.no_boundaries ? fmt::format(", {} with no boundaries in force on their date", c.no_boundaries) : "");
    }
    return 0;
}

}  // namespace

std::function<int()> setup_info(CLI::App& app) {
    auto o = std::make_shared<InfoOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--top", o->top, "How many raw crime types to list")->capture_default_str();
    return [o] { return run_info(*o); };
}

}  // namespace hotspots::cli
