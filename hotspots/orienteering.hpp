#pragma once
// The orienteering problem (Tsiligirides 1984; Vansteenwegen, Souffriau & Van Oudheusden
// 2011): from a start, visit the stops that give the most prize within a length budget,
// ending at a given point (the start again, for a round walk) or anywhere. See docs/walk.md.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

struct Orienteering {
    std::vector<double> prize;  // per stop, >= 0
    // Walking distances, (n + 2) x (n + 2) row-major: stops 0..n-1, then the start (n) and
    // the end (n + 1). An open walk has every distance to the end 0. Symmetric between stops.
    std::vector<double> distance;
    double budget = 0;
    std::size_t max_visits = 0;  // the most stops a walk visits (0: no limit)
    std::size_t stops() const noexcept { return prize.size(); }
    double d(std::size_t i, std::size_t j) const noexcept { return distance[i * (prize.size() + 2) + j]; }
    std::size_t start() const noexcept { return prize.size(); }
    std::size_t end() const noexcept { return prize.size() + 1; }
};

struct Walk {
    std::vector<std::uint32_t> stops;  // in visiting order
    double prize = 0, length = 0;      // length from the start to the end
    std::string method;                // "exact" or "heuristic"
    bool optimal = false;
};

// The length of visiting `stops` in order from the start to the end.
double walk_length(const Orienteering& p, const std::vector<std::uint32_t>& stops);

// Exact by dynamic programming over subsets (Held-Karp), for at most `exact_limit` stops
// (throws std::invalid_argument above). The most prize; among equal prizes, the shortest.
inline constexpr std::size_t exact_limit = 16;
Walk exact_walk(const Orienteering& p);

// Greedy insertion (the stop with the most prize per metre added, at its cheapest place),
// 2-opt and or-opt to shorten, then `rounds` of iterated local search (remove a run of stops,
// insert again; Vansteenwegen et al. 2009). Deterministic.
Walk heuristic_walk(const Orienteering& p, int rounds = 400);

}  // namespace hotspots
