// predict: prediction zones. The prospective surface for the month after the data, its
// half-life and half-distance given or estimated (a back-test as evaluate scores the
// prospective method, or the Knox test's significant bands), and the cells covering a share of
// the study area merged into ranked zones with their back-tested hit rate (docs/predict.md).
#include "geo/crs.hpp"
#include "hotspots/components.hpp"
#include "hotspots/evaluation.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/prediction.hpp"
#include "io/qgis_style.hpp"
#include "io/row_parser.hpp"
#include "steps/round.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace hotspots::steps {
namespace {

struct PredictResult : Result {
    PredictionBacktest bt;
    ProspectiveKernel kernel;
    std::string why;            // how the kernel was chosen, in words
    PredictionMonths months;
    Grid grid;
    std::vector<double> raster;  // the surface on the whole grid, NaN outside the study area
    double top_score = 0, cut = 0;
    std::size_t study_cells = 0, zone_cells = 0;
    HotspotSet zones;
    std::vector<double> zone_score;  // per zone: the sum of its cells' scores
    double selected_score = 0;
    std::optional<ForecastCatch> realised;  // the zones against the as-of month, when the data hold it
    int history_first = 0;                  // month_number() of the first month whose incidents it weighs
    std::size_t incidents = 0;
    TestedIncidents tested;  // what each back-test row's N counts
    std::vector<std::string> layer_labels;
    nlohmann::json metadata;
};

// "2024-07-01 .. 2024-09-30": months first to last (month_number()s), written as period_text
// writes the incidents' period in every output's metadata.
std::string period_of_months(int first, int last) {
    return format_date(parse_when(format_month_number(first))->from) + " .. " +
           format_date(parse_when(format_month_number(last))->to);
}

// "7,14,28": positive numbers up to `most`.
std::vector<double> parse_list(const std::string& text, const std::string& option, double most) {
    std::vector<double> out;
    std::string cur;
    auto take = [&] {
        if (cur.empty()) return;
        double x = 0;
        if (!io::parse_number(cur, x) || !(x > 0) || !(x <= most))
            throw UsageError(fmt::format("--{} '{}': give numbers above 0 and up to {:g}, comma-separated", option, cur, most));
        out.push_back(x);
        cur.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ' ') take();
        else cur += c;
    }
    take();
    if (out.empty()) throw UsageError(fmt::format("--{}: give at least one value", option));
    return out;
}

constexpr double max_half_life = 365, max_half_distance = 2000;

class Predict : public Step {
public:
    Predict() {
        declare_common(false);
        auto& p = m_params;
        p.path("mask", m_mask, "The study area: polygons (a BCU, a borough); --share and PAI are shares of its area").needed();
        p.value("cell", m_cell, "Cells of the study area's grid, on which the surface is scored (as evaluate's --cell: 5 to 1000)",
                [](const std::string& v) { return parse_cell_metres(v, 5, 1000); })
            .def("50")
            .in_unit("metres");
        p.text("as-of", m_as_of_text, "The month the zones are for, YYYY-MM (default: the month after --to's, else after the data's last)")
            .shown_as("YYYY-MM");
        p.number("half-life", m_half_life, "Days after which an incident's weight halves (default: estimated)",
                 Range{0, max_half_life, true, false})
            .in_unit("days");
        p.number("half-distance", m_half_distance, "Metres at which an incident's weight halves (default: estimated)",
                 Range{0, max_half_distance, true, false})
            .in_unit("metres");
        p.text("estimate", m_estimate, "How a half-life or half-distance not given is estimated: backtest (the pair with the "
                                       "highest mean PAI) or knox (the furthest significant Knox bands)")
            .def("backtest")
            .one_of({"backtest", "knox"});
        p.text("half-lives", m_half_lives_text, "Candidate half-lives for --estimate backtest, in days").def("7,14,28,56");
        p.text("half-distances", m_half_distances_text, "Candidate half-distances for --estimate backtest, in metres")
            .def("50,100,200,400");
        p.number("share", m_coverage, "Share of the study area the zones cover (0.05: 5%)", Range{0, 1, true, false})
            .def("0.05");
        p.integer("train-months", m_train, "Months of incidents before a month that its surface weighs", Range::between(1, 24))
            .def("3");
        p.integer("test-months", m_test, "Months before --as-of the back-test scores, each in turn", Range::between(1, 60))
            .def("6");
        p.integer("permutations", m_permutations, "Knox test permutations (--estimate knox)", Range::between(19, 9999))
            .def("999");
        p.output("output", m_output, "The prospective surface (GeoTIFF)", "surface", ".tif").short_form("o");
        p.output("zones", m_zones, "The prediction zones, ranked: .geojson (RFC 7946), .gpkg or .csv", "zones",
                 ".geojson .gpkg .csv");
        p.output("summary", m_summary, "Each candidate half-life and half-distance with its back-tested hit rate and PAI (CSV)",
                 "summary", ".csv");
        p.output("backtest", m_backtest, "The chosen pair's back-test, one row per month (CSV)", "backtest", ".csv");
        declare_no_style();
    }
    StepInfo info() const override {
        return {"predict",
                "Prediction zones: the prospective surface for next month and the cells covering a share of the area",
                "docs/predict.md",
                {{.role = "surface", .kind = ProductKind::raster, .title = "Prospective surface", .map = MapView::surface,
                  .units = "prospective score"},
                 {.role = "zones", .kind = ProductKind::features, .title = "Prediction zones, ranked", .map = MapView::outlines,
                  .table = TableView::rows,
                  // The back-test's hit rate and PAI are the same on every zone: the summary shows them.
                  .columns = {"rank", "label", "area_m2", "expected_share_pct", "incidents"},
                  .most = 12,
                  .label = "label"},
                 // Every pair of the default lists (4 x 4), so that the chosen one is in the report.
                 {.role = "summary", .kind = ProductKind::table, .title = "Prediction: half-life and half-distance back-tested",
                  .table = TableView::rows, .most = 16},
                 {.role = "backtest", .kind = ProductKind::table, .title = "Prediction: the chosen pair's back-test by month",
                  .table = TableView::rows}},
                metadata_roles({{ColumnRole::measure, "parameters.{as_of cell_m chosen_by coverage decay_days estimate "
                                          "half_distance_m half_distances half_life_days half_lives mask radius_m "
                                          "test_months train_months} backtest.first_month backtest.last_month "
                                          "history"}})};
    }
    void check(Context& ctx, const AreaLayers&) override {
        m_half_lives = m_half_life > 0 ? std::vector<double>{m_half_life} : parse_list(m_half_lives_text, "half-lives", max_half_life);
        m_half_distances = m_half_distance > 0 ? std::vector<double>{m_half_distance}
                                               : parse_list(m_half_distances_text, "half-distances", max_half_distance);
        if (!m_as_of_text.empty()) {
            const auto t = parse_when(m_as_of_text);
            if (!t || t->precision != TimePrecision::month)
                throw UsageError("--as-of " + m_as_of_text + ": give a month as YYYY-MM, e.g. 2024-06");
            m_as_of = month_number(t->from);
        }
        // The period names the last month of history (a pack gives every step its period, often
        // one month): the zones are for the month after it. The back-test's months and their
        // training windows reach back before --from, as evaluate's do, so it filters nothing.
        if (!m_as_of && m_filters.to) m_as_of = month_number(*m_filters.to) + 1;
        if (m_filters.from && !m_filters.to)
            ctx.log().note("--from " + m_filters.from_text +
                           " filters nothing here: predict's history is the --train-months + --test-months months "
                           "before the month predicted (give --as-of or --to to choose that month; docs/predict.md)");
        m_filters.from.reset();
        m_filters.to.reset();
        m_filters.from_text.clear();
        m_filters.to_text.clear();
        if (m_coverage * 100 > 50) ctx.log().warning(fmt::format("--share {:g}: zones over half the area predict little", m_coverage));
        ctx.polygons(m_mask, "--mask");
    }
    Needs needs() const override {
        Needs n;
        n.ids = false;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;
    // The month the zones and surface are for, not the period given (its end is the last month
    // of history) nor the data's.
    std::string period(const Result& r) const override {
        const auto& p = result_as<PredictResult>(r);
        return fmt::format("for {}, from the incidents of {} to {}", format_month_number(p.months.as_of),
                           format_month_number(p.history_first), format_month_number(p.months.as_of - 1));
    }

private:
    std::string m_mask, m_as_of_text, m_estimate = "backtest", m_half_lives_text = "7,14,28,56",
                                      m_half_distances_text = "50,100,200,400", m_output, m_zones, m_summary, m_backtest;
    double m_cell = 50, m_half_life = 0, m_half_distance = 0, m_coverage = 0.05;
    int m_train = 3, m_test = 6, m_permutations = 999;
    std::optional<int> m_as_of;
    std::vector<double> m_half_lives, m_half_distances;
    bool m_monthly = false;  // some incidents dated to the month only: Knox in months

    void choose_kernel(PredictResult& r, const StudyArea& area, const EvaluationIncidents& ev, Context& ctx) const;
    void warn_at_edge(const PredictResult& r, Log& log) const;
    void make_zones(PredictResult& r, const StudyArea& area, const std::vector<double>& score, const Ingested& in) const;
};

// The kernel and the back-test of it (every candidate with --estimate backtest).
void Predict::choose_kernel(PredictResult& r, const StudyArea& area, const EvaluationIncidents& ev, Context& ctx) const {
    std::vector<ProspectiveKernel> candidates;
    const bool given = m_half_life > 0 && m_half_distance > 0;
    if (!given && m_estimate == "knox") {
        std::vector<KnoxEvent> events;
        KnoxOptions k;
        const bool monthly = m_monthly;
        if (monthly) k.time_edges = {0, 1, 2, 3};
        k.permutations = m_permutations;
        k.threads = ctx.threads();
        for (const auto& i : ev.inside)
            if (month_number(i.when) < r.months.as_of)
                events.push_back({i.x, i.y, monthly ? static_cast<double>(month_number(i.when)) : static_cast<double>(i.when) / 86400.0});
        if (events.size() < 2) throw std::runtime_error("the Knox test needs at least two incidents inside --mask before --as-of");
        const auto table = knox_test(events, k, monthly ? "months" : "days");
        const auto e = knox_kernel(table, k, monthly ? 365.25 / 12 : 1.0);
        if (!e.found)
            throw std::runtime_error("--estimate knox: no distance and time band of the Knox test has significantly more pairs "
                                     "than chance (p <= 0.05); give --half-life and --half-distance, or use --estimate backtest");
        ProspectiveKernel kern = e.kernel;
        if (m_half_life > 0) kern.half_life_days = m_half_life;
        if (m_half_distance > 0) kern.half_distance_m = m_half_distance;
        candidates.push_back(kern);
        r.why = fmt::format("Knox test ({} permutations): significant excess of pairs (p <= 0.05) up to {:g} m and {:g} {}", m_permutations,
                            e.space_edge, e.time_edge, monthly ? "months" : "days");
        if (m_half_life > 0 || m_half_distance > 0) r.why += "; the value given kept";
    } else {
        for (double hl : m_half_lives)
            for (double hd : m_half_distances) candidates.push_back({hl, hd});
        r.why = given ? "given (--half-life, --half-distance)"
                      : fmt::format("back-test: the highest mean PAI at {:g}% of the area among {} candidates", 100 * m_coverage,
                                    candidates.size());
    }
    try {
        r.bt = backtest_kernels(area, ev.inside, ev.first_month, candidates, r.months, ctx.threads());
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(fmt::format("too few months of incidents for the back-test: {}; give fewer --test-months or "
                                             "--train-months, a later --as-of, or more months of data",
                                             e.what()));
    }
    r.kernel = r.bt.candidates[r.bt.chosen].kernel;
}

std::unique_ptr<Result> Predict::run(Ingested& in, Context& ctx) {
    const auto& set = in.set;
    if (set.incidents.empty()) throw std::runtime_error("no incidents left after filtering; nothing to predict");
    const auto& mask = ctx.polygons(m_mask, "--mask");
    std::vector<Wkb> polygons;
    for (const auto& a : mask.layer.inputs) polygons.push_back(a.wkb);
    const auto& env = mask.index->extent();
    const auto area = study_area(Box{env.xmin, env.ymin, env.xmax, env.ymax}, polygons, m_cell);
    if (area.cells.empty()) throw std::runtime_error("--mask " + m_mask + ": no cell of the grid has its centre inside it");
    const auto ev = evaluation_incidents(set, area);
    if (ev.inside.empty())
        throw std::runtime_error(fmt::format("none of the {} incidents lies inside --mask {}; check the CRS", set.incidents.size(), m_mask));
    if (ev.outside) ctx.log().note(fmt::format("{} incidents outside --mask are left out", ev.outside));

    auto r = std::make_unique<PredictResult>();
    r->months = {m_as_of.value_or(ev.last_month + 1), m_train, m_test, m_coverage};
    if (r->months.as_of > ev.last_month + 1)
        throw std::runtime_error(fmt::format("--as-of {}: the incidents end in {}; predict the month after the data ({}) or "
                                             "give data up to the month before --as-of",
                                             m_as_of_text, format_month_number(ev.last_month), format_month_number(ev.last_month + 1)));
    m_monthly = std::any_of(set.incidents.begin(), set.incidents.end(), [](const Incident& i) { return i.precision == TimePrecision::month; });
    choose_kernel(*r, area, ev, ctx);
    ctx.log().stage("back-tested");
    // Knox's estimate reads every month before the one predicted; the back-test reaches
    // --train-months before its first test month.
    const bool knox = m_estimate == "knox" && !(m_half_life > 0 && m_half_distance > 0);
    r->history_first = knox ? ev.first_month : r->bt.first_test - m_train;

    const auto score = prospective_surface(area, ev.inside, r->kernel, r->months);
    r->grid = area.grid;
    r->raster.assign(area.grid.cells(), std::numeric_limits<double>::quiet_NaN());
    for (std::size_t s = 0; s < score.size(); ++s) {
        r->raster[area.cells[s]] = score[s];
        r->top_score = std::max(r->top_score, score[s]);
    }
    r->study_cells = area.cells.size();
    make_zones(*r, area, score, in);
    const auto wanted = static_cast<std::size_t>(std::max(1.0, std::round(m_coverage * static_cast<double>(area.cells.size()))));
    if (r->zone_cells < wanted)
        ctx.log().warning(fmt::format("only {} study cells score above 0, so the zones cover {:.2f}% of the area, not {:g}%: "
                                      "a longer --train-months or --half-distance reaches more cells",
                                      r->zone_cells, 100.0 * static_cast<double>(r->zone_cells) / static_cast<double>(area.cells.size()),
                                      100 * m_coverage));
    warn_at_edge(*r, ctx.log());
    // The zones against the month they are for, when the data hold it (an --as-of in the past).
    std::vector<double> test(score.size(), 0), train(score.size(), 0);
    double tested = 0;
    for (const auto& i : ev.inside) {
        const int m = month_number(i.when);
        if (m == r->months.as_of) {
            test[static_cast<std::size_t>(i.slot)] += 1;
            tested += 1;
        } else if (m < r->months.as_of && m >= r->months.as_of - m_train) {
            train[static_cast<std::size_t>(i.slot)] += 1;
        }
    }
    if (tested > 0) r->realised = catch_of(score, test, train, m_coverage);
    // Which incidents each back-test month's N counts (those inside the study area in that month),
    // so that a release links it to every other count of them: beside a board of the mask's
    // wards by month it is their total, and gave a hidden ward's count back by difference.
    std::vector<int> row_months;
    for (const auto& row : r->bt.rows) row_months.push_back(row.test_month);
    r->tested = tested_incidents(forecast_incidents(set, area), row_months, 1);
    r->metadata = metadata("predict", m_input, m_filters, in,
                           {{"mask", m_mask}, {"cell_m", m_cell}, {"as_of", format_month_number(r->months.as_of)},
                            {"half_life_days", r->kernel.half_life_days}, {"half_distance_m", r->kernel.half_distance_m},
                            {"decay_days", prospective_method(r->kernel).decay_days},
                            {"radius_m", prospective_method(r->kernel).radius}, {"estimate", m_estimate},
                            {"chosen_by", r->why}, {"coverage", m_coverage}, {"train_months", m_train},
                            {"test_months", m_test}, {"half_lives", m_half_lives}, {"half_distances", m_half_distances}});
    const auto& c = r->bt.candidates[r->bt.chosen];
    // The metadata's period is the month the products are for (the incidents read span more:
    // every month of the data); the months weighed are its history.
    r->metadata["period"] = period_of_months(r->months.as_of, r->months.as_of);
    r->metadata["history"] = period_of_months(r->history_first, r->months.as_of - 1);
    r->metadata["backtest"] = {{"first_month", format_month_number(r->bt.first_test)},
                               {"last_month", format_month_number(r->bt.last_test)},
                               {"mean_hit_rate", c.mean_hit}, {"mean_pai", c.mean_pai}};
    return r;
}

// A choice at the end of a list of candidates may lie beyond it: say so.
void Predict::warn_at_edge(const PredictResult& r, Log& log) const {
    if (r.why.rfind("back-test", 0) != 0) return;
    auto edge = [&](const std::vector<double>& list, double v, const char* option, const char* unit) {
        if (list.size() < 2) return;
        const auto [lo, hi] = std::minmax_element(list.begin(), list.end());
        if (v == *lo || v == *hi)
            log.warning(fmt::format("the back-test chose {:g} {}, the {} of --{}: the best may lie beyond; give {} values to try",
                                    v, unit, v == *lo ? "smallest" : "largest", option, v == *lo ? "smaller" : "larger"));
    };
    edge(m_half_lives, r.kernel.half_life_days, "half-lives", "days");
    edge(m_half_distances, r.kernel.half_distance_m, "half-distances", "m");
}

// The top cells as connected groups, ranked by their summed score, labelled P1, P2, ...
void Predict::make_zones(PredictResult& r, const StudyArea& area, const std::vector<double>& score, const Ingested& in) const {
    const auto cells = top_cells(score, m_coverage);
    r.zone_cells = cells.size();
    std::vector<double> hot(area.grid.cells(), 0.0);
    r.cut = cells.empty() ? 0 : score[cells.front()];
    for (auto s : cells) {
        hot[area.cells[s]] = score[s];
        r.cut = std::min(r.cut, score[s]);
        r.selected_score += score[s];
    }
    // Incidents after the month predicted are not the zones' history.
    IncidentSet before = in.set.empty_like();
    std::vector<std::uint32_t> index;
    for (std::size_t i = 0; i < in.set.incidents.size(); ++i)
        if (month_number(in.set.incidents[i].from) < r.months.as_of) {
            before.incidents.push_back(in.set.incidents[i]);
            index.push_back(static_cast<std::uint32_t>(i));
        }
    r.incidents = before.incidents.size();
    const auto comps = connected_components(hot, area.grid, r.cut > 0 ? r.cut : 1e-300);
    // Designated, not assigned: GCC 12 warns falsely (-Wrestrict) on assigning a short literal.
    const HotspotOptions o{.prefix = "P", .rank_by_sum = true};
    r.zones = build_hotspots(before, area.grid, comps, in.layers, o);
    for (const auto& l : in.layers) r.layer_labels.push_back(l.label());
    for (auto& z : r.zones.hotspots) {
        for (auto& m : z.members) m = index[m];
        r.zone_score.push_back(comps.list[z.component].sum);
    }
}

void Predict::write(const Result& result, Writer& w) const {
    const auto& r = result_as<PredictResult>(result);
    using R = ColumnRole;
    const auto& c = r.bt.candidates[r.bt.chosen];
    if (!m_zones.empty()) {
        using io::FieldType;
        io::FeatureTable t;
        t.layer = "zones";
        t.crs = m_input.work_crs;
        t.metadata = r.metadata;
        t.fields = {{"rank", FieldType::integer, R::rank},
                    {"label", FieldType::text, R::area},
                    {"cells", FieldType::integer, R::measure},
                    {"area_m2", FieldType::real, R::measure},
                    {"score", FieldType::real, R::rate},
                    {"expected_share_pct", FieldType::real, R::rate},
                    {"backtest_hit_pct", FieldType::real, R::rate},
                    {"backtest_pai", FieldType::real, R::rate},
                    {"incidents", FieldType::integer, R::count},
                    {"street", FieldType::text, R::place},
                    {"centroid_lon", FieldType::real, R::area},
                    {"centroid_lat", FieldType::real, R::area}};
        for (const auto& l : r.layer_labels) t.fields.push_back({l, FieldType::text, R::area});
        geo::Transformer to_lonlat(t.crs, "EPSG:4326");
        Members inside{"incidents", {}};
        for (std::size_t k = 0; k < r.zones.hotspots.size(); ++k) {
            const auto& z = r.zones.hotspots[k];
            double lon = z.centroid.x, lat = z.centroid.y;
            to_lonlat.transform(&lon, &lat, 1);
            const double share = r.selected_score > 0 ? r.zone_score[k] / r.selected_score : 0;
            t.rows.push_back({std::int64_t{z.rank}, z.label, std::int64_t(std::llround(z.area_m2 / (m_cell * m_cell))),
                              round_to(z.area_m2, 1), round_to(r.zone_score[k], 4), round_to(100 * c.mean_hit * share, 2),
                              round_to(100 * c.mean_hit, 2), round_to(c.mean_pai, 3), static_cast<std::int64_t>(z.incidents),
                              z.place, round_to(lon, 6), round_to(lat, 6)});
            for (const auto& a : z.areas) t.rows.back().emplace_back(areas_text(a));
            t.geometries.push_back(z.polygon);
            inside.rows.push_back(z.members);
        }
        w.counts("zones", {std::move(inside)});
        w.features("zones", t, io::hotspot_style());
    }
    if (!m_summary.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (std::size_t k = 0; k < r.bt.candidates.size(); ++k) {
            const auto& s = r.bt.candidates[k];
            const auto m = prospective_method(s.kernel);
            rows.push_back({fmt::format("{:g}", s.kernel.half_life_days), fmt::format("{:g}", s.kernel.half_distance_m),
                            fmt::format("{:.17g}", m.decay_days), fmt::format("{:g}", m.radius),
                            format_month_number(r.bt.first_test), format_month_number(r.bt.last_test),
                            std::to_string(r.bt.last_test - r.bt.first_test + 1), fmt::format("{:.6g}", s.mean_hit),
                            fmt::format("{:.6g}", s.min_hit), fmt::format("{:.6g}", s.max_hit), fmt::format("{:.6g}", s.mean_pai),
                            fmt::format("{:.6g}", s.min_pai), fmt::format("{:.6g}", s.max_pai), k == r.bt.chosen ? "1" : "0"});
        }
        w.table("summary",
                {{"half_life_days", R::measure}, {"half_distance_m", R::measure}, {"decay_days", R::measure},
                 {"radius_m", R::measure}, {"first_test", R::identifier}, {"last_test", R::identifier},
                 {"months", R::measure}, {"mean_hit_rate", R::rate}, {"min_hit_rate", R::rate},
                 {"max_hit_rate", R::rate}, {"mean_pai", R::rate}, {"min_pai", R::rate}, {"max_pai", R::rate},
                 {"chosen", R::category}},
                rows, r.metadata);
    }
    if (!m_backtest.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& row : r.bt.rows)
            rows.push_back({format_month_number(row.test_month), fmt::format("{:.6g}", row.c.n), fmt::format("{:g}", row.c.N),
                            fmt::format("{:g}", row.c.cells), fmt::format("{:.6g}", row.c.hit_rate), fmt::format("{:.6g}", row.c.pai)});
        if (w.wants_counts()) w.counts("backtest", {Members{"N", r.tested.rows()}});
        w.table("backtest",
                {{"test_month", R::identifier}, {"n", R::count}, {"N", R::count}, {"cells", R::measure},
                 {"hit_rate", R::rate, Derivation::ratio("n", "N")}, {"pai", R::rate}},
                rows, r.metadata);
    }
    if (!m_output.empty())
        w.raster("surface", {&r.grid, &r.raster, m_input.work_crs, io::make_srs(m_input.work_crs),
                             "prospective score (incidents weighted by age and distance)", r.metadata, false, 0},
                 io::density_style(r.top_score, r.cut, "prospective score"));
}

std::string Predict::report(const Result& result) const {
    const auto& r = result_as<PredictResult>(result);
    const auto& c = r.bt.candidates[r.bt.chosen];
    const auto m = prospective_method(r.kernel);
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "prediction for {}: half-life {:g} days, half-distance {:g} m (decay {:.4g} days, reach {:g} m); {}\n",
                   format_month_number(r.months.as_of), r.kernel.half_life_days, r.kernel.half_distance_m, m.decay_days,
                   m.radius, r.why);
    fmt::format_to(out, "back-test {} .. {} ({} months, {} months of training each) at {:g}% of the area: hit rate {:.1f}% "
                        "(range {:.1f} to {:.1f}), PAI {:.2f} (range {:.2f} to {:.2f})\n",
                   format_month_number(r.bt.first_test), format_month_number(r.bt.last_test), r.bt.last_test - r.bt.first_test + 1,
                   m_train, 100 * m_coverage, 100 * c.mean_hit, 100 * c.min_hit, 100 * c.max_hit, c.mean_pai, c.min_pai, c.max_pai);
    const double cell_km2 = m_cell * m_cell / 1e6;
    fmt::format_to(out, "{} zones of {} cells ({:.2f} km2, {:.2f}% of {} study cells)\n", r.zones.hotspots.size(), r.zone_cells,
                   static_cast<double>(r.zone_cells) * cell_km2,
                   100.0 * static_cast<double>(r.zone_cells) / static_cast<double>(r.study_cells), r.study_cells);
    if (r.realised)
        fmt::format_to(out, "in {} itself (in the data): hit rate {:.1f}%, PAI {:.2f}\n", format_month_number(r.months.as_of),
                       100 * r.realised->hit_rate, r.realised->pai);
    const std::size_t shown = std::min<std::size_t>(r.zones.hotspots.size(), 10);
    if (shown) fmt::format_to(out, "{:<4} {:<40} {:>9} {:>9}\n", "rank", "label", "area ha", "expected");
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& z = r.zones.hotspots[k];
        const double share = r.selected_score > 0 ? r.zone_score[k] / r.selected_score : 0;
        fmt::format_to(out, "{:<4} {:<40} {:>9.1f} {:>8.1f}%\n", z.rank, z.label.substr(0, 40), z.area_m2 / 1e4,
                       100 * c.mean_hit * share);
    }
    if (r.zones.hotspots.size() > shown) fmt::format_to(out, "... {} more in the output\n", r.zones.hotspots.size() - shown);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_predict() { return std::make_unique<Predict>(); }

}  // namespace hotspots::steps
