// evaluate: does the map predict? Rolling back-tests of kde, grid counts, repeat places and a
// prospective method on the user's own data: hit rate, PAI, RRI, PEI, PEI* per test period,
// paired comparisons, and the configuration to use. See docs/evaluate.md.
#include "geo/cells.hpp"
#include "hotspots/backtest_units.hpp"
#include "hotspots/evaluation.hpp"
#include "io/row_parser.hpp"
#include "io/text.hpp"
#include "io/text_file.hpp"
#include "model/parallel.hpp"
#include "steps/evaluate_options.hpp"
#include "steps/step.hpp"
#include "steps/street_network.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

namespace hotspots::steps {
namespace {

struct EvaluateResult : Result {
    std::vector<std::vector<std::string>> rows, summary;
    nlohmann::json recommend;
    nlohmann::json metadata;
    std::string text, headline, period;
    nlohmann::json part;  // with --shard: the shard's rows at full precision
    TestedIncidents tested;  // what each row's N counts
};

// The most memory the stencils of one method may take (kde --max-cells' grid of 250 million
// cells is 3 GB): beyond it, a smaller h or radius, or a larger --cell.
constexpr double max_stencil_bytes = 2e9;

// The study grid: the mask's extent in cells of `cell` metres.
Box mask_box(const PolygonFile& mask) {
    const auto& env = mask.index->extent();
    return {env.xmin, env.ymin, env.xmax, env.ymax};
}

// The study grid evaluate scores on (as hotspots::study_area makes it).
Grid mask_grid(const PolygonFile& mask, double cell) { return snapped_grid(mask_box(mask), 0, cell); }

class Evaluate : public Step {
public:
    Evaluate() {
        declare_common(false);
        auto& p = m_params;
        p.path("mask", m_mask, "The study area: polygons (a BCU, a borough); PAI is a share of its area").needed();
        p.text("mask-code", m_mask_code, "Only the --mask polygons with this code: one force or BCU of a layer of them, "
                                         "so that an array of runs back-tests each (codes as --areas finds them, or "
                                         "code=FIELD in --mask; default: every polygon)");
        p.value("cell", m_cell, "Cells of the study area's grid, on which every method is ranked (5 to 1000); or hexagons "
                                "to rank on instead, hex:SIZE[:flat] (SIZE 20 to 5000 metres between opposite edges; the "
                                "methods then score cells of the largest of 50, 25, 10 and 5 m up to SIZE/4)",
                [this](const std::string& v) { return parse_cell(v); })
            .def("50")
            .in_unit("metres");
        p.value("units", m_streets, "cells (the study cells, or --cell hex:SIZE; the default), or streets: rank the street "
                                    "segments of --network inside --mask (docs/evaluate.md)",
                [](const std::string& v) {
                    if (v != "cells" && v != "streets") throw UsageError("--units '" + v + "': use cells or streets");
                    return v == "streets";
                });
        declare_network(p, m_network, "Streets for --units streets: any GDAL line layer (an OpenStreetMap .osm/.pbf extract, "
                                      "OS Open Roads, a GeoPackage)",
                        {.snaps_incidents = true, .declared_defaults = false});
        p.text("methods", m_methods_text, "Methods and their values, space-separated: kde:h=100,200 grid:cell=50,250 "
                                          "repeats prospective:decay=14d,radius=200")
            .def("kde:h=100,200,300,500 grid:cell=50,250 repeats prospective:decay=14d,radius=200");
        p.text("train", m_train_text, "Training windows just before each test period, in months (3m,12m)").def("3m,12m");
        p.text("test", m_test_text, "Length of each test period, in months").def("1m");
        p.text("shares", m_share_text, "Shares of the study area the forecast selects, in % (1%,3%,5%)").def("1%,3%,5%");
        declare_harm_weights(p, m_harm_weights);
        p.output("output", m_output, "One row per test period x method x training window x share (CSV)", "backtest", ".csv")
            .short_form("o")
            .needed();
        p.output("summary", m_summary, "Per method, training window and share: the means over the test periods and the "
                                       "months won, lost and tied against the best (CSV, ready to plot)", "summary", ".csv");
        p.output("recommend", m_recommend, "The recommended configuration and the best kde bandwidth (JSON; kde "
                                           "--bandwidth from:FILE reads it)", "recommend", ".json");
        p.value("shard", m_shard, "Only shard i of N of the back-test (counted from 0): the test periods x methods i, "
                                  "i+N, i+2N, ...; its rows go to --part, for the run with --parts (docs/scale.md)",
                [](const std::string& v) { return parse_shard_text(v); })
            .shown_as("i/N");
        p.output("part", m_part, "With --shard: the shard's rows at full precision, for the run with --parts (JSON)", "part",
                 ".json");
        p.list("parts", m_parts, "Every shard's --part file: the outputs are made from their rows instead of a back-test "
                                 "(give the shards' inputs and options)")
            .reads_file([](const std::string&) { return std::optional<FileSpan>(FileSpan{}); });
    }
    StepInfo info() const override {
        return {"evaluate",
                "Does the map predict? Rolling back-tests of kde, grid counts, repeats and prospective mapping",
                "docs/evaluate.md",
                {{.role = "backtest",
                  .kind = ProductKind::table,
                  .title = "Back-test, by test period",
                  .table = TableView::rows,
                  .chart = Chart{.x = "share_pct",
                                 .y = "hit_rate",
                                 .x_title = "% of the study area selected",
                                 .y_title = "% of the test period's incidents in it",
                                 .series = {"method", "train_months"},
                                 .y_scale = 100,
                                 .caption = "Hit rate against the share of the area selected, the mean over the test "
                                            "periods; a line for each method and training window (months)."}},
                 {.role = "summary", .kind = ProductKind::table, .table = TableView::rows},
                 {.role = "recommend", .kind = ProductKind::text},
                 {.role = "part", .kind = ProductKind::text}},
                metadata_roles({{ColumnRole::identifier, "means.method"},
                                {ColumnRole::measure, "parameters.{cell_m harm_weights length_km mask methods network "
                                          "segments shares street_tolerance_m test test_periods train units} "
                                          "means.share_pct means.train_months periods study_cells"},
                                {ColumnRole::category, "means.best"},
                                {ColumnRole::rank, "means.won means.lost means.tied"},
                                {ColumnRole::statistic, "parameters.units.unsnapped parameters.units.inside_on_no_unit"},
                {ColumnRole::measure, "parameters.mask_code"},
                {ColumnRole::measure, "shard.{index count}"}})};
    }
    // A shard's part only with --shard: a pack asked for it always and every pack with evaluate
    // was refused ("--part: only with --shard i/N").
    bool makes(const std::string& role) const override { return role != "part" || m_shard.count > 0; }
    void check(Context& ctx, const AreaLayers&) override {
        if (m_streets && m_network.path.empty()) throw UsageError("--units streets needs the streets: give --network FILE");
        if (m_streets && m_is_hex) throw UsageError("--units streets and --cell hex:SIZE: give one (street segments or hexagons)");
        if (!m_streets && !m_network.path.empty()) throw UsageError("--network gives street segments to rank: add --units streets");
        read_network(m_params, m_network, ctx);
        m_configs = parse_methods(m_methods_text, m_cell);
        m_train = parse_months(m_train_text, "--train");
        const auto test = parse_months(m_test_text, "--test");
        if (test.size() != 1) throw UsageError("--test: give one length, as 1m");
        m_test = test.front();
        m_shares = parse_shares(m_share_text);
        // --from/--to name the test periods; the training windows reach back before them, so
        // they do not filter the incidents read.
        if (m_filters.from) m_first_test = month_number(*m_filters.from);
        if (m_filters.to) m_last_test = month_number(*m_filters.to) - m_test + 1;
        m_period_text = m_filters.from_text + ".." + m_filters.to_text;
        m_from_text = m_filters.from_text;
        m_to_text = m_filters.to_text;
        m_filters.from.reset();
        m_filters.to.reset();
        m_filters.from_text.clear();
        m_filters.to_text.clear();
        // The memory each method's stencil takes on the mask's grid, estimated before any
        // incident is read (a stencil per thread).
        StudyArea grid_only;
        grid_only.grid = mask_grid(mask_file(ctx), m_cell);
        // Only incidents in a study cell are scored or learnt from (evaluation_incidents), so
        // those beyond the grid need not be read. Streets snap every incident read, and count
        // those that snap to none in the metadata: they are read whole.
        if (!m_streets) m_extent = cells_reach(grid_only.grid);
        for (const auto& m : m_configs) {
            const double cells = stencil_cells(m, grid_only);
            const double bytes = cells * stencil_cell_bytes * thread_count(ctx.threads());
            if (bytes > max_stencil_bytes)
                throw UsageError(fmt::format("--methods {}: its stencil would hold {:.1f} million cells of {:g} m ({:.1f} GB "
                                             "in memory on {} threads); give a smaller h or radius, or a larger --cell",
                                             m.label(), cells / 1e6, m_cell, bytes / 1e9, thread_count(ctx.threads())));
        }
        check_harm_weights(m_harm_weights, ctx);
        check_shard_options();
    }
    Needs needs() const override {
        Needs n;
        n.ids = n.lsoa = n.location = false;
        n.type = !m_harm_weights.empty();
        n.extent = m_extent;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override {
        const auto& e = result_as<EvaluateResult>(r);
        using R = ColumnRole;
        // On hexagons and streets the units selected (the last in part) and their area or length.
        const std::string units = m_is_hex ? "hexagons" : m_streets ? "segments" : "cells";
        const std::string size = m_streets ? "length_km" : "area_km2";
        if (w.wants_counts() && !e.tested.period_of_row.empty()) w.counts("backtest", {Members{"N", e.tested.rows()}});
        w.table("backtest",
                {{"test_period", R::identifier}, {"method", R::identifier}, {"train_months", R::measure},
                 {"share_pct", R::measure},      {"n", R::count},               {"N", R::count},
                 {units, R::measure},            {size, R::measure},            {"hit_rate", R::rate, Derivation::ratio("n", "N")},
                 {"pai", R::rate},               {"rri", R::rate},              {"pei", R::rate},
                 {"pei_star", R::rate},          {"snapped_pct", R::rate}},
                e.rows, e.metadata);
        if (!m_summary.empty())
            w.table("summary",
                    {{"method", R::identifier},     {"train_months", R::measure}, {"share_pct", R::measure},
                     {"periods", R::measure},       {"mean_hit_rate", R::rate},   {"mean_pai", R::rate},
                     {"mean_rri", R::rate},         {"mean_pei", R::rate},        {"mean_pei_star", R::rate},
                     {"won", R::measure},           {"lost", R::measure},         {"tied", R::measure},
                     {"sign_p", R::statistic},      {"best", R::category}},
                    e.summary, e.metadata);
        if (!m_recommend.empty()) w.text("recommend", e.recommend.dump(2) + "\n", ".json");
        if (!m_part.empty()) w.text("part", e.part.dump() + "\n", ".json");
    }
    std::string report(const Result& r) const override { return result_as<EvaluateResult>(r).text; }
    std::string headline(const Result& r) const override { return result_as<EvaluateResult>(r).headline; }
    std::string period(const Result& r) const override { return result_as<EvaluateResult>(r).period; }

private:
    std::string m_harm_weights;
    std::string m_mask_code;
    std::optional<PolygonFile> m_coded_mask;  // with --mask-code: its polygons only
    std::optional<Box> m_extent;              // the incidents read: see check()
    std::string m_mask, m_methods_text = "kde:h=100,200,300,500 grid:cell=50,250 repeats prospective:decay=14d,radius=200",
                        m_train_text = "3m,12m", m_test_text = "1m", m_share_text = "1%,3%,5%", m_output, m_recommend, m_summary,
                        m_period_text, m_from_text, m_to_text;
    double m_cell = 50;
    HexGrid m_hex;  // --cell hex:SIZE: the hexagons ranked (m_cell is then the methods' cell)
    bool m_is_hex = false, m_streets = false;
    NetworkParams m_network;  // --units streets
    double m_units_size = 0;    // with units: their summed area (m2) or length (m)
    std::size_t m_unit_count = 0;
    std::vector<MethodConfig> m_configs;
    std::vector<int> m_train;
    int m_test = 1;
    std::vector<double> m_shares;
    std::optional<int> m_first_test, m_last_test;
    ShardText m_shard;
    std::string m_part;
    std::vector<std::string> m_parts;

    void check_shard_options() const;
    const PolygonFile& mask_file(Context& ctx);
    double parse_cell(const std::string& v);
    struct RankedUnits {
        BacktestUnits units;
        std::vector<std::int64_t> unit_of;  // per incident
        nlohmann::json note;                // for the metadata
    };
    RankedUnits ranked_units(const StudyArea& area, const std::vector<Wkb>& mask, const IncidentSet& set, Log& log) const;
    bool on_units() const { return m_is_hex || m_streets; }
    std::vector<std::string> row_cells(const BacktestRow& row) const;
    std::unique_ptr<Result> package(const Backtest& bt, const BacktestSummary& sum, std::size_t study_cells, std::size_t inside,
                                    nlohmann::json meta) const;
    std::unique_ptr<Result> package_shard(const Backtest& bt, nlohmann::json meta) const;
    Backtest from_parts(const BacktestSpec& spec, const nlohmann::json& meta) const;
    std::string recommendation(const Backtest& bt, const BacktestSummary& sum) const;
};

// --cell: metres, or hex:SIZE[:flat]; the hexagons' methods score the largest of 50, 25, 10 and
// 5 m up to SIZE/4, so every hexagon holds several cells' centres (about 14 at SIZE/4) and
// grid:cell=50,250 stays a multiple of it.
double Evaluate::parse_cell(const std::string& v) {
    HexGrid hex;
    try {
        m_is_hex = parse_hex_spec(v, hex);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--cell ") + e.what());
    }
    if (!m_is_hex) return parse_cell_metres(v, 5, 1000);
    if (hex.size < 20 || hex.size > 5000) throw UsageError(fmt::format("--cell '{}': give hexagons of 20 to 5000 metres", v));
    m_hex = hex;
    for (double c : {50.0, 25.0, 10.0}) if (c <= hex.size / 4) return c;
    return 5;
}

// The hexagons or street segments to rank, with each incident's.
Evaluate::RankedUnits Evaluate::ranked_units(const StudyArea& area, const std::vector<Wkb>& mask, const IncidentSet& set,
                                             Log& log) const {
    RankedUnits r;
    std::vector<XY> points;
    points.reserve(set.incidents.size());
    for (const auto& i : set.incidents) points.push_back({i.x, i.y});
    if (m_is_hex) {
        auto hexes = hex_backtest_units(area, m_hex, mask);
        r.unit_of = hex_unit_of(hexes, points);
        r.units = std::move(hexes.units);
        r.note = {{"units", fmt::format("hex:{:g}{}", m_hex.size, m_hex.flat ? ":flat" : "")}, {"hexagons", r.units.size.size()}};
    } else {
        const auto places = place_on_streets(m_network, points, "evaluate --units streets", log);
        std::vector<std::vector<XY>> lines;
        for (const auto& seg : places.streets.segments) lines.push_back(seg.points);
        auto streets = street_backtest_units(area, lines);
        r.unit_of.assign(points.size(), -1);
        for (std::size_t i = 0; i < points.size(); ++i)
            if (const auto seg = places.snaps[i].segment; seg >= 0) r.unit_of[i] = streets.unit_of_segment[static_cast<std::size_t>(seg)];
        r.units = std::move(streets.units);
        r.note = {{"units", "streets"}, {"network", network_note(m_network)}, {"street_tolerance_m", m_network.tolerance},
                  {"segments", r.units.size.size()}, {"unsnapped", places.unsnapped}};
    }
    double total = 0;
    for (double v : r.units.size) total += v;
    r.note[m_is_hex ? "area_km2" : "length_km"] = total / (m_is_hex ? 1e6 : 1e3);
    return r;
}

// --mask, or with --mask-code only its polygons with that code (indexed again, so the study grid
// is their extent, as a file holding only them would give).
const PolygonFile& Evaluate::mask_file(Context& ctx) {
    const auto& all = ctx.polygons(m_mask, "--mask");
    if (m_mask_code.empty()) return all;
    if (m_coded_mask) return *m_coded_mask;
    PolygonFile coded;
    coded.layer = all.layer;
    coded.layer.inputs.clear();
    std::vector<std::string> codes;
    for (const auto& a : all.layer.inputs) {
        if (a.code == m_mask_code) coded.layer.inputs.push_back(a);
        if (codes.size() < 5 && std::find(codes.begin(), codes.end(), a.code) == codes.end()) codes.push_back(a.code);
    }
    if (coded.layer.inputs.empty())
        throw UsageError(fmt::format("--mask-code {}: no polygon of --mask {} has that code (its codes, from field {}, "
                                     "begin {}); give one of them, or code=FIELD in --mask for another field",
                                     m_mask_code, m_mask, all.layer.code_field.empty() ? "none: feature ids" : all.layer.code_field,
                                     fmt::join(codes, ", ")));
    std::vector<geo::AreaNote> notes;  // --mask's repairs were noted when it was read
    coded.index = std::make_shared<const geo::AreaIndex>(coded.layer.inputs, notes);
    m_coded_mask = std::move(coded);
    return *m_coded_mask;
}

void Evaluate::check_shard_options() const {
    if (m_shard.count > 0) {
        if (!m_parts.empty()) throw UsageError("--shard and --parts: a shard makes a part, --parts puts the parts together; give one");
        if (m_part.empty()) throw UsageError("--shard " + std::to_string(m_shard.index) + "/" + std::to_string(m_shard.count) +
                                             ": give --part FILE.json, where the shard's rows go for the run with --parts");
        if (!m_summary.empty() || !m_recommend.empty())
            throw UsageError("--shard: a shard scores only its share of the test periods and methods; give --summary and "
                             "--recommend to the run with --parts that puts the shards together");
    } else if (!m_part.empty()) {
        throw UsageError("--part: only with --shard i/N (the shard's rows for a run with --parts)");
    }
}

// The recommendation as an analyst says it, at the largest share tested (the area a tasking
// meeting can patrol): what the recommended configuration caught there, against the best of
// the others, and whether the months it won could be chance (the sign test).
std::string Evaluate::recommendation(const Backtest& bt, const BacktestSummary& sum) const {
    const std::size_t nt = m_train.size(), rec = sum.recommended;
    std::size_t sh = 0;
    for (std::size_t k = 1; k < m_shares.size(); ++k)
        if (m_shares[k] > m_shares[sh]) sh = k;
    const auto months = [](int n) { return n == 1 ? std::string("month") : fmt::format("{} months", n); };
    const auto words = [&](std::size_t c) {
        return fmt::format("{} trained on the {} before", m_configs[c / nt].label(), months(m_train[c % nt]));
    };
    std::string theme;
    for (const auto& t : m_filters.crime_types) theme += (theme.empty() ? "" : ", ") + t;
    const std::string next = m_test == 1 ? "the next month's" : fmt::format("the next {} months'", m_test);
    std::string s = fmt::format("For {}, {} found {:.1f}% of {} incidents in {:g}% of the area", theme.empty() ? "all incidents" : theme,
                                words(rec), 100 * sum.score(rec, sh).hit, next, 100 * m_shares[sh]);
    std::optional<std::size_t> other;
    for (std::size_t c = 0; c < sum.configs; ++c)
        if (c != rec && (!other || sum.score(c, sh).hit > sum.score(*other, sh).hit)) other = c;
    if (other) {
        const auto& o = sum.score(*other, sh);
        s += fmt::format(", against {:.1f}% for {}", 100 * o.hit, words(*other));
        // Months are counted against the share's best, so they read as the recommended one's
        // only when it is that best.
        if (sum.score(rec, sh).best && o.won + o.lost + o.tied > 0)
            s += fmt::format(" (more in {} of the {} test months, fewer in {}; sign test p = {:.2g}{})", o.lost, bt.periods, o.won,
                             o.sign_p, o.sign_p < 0.05 ? "" : ": the difference may be chance");
    }
    return s + fmt::format("; use {} (the highest mean PEI over the shares tested).", m_configs[rec / nt].label() +
                                                                                       " trained on " + months(m_train[rec % nt]));
}

std::unique_ptr<Result> Evaluate::run(Ingested& in, Context& ctx) {
    auto& set = in.set;
    // The rows outside the grid were left out as they were read, before the other filters: when
    // the filters left nothing either, the CRS is only one of the two suspects.
    if (set.incidents.empty() && in.filtered.outside_extent > 0) {
        const auto other = in.filtered.total() - in.filtered.outside_extent;
        if (other == 0)
            throw std::runtime_error(fmt::format("none of the {} incidents lies inside --mask {}'s grid; check the CRS",
                                                 in.filtered.outside_extent, m_mask));
        throw std::runtime_error(fmt::format("no incidents left: {} rows lie outside --mask {}'s grid (left out as they were read) and "
                                             "the filters (--from, --to, --crime-type, --within, --where, times) left out the other {}; "
                                             "check the filters, and the CRS if the study area should hold incidents",
                                             in.filtered.outside_extent, m_mask, other));
    }
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing to evaluate");
    apply_harm_weights(set, m_harm_weights, ctx);
    const auto& mask = mask_file(ctx);
    std::vector<Wkb> polygons;
    for (const auto& a : mask.layer.inputs) polygons.push_back(a.wkb);
    const auto area = study_area(mask_box(mask), polygons, m_cell);
    if (area.cells.empty()) throw std::runtime_error("--mask " + m_mask + ": no cell of the grid has its centre inside it");
    std::optional<RankedUnits> units;
    if (on_units()) {
        units = ranked_units(area, polygons, set, ctx.log());
        if (units->units.size.empty())
            throw std::runtime_error(m_is_hex ? "--cell hex: no hexagon holds a study cell" : "--units streets: no street of --network crosses --mask; check its CRS (--network-crs)");
        m_unit_count = units->units.size.size();
        m_units_size = 0;
        for (double v : units->units.size) m_units_size += v;
    }
    const auto ev = evaluation_incidents(set, area, units ? &units->unit_of : nullptr);
    if (units) {
        std::size_t off = 0;
        for (const auto& f : ev.inside) off += f.unit < 0 ? 1 : 0;
        units->note["inside_on_no_unit"] = off;
        if (off)
            ctx.log().note(fmt::format("{} incidents inside --mask lie on no {} and are not counted (the methods still learn from them)",
                                       off, m_is_hex ? "hexagon holding a study cell" : "street segment crossing it"));
    }
    const int first_month = ev.first_month, last_month = ev.last_month;
    if (ev.inside.empty())
        throw std::runtime_error(fmt::format("none of the {} incidents lies inside --mask {}{}; check the CRS",
                                             set.incidents.size(), m_mask,
                                             in.extent ? fmt::format(" (nor do the {} rows outside its grid, left out as they were read)",
                                                                     in.filtered.outside_extent)
                                                       : std::string()));
    // The rows left out while reading were counted before the other filters: said apart.
    if (ev.outside || in.filtered.outside_extent)
        ctx.log().note(fmt::format("{} incidents outside --mask are left out{}", ev.outside,
                                   in.extent ? fmt::format(", besides the {} rows outside its grid left out as they were read",
                                                           in.filtered.outside_extent)
                                             : std::string()));

    const int longest = *std::max_element(m_train.begin(), m_train.end());
    BacktestSpec spec;
    spec.methods = m_configs;
    spec.train_months = m_train;
    spec.test_months = m_test;
    spec.shares = m_shares;
    spec.first_test = m_first_test.value_or(first_month + longest);
    spec.last_test = m_last_test.value_or(last_month - m_test + 1);
    if (m_last_test && *m_last_test + m_test - 1 > last_month)
        throw std::runtime_error(fmt::format("--to {}: the incidents end in {}; test periods after that would score nothing",
                                             m_to_text, format_month_number(last_month)));
    if (m_first_test && *m_first_test > last_month)
        throw std::runtime_error(fmt::format("--from {}: the incidents end in {}", m_from_text, format_month_number(last_month)));
    if (spec.last_test < spec.first_test)
        throw std::runtime_error(fmt::format("no whole test period: the incidents run {} to {}, and a test needs {} months of "
                                             "training before it ({}); give more months or shorter --train",
                                             format_month_number(first_month), format_month_number(last_month), longest,
                                             m_period_text == ".." ? "no --from/--to" : "--from/--to " + m_period_text));
    auto meta = metadata("evaluate", m_input, m_filters, in,
                         {{"mask", m_mask}, {"cell_m", m_cell}, {"methods", m_methods_text}, {"train", m_train_text},
                          {"test", m_test_text}, {"shares", m_share_text}, {"harm_weights", m_harm_weights},
                          {"test_periods", m_period_text}});
    if (!m_mask_code.empty()) meta["parameters"]["mask_code"] = m_mask_code;
    if (units) {
        meta["parameters"].update(units->note);
        spec.units = &units->units;
    }
    if (m_shard.count > 0) {
        spec.shard_index = static_cast<std::size_t>(m_shard.index);
        spec.shard_count = static_cast<std::size_t>(m_shard.count);
    }
    const auto bt = m_parts.empty() ? run_backtest(spec, area, ev.inside, ctx.threads()) : from_parts(spec, meta);
    if (bt.periods == 0)
        throw std::runtime_error(fmt::format("every test period's --train window of {} months reaches before the first incident "
                                             "({}); start the tests later (--from) or train on fewer months",
                                             longest, format_month_number(first_month)));
    if (!bt.skipped.empty())
        ctx.log().warning(fmt::format("{} test periods left out ({} .. {}): their {}-month training window reaches before the "
                                      "first incident ({})", bt.skipped.size(), format_month_number(bt.skipped.front()),
                                      format_month_number(bt.skipped.back()), longest, format_month_number(first_month)));
    ctx.log().stage("back-tested");
    if (m_shard.count > 0) return package_shard(bt, std::move(meta));
    double tested = 0;
    for (const auto& row : bt.rows) tested += row.c.N;
    if (tested == 0) throw std::runtime_error("no incident falls in any test period inside --mask: nothing to score");
    auto r = package(bt, summarise_backtest(spec, bt), area.cells.size(), ev.inside.size(), std::move(meta));
    // Which incidents each row's N counts (inside the study area, on a unit when ranking units,
    // in its test period), so that a release links it to every other count of them: beside a
    // board of the mask's wards by month it is their total.
    std::vector<int> row_months;
    for (const auto& row : bt.rows) row_months.push_back(row.test_month);
    static_cast<EvaluateResult&>(*r).tested =
        tested_incidents(forecast_incidents(set, area), row_months, m_test, units ? &units->unit_of : nullptr);
    return r;
}

std::vector<std::string> Evaluate::row_cells(const BacktestRow& row) const {
    const auto& c = row.c;
    const double cell_km2 = m_cell * m_cell / 1e6;
    // Units: as many as selected (the last in part) and exactly the share of their size.
    const double size = on_units() ? m_shares[row.share] * m_units_size / (m_is_hex ? 1e6 : 1e3) : c.cells * cell_km2;
    return {format_month_number(row.test_month), m_configs[row.method].label(), std::to_string(m_train[row.train]),
            fmt::format("{:g}", 100 * m_shares[row.share]), fmt::format("{:.6g}", c.n), fmt::format("{:g}", c.N),
            on_units() ? fmt::format("{:.6g}", c.cells) : fmt::format("{:g}", c.cells), fmt::format("{:.6g}", size),
            fmt::format("{:.6g}", c.hit_rate), fmt::format("{:.6g}", c.pai), fmt::format("{:.6g}", c.rri),
            fmt::format("{:.6g}", c.pei), fmt::format("{:.6g}", c.pei_star), fmt::format("{:.4g}", 100 * row.snapped)};
}

// A shard's rows: in the CSV as the whole run writes them, and at full precision in the part
// with the metadata the run with --parts must match.
std::unique_ptr<Result> Evaluate::package_shard(const Backtest& bt, nlohmann::json meta) const {
    auto r = std::make_unique<EvaluateResult>();
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : bt.rows) {
        r->rows.push_back(row_cells(row));
        const auto& c = row.c;
        rows.push_back({row.test_month, row.method, row.train, row.share, c.n, c.n_train, c.N, c.N_train, c.cells, c.hit_rate,
                        c.pai, c.rri, c.pei, c.pei_star, row.snapped});
    }
    r->part = {{"evaluate_part", 1}, {"shard", {{"index", m_shard.index}, {"count", m_shard.count}}}, {"metadata", meta},
               {"periods", bt.periods}, {"skipped", bt.skipped}, {"rows", std::move(rows)}};
    r->text = fmt::format("shard {} of {} (counted from 0): {} rows of the {} test periods; put the shards together with "
                          "--parts\n", m_shard.index, m_shard.count, bt.rows.size(), bt.periods);
    meta["shard"] = {{"index", m_shard.index}, {"count", m_shard.count}};
    r->metadata = std::move(meta);
    return r;
}

// The back-test of every shard's part, as one run would have made it.
Backtest Evaluate::from_parts(const BacktestSpec& spec, const nlohmann::json& meta) const {
    Backtest bt;
    std::vector<std::string> seen;
    int count = 0;
    for (const auto& file : m_parts) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(io::read_text(file));
        } catch (const nlohmann::json::exception&) {
            throw std::runtime_error("--parts " + file + ": not JSON; give the files evaluate --shard i/N --part FILE wrote");
        }
        if (!j.is_object() || j.value("evaluate_part", 0) != 1 || !j.contains("shard") || !j.contains("rows"))
            throw std::runtime_error("--parts " + file + ": not a part written by evaluate --shard i/N --part FILE");
        if (j["metadata"] != meta) {
            std::string key = "metadata";
            for (const auto& [k, v] : meta.items())
                if (!j["metadata"].contains(k) || j["metadata"][k] != v) { key = k; break; }
            throw std::runtime_error(fmt::format("--parts {}: made from other inputs or options than this run (its '{}' differ); "
                                                 "give the same inputs and options as the shards", file, key));
        }
        const int index = j["shard"].value("index", -1), n = j["shard"].value("count", 0);
        if (count == 0) count = n;
        if (n != count || index < 0 || index >= n)
            throw std::runtime_error(fmt::format("--parts {}: shard {}/{} of a run in {} shards; give the parts of one run", file,
                                                 index, n, count));
        if (seen.empty()) seen.resize(static_cast<std::size_t>(count));
        auto& first = seen[static_cast<std::size_t>(index)];
        if (!first.empty()) throw std::runtime_error(fmt::format("--parts: {} and {} are both shard {}/{}", first, file, index, count));
        first = file;
        bt.periods = j.value("periods", std::size_t{0});
        bt.skipped = j["skipped"].get<std::vector<int>>();
        for (const auto& a : j["rows"]) {
            BacktestRow row;
            row.test_month = a[0];
            row.method = a[1];
            row.train = a[2];
            row.share = a[3];
            row.c = {a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], a[12], a[13]};
            row.snapped = a[14];
            if (row.method >= spec.methods.size() || row.train >= spec.train_months.size() || row.share >= spec.shares.size())
                throw std::runtime_error("--parts " + file + ": a row names a method, window or share this run does not have");
            bt.rows.push_back(row);
        }
    }
    for (std::size_t k = 0; k < seen.size(); ++k)
        if (seen[k].empty())
            throw std::runtime_error(fmt::format("--parts: shard {}/{} is missing; run evaluate with the same inputs and options "
                                                 "and --shard {}/{} --part FILE, then give its file too", k, count, k, count));
    std::sort(bt.rows.begin(), bt.rows.end(), backtest_order);
    const std::size_t whole = bt.periods * spec.methods.size() * spec.train_months.size() * spec.shares.size();
    if (bt.rows.size() != whole)
        throw std::runtime_error(fmt::format("--parts: {} rows where the {} test periods make {}; the parts are damaged",
                                             bt.rows.size(), bt.periods, whole));
    return bt;
}

// The rows, the summary, the report's text, the recommendation and the metadata.
std::unique_ptr<Result> Evaluate::package(const Backtest& bt, const BacktestSummary& sum, std::size_t study_cells,
                                          std::size_t inside, nlohmann::json meta) const {
    auto r = std::make_unique<EvaluateResult>();
    const double cell_km2 = m_cell * m_cell / 1e6;
    const std::size_t nt = m_train.size(), ns = m_shares.size();
    auto label = [&](std::size_t c) { return fmt::format("{} train={}m", m_configs[c / nt].label(), m_train[c % nt]); };
    for (const auto& row : bt.rows) r->rows.push_back(row_cells(row));
    auto out = std::back_inserter(r->text);
    fmt::format_to(out, "{} test periods of {} month{} ({} .. {}); {} study cells of {:g} m ({:.1f} km2); {} incidents inside --mask\n",
                   bt.periods, m_test, m_test > 1 ? "s" : "", format_month_number(bt.rows.front().test_month),
                   format_month_number(bt.rows.back().test_month), study_cells, m_cell,
                   static_cast<double>(study_cells) * cell_km2, inside);
    if (m_is_hex)
        fmt::format_to(out, "ranked on {} hexagons of {:g} m ({:.2f} km2 inside --mask); shares are of their area\n", m_unit_count,
                       m_hex.size, m_units_size / 1e6);
    if (m_streets)
        fmt::format_to(out, "ranked on {} street segments ({:.2f} km inside --mask); shares are of their length\n", m_unit_count,
                       m_units_size / 1e3);
    nlohmann::json shares_json = nlohmann::json::array();
    for (std::size_t sh = 0; sh < ns; ++sh) {
        const std::size_t best = sum.best[sh];
        if (on_units())
            fmt::format_to(out, "\n{:g}% of the {}: against the best, {}\n", 100 * m_shares[sh], m_is_hex ? "hexagons' area" : "streets' length",
                           label(best));
        else
            fmt::format_to(out, "\n{:g}% of the area ({} cells): against the best, {}\n", 100 * m_shares[sh],
                           std::max<long long>(1, std::llround(m_shares[sh] * static_cast<double>(study_cells))), label(best));
        fmt::format_to(out, "{:<44} {:>7} {:>6} {:>6} {:>6} {:>6}  {:>15} {:>9}\n", "method", "hit %", "PAI", "RRI", "PEI",
                       "PEI*", "won/lost/tied", "sign p");
        for (std::size_t c = 0; c < sum.configs; ++c) {
            const auto& m = sum.score(c, sh);
            fmt::format_to(out, "{:<44} {:>7.1f} {:>6.2f} {:>6.2f} {:>6.3f} {:>6.3f}  {:>15} {:>9}\n", label(c),
                           100 * m.hit, m.pai, m.rri, m.pei, m.pei_star,
                           m.best ? "best" : fmt::format("{}/{}/{}", m.won, m.lost, m.tied),
                           m.best ? "" : fmt::format("{:.3g}", m.sign_p));
            r->summary.push_back({m_configs[c / nt].label(), std::to_string(m_train[c % nt]), fmt::format("{:g}", 100 * m_shares[sh]),
                                  std::to_string(bt.periods), fmt::format("{:.6g}", m.hit), fmt::format("{:.6g}", m.pai),
                                  fmt::format("{:.6g}", m.rri), fmt::format("{:.6g}", m.pei), fmt::format("{:.6g}", m.pei_star),
                                  // The best is not compared with itself: no won, lost or tied.
                                  m.best ? "" : std::to_string(m.won), m.best ? "" : std::to_string(m.lost),
                                  m.best ? "" : std::to_string(m.tied),
                                  m.best ? "" : fmt::format("{:.4g}", m.sign_p), m.best ? "1" : "0"});
            shares_json.push_back({{"share_pct", 100 * m_shares[sh]}, {"method", m_configs[c / nt].label()},
                                   {"train_months", m_train[c % nt]}, {"mean_hit_rate", m.hit}, {"mean_pai", m.pai},
                                   {"mean_rri", m.rri}, {"mean_pei", m.pei}, {"mean_pei_star", m.pei_star},
                                   {"won", m.best ? nlohmann::json() : nlohmann::json(m.won)},
                                   {"lost", m.best ? nlohmann::json() : nlohmann::json(m.lost)},
                                   {"tied", m.best ? nlohmann::json() : nlohmann::json(m.tied)}, {"best", m.best}});
        }
    }
    const std::size_t rec = sum.recommended;
    const auto& overall = sum.overall_pei;
    fmt::format_to(out, "\nrecommended: {} (the highest mean PEI over the shares, {:.3f})\n", label(rec), overall[rec]);
    if (sum.recommended_kde && *sum.recommended_kde != rec)
        fmt::format_to(out, "best kde: {} (mean PEI {:.3f}); kde --bandwidth from:FILE takes its bandwidth\n",
                       label(*sum.recommended_kde), overall[*sum.recommended_kde]);
    if (sum.snapped) {
        const double s = *sum.snapped;
        const int longest = *std::max_element(m_train.begin(), m_train.end());
        fmt::format_to(out, "{:.1f}% of the test incidents fell on a point a training incident ({}-month window) also had{}\n",
                       100 * s, longest,
                       s > 0.5 ? ": shared anonymous map points (data.police.uk), which favour repeats and fine grids over "
                                 "what happens on the ground" : "");
    }
    r->headline = recommendation(bt, sum);
    r->period = fmt::format("of the tests {} to {}", format_month_number(bt.rows.front().test_month),
                            format_month_number(bt.rows.back().test_month + m_test - 1));
    r->metadata = std::move(meta);
    r->metadata["periods"] = bt.periods;
    r->metadata["study_cells"] = study_cells;
    r->metadata["means"] = shares_json;
    r->recommend = {{"recommended", {{"method", m_configs[rec / nt].label()}, {"train_months", m_train[rec % nt]}, {"mean_pei", overall[rec]}}},
                    {"periods", bt.periods},
                    {"test_periods", {format_month_number(bt.rows.front().test_month), format_month_number(bt.rows.back().test_month)}},
                    {"means", shares_json},
                    {"generator", r->metadata.value("generator", "")},
                    {"inputs", r->metadata.value("inputs", nlohmann::json::array())}};
    if (sum.recommended_kde) {
        const std::size_t k = *sum.recommended_kde;
        r->recommend["kde"] = {{"bandwidth_m", m_configs[k / nt].bandwidth},
                               {"kernel", std::string(to_string(m_configs[k / nt].kernel))},
                               {"train_months", m_train[k % nt]}, {"mean_pei", overall[k]}};
    }
    return r;
}

}  // namespace

std::unique_ptr<Step> make_evaluate() { return std::make_unique<Evaluate>(); }

}  // namespace hotspots::steps
