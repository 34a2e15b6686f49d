#pragma once
// Months where a count series changed its level: Poisson change points by optimal partitioning
// (PELT, Killick, Fearnhead and Eckley 2012, whose pruning keeps the optimum exact). See
// docs/dashboard.md ("Change points").
#include <cstddef>
#include <vector>

namespace hotspots {

struct ChangePointOptions {
    // Penalty per change, as a multiple of ln n (n: the months with data), on the scale of
    // twice the negative log-likelihood: 3 is the change term of the modified BIC (Zhang and
    // Siegmund 2007), 2 the BIC (SIC) of a change in a Poisson mean.
    double penalty_log_n = 3;
    int min_segment = 3;  // months of each level, at least (missing months count in the length)
};

struct ChangePoints {
    std::vector<int> starts;    // index of the first month of each level after the first (ascending)
    std::vector<double> level;  // per month: the Poisson mean (count a month) of its level
    double cost = 0;            // the optimum: -2 log-likelihood (without its constant) + penalty x changes
    double penalty = 0;         // the penalty used per change
};

// Twice the negative Poisson log-likelihood, without the terms of the counts alone, of months
// [from, to) fitted by one mean; months in `missing` (may be empty) are left out.
double poisson_segment_cost(const std::vector<double>& counts, const std::vector<char>& missing, int from, int to);

// The change points of area `a`'s series of theme `t` in a dashboard's monthly counts, its
// months of missing data (month numbers, sorted: Dashboard::gaps) held as no data.
struct CountCube;
ChangePoints cube_change_points(const CountCube& cube, std::size_t a, std::size_t t, const std::vector<int>& gap_months,
                                const ChangePointOptions& options);

// The optimal partition of `counts` (non-negative; months flagged in `missing`, same length or
// empty, hold no data) minimising the sum of segment costs plus the penalty per change, with
// every segment at least `min_segment` months long. A series shorter than two segments, or with
// fewer than two months of data, has no change. Throws std::invalid_argument on a negative or
// non-finite count or options out of range. O(n) to O(n^2).
ChangePoints poisson_change_points(const std::vector<double>& counts, const std::vector<char>& missing,
                                   const ChangePointOptions& options);

}  // namespace hotspots
