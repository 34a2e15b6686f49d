// change: counts per ward (or cell) in two periods, the difference, the change in rate, and
// whether it is more than chance.
#include "geo/geos.hpp"
#include "geo/partition.hpp"
#include "hotspots/change.hpp"
#include "hotspots/displacement.hpp"
#include "hotspots/gistar.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::steps {
namespace {

struct ChangeResult : Result {
    std::vector<ChangeUnit> units;
    std::vector<PeriodChange> changes;
    std::vector<double> q;
    // Per unit: tested (an incident in either period, or not street segments). A street segment
    // with none is listed only when the writer asks for every unit (docs/publish.md).
    std::vector<bool> tested;
    PeriodCounts counts;
    nlohmann::json metadata, units_note;  // units_note: segments or hexagons, what they were
    // --target: one row per target area.
    std::vector<std::string> target_names;
    std::vector<DisplacementCounts> displacement_counts;
    std::vector<Displacement> displacement;
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
        // cells (no default), no auto, no extent, no neighbours (change tests each unit alone:
        // --neighbours and --spatial-weights mean nothing here), streets, hexagons; the network's
        // defaults not listed.
        declare_grid(p, m_grid, {"", false, false, false, true, true, false});
        p.output("output", m_output, "Units with counts, change, rate ratio, p, adjusted p: .csv, .geojson, .gpkg", "units",
                 ".csv .geojson .gpkg")
            .short_form("o");
        p.integer("top", m_top, "Rows printed", Range::at_least(0)).def("15");
        declare_no_style();
        p.text("target", m_target, "Target areas PATH[,name=FIELD] (hotspots that got patrols; kde's: name=label): "
                                   "displacement into a --buffer round each, against --control (Bowers & Johnson's WDQ)");
        p.number("buffer", m_buffer, "Width of the ring round each --target where displacement is looked for",
                 Range{0, 5000, true, false})
            .def("250")
            .in_unit("metres");
        p.text("control", m_control, "Control area PATH (polygons, comparable, away from the targets; default: everywhere "
                                     "outside the targets and their buffers)");
        p.output("wdq", m_wdq, "Each target's counts, success and buffer measures and WDQ (CSV)", "displacement", ".csv");
    }
    StepInfo info() const override {
        return {"change",
                "Counts per ward, cell, hexagon or street segment in two periods, with the change and its significance",
                "docs/statistics.md",
                {{.role = "units", .kind = ProductKind::features, .title = "Change", .map = MapView::change, .table = TableView::sorted,
                  .columns = {"name", "before", "after", "difference", "change_pct", "p_adjusted", "direction"},
                  .most = 12, .sort = "p_adjusted", .category = "direction", .title_from = "before,after"},
                 {.role = "displacement", .kind = ProductKind::table, .title = "Displacement and diffusion of benefits"}},
                metadata_roles({{ColumnRole::measure, "parameters.{after before cell_m per test} after_days before_days"},
                {ColumnRole::measure, "parameters.{buffer_m control target}"}})};
    }
    void check(Context& ctx, const AreaLayers& areas) override {
        if (!(m_before.to < m_after.from || m_after.to < m_before.from)) throw UsageError("--before and --after overlap");
        if (m_target.empty() && (!m_control.empty() || !m_wdq.empty() || m_params.find("buffer")->given))
            throw UsageError("--buffer, --control and --wdq measure displacement round --target areas; give --target");
        if (!m_target.empty()) ctx.polygons(m_target, "--target");
        if (!m_control.empty()) ctx.polygons(m_control, "--control");
        if (!m_target.empty() && !units_wanted()) {  // displacement only
            check_grid(m_grid, m_params, areas, ctx);  // refuses the network's options without --units streets
            return;
        }
        if (!units_wanted())
            throw UsageError("give --per LABEL (an --areas layer), --cell METRES (or hex:SIZE) or --units streets");
        if (!m_grid.per.empty() && m_grid.cell > 0) throw UsageError("give --per or --cell, not both");
        check_grid(m_grid, m_params, areas, ctx);
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;
    // A pack asks for every product: displacement only comes with --target.
    bool makes(const std::string& role) const override { return role != "displacement" || !m_target.empty(); }

private:
    Period m_before, m_after;
    std::string m_before_text, m_after_text;
    GridParams m_grid;
    std::string m_output, m_target, m_control, m_wdq;
    double m_buffer = 250;
    std::size_t m_top = 15;
    void measure_displacement(const IncidentSet& set, ChangeResult& r, Context& ctx) const;
    bool units_wanted() const { return !m_grid.per.empty() || m_grid.cell > 0 || m_grid.streets; }
    bool cells() const { return m_grid.per.empty() && !m_grid.streets && !m_grid.is_hex; }
    std::vector<ChangeUnit> segment_or_hex_units(const Ingested& in, Context& ctx, std::vector<std::int64_t>& unit_of,
                                                 nlohmann::json& note) const;
};

// Counts in each target, its buffer ring and the control, before and after; then the WDQ.
void Change::measure_displacement(const IncidentSet& set, ChangeResult& r, Context& ctx) const {
    const auto& targets = ctx.polygons(m_target, "--target");
    std::vector<Wkb> target_wkb, rings;
    for (std::size_t k = 0; k < targets.index->size(); ++k) {
        target_wkb.push_back(targets.index->wkb(k));
        rings.push_back(geo::buffer_ring(target_wkb.back(), m_buffer));
        r.target_names.push_back(targets.index->name(k));
    }
    std::vector<XY> pts;
    std::vector<int> when;  // 0 before, 1 after, -1 neither
    for (const auto& i : set.incidents) {
        const int w = i.from >= m_before.from && i.from <= m_before.to ? 0 : i.from >= m_after.from && i.from <= m_after.to ? 1 : -1;
        if (w < 0) continue;
        pts.push_back({i.x, i.y});
        when.push_back(w);
    }
    const auto in_target = geo::points_in(target_wkb, pts);
    const auto in_ring = geo::points_in(rings, pts);
    std::vector<bool> in_control(pts.size(), false);
    if (!m_control.empty()) {
        const auto& control = ctx.polygons(m_control, "--control");
        std::vector<Wkb> parts;
        for (std::size_t k = 0; k < control.index->size(); ++k) parts.push_back(control.index->wkb(k));
        const auto c = geo::points_in(parts, pts);
        for (const auto& row : c)
            for (std::size_t i = 0; i < pts.size(); ++i) in_control[i] = in_control[i] || row[i];
    } else {
        // Everywhere outside every target and buffer.
        for (std::size_t i = 0; i < pts.size(); ++i) {
            bool near = false;
            for (std::size_t k = 0; k < target_wkb.size() && !near; ++k) near = in_target[k][i] || in_ring[k][i];
            in_control[i] = !near;
        }
    }
    std::uint64_t control[2] = {0, 0}, overlap = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        control[when[i]] += in_control[i];
        bool near = false;
        for (std::size_t k = 0; k < target_wkb.size() && !near; ++k) near = in_target[k][i] || in_ring[k][i];
        overlap += in_control[i] && near;
    }
    if (overlap)
        ctx.log().warning(fmt::format("--control {} holds {} incidents inside a target or its buffer: a control should lie "
                                      "away from them", m_control, overlap));
    for (std::size_t k = 0; k < target_wkb.size(); ++k) {
        DisplacementCounts c;
        c.control_before = control[0];
        c.control_after = control[1];
        for (std::size_t i = 0; i < pts.size(); ++i) {
            if (in_target[k][i]) (when[i] ? c.target_after : c.target_before) += 1;
            else if (in_ring[k][i]) (when[i] ? c.buffer_after : c.buffer_before) += 1;
        }
        r.displacement_counts.push_back(c);
        r.displacement.push_back(weighted_displacement(c));
    }
}

// Street segments or hexagons from the one units builder, as change's units (code, name,
// geometry), with each incident's unit; `note` says what they were.
std::vector<ChangeUnit> Change::segment_or_hex_units(const Ingested& in, Context& ctx, std::vector<std::int64_t>& unit_of,
                                                     nlohmann::json& note) const {
    auto counted = counted_units(m_grid, in, ctx);
    std::vector<ChangeUnit> out(counted.units.code.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
        out[k].code = counted.units.code[k];
        out[k].name = counted.units.name[k];
        out[k].polygon = counted.units.polygons[k];
        if (!counted.units.length.empty()) out[k].length = counted.units.length[k];
    }
    unit_of = std::move(counted.unit_of);
    if (m_grid.streets)
        note = {{"network", m_grid.network.path}, {"street_tolerance_m", m_grid.network.tolerance},
                {"segments", out.size()}};
    else
        note = {{"cell_m", m_grid.hex.size}, {"shape", m_grid.hex.flat ? "flat-topped" : "pointy-topped"},
                {"hexagons", out.size()}};
    return out;
}

std::unique_ptr<Result> Change::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    auto r = std::make_unique<ChangeResult>();
    if (!m_target.empty()) measure_displacement(set, *r, ctx);
    std::vector<std::int64_t> unit_of;
    if (!units_wanted()) {
        unit_of.assign(set.incidents.size(), -1);  // displacement only: the counts of the whole area
    } else if (m_grid.streets || m_grid.is_hex) {
        r->units = segment_or_hex_units(in, ctx, unit_of, r->units_note);
    } else if (!m_grid.per.empty()) {
        const std::size_t l = layer_labelled(m_grid.per, in.layers);
        r->units = area_change_units(in.layers[l], in.assignment[l], unit_of);
    } else {
        r->units = cell_change_units(set, m_grid.cell, unit_of);
    }
    r->counts = count_periods(set, unit_of, m_before, m_after, r->units);
    // As for cells: the units with an incident in either period are the family tested (a unit
    // with none has p = 1 and would only dilute the false discovery rate). Street segments with
    // none are kept, untested, for a writer that lists every unit: a published table of
    // segments whose short ones are withheld whatever their count would otherwise say, by a
    // short segment's row, that it had an incident.
    if (m_grid.is_hex) std::erase_if(r->units, [](const ChangeUnit& u) { return u.before + u.after == 0; });
    for (const auto& u : r->units) r->tested.push_back(!m_grid.streets || u.before + u.after > 0);
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
        r->tested.assign(r->units.size(), true);
    }
    const auto& n = r->counts;
    if (units_wanted()) ctx.log().note(fmt::format("{} incidents in --before ({:g} days), {} in --after ({:g} days); {} in neither period{}",
                               n.before, m_before.days(), n.after, m_after.days(), n.neither,
                               n.no_unit ? fmt::format(", {} {}", n.no_unit, m_grid.streets ? "unsnapped (on no street)"
                                                                                   : "outside every area") : ""));
    for (const auto& u : r->units) r->changes.push_back(compare_periods(u.before, u.after, m_before.days(), m_after.days()));
    std::vector<double> p;
    for (std::size_t k = 0; k < r->changes.size(); ++k)
        if (r->tested[k]) p.push_back(r->changes[k].p);
    const auto q = benjamini_hochberg(p);
    r->q.assign(r->units.size(), 1.0);
    for (std::size_t k = 0, t = 0; k < r->units.size(); ++k)
        if (r->tested[k]) r->q[k] = q[t++];
    r->metadata = metadata("change", m_input, m_filters, in,
                           {{"before", m_before_text}, {"after", m_after_text}, {"per", m_grid.per}, {"cell_m", m_grid.cell},
                            {"test", "after | before + after ~ Binomial(n, days_after / (days_before + days_after)), "
                                     "two-sided exact; Benjamini-Hochberg over the units"}});
    if (!m_target.empty()) {  // only then: the outputs of a plain change are as they were
        r->metadata["parameters"]["target"] = m_target;
        r->metadata["parameters"]["buffer_m"] = m_buffer;
        r->metadata["parameters"]["control"] = m_control;
    }
    if (!r->units_note.is_null()) r->metadata[m_grid.streets ? "streets" : "hexagons"] = r->units_note;
    if (m_grid.streets) r->metadata["streets"]["unsnapped"] = n.no_unit;
    r->metadata["before_days"] = m_before.days();
    r->metadata["after_days"] = m_after.days();
    return r;
}

void Change::write(const Result& result, Writer& w) const {
    const auto& r = result_as<ChangeResult>(result);
    if (!m_wdq.empty()) {
        std::vector<std::vector<std::string>> rows;
        auto num = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.6g}", v); };
        for (std::size_t k = 0; k < r.displacement.size(); ++k) {
            const auto& c = r.displacement_counts[k];
            const auto& d = r.displacement[k];
            rows.push_back({r.target_names[k], std::to_string(c.target_before), std::to_string(c.target_after),
                            std::to_string(c.buffer_before), std::to_string(c.buffer_after), std::to_string(c.control_before),
                            std::to_string(c.control_after), num(d.success), num(d.buffer), num(d.wdq), d.reading});
        }
        using R = ColumnRole;
        w.table("displacement",
                {{"target", R::area}, {"target_before", R::count}, {"target_after", R::count}, {"buffer_before", R::count},
                 {"buffer_after", R::count}, {"control_before", R::count}, {"control_after", R::count},
                 {"success", R::rate}, {"buffer_measure", R::rate}, {"wdq", R::rate}, {"reading", R::category}},
                rows, r.metadata);
    }
    if (!units_wanted()) return;
    const bool cells = this->cells();
    const bool csv = !m_output.empty() && io::driver_for(m_output) == "CSV";
    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable t;
    t.layer = "change";
    t.crs = m_input.work_crs;
    t.metadata = r.metadata;
    if (cells)
        t.fields = {{"row", FieldType::integer, R::identifier}, {"col", FieldType::integer, R::identifier},
                    {"x", FieldType::real, R::area}, {"y", FieldType::real, R::area}};
    else
        t.fields = {{"code", FieldType::text, R::area}, {"name", FieldType::text, R::area}};
    for (const io::FieldDef& f : {io::FieldDef{"before", FieldType::integer, R::count}, io::FieldDef{"after", FieldType::integer, R::count},
                                  io::FieldDef{"difference", FieldType::integer, R::rate, Derivation::difference("after", "before")},
                                  io::FieldDef{"change_pct", FieldType::real, R::rate, Derivation::change("after", "before")},
                                  // (after / days_after) / (before / days_before)
                                  io::FieldDef{"rate_ratio", FieldType::real, R::rate,
                                               Derivation::ratio("after", "before", m_before.days() / m_after.days())},
                                  io::FieldDef{"p", FieldType::real, R::statistic}, io::FieldDef{"p_adjusted", FieldType::real, R::statistic},
                                  io::FieldDef{"direction", FieldType::text, R::category}})
        t.fields.push_back(f);
    geo::GeosContext ctx;
    const bool every = w.every_unit();
    auto listed = [&](std::size_t i) {
        return (r.tested[i] || every) && (cells || !r.units[i].polygon.empty() || csv);  // a code only in earlier boundaries: CSV only
    };
    for (std::size_t i = 0; i < r.units.size(); ++i) {
        if (!listed(i)) continue;
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
            t.geometries.push_back(u.polygon);
        }
        t.rows.push_back(std::move(v));
    }
    Members before{"before", {}}, after{"after", {}};
    std::vector<double> length;  // the rows' metres of street (segments only)
    for (std::size_t i = 0; i < r.units.size(); ++i) {
        const auto& u = r.units[i];
        if (!listed(i)) continue;  // as the rows above
        before.rows.push_back(u.before_members);
        after.rows.push_back(u.after_members);
        if (m_grid.streets) length.push_back(u.length);
    }
    add_street_lengths(before, length);
    add_street_lengths(after, length);
    w.counts("units", {std::move(before), std::move(after)});
    w.features("units", t, m_grid.streets ? io::segment_change_style() : io::change_style());
}

std::string Change::report(const Result& result) const {
    const auto& r = result_as<ChangeResult>(result);
    // The units with the clearest change first.
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < r.units.size(); ++k)
        if (r.tested[k]) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (r.q[a] != r.q[b]) return r.q[a] < r.q[b];
        return std::abs(r.changes[a].difference) > std::abs(r.changes[b].difference);
    });
    std::string s;
    auto out = std::back_inserter(s);
    if (!r.displacement.empty()) {
        fmt::format_to(out, "{:<28} {:>13} {:>13} {:>13} {:>8}  {}\n", "target", "target b>a", "buffer b>a", "control b>a",
                       "WDQ", "");
        for (std::size_t k = 0; k < r.displacement.size(); ++k) {
            const auto& c = r.displacement_counts[k];
            const auto& d = r.displacement[k];
            fmt::format_to(out, "{:<28} {:>13} {:>13} {:>13} {:>8}  {}\n", r.target_names[k].substr(0, 28),
                           fmt::format("{}>{}", c.target_before, c.target_after), fmt::format("{}>{}", c.buffer_before, c.buffer_after),
                           fmt::format("{}>{}", c.control_before, c.control_after),
                           std::isnan(d.wdq) ? "-" : fmt::format("{:.2f}", d.wdq), d.reading);
        }
        if (!units_wanted()) return s;
        s += "\n";
    }
    const auto whole = compare_periods(r.counts.before, r.counts.after, m_before.days(), m_after.days());
    fmt::format_to(out, "all: {} -> {} ({:+d}, rate ratio {:.2f}, p {:.3g})\n", r.counts.before, r.counts.after,
                   whole.difference, whole.rate_ratio, whole.p);
    const std::string heading = m_grid.streets ? "street segment" : m_grid.is_hex ? "hexagon (q, r)"
                                : m_grid.per.empty() ? "cell (x, y)" : m_grid.per;
    fmt::format_to(out, "{:<28} {:>7} {:>7} {:>7} {:>8} {:>10}  {}\n", heading,
                   "before", "after", "change", "ratio", "adj. p", "");
    for (std::size_t k = 0; k < std::min(m_top, order.size()); ++k) {
        const auto i = order[k];
        const auto& u = r.units[i];
        const auto& c = r.changes[i];
        const std::string label = cells()          ? fmt::format("{:.0f}, {:.0f}", u.x, u.y)
                                  : m_grid.streets ? fmt::format("{} {}", u.code, u.name).substr(0, 28)
                                  : m_grid.is_hex  ? u.code
                                                   : u.name.substr(0, 28);
        fmt::format_to(out, "{:<28} {:>7} {:>7} {:>+7} {:>8} {:>10.3g}  {}\n", label, u.before, u.after, c.difference,
                       std::isnan(c.rate_ratio) ? "-" : fmt::format("{:.2f}", c.rate_ratio), r.q[i], r.direction(i));
    }
    return s;
}

}  // namespace

std::unique_ptr<Step> make_change() { return std::make_unique<Change>(); }

}  // namespace hotspots::steps
