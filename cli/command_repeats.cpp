// hotspots repeats: repeat locations, ranked, and how concentrated incidents are on them.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "geo/crs.hpp"
#include "geo/geos.hpp"
#include "hotspots/repeats.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace hotspots::cli {
namespace {

struct RepeatsOptions {
    IngestOptions ingest;
    std::string by = "point";
    double tolerance = 0;
    std::size_t min_count = 2;
    std::string output, csv;
    std::size_t top = 10;
};

struct Row {
    const PlaceGroup* group;
    std::string key, location, categories, first, last;
    std::size_t months = 0;
    double median_gap = 0;
    bool month_only = false;  // gaps in days are unknown
};

std::string key_text(const IncidentSet& set, const PlaceGroup& g, RepeatKey by) {
    const auto& first = set.incidents[g.members.front()];
    if (by == RepeatKey::field) return set.text(first.group);
    if (by == RepeatKey::location) return set.text(first.location) + " / " + set.text(first.lsoa_code);
    return fmt::format("{:.1f},{:.1f}", g.x, g.y);
}

Row describe(const IncidentSet& set, const PlaceGroup& g, RepeatKey by) {
    Row r{&g, key_text(set, g, by), "", "", "", "", 0, median_gap_days(set, g)};
    std::map<Category, std::size_t> cats;
    std::map<std::uint32_t, std::size_t> locations;
    std::set<std::string> months;
    for (auto m : g.members) {
        const auto& i = set.incidents[m];
        ++cats[i.category];
        if (i.location) ++locations[i.location];
        months.insert(format_month(i.from));
        r.month_only = r.month_only || i.precision == TimePrecision::month;
    }
    std::vector<std::pair<Category, std::size_t>> sorted(cats.begin(), cats.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [c, n] : sorted) r.categories += fmt::format("{}{} ({})", r.categories.empty() ? "" : ", ", slug(c), n);
    std::size_t best = 0;
    for (const auto& [loc, n] : locations)
        if (n > best) {
            best = n;
            r.location = set.text(loc);
        }
    r.months = months.size();
    r.first = format_date(set.incidents[g.members.front()].from);
    r.last = format_date(set.incidents[g.members.back()].from);
    return r;
}

io::FeatureTable table_of(const std::vector<Row>& rows, const Ingested& in, const std::string& crs,
                          const nlohmann::json& meta) {
    using io::FieldType;
    io::FeatureTable t;
    t.layer = "repeat_locations";
    t.crs = crs;
    t.metadata = meta;
    t.fields = {{"rank", FieldType::integer},    {"key", FieldType::text},          {"incidents", FieldType::integer},
                {"first_date", FieldType::text}, {"last_date", FieldType::text},    {"months_active", FieldType::integer},
                {"median_days_between", FieldType::real}, {"categories", FieldType::text}, {"location", FieldType::text},
                {"x", FieldType::real},          {"y", FieldType::real}};
    for (const auto& l : in.layers) {
        t.fields.push_back({l.label() + "_code", FieldType::text});
        t.fields.push_back({l.label() + "_name", FieldType::text});
    }
    geo::GeosContext ctx;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const auto& r = rows[k];
        const auto& g = *r.group;
        std::vector<io::FieldValue> v = {std::int64_t(k + 1), r.key, std::int64_t(g.members.size()), r.first, r.last,
                                         std::int64_t(r.months),
                                         r.month_only ? io::FieldValue{} : io::FieldValue{std::round(r.median_gap * 10) / 10},
                                         r.categories,
                                         r.location, std::round(g.x * 100) / 100, std::round(g.y * 100) / 100};
        for (std::size_t l = 0; l < in.layers.size(); ++l) {
            const auto a = in.assignment[l][g.members.front()];
            v.emplace_back(a >= 0 ? in.layers[l].code(a) : std::string());
            v.emplace_back(a >= 0 ? in.layers[l].name(a) : std::string());
        }
        t.rows.push_back(std::move(v));
        auto pt = geo::make_point(ctx, g.x, g.y);
        t.geometries.push_back(geo::to_wkb(ctx, pt.get()));
    }
    return t;
}

int run_repeats(const RepeatsOptions& o) {
    RepeatOptions ro;
    if (o.by == "point") ro.by = RepeatKey::point;
    else if (o.by == "location") ro.by = RepeatKey::location;
    else ro.by = RepeatKey::field;
    ro.tolerance = o.tolerance;
    if (o.tolerance < 0) throw UsageError("--tolerance must be >= 0 metres");
    if (o.tolerance > 0 && ro.by != RepeatKey::point) throw UsageError("--tolerance applies to --by point only");
    if (o.min_count < 2) throw UsageError("--min-count must be at least 2");
    if (!o.output.empty()) {
        try {
            io::check_feature_path(o.output);
        } catch (const io::IoError& e) {
            throw UsageError(e.what());
        }
    }
    IngestOptions options = o.ingest;
    if (ro.by == RepeatKey::field) options.columns.group = o.by;
    Reporter report("repeats", options.quiet, options.verbose);
    Ingested in = ingest(options, report);
    const auto& set = in.read.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");

    std::size_t unkeyed = 0;
    const auto groups = group_places(set, ro, unkeyed);
    if (unkeyed)
        report.warning(fmt::format("{} incidents have no {} and are left out", unkeyed,
                                   ro.by == RepeatKey::location ? "location text" : "value in column " + o.by));
    for (const auto& s : set.sources)
        if (s.schema.rfind("police-uk", 0) == 0) {
            report.warning("data.police.uk points are anonymous map points shared by many addresses: a repeat location "
                           "here is a street point, not a household");
            break;
        }
    const auto conc = concentration(groups);
    const auto timing = repeat_timing(set, groups);

    std::vector<const PlaceGroup*> repeats;
    for (const auto& g : groups)
        if (g.members.size() >= o.min_count) repeats.push_back(&g);
    std::stable_sort(repeats.begin(), repeats.end(), [&](const PlaceGroup* a, const PlaceGroup* b) {
        if (a->members.size() != b->members.size()) return a->members.size() > b->members.size();
        return set.incidents[a->members.front()].from < set.incidents[b->members.front()].from;
    });
    std::vector<Row> rows;
    for (const auto* g : repeats) rows.push_back(describe(set, *g, ro.by));

    nlohmann::json summary = {
        {"locations", conc.locations},         {"incidents", conc.incidents},
        {"unkeyed_incidents", unkeyed},        {"repeat_locations", conc.repeat_locations},
        {"repeat_location_pct", conc.repeat_location_pct}, {"incidents_at_repeats_pct", conc.incidents_at_repeats_pct},
        {"top1_pct", conc.top1_pct},           {"top5_pct", conc.top5_pct},
        {"top10_pct", conc.top10_pct},         {"gini", conc.gini},
        {"month_only", timing.month_only},     {"repeats", timing.repeats}};
    if (timing.month_only) {
        summary["same_month_pct"] = timing.same_month_pct;
        summary["next_month_pct"] = timing.next_month_pct;
    } else {
        summary["within_7d_pct"] = timing.within_pct[0];
        summary["within_14d_pct"] = timing.within_pct[1];
        summary["within_21d_pct"] = timing.within_pct[2];
        summary["within_28d_pct"] = timing.within_pct[3];
        summary["followed_within_21d_pct"] = timing.followed_21d_pct;
    }
    auto meta = metadata("repeats", options, in,
                         {{"by", o.by}, {"tolerance_m", o.tolerance}, {"min_count", o.min_count}});
    meta["summary"] = summary;
    const auto table = table_of(rows, in, options.work_crs, meta);
    if (!o.output.empty()) io::write_features(o.output, table, in.inputs);
    if (!o.csv.empty()) io::write_features(o.csv, table, in.inputs);

    fmt::print("locations: {} ({} incidents{}); {} with 2+ incidents ({:.1f}%), holding {:.1f}% of incidents\n",
               conc.locations, conc.incidents, unkeyed ? fmt::format(", {} without a key left out", unkeyed) : "",
               conc.repeat_locations, conc.repeat_location_pct, conc.incidents_at_repeats_pct);
    fmt::print("the top 1% / 5% / 10% of locations hold {:.1f}% / {:.1f}% / {:.1f}% of incidents; Gini {:.3f}\n",
               conc.top1_pct, conc.top5_pct, conc.top10_pct, conc.gini);
    if (timing.month_only)
        fmt::print("dates are month-only: of {} repeats, {:.1f}% in the same month, {:.1f}% the next month, {:.1f}% later "
                   "(days cannot be told apart)\n",
                   timing.repeats, timing.same_month_pct, timing.next_month_pct, timing.later_pct);
    else
        fmt::print("time to repeat ({} repeats): within 7 days {:.1f}%, 14 days {:.1f}%, 21 days {:.1f}%, 28 days {:.1f}%; "
                   "{:.1f}% of incidents are followed by another at the same place within three weeks\n",
                   timing.repeats, timing.within_pct[0], timing.within_pct[1], timing.within_pct[2],
                   timing.within_pct[3], timing.followed_21d_pct);
    fmt::print("{} repeat locations with {}+ incidents\n", rows.size(), o.min_count);
    const std::size_t shown = std::min(o.top, rows.size());
    // The key names the place for --by FIELD; otherwise its location text says more than coordinates.
    auto place = [&](const Row& r) { return ro.by == RepeatKey::field || r.location.empty() ? r.key : r.location; };
    if (shown) fmt::print("{:<4} {:>5}  {:<10} {:<10}  {:<32} {}\n", "rank", "count", "first", "last", "place", "categories");
    for (std::size_t k = 0; k < shown; ++k)
        fmt::print("{:<4} {:>5}  {:<10} {:<10}  {:<32} {}\n", k + 1, rows[k].group->members.size(), rows[k].first,
                   rows[k].last, place(rows[k]).substr(0, 32), rows[k].categories);
    return 0;
}

}  // namespace

std::function<int()> setup_repeats(CLI::App& app) {
    auto o = std::make_shared<RepeatsOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--by", o->by, "Group by: point (same coordinates), location (same text in the same LSOA), or a column name")
        ->capture_default_str();
    app.add_option("--tolerance", o->tolerance, "With --by point: join incidents within this many metres")->capture_default_str();
    app.add_option("--min-count", o->min_count, "Incidents a location needs to be listed")->capture_default_str();
    app.add_option("-o,--output", o->output, "Repeat locations as points: .geojson (RFC 7946) or .gpkg");
    app.add_option("--csv", o->csv, "Repeat locations as a CSV table");
    app.add_option("--top", o->top, "Rows of the table printed")->capture_default_str();
    return [o] { return run_repeats(*o); };
}

}  // namespace hotspots::cli
