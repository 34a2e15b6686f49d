// scan: Kulldorff's space-time permutation scan statistic: unusual clusters of incidents in
// space and time given the area's usual pattern.
#include "geo/geos.hpp"
#include "hotspots/scan.hpp"
#include "io/qgis_style.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

struct ScanStepResult : Result {
    ScanResult scan;
    bool months = false;
    nlohmann::json meta;
};

class Scan : public Step {
public:
    Scan() {
        declare_common(false);
        auto& p = m_params;
        p.number("max-radius", m_radius, "Largest circle: metres from its centre incident", Range::between(0, 20000))
            .def("1000")
            .in_unit("metres");
        p.number("max-share", m_share, "Largest circle: this share of all incidents (SaTScan's default: 50)",
                 Range::between(1, 100))
            .def("50")
            .in_unit("%");
        p.integer("max-duration", m_length, "Longest cluster, in --time-unit", Range::between(1, 3650)).def("30");
        p.text("time-unit", m_unit, "days or months (month-only data needs months)").one_of({"days", "months"}).def("days");
        p.integer("min-incidents", m_min, "Fewest incidents a cluster holds", Range::between(2, 100000)).def("2");
        p.integer("permutations", m_permutations, "Monte Carlo permutations of the incidents' times",
                  Range::between(9, 99999))
            .def("999");
        p.integer("seed", m_seed, "Seed of the permutations", Range::at_least(0)).def("1");
        p.integer("clusters", m_clusters, "The most likely cluster and up to this many in all, none overlapping",
                  Range::between(1, 1000))
            .def("10");
        p.output("output", m_output, "Clusters as circles: .geojson or .gpkg", "circles", ".geojson .gpkg").short_form("o");
        p.output("csv", m_csv, "Clusters as a CSV table", "clusters", ".csv");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"scan",
                "Space-time permutation scan statistic (Kulldorff 2005): unusual clusters in space and time",
                "docs/scan.md",
                {{.role = "circles", .kind = ProductKind::features, .title = "Space-time clusters (scan statistic)",
                  .map = MapView::outlines, .table = TableView::rows,
                  .columns = {"label", "start", "end", "radius_m", "observed", "expected", "p_value"},
                  .count = "observed", .label = "label", .locates_incidents = true},
                 {.role = "clusters", .kind = ProductKind::table, .title = "Space-time clusters (table)",
                  .locates_incidents = true}},
                metadata_roles({{ColumnRole::measure, "parameters.{centres max_duration max_radius_m max_share_pct "
                                          "min_incidents permutations rule seed time_unit}"}})};
    }
    void check(Context&, const AreaLayers&) override {}
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::string when(std::int64_t t, bool months) const {
        return months ? format_month_number(static_cast<int>(t)) : format_date(t * seconds_per_day);
    }
    double m_radius = 1000, m_share = 50;
    std::int64_t m_length = 30;
    std::string m_unit = "days", m_output, m_csv;
    std::size_t m_min = 2, m_clusters = 10;
    int m_permutations = 999;
    std::uint64_t m_seed = 1;
};

std::unique_ptr<Result> Scan::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.size() < 2) throw std::runtime_error("the scan needs at least two incidents after filtering");
    auto r = std::make_unique<ScanStepResult>();
    r->months = m_unit == "months";
    const auto month_only = std::count_if(set.incidents.begin(), set.incidents.end(),
                                          [](const Incident& i) { return i.precision == TimePrecision::month; });
    if (month_only && !r->months)
        throw UsageError(fmt::format("{} of {} incidents have month-only dates (data.police.uk), so days are unknown: use "
                                     "--time-unit months (and --max-duration in months)",
                                     month_only, set.incidents.size()));
    std::vector<ScanEvent> events;
    for (const auto& i : set.incidents) {
        const auto day = static_cast<std::int64_t>(std::floor(static_cast<double>(i.from) / seconds_per_day));
        events.push_back({i.x, i.y, r->months ? std::int64_t(month_number(i.from)) : day});
    }
    ScanOptions o;
    o.max_radius = m_radius;
    o.max_share = m_share / 100;
    o.max_length = m_length;
    o.min_events = m_min;
    o.permutations = m_permutations;
    o.seed = m_seed;
    o.max_clusters = m_clusters;
    o.threads = ctx.threads();
    o.on_work = [&](double work) {
        const double total = work * (m_permutations + 1);
        ctx.log().note(fmt::format("about {:.3g} cylinders a permutation, {:.3g} in all", work, total));
        // About 1e8 to 3e8 cylinders a second on one core of the machine of docs/benchmarks.md.
        if (total > 6e10)
            ctx.log().warning(fmt::format("the scan will evaluate about {:.2g} cylinders (up to {:.0f} minutes on one "
                                          "core): a smaller --max-radius, --max-duration, period or --permutations "
                                          "shortens it",
                                          total, total / 1e8 / 60));
    };
    try {
        r->scan = space_time_scan(events, o);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("scan: ") + e.what());
    }
    ctx.log().stage("scan done");
    r->meta = metadata("scan", m_input, m_filters, in,
                       {{"max_radius_m", m_radius}, {"max_share_pct", m_share}, {"max_duration", m_length},
                        {"time_unit", m_unit}, {"min_incidents", m_min}, {"permutations", m_permutations},
                        {"seed", m_seed}, {"centres", r->scan.centres},
                        {"rule", "Kulldorff et al. 2005 space-time permutation scan; p = (1 + permutations with a "
                                 "largest LLR >= the cluster's) / (permutations + 1)"}});
    return r;
}

void Scan::write(const Result& result, Writer& w) const {
    const auto& r = result_as<ScanStepResult>(result);
    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable t;
    t.layer = "scan_clusters";
    t.crs = m_input.work_crs;
    t.metadata = r.meta;
    t.fields = {{"rank", FieldType::integer, R::rank},        {"label", FieldType::text, R::identifier},
                {"centre_x", FieldType::real, R::place},     {"centre_y", FieldType::real, R::place},
                {"radius_m", FieldType::real, R::measure},   {"start", FieldType::text, R::date},
                {"end", FieldType::text, R::date},           {"places", FieldType::integer, R::measure},
                {"observed", FieldType::integer, R::count},  {"expected", FieldType::real, R::statistic},
                {"ratio", FieldType::real, R::statistic},    {"llr", FieldType::real, R::statistic},
                {"p_value", FieldType::real, R::statistic}};
    std::vector<Column> header;
    for (const auto& f : t.fields) header.emplace_back(f.name, f.role, f.derived);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<std::uint32_t>> members;
    geo::GeosContext geos;
    for (std::size_t k = 0; k < r.scan.clusters.size(); ++k) {
        const auto& c = r.scan.clusters[k];
        const double ratio = c.expected > 0 ? static_cast<double>(c.observed) / c.expected : 0;
        t.rows.push_back({std::int64_t(k + 1), fmt::format("S{}", k + 1), c.x, c.y, std::round(c.radius * 10) / 10,
                          when(c.start, r.months), when(c.end, r.months), std::int64_t(c.places), std::int64_t(c.observed),
                          std::round(c.expected * 1000) / 1000, std::round(ratio * 1000) / 1000,
                          std::round(c.llr * 1e4) / 1e4, c.p});
        rows.push_back({std::to_string(k + 1), fmt::format("S{}", k + 1), fmt::format("{:.2f}", c.x), fmt::format("{:.2f}", c.y),
                        fmt::format("{:.1f}", c.radius), when(c.start, r.months), when(c.end, r.months),
                        std::to_string(c.places), std::to_string(c.observed), fmt::format("{:.3f}", c.expected),
                        fmt::format("{:.3f}", ratio), fmt::format("{:.4f}", c.llr), fmt::format("{:.4f}", c.p)});
        // A circle of one place is drawn 10 m wide, so that it can be seen.
        auto centre = geo::make_point(geos, c.x, c.y);
        auto circle = geo::checked(geos, GEOSBuffer_r(geos.get(), centre.get(), std::max(c.radius, 10.0), 16), "scan circle");
        t.geometries.push_back(geo::to_wkb(geos, circle.get()));
        members.push_back(c.members);
    }
    w.counts("circles", {{"observed", members}});
    w.features("circles", t, m_no_style ? "" : io::hotspot_style());
    w.counts("clusters", {{"observed", members}});
    w.table("clusters", header, rows, r.meta);
}

std::string Scan::report(const Result& result) const {
    const auto& r = result_as<ScanStepResult>(result);
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "space-time permutation scan: {} incidents, {} centres, {} permutations\n", r.scan.events,
                   r.scan.centres, m_permutations);
    if (r.scan.clusters.empty()) return s + "no cluster with more incidents than expected\n";
    fmt::format_to(out, "{:<4} {:<10} {:<10} {:>8} {:>8} {:>9} {:>9} {:>7}\n", "", "start", "end", "radius_m", "observed",
                   "expected", "LLR", "p");
    for (std::size_t k = 0; k < r.scan.clusters.size(); ++k) {
        const auto& c = r.scan.clusters[k];
        fmt::format_to(out, "{:<4} {:<10} {:<10} {:>8.0f} {:>8} {:>9.2f} {:>9.3f} {:>7.3f}{}\n", fmt::format("S{}", k + 1),
                       when(c.start, r.months), when(c.end, r.months), c.radius, c.observed, c.expected, c.llr, c.p,
                       c.p <= 0.05 ? " *" : "");
    }
    s += "* p <= 0.05 (secondary clusters are tested against the same largest-LLR distribution: conservative)\n";
    return s;
}

}  // namespace

std::unique_ptr<Step> make_scan() { return std::make_unique<Scan>(); }

}  // namespace hotspots::steps
