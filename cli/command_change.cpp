// hotspots change: counts per ward (or cell) in two periods, the difference, the change in
// rate, and whether it is more than chance.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "cli/kde_plan.hpp"
#include "geo/geos.hpp"
#include "hotspots/change.hpp"
#include "hotspots/gistar.hpp"
#include "hotspots/kde.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <map>
#include <numeric>

namespace hotspots::cli {
namespace {

struct ChangeOptions {
    IngestOptions ingest;
    std::string before, after;
    std::string per;
    double cell = 0;
    std::string output;
    std::size_t top = 15;
};

struct Period {
    Seconds from = 0, to = 0;
    double days() const { return static_cast<double>(to - from + 1) / 86400.0; }
};

Period parse_period(const std::string& text, const char* option) {
    const auto dots = text.find("..");
    const auto a = dots == std::string::npos ? std::nullopt : parse_when(text.substr(0, dots));
    const auto b = dots == std::string::npos ? std::nullopt : parse_when(text.substr(dots + 2));
    if (!a || !b || b->to < a->from)
        throw UsageError(fmt::format("{} '{}': give a period as FROM..TO, e.g. 2023-01..2023-12 or 2024-03-01..2024-05-31",
                                     option, text));
    return {a->from, b->to};
}

struct Unit {
    std::string code, name;
    std::size_t row = 0, col = 0;
    double x = 0, y = 0;
    geo::Wkb polygon;
    std::uint64_t before = 0, after = 0;
};

Unit named_unit(const std::string& code, const std::string& name) {
    Unit u;
    u.code = code;
    u.name = name;
    return u;
}

int run_change(const ChangeOptions& o) {
    const Period before = parse_period(o.before, "--before"), after = parse_period(o.after, "--after");
    if (!(before.to < after.from || after.to < before.from)) throw UsageError("--before and --after overlap");
    if (o.per.empty() && !(o.cell > 0)) throw UsageError("give --per LABEL (an --areas layer) or --cell METRES");
    if (!o.per.empty() && o.cell > 0) throw UsageError("give --per or --cell, not both");
    const bool csv = !o.output.empty() && io::driver_for(o.output) == "CSV";
    try {
        if (!o.output.empty()) io::check_feature_path(o.output);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    Reporter report("change", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;

    std::vector<Unit> units;
    std::vector<std::int64_t> unit_of_incident(set.incidents.size(), -1);
    Grid grid;
    if (!o.per.empty()) {
        std::size_t l = 0;
        while (l < in.layers.size() && in.layers[l].label() != o.per) ++l;
        if (l == in.layers.size()) throw UsageError("--per " + o.per + ": no --areas layer has that label (as=" + o.per + ")");
        // Units are areas by code, across boundary generations (a ward that kept its code is one unit).
        std::map<std::string, std::size_t> by_code;
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            const auto a = in.assignment[l][i];
            if (a < 0) continue;
            const auto& code = in.layers[l].code(a);
            auto [it, added] = by_code.emplace(code, units.size());
            if (added) units.push_back(named_unit(code, in.layers[l].name(a)));
            unit_of_incident[i] = static_cast<std::int64_t>(it->second);
        }
        // Areas with no incident at all are units too (latest boundaries).
        const auto& gen = in.layers[l].generations().back();
        for (std::size_t i = 0; i < gen.index->size(); ++i)
            if (by_code.emplace(gen.index->code(i), units.size()).second)
                units.push_back(named_unit(gen.index->code(i), gen.index->name(i)));
        for (std::size_t i = 0; i < gen.index->size(); ++i) units[by_code[gen.index->code(i)]].polygon = gen.index->wkb(i);
    } else {
        grid = snapped_grid(extent_of(set), 0, o.cell);
        // Units are the cells holding an incident, in cell order.
        std::vector<std::size_t> cell_of(set.incidents.size());
        std::map<std::size_t, std::size_t> by_cell;
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            const auto& inc = set.incidents[i];
            cell_of[i] = static_cast<std::size_t>(grid.row_of(inc.y)) * grid.cols + static_cast<std::size_t>(grid.col_of(inc.x));
            by_cell.emplace(cell_of[i], 0);
        }
        for (auto& [cell, k] : by_cell) {
            k = units.size();
            Unit u;
            u.row = cell / grid.cols;
            u.col = cell % grid.cols;
            u.x = grid.centre_x(u.col);
            u.y = grid.centre_y(u.row);
            units.push_back(u);
        }
        for (std::size_t i = 0; i < set.incidents.size(); ++i) unit_of_incident[i] = static_cast<std::int64_t>(by_cell[cell_of[i]]);
    }
    std::uint64_t in_before = 0, in_after = 0, neither = 0, no_unit = 0;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const Seconds t = set.incidents[i].from;
        const bool b = t >= before.from && t <= before.to, a = t >= after.from && t <= after.to;
        if (!a && !b) {
            ++neither;
            continue;
        }
        if (unit_of_incident[i] < 0) {
            ++no_unit;
            continue;
        }
        auto& u = units[static_cast<std::size_t>(unit_of_incident[i])];
        (b ? u.before : u.after) += 1;
        (b ? in_before : in_after) += 1;
    }
    report.note(fmt::format("{} incidents in --before ({:g} days), {} in --after ({:g} days); {} in neither period{}",
                            in_before, before.days(), in_after, after.days(), neither,
                            no_unit ? fmt::format(", {} outside every area", no_unit) : ""));
    std::vector<PeriodChange> changes;
    for (const auto& u : units) changes.push_back(compare_periods(u.before, u.after, before.days(), after.days()));
    std::vector<double> p;
    for (const auto& c : changes) p.push_back(c.p);
    const auto q = benjamini_hochberg(p);
    auto direction = [&](std::size_t k) {
        if (q[k] >= 0.05) return std::string();
        return std::string(changes[k].rate_ratio > 1 || changes[k].before == 0 ? "increase" : "decrease");
    };

    // Printed: the units with the clearest change first.
    std::vector<std::size_t> order(units.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (q[a] != q[b]) return q[a] < q[b];
        return std::abs(changes[a].difference) > std::abs(changes[b].difference);
    });
    const auto whole = compare_periods(in_before, in_after, before.days(), after.days());
    fmt::print("all: {} -> {} ({:+d}, rate ratio {:.2f}, p {:.3g})\n", in_before, in_after, whole.difference,
               whole.rate_ratio, whole.p);
    fmt::print("{:<28} {:>7} {:>7} {:>7} {:>8} {:>10}  {}\n", o.per.empty() ? "cell (x, y)" : o.per, "before", "after",
               "change", "ratio", "adj. p", "");
    for (std::size_t k = 0; k < std::min(o.top, order.size()); ++k) {
        const auto i = order[k];
        const auto& u = units[i];
        const std::string label = o.per.empty() ? fmt::format("{:.0f}, {:.0f}", u.x, u.y) : u.name.substr(0, 28);
        fmt::print("{:<28} {:>7} {:>7} {:>+7} {:>8} {:>10.3g}  {}\n", label, u.before, u.after, changes[i].difference,
                   std::isnan(changes[i].rate_ratio) ? "-" : fmt::format("{:.2f}", changes[i].rate_ratio), q[i], direction(i));
    }

    if (!o.output.empty()) {
        auto meta = metadata("change", o.ingest, in,
                             {{"before", o.before}, {"after", o.after}, {"per", o.per}, {"cell_m", o.cell},
                              {"test", "after | before + after ~ Binomial(n, days_after / (days_before + days_after)), "
                                       "two-sided exact; Benjamini-Hochberg over the units"}});
        meta["before_days"] = before.days();
        meta["after_days"] = after.days();
        std::vector<std::string> header = o.per.empty() ? std::vector<std::string>{"row", "col", "x", "y"}
                                                        : std::vector<std::string>{"code", "name"};
        for (const char* h : {"before", "after", "difference", "change_pct", "rate_ratio", "p", "p_adjusted", "direction"})
            header.push_back(h);
        io::FeatureTable t;
        t.layer = "change";
        t.crs = o.ingest.work_crs;
        t.metadata = meta;
        for (const auto& h : header) {
            const bool text = h == "code" || h == "name" || h == "direction";
            const bool integer = h == "row" || h == "col" || h == "before" || h == "after" || h == "difference";
            t.fields.push_back({h, text ? io::FieldType::text : integer ? io::FieldType::integer : io::FieldType::real});
        }
        geo::GeosContext ctx;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const auto& u = units[i];
            const auto& c = changes[i];
            auto num = [](double v) { return std::isnan(v) ? io::FieldValue{} : io::FieldValue{v}; };
            std::vector<io::FieldValue> v;
            if (o.per.empty()) v = {std::int64_t(u.row), std::int64_t(u.col), u.x, u.y};
            else v = {u.code, u.name};
            for (const io::FieldValue& f : {io::FieldValue{std::int64_t(c.before)}, io::FieldValue{std::int64_t(c.after)},
                                            io::FieldValue{c.difference}, num(c.change_pct), num(c.rate_ratio),
                                            io::FieldValue{c.p}, io::FieldValue{q[i]}, io::FieldValue{direction(i)}})
                v.push_back(f);
            if (o.per.empty()) {
                auto box = geo::make_box(ctx, u.x - o.cell / 2, u.y - o.cell / 2, u.x + o.cell / 2, u.y + o.cell / 2);
                t.geometries.push_back(geo::to_wkb(ctx, box.get()));
            } else {
                if (u.polygon.empty() && !csv) continue;  // a code only in earlier boundaries: CSV only
                t.geometries.push_back(u.polygon);
            }
            t.rows.push_back(std::move(v));
        }
        io::write_features(o.output, t, in.inputs);
    }
    return 0;
}

}  // namespace

std::function<int()> setup_change(CLI::App& app) {
    auto o = std::make_shared<ChangeOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--before", o->before, "The earlier period FROM..TO (e.g. 2023-01..2023-12)")->required();
    app.add_option("--after", o->after, "The later period FROM..TO (e.g. 2024-01..2024-12)")->required();
    app.add_option("--per", o->per, "Compare per area of this --areas layer (its as= label)");
    app.add_option("--cell", o->cell, "Compare per grid cell of this size (metres) instead");
    app.add_option("-o,--output", o->output, "Units with counts, change, rate ratio, p, adjusted p: .csv, .geojson, .gpkg");
    app.add_option("--top", o->top, "Rows printed")->capture_default_str();
    return [o] { return run_change(*o); };
}

}  // namespace hotspots::cli
