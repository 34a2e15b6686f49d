#pragma once
// The Knox test for near repeats, as in Ratcliffe's Near Repeat Calculator, and
// near-repeat chains.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

enum class DistanceKind { euclidean, manhattan };

struct KnoxEvent {
    double x = 0, y = 0;
    double t = 0;  // in the time unit: days (fractional) or a month number
};

struct KnoxOptions {
    std::vector<double> space_edges{0, 100, 200, 300, 400};  // metres, ascending, first 0
    std::vector<double> time_edges{0, 7, 14, 21, 28};       // time units, ascending, first 0
    DistanceKind distance = DistanceKind::euclidean;
    int permutations = 999;
    std::uint64_t seed = 1;
    unsigned threads = 0;
};

// Rows: 0 "same location" (d = 0), then one per space band [e_k, e_k+1) for d > 0, then
// "beyond" (d >= the last edge). Columns: one per time band [t_k, t_k+1), then "beyond".
// Every pair of events is in exactly one cell.
struct KnoxCell {
    std::uint64_t observed = 0;
    double mean = 0, median = 0;  // of the permuted counts
    double ratio = 0;             // observed / mean (0 when the mean is 0)
    std::uint64_t at_least = 0;   // permutations with a count >= observed
    double p = 1;                 // (at_least + 1) / (permutations + 1)
};

struct KnoxTable {
    std::size_t rows = 0, cols = 0;
    std::vector<std::string> row_labels, col_labels;
    std::vector<KnoxCell> cells;  // row-major
    std::uint64_t pairs = 0, near_pairs = 0;
    const KnoxCell& at(std::size_t r, std::size_t c) const { return cells[r * cols + c]; }
};

// Throws std::invalid_argument unless the edges start at 0 and increase (`what`: "space").
void check_band_edges(const std::vector<double>& edges, const char* what);

// Enumerates the pairs closer than the last space edge with a grid, then permutes the events'
// times (Monte Carlo, each permutation from its own seed, so results do not depend on the
// number of threads). Throws std::invalid_argument for bad edges.
KnoxTable knox_test(const std::vector<KnoxEvent>& events, const KnoxOptions& o, const std::string& unit);

// Observed counts by the obvious double loop over all pairs (for tests).
std::vector<std::uint64_t> knox_observed_brute_force(const std::vector<KnoxEvent>& events, const KnoxOptions& o);

struct ChainMembership {
    std::int64_t chain = -1;  // -1: in no chain
    std::size_t size = 0, position = 0;  // position 1 = the originator
};
// Links events within `metres` (by o.distance) and `time` units of each other (both
// inclusive); each linked group of 2+ is a chain, numbered by its originator's order. The
// originator is the earliest event, ties broken by `order` (e.g. the incident id's rank).
std::vector<ChainMembership> near_repeat_chains(const std::vector<KnoxEvent>& events, const std::vector<std::size_t>& order,
                                          double metres, double time, DistanceKind distance);

}  // namespace hotspots
