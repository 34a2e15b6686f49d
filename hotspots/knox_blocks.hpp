#pragma once
// The Knox test's counting engine: the close pairs found once, grouped by space row, and the
// counts of several assignments of times (permutations) made in one pass over them.
#include "hotspots/knox.hpp"

#include <cstdint>
#include <vector>

namespace hotspots::detail {

// Row of a distance: 0 same place, 1..S bands, S + 1 beyond.
std::size_t knox_space_row(double d, const std::vector<double>& space_edges);
// Column of a time gap: 0..T-1 bands, T beyond.
std::size_t knox_time_col(double dt, const std::vector<double>& time_edges);

// Pairs closer than the last space edge (strictly), in the events' grid order: events are
// relabelled cell by cell so that a pair's two events sit close together in memory.
struct KnoxPairs {
    std::vector<std::uint32_t> label;  // new index of each event
    std::vector<std::uint32_t> a, b;   // the pairs, by new index, row by row
    std::vector<std::size_t> row_start;  // pairs of space row r: [row_start[r], row_start[r + 1])
    std::size_t size() const { return a.size(); }
};

KnoxPairs knox_pairs(const std::vector<KnoxEvent>& events, const std::vector<double>& space_edges, DistanceKind kind);

// Permutations counted per pass over the pairs: each pair's two times are one 64-byte line.
constexpr std::size_t knox_lanes = 8;

// The counting loop for the CPU's widest vectors (best), or one named, for tests that check
// each against the others on the CPUs that have them.
enum class KnoxKernel { best, avx512, avx2, portable };
bool knox_kernel_available(KnoxKernel k);
KnoxKernel knox_best_kernel();  // what best means on this CPU
const char* knox_kernel_name(KnoxKernel k);  // "AVX-512", "AVX2", "SSE2" (x86-64) or "128-bit"

// Counts (rows 0..S, the near rows, x the time columns, row-major) for up to knox_lanes
// assignments of times at once. `times[label * knox_lanes + k]` is the time of an event in
// assignment k; returns knox_lanes count tables, one after the other. Throws
// std::invalid_argument for a kernel this CPU cannot run.
std::vector<std::uint64_t> knox_block_counts(const KnoxPairs& pairs, const double* times, const std::vector<double>& time_edges,
                                             KnoxKernel kernel = KnoxKernel::best);

// The times of the events in permutation p: Fisher-Yates from the permutation's own seed, so
// that a permutation's result depends neither on the threads nor on how they are blocked.
void knox_shuffle(double* times, std::size_t n, std::uint64_t seed, std::size_t p);

}  // namespace hotspots::detail
