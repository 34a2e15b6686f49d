// hotspots nearrepeat: the Knox test for near repeats, and near-repeat chains.
#include "cli/commands.hpp"
#include "cli/ingest_options.hpp"
#include "hotspots/knox.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <numeric>

namespace hotspots::cli {
namespace {

struct NearRepeatOptions {
    IngestOptions ingest;
    std::string space_bands = "0,100,200,300,400", time_bands = "0,7,14,21,28";
    double space_band = 0, time_band = 0;
    int space_count = 0, time_count = 0;
    std::string time_unit = "days", distance = "euclidean";
    int permutations = 999;
    std::uint64_t seed = 1;
    std::string output, json, chains;
    double chain_distance = 200, chain_time = 14;
};

std::vector<double> edges(const std::string& text, const char* option) {
    std::vector<double> v;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find(',', pos), text.size());
        double x = 0;
        const auto [p, ec] = std::from_chars(text.data() + pos, text.data() + end, x);
        if (ec != std::errc() || p != text.data() + end)
            throw UsageError(fmt::format("{} '{}': give band edges as numbers, e.g. 0,100,200,300,400", option, text));
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

void print_table(const KnoxTable& t) {
    fmt::print("Knox ratios (observed / mean of permutations); * p <= 0.05, ** p <= 0.01 (one-sided: more pairs than "
               "chance)\n");
    fmt::print("{:<16}", "");
    for (const auto& c : t.col_labels) fmt::print("{:>14}", c);
    fmt::print("\n");
    for (std::size_t r = 0; r < t.rows; ++r) {
        fmt::print("{:<16}", t.row_labels[r]);
        for (std::size_t c = 0; c < t.cols; ++c) {
            const auto& cell = t.at(r, c);
            // The last cell is what every other cell leaves of the fixed total: no test of its own.
            const bool rest = r + 1 == t.rows && c + 1 == t.cols;
            const char* mark = rest ? "  " : cell.p <= 0.01 ? "**" : cell.p <= 0.05 ? "* " : "  ";
            fmt::print("{:>12}{}", cell.mean > 0 ? fmt::format("{:.2f}", cell.ratio) : "-", mark);
        }
        fmt::print("\n");
    }
    fmt::print("{} pairs of incidents, {} of them closer than the last distance band\n", t.pairs, t.near_pairs);
}

int run_nearrepeat(const NearRepeatOptions& o) {
    KnoxOptions k;
    k.space_edges = o.space_band > 0 ? regular(o.space_band, std::max(1, o.space_count)) : edges(o.space_bands, "--space-bands");
    k.time_edges = o.time_band > 0 ? regular(o.time_band, std::max(1, o.time_count)) : edges(o.time_bands, "--time-bands");
    k.distance = o.distance == "manhattan" ? DistanceKind::manhattan : DistanceKind::euclidean;
    k.permutations = o.permutations;
    k.seed = o.seed;
    k.threads = o.ingest.threads;
    const bool months = o.time_unit == "months";
    Reporter report("nearrepeat", o.ingest.quiet, o.ingest.verbose);
    Ingested in = ingest(o.ingest, report);
    const auto& set = in.read.set;
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
    KnoxTable t;
    try {
        t = knox_test(events, k, months ? "months" : "days");
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    report.stage("Knox test done");
    print_table(t);

    nlohmann::json cells = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < t.rows; ++r)
        for (std::size_t c = 0; c < t.cols; ++c) {
            const auto& x = t.at(r, c);
            cells.push_back({{"distance", t.row_labels[r]}, {"time", t.col_labels[c]}, {"observed", x.observed},
                             {"permuted_mean", x.mean}, {"permuted_median", x.median}, {"knox_ratio", x.ratio},
                             {"p_value", x.p}, {"permutations_at_least_observed", x.at_least}});
            rows.push_back({t.row_labels[r], t.col_labels[c], std::to_string(x.observed), fmt::format("{:.4f}", x.mean),
                            fmt::format("{}", x.median), fmt::format("{:.4f}", x.ratio), fmt::format("{:.4f}", x.p)});
        }
    auto meta = metadata("nearrepeat", o.ingest, in,
                         {{"space_edges_m", k.space_edges}, {"time_edges", k.time_edges}, {"time_unit", o.time_unit},
                          {"distance", o.distance}, {"permutations", k.permutations}, {"seed", k.seed},
                          {"rule", "bands are half-open [a, b); distance 0 is 'same location'; the last column and row "
                                   "are beyond the last edge"}});
    meta["pairs"] = t.pairs;
    meta["near_pairs"] = t.near_pairs;
    if (!o.output.empty())
        io::write_table(o.output, {"distance", "time", "observed", "permuted_mean", "permuted_median", "knox_ratio", "p_value"},
                        rows, meta, in.inputs);
    if (!o.json.empty()) {
        nlohmann::json doc = meta;
        doc["cells"] = cells;
        io::write_text(o.json, doc.dump(2) + "\n", in.inputs);
    }
    if (!o.chains.empty()) {
        // Ties in time go to the incident whose id sorts first (then input order).
        std::vector<std::size_t> by_id(set.incidents.size()), order(set.incidents.size());
        std::iota(by_id.begin(), by_id.end(), 0);
        std::stable_sort(by_id.begin(), by_id.end(),
                         [&](std::size_t a, std::size_t b) { return set.id(set.incidents[a]) < set.id(set.incidents[b]); });
        for (std::size_t r = 0; r < by_id.size(); ++r) order[by_id[r]] = r;
        const auto links = near_repeat_chains(events, order, o.chain_distance, o.chain_time, k.distance);
        std::vector<std::vector<std::string>> out;
        std::vector<std::size_t> idx;
        for (std::size_t i = 0; i < links.size(); ++i)
            if (links[i].chain > 0) idx.push_back(i);
        std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
            return links[a].chain != links[b].chain ? links[a].chain < links[b].chain : links[a].position < links[b].position;
        });
        std::int64_t chains = 0;
        for (std::size_t i : idx) {
            const auto& inc = set.incidents[i];
            chains = std::max(chains, links[i].chain);
            out.push_back({std::to_string(links[i].chain), std::to_string(links[i].size), std::to_string(links[i].position),
                           links[i].position == 1 ? "originator" : "near repeat", std::string(set.id(inc)),
                           set.sources[inc.source].path, std::to_string(inc.row), format_datetime(inc.from),
                           fmt::format("{:.2f}", inc.x), fmt::format("{:.2f}", inc.y), std::string(slug(inc.category)),
                           set.text(inc.location)});
        }
        auto chain_meta = meta;
        chain_meta["parameters"]["chain_distance_m"] = o.chain_distance;
        chain_meta["parameters"]["chain_time"] = o.chain_time;
        io::write_table(o.chains,
                        {"chain", "chain_size", "position", "role", "id", "source_file", "source_row", "date", "x", "y",
                         "category", "location"},
                        out, chain_meta, in.inputs);
        report.note(fmt::format("{} chains ({} incidents) within {:g} m and {:g} {} written to {}", chains, idx.size(),
                                o.chain_distance, o.chain_time, o.time_unit, o.chains));
    }
    return 0;
}

}  // namespace

std::function<int()> setup_nearrepeat(CLI::App& app) {
    auto o = std::make_shared<NearRepeatOptions>();
    add_ingest_options(app, o->ingest, false);
    app.add_option("--space-bands", o->space_bands, "Distance band edges in metres")->capture_default_str();
    app.add_option("--time-bands", o->time_bands, "Time band edges (in --time-unit)")->capture_default_str();
    app.add_option("--space-band", o->space_band, "Regular distance bands of this width (with --space-count)");
    app.add_option("--space-count", o->space_count, "Number of regular distance bands");
    app.add_option("--time-band", o->time_band, "Regular time bands of this width (with --time-count)");
    app.add_option("--time-count", o->time_count, "Number of regular time bands");
    app.add_option("--time-unit", o->time_unit, "days or months (month-only data needs months)")
        ->check(CLI::IsMember({"days", "months"}))
        ->capture_default_str();
    app.add_option("--distance", o->distance, "euclidean or manhattan")
        ->check(CLI::IsMember({"euclidean", "manhattan"}))
        ->capture_default_str();
    app.add_option("--permutations", o->permutations, "Monte Carlo permutations")->capture_default_str();
    app.add_option("--seed", o->seed, "Seed of the permutations")->capture_default_str();
    app.add_option("-o,--output", o->output, "The table as CSV (one row per cell)");
    app.add_option("--json", o->json, "The table and its metadata as JSON");
    app.add_option("--chains", o->chains, "Write near-repeat chains (CSV: one row per linked incident)");
    app.add_option("--chain-distance", o->chain_distance, "Chains link incidents within this many metres")
        ->capture_default_str();
    app.add_option("--chain-time", o->chain_time, "... and within this many time units")->capture_default_str();
    return [o] { return run_nearrepeat(*o); };
}

}  // namespace hotspots::cli
