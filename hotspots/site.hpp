#pragma once
// Where to put cameras (or knife bins, safe places): covering location models on points.
// Maximal covering (Church & ReVelle 1974): the N sites covering the most demand; location set
// covering (Toregas et al. 1971) for a share of demand: the fewest sites; a budget form with
// costs. Greedy (lazy, deterministic) and exact (GLPK's branch and cut, with a time limit).
// See docs/site.md.
#include "geo/partition.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hotspots {

struct SiteProblem {
    std::vector<double> demand;                      // weight of each demand point
    std::vector<std::vector<std::uint32_t>> covers;  // per candidate: the demand points it covers, ascending
    std::vector<double> cost;                        // per candidate (empty: 1 each)
    std::vector<bool> existing;                      // per candidate: already there (kept, free, not counted)
};

// A camera's field of view: the sector within `width` degrees centred on `bearing` (degrees
// clockwise from grid north). A width of 360 or more is all round.
struct View {
    double bearing = 0, width = 360;
};

// Demand points within `radius` of each candidate (radii per candidate when `radii` is not
// empty) and, when `views` is not empty, inside the candidate's field of view (a point at the
// candidate itself is always seen), by a grid of buckets.
std::vector<std::vector<std::uint32_t>> coverage_within(const std::vector<geo::XY>& demand, const std::vector<geo::XY>& candidates,
                                                        double radius, const std::vector<double>& radii = {},
                                                        const std::vector<View>& views = {});

struct SiteSolution {
    std::vector<std::uint32_t> chosen;  // new sites, ranked by marginal gain
    std::vector<double> gain;           // the demand each newly covers, in that order
    double existing_covered = 0;        // demand the existing sites cover
    double covered = 0;                 // by existing and chosen together
    double total = 0;                   // all demand
    double reachable = 0;               // demand any candidate or existing site covers
    double cost = 0;                    // of the chosen sites
    std::string method;                 // "greedy" or "exact"
    bool optimal = false;               // proven optimal (exact, within the time limit)
    double bound = std::numeric_limits<double>::quiet_NaN();  // LP bound on the objective (exact)
    std::string note;                   // what the solver said (time limit reached, ...)
};

// MCLP by greedy: each step adds the candidate covering the most uncovered demand (per unit
// cost with a budget), ties to the lower index; lazy re-evaluation gives the same choice as
// the plain greedy. Stops at `count` sites or when the budget allows no more. With costs and
// a budget, the best single affordable site is taken instead when it covers more (so the
// answer is within (1 - 1/e)/2 of the optimum; without a budget, within 1 - 1/e).
SiteSolution greedy_mclp(const SiteProblem& p, std::size_t count, double budget = std::numeric_limits<double>::infinity());

// MCLP solved exactly (GLPK), started from the greedy answer, within `time_limit_s`.
// `count` sites, or as many as the budget allows (count 0: no limit on their number).
SiteSolution exact_mclp(const SiteProblem& p, std::size_t count, double budget, double time_limit_s);

// An upper bound on the demand `count` sites (0: any number) within `budget` can cover, from
// single-site coverages alone (what the exact solver reports when its LP does not finish).
double single_site_bound(const SiteProblem& p, std::size_t count, double budget = std::numeric_limits<double>::infinity());

// The fewest sites (least cost with costs) covering at least `share` (0..1] of the demand;
// greedy or exact. Throws std::invalid_argument when no choice reaches the share, saying how
// much the candidates can reach.
SiteSolution greedy_lscp(const SiteProblem& p, double share);
SiteSolution exact_lscp(const SiteProblem& p, double share, double time_limit_s);

// The chosen sites re-ranked by marginal gain (the greedy order over the chosen set), with
// gains, cost and coverage recomputed.
void rank_by_gain(const SiteProblem& p, SiteSolution& s);

}  // namespace hotspots
