// change: counts per ward (or cell) in two periods, the difference, the change in rate, and
// whether it is more than chance.
#include "geo/geos.hpp"
#include "hotspots/change.hpp"
#include "hotspots/gistar.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "steps/all_steps.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots::steps {
namespace {

struct ChangeResult : Result {
    std::vector<ChangeUnit> units;
    std::vector<PeriodChange> changes;
    std::vector<double> q;
    PeriodCounts counts;
    nlohmann::json metadata;
    std::string direction(std::size_t k) const {
        if (q[k] >= 0.05) return "";
        return changes[k].rate_ratio > 1 || changes[k].before == 0 ? "increase" : "decrease";
    }
};

Period period_value(const std::string& text) {
    auto p = parse_period(text);
    if (!p) throw UsageError("'" + text + "': give a period as FROM..TO, e.g. 2023-01..2023-12 or 2024-03-01..2024-05-31");
    return *p;
}

class Change : public Step {
public:
    Change() {
        declare_common(false);
        auto& p = m_params;
        p.value("before", m_before, "The earlier period FROM..TO (e.g. 2023-01..2023-12)", [this](const std::string& v) {
             m_before_text = v;
             return period_value(v);
         })
            .needed()
            .dated(Temporal::period)
            .shown_as("FROM..TO");
        p.value("after", m_after, "The later period FROM..TO (e.g. 2024-01..2024-12)", [this](const std::string& v) {
             m_after_text = v;
             return period_value(v);
         })
            .needed()
            .dated(Temporal::period)
            .shown_as("FROM..TO");
        declare_grid(p, m_grid, {"", false, false});
        p.output("output", m_output, "Units with counts, change, rate ratio, p, adjusted p: .csv, .geojson, .gpkg", "units",
                 ".csv .geojson .gpkg")
            .short_form("o");
        p.integer("top", m_top, "Rows printed", Range::at_least(0)).def("15");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"change", "Counts per ward or cell in two periods, with the change and its significance", "docs/statistics.md"};
    }
    void check(Context& ctx, const AreaLayers& areas) override {
        if (!(m_before.to < m_after.from || m_after.to < m_before.from)) throw UsageError("--before and --after overlap");
        if (m_grid.per.empty() && !(m_grid.cell > 0)) throw UsageError("give --per LABEL (an --areas layer) or --cell METRES");
        if (!m_grid.per.empty() && m_grid.cell > 0) throw UsageError("give --per or --cell, not both");
        check_grid(m_grid, areas, ctx);
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    Period m_before, m_after;
    std::string m_before_text, m_after_text;
    GridParams m_grid;
    std::string m_output;
    std::size_t m_top = 15;
};

std::unique_ptr<Result> Change::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    auto r = std::make_unique<ChangeResult>();
    std::vector<std::int64_t> unit_of;
    if (!m_grid.per.empty()) {
        const std::size_t l = layer_labelled(m_grid.per, in.layers);
        r->units = area_change_units(in.layers[l], in.assignment[l], unit_of);
    } else {
        r->units = cell_change_units(set, m_grid.cell, unit_of);
    }
    r->counts = count_periods(set, unit_of, m_before, m_after, r->units);
    if (!m_grid.per.empty() && !m_filters.within.empty()) {
        // --within narrows the units (and so the false-discovery family) to its areas, not
        // only the incidents: areas outside it would be 0 -> 0 with p = 1.
        const auto& layer = in.layers[layer_labelled(m_grid.per, in.layers)];
        const auto inside = areas_within(layer, m_filters.within, in.layers);
        const auto& latest = *layer.generations().back().index;
        const auto offset = layer.offset(layer.generations().size() - 1);
        std::vector<ChangeUnit> kept;
        for (auto& u : r->units) {
            const int i = latest.find_code(u.code);
            if (i >= 0 ? inside[offset + static_cast<std::size_t>(i)] : u.before + u.after > 0) kept.push_back(std::move(u));
        }
        ctx.log().note(fmt::format("--within {}: {} of {} areas of --per {} reported", m_filters.within, kept.size(),
                                   r->units.size(), m_grid.per));
        r->units = std::move(kept);
    }
    const auto& n = r->counts;
    ctx.log().note(fmt::format("{} incidents in --before ({:g} days), {} in --after ({:g} days); {} in neither period{}",
                               n.before, m_before.days(), n.after, m_after.days(), n.neither,
                               n.no_unit ? fmt::format(", {} outside every area", n.no_unit) : ""));
    for (const auto& u : r->units) r->changes.push_back(compare_periods(u.before, u.after, m_before.days(), m_after.days()));
    std::vector<double> p;
    for (const auto& c : r->changes) p.push_back(c.p);
    r->q = benjamini_hochberg(p);
    r->metadata = metadata("change", m_input, m_filters, in,
                           {{"before", m_before_text}, {"after", m_after_text}, {"per", m_grid.per}, {"cell_m", m_grid.cell},
                            {"test", "after | before + after ~ Binomial(n, days_after / (days_before + days_after)), "
                                     "two-sided exact; Benjamini-Hochberg over the units"}});
    r->metadata["before_days"] = m_before.days();
    r->metadata["after_days"] = m_after.days();
    return r;
}

void Change::write(const Result& result, Writer& w) const {
    const auto& r = result_as<ChangeResult>(result);
    const bool cells = m_grid.per.empty();
    const bool csv = !m_output.empty() && io::driver_for(m_output) == "CSV";
    std::vector<std::string> header = cells ? std::vector<std::string>{"row", "col", "x", "y"}
                                            : std::vector<std::string>{"code", "name"};
    for (const char* h : {"before", "after", "difference", "change_pct", "rate_ratio", "p", "p_adjusted", "direction"})
        header.push_back(h);
    io::FeatureTable t;
    t.layer = "change";
    t.crs = m_input.work_crs;
    t.metadata = r.metadata;
    for (const auto& h : header) {
        const bool text = h == "code" || h == "name" || h == "direction";
        const bool integer = h == "row" || h == "col" || h == "before" || h == "after" || h == "difference";
        t.fields.push_back({h, text ? io::FieldType::text : integer ? io::FieldType::integer : io::FieldType::real});
    }
    geo::GeosContext ctx;
    for (std::size_t i = 0; i < r.units.size(); ++i) {
        const auto& u = r.units[i];
        const auto& c = r.changes[i];
        auto num = [](double v) { return std::isnan(v) ? io::FieldValue{} : io::FieldValue{v}; };
        std::vector<io::FieldValue> v;
        if (cells) v = {std::int64_t(u.row), std::int64_t(u.col), u.x, u.y};
        else v = {u.code, u.name};
        for (const io::FieldValue& f : {io::FieldValue{std::int64_t(c.before)}, io::FieldValue{std::int64_t(c.after)},
                                        io::FieldValue{c.difference}, num(c.change_pct), num(c.rate_ratio),
                                        io::FieldValue{c.p}, io::FieldValue{r.q[i]}, io::FieldValue{r.direction(i)}})
            v.push_back(f);
        if (cells) {
            const double h = m_grid.cell / 2;
            auto box = geo::make_box(ctx, u.x - h, u.y - h, u.x + h, u.y + h);
            t.geometries.push_back(geo::to_wkb(ctx, box.get()));
        } else {
            if (u.polygon.empty() && !csv) continue;  // a code only in earlier boundaries: CSV only
            t.geometries.push_back(u.polygon);
        }
        t.rows.push_back(std::move(v));
    }
    w.features("units", t, io::change_style());
}

std::string Change::report(const Result& result) const {
    const auto& r = result_as<ChangeResult>(result);
    // The units with the clearest change first.
    std::vector<std::size_t> order(r.units.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (r.q[a] != r.q[b]) return r.q[a] < r.q[b];
        return std::abs(r.changes[a].difference) > std::abs(r.changes[b].difference);
    });
    const auto whole = compare_periods(r.counts.before, r.counts.after, m_before.days(), m_after.days());
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "all: {} -> {} ({:+d}, rate ratio {:.2f}, p {:.3g})\n", r.counts.before, r.counts.after,
                   whole.difference, whole.rate_ratio, whole.p);
    fmt::format_to(out, "{:<28} {:>7} {:>7} {:>7} {:>8} {:>10}  {}\n", m_grid.per.empty() ? "cell (x, y)" : m_grid.per,
                   "before", "after", "change", "ratio", "adj. p", "");
    for (std::size_t k = 0; k < std::min(m_top, order.size()); ++k) {
        const auto i = order[k];
        const auto& u = r.units[i];
        const auto& c = r.changes[i];
        const std::string label = m_grid.per.empty() ? fmt::format("{:.0f}, {:.0f}", u.x, u.y) : u.name.substr(0, 28);
        fmt::format_to(out, "{:<28} {:>7} {:>7} {:>+7} {:>8} {:>10.3g}  {}\n", label, u.before, u.after, c.difference,
                       std::isnan(c.rate_ratio) ? "-" : fmt::format("{:.2f}", c.rate_ratio), r.q[i], r.direction(i));
    }
    return s;
}

}  // namespace

std::unique_ptr<Step> make_change() { return std::make_unique<Change>(); }

}  // namespace hotspots::steps
