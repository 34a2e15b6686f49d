// info: what is in these incident files.
#include "geo/crs.hpp"
#include "hotspots/kde.hpp"
#include "model/grid.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace hotspots::steps {
namespace {

struct InfoResult : Result {
    std::string text;
};

class Info : public Step {
public:
    Info() {
        declare_common(false);
        m_params.integer("top", m_top, "How many raw crime types to list", Range::at_least(0)).def("20");
    }
    StepInfo info() const override {
        return {"info", "Describe incident files: schema, CRS, rows loaded and rejected, period, categories, extent",
                "docs/input-formats.md", {}};
    }
    void check(Context&, const AreaLayers&) override {}
    Needs needs() const override {
        Needs n;
        n.strict_areas = false;  // info describes what it reads, even incidents outside every area
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context&) override;
    void write(const Result&, Writer&) const override {}
    std::string report(const Result& r) const override { return result_as<InfoResult>(r).text; }

private:
    std::size_t m_top = 20;
};

std::unique_ptr<Result> Info::run(Ingested& in, Context&) {
    const auto& set = in.set;
    auto out = std::make_unique<InfoResult>();
    auto o = std::back_inserter(out->text);

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
    fmt::format_to(o, "files: {}\n", set.sources.size());
    fmt::format_to(o, "schema: {}\n", joined(schemas));
    fmt::format_to(o, "source CRS: {}\n", joined(crss));
    fmt::format_to(o, "working CRS: {}\n", m_input.work_crs);
    std::map<std::string, int> ops;
    for (const auto& d : in.details) ++ops[d.transform];
    for (const auto& [op, n] : ops) fmt::format_to(o, "transformation: {}\n", op);
    for (const auto& d : in.details)
        if (!d.schema_notes.empty()) {
            fmt::format_to(o, "columns: {}\n", d.schema_notes);
            break;
        }
    fmt::format_to(o, "{}\n", rows_line(in));
    if (in.filtered.total() > 0) fmt::format_to(o, "filtered out: {}, kept: {}\n", in.filtered.total(), set.incidents.size());
    if (set.incidents.empty()) {
        fmt::format_to(o, "no incidents\n");
        return out;
    }
    fmt::format_to(o, "period: {}\n", period_text(set));
    std::array<std::uint64_t, 4> precision{};
    for (const auto& i : set.incidents) ++precision[static_cast<std::size_t>(i.precision)];
    std::string p;
    for (std::size_t k = 0; k < precision.size(); ++k)
        if (precision[k]) p += fmt::format("{}{}: {}", p.empty() ? "" : ", ", to_string(static_cast<TimePrecision>(k)), precision[k]);
    fmt::format_to(o, "date precision: {}\n", p);
    std::uint64_t ranges = 0;
    for (const auto& i : set.incidents) ranges += i.precision >= TimePrecision::minute && i.to > i.from;
    if (ranges) fmt::format_to(o, "from/to ranges: {}\n", ranges);

    const Box box = extent_of(set);
    fmt::format_to(o, "extent ({}): {:.1f}, {:.1f} .. {:.1f}, {:.1f} ({:.1f} x {:.1f} km)\n", m_input.work_crs, box.xmin, box.ymin,
          box.xmax, box.ymax, (box.xmax - box.xmin) / 1000, (box.ymax - box.ymin) / 1000);
    geo::Transformer to_lonlat(set.crs, "EPSG:4326");
    double lx[2] = {box.xmin, box.xmax}, ly[2] = {box.ymin, box.ymax};
    to_lonlat.transform(lx, ly, 2);
    fmt::format_to(o, "extent (lon/lat): {:.6f}, {:.6f} .. {:.6f}, {:.6f}\n", lx[0], ly[0], lx[1], ly[1]);

    std::array<std::uint64_t, category_count> by_cat{};
    std::map<std::uint32_t, std::uint64_t> by_raw;
    for (const auto& i : set.incidents) {
        ++by_cat[static_cast<std::size_t>(i.category)];
        ++by_raw[i.crime_type];
    }
    fmt::format_to(o, "by category:\n");
    for (const auto& c : categories())
        if (by_cat[static_cast<std::size_t>(c.category)])
            fmt::format_to(o, "  {:<26} {:>9}\n", c.slug, by_cat[static_cast<std::size_t>(c.category)]);
    std::vector<std::pair<std::uint64_t, std::string>> raw;
    for (const auto& [k, n] : by_raw) raw.emplace_back(n, set.text(k).empty() ? "(none)" : set.text(k));
    std::sort(raw.begin(), raw.end(),
              [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    fmt::format_to(o, "by crime type as given (top {} of {}):\n", std::min(m_top, raw.size()), raw.size());
    for (std::size_t k = 0; k < raw.size() && k < m_top; ++k) fmt::format_to(o, "  {:<40} {:>9}\n", raw[k].second, raw[k].first);

    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        fmt::format_to(o, "areas '{}': {} incidents inside an area, {} outside all{}\n", in.layers[l].label(), c.inside, c.outside,
              c.no_boundaries ? fmt::format(", {} with no boundaries in force on their date", c.no_boundaries) : "");
    }
    return out;
}

}  // namespace

std::unique_ptr<Step> make_info() { return std::make_unique<Info>(); }

}  // namespace hotspots::steps
