// nearrepeat: the Knox test for near repeats, and near-repeat chains.
#include "hotspots/knox.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <numeric>

namespace hotspots::steps {
namespace {

std::vector<double> edges(const std::string& text) {
    std::vector<double> v;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(',', pos), text.size());
        double x = 0;
        const auto [p, ec] = std::from_chars(text.data() + pos, text.data() + end, x);
        if (ec != std::errc() || p != text.data() + end || !std::isfinite(x))
            throw UsageError(fmt::format("'{}': give band edges as numbers, e.g. 0,100,200,300,400", text));
        v.push_back(x);
        pos = end + 1;
    }
    return v;
}

std::vector<double> regular(double width, int count) {
    std::vector<double> v;
    for (int k = 0; k <= count; ++k) v.push_back(width * k);
    return v;
}

struct NearRepeatResult : Result {
    KnoxTable table;
    nlohmann::json metadata;
    std::vector<std::vector<std::string>> chain_rows;
    nlohmann::json chain_metadata;
};

class NearRepeat : public Step {
public:
    NearRepeat() {
        declare_common(false);
        auto& p = m_params;
        p.value("space-bands", m_space_edges, "Distance band edges in metres", edges).def("0,100,200,300,400").in_unit("metres");
        p.value("time-bands", m_time_edges, "Time band edges (in --time-unit)", edges).def("0,7,14,21,28");
        p.number("space-band", m_space_band, "Regular distance bands of this width (with --space-count)", Range::above(0))
            .in_unit("metres");
        p.integer("space-count", m_space_count, "Number of regular distance bands", Range::between(1, 1000));
        p.number("time-band", m_time_band, "Regular time bands of this width (with --time-count)", Range::above(0));
        p.integer("time-count", m_time_count, "Number of regular time bands", Range::between(1, 1000));
        p.text("time-unit", m_time_unit, "days or months (month-only data needs months)").one_of({"days", "months"}).def("days");
        p.text("distance", m_distance, "euclidean or manhattan").one_of({"euclidean", "manhattan"}).def("euclidean");
        p.integer("permutations", m_permutations, "Monte Carlo permutations", Range::between(1, 99999)).def("999");
        p.integer("seed", m_seed, "Seed of the permutations", Range::at_least(0)).def("1");
        p.output("output", m_output, "The table as CSV (one row per cell)", "knox", ".csv").short_form("o");
        p.output("json", m_json, "The table and its metadata as JSON", "knox_json", ".json");
        p.output("chains", m_chains, "Write near-repeat chains (CSV: one row per linked incident)", "chains", ".csv");
        p.number("chain-distance", m_chain_distance, "Chains link incidents within this many metres", Range::at_least(0))
            .def("200")
            .in_unit("metres");
        p.value("chain-time", m_chain_time,
                "... and within this many time units (auto: 14 days, or 0 months: the same month)",
                [](const std::string& v) { return v == "auto" ? -1.0 : parse_number(v, Range::at_least(0)); })
            .def("auto");
    }
    StepInfo info() const override {
        return {"nearrepeat",
                "Knox test for near repeats (as the Near Repeat Calculator), and near-repeat chains",
                "docs/repeats.md",
                {{.role = "knox", .kind = ProductKind::table, .title = "Near repeats (Knox test)", .table = TableView::heat},
                 {.role = "knox_json", .kind = ProductKind::text},
                 {.role = "chains", .kind = ProductKind::table, .title = "Near-repeat chains", .locates_incidents = true}},
                metadata_roles({{ColumnRole::measure, "parameters.{chain_distance_m chain_time distance permutations rule "
                                          "seed space_edges_m time_edges time_unit}"}})};
    }
    void check(Context&, const AreaLayers&) override {
        // A default in days would mean months on month-only data (14 months links nearly all).
        if (m_chain_time < 0) m_chain_time = m_time_unit == "months" ? 0 : 14;
        if (m_space_band > 0) m_space_edges = regular(m_space_band, std::max(1, m_space_count));
        if (m_time_band > 0) m_time_edges = regular(m_time_band, std::max(1, m_time_count));
        try {
            check_band_edges(m_space_edges, "space");
            check_band_edges(m_time_edges, "time");
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
        // Every permutation keeps its count of every cell (for medians and p-values).
        const double cells = static_cast<double>(m_space_edges.size() + 1) * static_cast<double>(m_time_edges.size());
        const double bytes = cells * m_permutations * 8;
        if (bytes > 4e9)
            throw UsageError(fmt::format("{} permutations of a table of {:.0f} cells need {:.1f} GB; use fewer bands or "
                                         "permutations (999 permutations of a 6 x 5 table need 0.2 MB)",
                                         m_permutations, cells, bytes / 1e9));
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::vector<double> m_space_edges, m_time_edges;
    double m_space_band = 0, m_time_band = 0;
    int m_space_count = 0, m_time_count = 0;
    std::string m_time_unit = "days", m_distance = "euclidean";
    int m_permutations = 999;
    std::uint64_t m_seed = 1;
    std::string m_output, m_json, m_chains;
    double m_chain_distance = 200, m_chain_time = 14;
};

std::unique_ptr<Result> NearRepeat::run(Ingested& in, Context& ctx) {
    KnoxOptions k;
    k.space_edges = m_space_edges;
    k.time_edges = m_time_edges;
    k.distance = m_distance == "manhattan" ? DistanceKind::manhattan : DistanceKind::euclidean;
    k.permutations = m_permutations;
    k.seed = m_seed;
    k.threads = ctx.threads();
    const bool months = m_time_unit == "months";
    const auto& set = in.set;
    if (set.incidents.size() < 2) throw std::runtime_error("the Knox test needs at least two incidents after filtering");
    const auto month_only = static_cast<std::size_t>(std::count_if(
        set.incidents.begin(), set.incidents.end(), [](const Incident& i) { return i.precision == TimePrecision::month; }));
    if (month_only && !months)
        throw UsageError(fmt::format(
            "{} of {} incidents have month-only dates (data.police.uk), so gaps in days are unknown: use month bands, "
            "e.g. --time-unit months --time-bands 0,1,2,3",
            month_only, set.incidents.size()));

    std::vector<KnoxEvent> events;
    for (const auto& i : set.incidents)
        events.push_back({i.x, i.y, months ? static_cast<double>(month_number(i.from)) : static_cast<double>(i.from) / 86400.0});
    auto r = std::make_unique<NearRepeatResult>();
    try {
        r->table = knox_test(events, k, months ? "months" : "days");
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    ctx.log().stage("Knox test done");
    r->metadata = metadata("nearrepeat", m_input, m_filters, in,
                           {{"space_edges_m", k.space_edges}, {"time_edges", k.time_edges}, {"time_unit", m_time_unit},
                            {"distance", m_distance}, {"permutations", k.permutations}, {"seed", k.seed},
                            {"rule", "bands are half-open [a, b); distance 0 is 'same location'; the last column and row "
                                     "are beyond the last edge"}});
    r->metadata["pairs"] = r->table.pairs;
    r->metadata["near_pairs"] = r->table.near_pairs;
    if (m_chains.empty()) return r;

    // Ties in time go to the incident whose id sorts first (then input order).
    std::vector<std::size_t> by_id(set.incidents.size()), order(set.incidents.size());
    std::iota(by_id.begin(), by_id.end(), 0);
    std::stable_sort(by_id.begin(), by_id.end(),
                     [&](std::size_t a, std::size_t b) { return set.id(set.incidents[a]) < set.id(set.incidents[b]); });
    for (std::size_t q = 0; q < by_id.size(); ++q) order[by_id[q]] = q;
    const auto links = near_repeat_chains(events, order, m_chain_distance, m_chain_time, k.distance);
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < links.size(); ++i)
        if (links[i].chain > 0) idx.push_back(i);
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return links[a].chain != links[b].chain ? links[a].chain < links[b].chain : links[a].position < links[b].position;
    });
    // An originator is the earliest incident of its chain; others of the same time (month, for
    // month-only data) are as early: the role says the tie rather than a false order.
    std::map<std::int64_t, double> first_time;
    std::map<std::int64_t, int> at_first;
    for (std::size_t i : idx) {
        auto [it, added] = first_time.emplace(links[i].chain, events[i].t);
        if (added || events[i].t == it->second) ++at_first[links[i].chain];
    }
    const std::string tie = months ? " (tie: same month)" : " (tie: same time)";
    std::int64_t chains = 0;
    for (std::size_t i : idx) {
        const auto& inc = set.incidents[i];
        chains = std::max(chains, links[i].chain);
        const bool tied = at_first[links[i].chain] > 1 && events[i].t == first_time[links[i].chain];
        const std::string role = (links[i].position == 1 ? "originator" : "near repeat") + (tied ? tie : "");
        r->chain_rows.push_back({std::to_string(links[i].chain), std::to_string(links[i].size),
                                 std::to_string(links[i].position), role,
                                 std::string(set.id(inc)), set.sources[inc.source].path, std::to_string(inc.row),
                                 format_datetime(inc.from), fmt::format("{:.2f}", inc.x), fmt::format("{:.2f}", inc.y),
                                 std::string(slug(inc.category)), set.text(inc.location)});
    }
    r->chain_metadata = r->metadata;
    r->chain_metadata["parameters"]["chain_distance_m"] = m_chain_distance;
    r->chain_metadata["parameters"]["chain_time"] = m_chain_time;
    ctx.log().note(fmt::format("{} chains ({} incidents) within {:g} m and {:g} {}", chains, idx.size(), m_chain_distance,
                               m_chain_time, m_time_unit));
    return r;
}

void NearRepeat::write(const Result& result, Writer& w) const {
    const auto& r = result_as<NearRepeatResult>(result);
    const auto& t = r.table;
    nlohmann::json cells = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (std::size_t q = 0; q < t.rows; ++q)
        for (std::size_t c = 0; c < t.cols; ++c) {
            const auto& x = t.at(q, c);
            cells.push_back({{"distance", t.row_labels[q]}, {"time", t.col_labels[c]}, {"observed", x.observed},
                             {"permuted_mean", x.mean}, {"permuted_median", x.median}, {"knox_ratio", x.ratio},
                             {"p_value", x.p}, {"permutations_at_least_observed", x.at_least}});
            rows.push_back({t.row_labels[q], t.col_labels[c], std::to_string(x.observed), fmt::format("{:.4f}", x.mean),
                            fmt::format("{}", x.median), fmt::format("{:.4f}", x.ratio), fmt::format("{:.4f}", x.p)});
        }
    using R = ColumnRole;
    w.table("knox",
            {{"distance", R::identifier}, {"time", R::identifier}, {"observed", R::count}, {"permuted_mean", R::statistic},
             {"permuted_median", R::statistic}, {"knox_ratio", R::statistic}, {"p_value", R::statistic}},
            rows, r.metadata);
    nlohmann::json doc = r.metadata;
    doc["cells"] = cells;
    w.text("knox_json", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", ".json");
    if (!r.chain_rows.empty() || !m_chains.empty())
        w.table("chains",
                {{"chain", R::identifier}, {"chain_size", R::count}, {"position", R::identifier}, {"role", R::category},
                 {"id", R::identifier}, {"source_file", R::identifier}, {"source_row", R::identifier}, {"date", R::date},
                 {"x", R::place}, {"y", R::place}, {"category", R::category}, {"location", R::place}},
                r.chain_rows, r.chain_metadata);
}

std::string NearRepeat::report(const Result& result) const {
    const auto& t = result_as<NearRepeatResult>(result).table;
    std::string s;
    auto out = std::back_inserter(s);
    fmt::format_to(out, "Knox ratios (observed / mean of permutations); * p <= 0.05, ** p <= 0.01 (one-sided: more pairs "
                        "than chance)\n");
    fmt::format_to(out, "{:<16}", "");
    for (const auto& c : t.col_labels) fmt::format_to(out, "{:>14}", c);
    fmt::format_to(out, "\n");
    for (std::size_t r = 0; r < t.rows; ++r) {
        fmt::format_to(out, "{:<16}", t.row_labels[r]);
        for (std::size_t c = 0; c < t.cols; ++c) {
            const auto& cell = t.at(r, c);
            // The last cell is what every other cell leaves of the fixed total: no test of its own.
            const bool rest = r + 1 == t.rows && c + 1 == t.cols;
            const char* mark = rest ? "  " : cell.p <= 0.01 ? "**" : cell.p <= 0.05 ? "* " : "  ";
            fmt::format_to(out, "{:>12}{}", cell.mean > 0 ? fmt::format("{:.2f}", cell.ratio) : "-", mark);
        }
        fmt::format_to(out, "\n");
    }
    fmt::format_to(out, "{} pairs of incidents, {} of them closer than the last distance band\n", t.pairs, t.near_pairs);
    return s;
}

}  // namespace

std::unique_ptr<Step> make_nearrepeat() { return std::make_unique<NearRepeat>(); }

}  // namespace hotspots::steps
