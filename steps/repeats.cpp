// repeats: repeat locations, ranked, and how concentrated incidents are on them.
#include "geo/geos.hpp"
#include "hotspots/repeats.hpp"
#include "io/qgis_style.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace hotspots::steps {
namespace {

struct Row {
    const PlaceGroup* group;
    std::string key, location, categories, first, last;
    std::size_t months = 0;
    double median_gap = 0;
    bool month_only = false;  // gaps in days are unknown
};

struct RepeatsResult : Result {
    std::vector<PlaceGroup> groups;
    std::vector<Row> rows;
    Concentration conc;
    RepeatTiming timing;
    std::size_t unkeyed = 0;
    io::FeatureTable table;
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
    using R = ColumnRole;
    t.fields = {{"rank", FieldType::integer, R::rank},
                {"key", FieldType::text, R::identifier},
                {"incidents", FieldType::integer, R::count},
                {"first_date", FieldType::text, R::date},
                {"last_date", FieldType::text, R::date},
                {"months_active", FieldType::integer, R::rate},
                {"median_days_between", FieldType::real, R::rate},
                {"categories", FieldType::text, R::text},
                {"location", FieldType::text, R::place},
                {"x", FieldType::real, R::place},
                {"y", FieldType::real, R::place}};
    for (const auto& l : in.layers) {
        t.fields.push_back({l.label() + "_code", FieldType::text, R::area});
        t.fields.push_back({l.label() + "_name", FieldType::text, R::area});
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

class Repeats : public Step {
public:
    Repeats() {
        declare_common(false);
        m_params.text("by", m_by, "Group by: point (same coordinates), location (same text in the same LSOA), or a column name")
            .def("point");
        m_params.number("tolerance", m_tolerance, "With --by point: join incidents within this many metres", Range::at_least(0))
            .def("0")
            .in_unit("metres");
        m_params.integer("min-count", m_min_count, "Incidents a location needs to be listed", Range::at_least(2)).def("2");
        m_params.output("output", m_output, "Repeat locations as points: .geojson (RFC 7946) or .gpkg", "locations",
                        ".geojson .gpkg")
            .short_form("o");
        m_params.output("csv", m_csv, "Repeat locations as a CSV table", "locations", ".csv");
        m_params.integer("top", m_top, "Rows of the table printed", Range::at_least(0)).def("10");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"repeats",
                "Repeat locations and how concentrated incidents are on them",
                "docs/repeats.md",
                {{.role = "locations", .kind = ProductKind::features, .title = "Repeat locations", .map = MapView::points,
                  .table = TableView::concentration,
                  .columns = {"rank", "location", "incidents", "first_date", "last_date", "categories"},
                  .count = "incidents", .locates_incidents = true}},
                metadata_roles({{ColumnRole::measure, "parameters.{by min_count tolerance_m}"}})};
    }
    void check(Context&, const AreaLayers&) override {
        if (m_tolerance > 0 && key() != RepeatKey::point) throw UsageError("--tolerance applies to --by point only");
    }
    Needs needs() const override {
        Needs n;
        if (key() == RepeatKey::field) n.group_column = m_by;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    RepeatKey key() const {
        return m_by == "point" ? RepeatKey::point : m_by == "location" ? RepeatKey::location : RepeatKey::field;
    }
    std::string m_by = "point", m_output, m_csv;
    double m_tolerance = 0;
    std::size_t m_min_count = 2, m_top = 10;
};

std::unique_ptr<Result> Repeats::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing written");
    RepeatOptions ro{key(), m_tolerance};
    auto r = std::make_unique<RepeatsResult>();
    r->groups = group_places(set, ro, r->unkeyed);
    if (r->unkeyed)
        ctx.log().warning(fmt::format("{} incidents have no {} and are left out", r->unkeyed,
                                      ro.by == RepeatKey::location ? "location text" : "value in column " + m_by));
    for (const auto& s : set.sources)
        if (s.schema.rfind("police-uk", 0) == 0) {
            ctx.log().warning("data.police.uk points are anonymous map points shared by many addresses: a repeat "
                              "location here is a street point, not a household");
            break;
        }
    r->conc = concentration(r->groups);
    r->timing = repeat_timing(set, r->groups);

    std::vector<const PlaceGroup*> repeats;
    for (const auto& g : r->groups)
        if (g.members.size() >= m_min_count) repeats.push_back(&g);
    std::stable_sort(repeats.begin(), repeats.end(), [&](const PlaceGroup* a, const PlaceGroup* b) {
        if (a->members.size() != b->members.size()) return a->members.size() > b->members.size();
        return set.incidents[a->members.front()].from < set.incidents[b->members.front()].from;
    });
    for (const auto* g : repeats) r->rows.push_back(describe(set, *g, ro.by));

    const auto& conc = r->conc;
    const auto& timing = r->timing;
    nlohmann::json summary = {
        {"locations", conc.locations},         {"incidents", conc.incidents},
        {"unkeyed_incidents", r->unkeyed},     {"repeat_locations", conc.repeat_locations},
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
    auto meta = metadata("repeats", m_input, m_filters, in, {{"by", m_by}, {"tolerance_m", m_tolerance}, {"min_count", m_min_count}});
    meta["summary"] = summary;
    r->table = table_of(r->rows, in, m_input.work_crs, meta);
    return r;
}

void Repeats::write(const Result& result, Writer& w) const {
    const auto& r = result_as<RepeatsResult>(result);
    const std::size_t most = r.rows.empty() ? m_min_count : r.rows.front().group->members.size();
    w.features("locations", r.table, io::repeats_style(m_min_count, most));
}

std::string Repeats::report(const Result& result) const {
    const auto& r = result_as<RepeatsResult>(result);
    const auto& conc = r.conc;
    const auto& timing = r.timing;
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "locations: {} ({} incidents{}); {} with 2+ incidents ({:.1f}%), holding {:.1f}% of incidents\n",
                   conc.locations, conc.incidents, r.unkeyed ? fmt::format(", {} without a key left out", r.unkeyed) : "",
                   conc.repeat_locations, conc.repeat_location_pct, conc.incidents_at_repeats_pct);
    fmt::format_to(out, "the top 1% / 5% / 10% of locations hold {:.1f}% / {:.1f}% / {:.1f}% of incidents; Gini {:.3f}\n",
                   conc.top1_pct, conc.top5_pct, conc.top10_pct, conc.gini);
    if (timing.month_only)
        fmt::format_to(out,
                       "dates are month-only: of {} repeats, {:.1f}% in the same month, {:.1f}% the next month, {:.1f}% "
                       "later (days cannot be told apart)\n",
                       timing.repeats, timing.same_month_pct, timing.next_month_pct, timing.later_pct);
    else
        fmt::format_to(out,
                       "time to repeat ({} repeats): within 7 days {:.1f}%, 14 days {:.1f}%, 21 days {:.1f}%, 28 days "
                       "{:.1f}%; {:.1f}% of incidents are followed by another at the same place within three weeks\n",
                       timing.repeats, timing.within_pct[0], timing.within_pct[1], timing.within_pct[2],
                       timing.within_pct[3], timing.followed_21d_pct);
    fmt::format_to(out, "{} repeat locations with {}+ incidents\n", r.rows.size(), m_min_count);
    const std::size_t shown = std::min(m_top, r.rows.size());
    // The key names the place for --by FIELD; otherwise its location text says more than coordinates.
    auto place = [&](const Row& row) { return key() == RepeatKey::field || row.location.empty() ? row.key : row.location; };
    if (shown) fmt::format_to(out, "{:<4} {:>5}  {:<10} {:<10}  {:<32} {}\n", "rank", "count", "first", "last", "place", "categories");
    for (std::size_t k = 0; k < shown; ++k)
        fmt::format_to(out, "{:<4} {:>5}  {:<10} {:<10}  {:<32} {}\n", k + 1, r.rows[k].group->members.size(),
                       r.rows[k].first, r.rows[k].last, place(r.rows[k]).substr(0, 32), r.rows[k].categories);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_repeats() { return std::make_unique<Repeats>(); }

}  // namespace hotspots::steps
