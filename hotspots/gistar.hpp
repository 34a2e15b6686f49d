#pragma once
// The Getis-Ord Gi* statistic with multiple-testing control.
#include "model/grid.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots {

// Sparse weights, one row per unit, the unit itself included (Gi*): row i holds
// index[offsets[i] .. offsets[i + 1]) with their weights.
struct Neighbours {
    std::vector<std::size_t> offsets{0};
    std::vector<std::uint32_t> index;
    std::vector<double> weight;
    std::size_t size() const { return offsets.size() - 1; }
    void add_row(const std::vector<std::uint32_t>& js, bool row_standardise);
};

enum class Contiguity { queen, rook };

// Cells of a grid that are in the study area (`active`, row-major; all when empty) and
// their neighbours among active cells: queen (8 around), rook (4), or every active cell
// whose centre is within `band_m` of the cell's (when band_m > 0). Units are numbered in
// row-major order of the active cells; `unit_cell` gives each unit's cell.
Neighbours grid_neighbours(const Grid& g, const std::vector<std::uint8_t>& active, Contiguity c, double band_m,
                           bool row_standardise, std::vector<std::size_t>& unit_cell);

struct GiStar {
    std::vector<double> z, p, p_adjusted;
    std::vector<int> bin;  // -3..3: +-3 at adjusted p < 0.01, +-2 < 0.05, +-1 < 0.10, by the sign of z
    double mean = 0, sd = 0;
};

enum class Adjustment { none, fdr, bonferroni };

struct GiStarError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Gi*_i = (sum_j w_ij x_j - mean W_i) / (S sqrt((n S1_i - W_i^2) / (n - 1))), W_i = sum_j w_ij,
// S1_i = sum_j w_ij^2, mean and S (population sd) over all n units (Ord and Getis 1995; R
// spdep localG with the unit itself included). p two-sided from the normal distribution.
// Throws GiStarError when every unit has the same value (S = 0) or there are under 3 units.
GiStar gi_star(const std::vector<double>& x, const Neighbours& w, Adjustment adjustment);

// Conditional permutation p-values: for each unit, its own value stays and its neighbours'
// values are drawn at random, without replacement, from every other unit, `permutations`
// times; p = min(1, 2 (min(#sums >= observed, #sums <= observed) + 1) / (permutations + 1))
// (two-sided: the nearer tail doubled, a tie counted in both tails; never above 1; spdep's
// "Pr(folded) Sim" is the one-sided half, docs/statistics.md). Each unit has its own seed from
// (seed, unit), so the result does not depend on the number of threads.
std::vector<double> permutation_p(const std::vector<double>& x, const Neighbours& w, int permutations,
                                  std::uint64_t seed, unsigned threads);

// Replaces p (and the adjusted p and bins) of a GiStar with `p`.
void set_p_values(GiStar& gi, std::vector<double> p, Adjustment adjustment);

// Global Moran's I with its z-score under the normality assumption, for binary weights
// given as neighbour lists WITHOUT the unit itself (the unit's own entry is skipped).
struct MoranI {
    double i = 0, expected = 0, variance = 0, z = 0;
};
MoranI global_moran(const std::vector<double>& x, const Neighbours& w);

// The same for the units of a grid (`unit_cell` as from grid_neighbours) with binary
// distance-band neighbours, computed cell by cell without building the weights.
MoranI grid_moran(const Grid& g, const std::vector<std::uint8_t>& active, const std::vector<std::size_t>& unit_cell,
                  const std::vector<double>& x, double band_m);

// Distances from each point to the nearest point at another place (coincident points are
// one place); empty when there are fewer than two places.
std::vector<double> nearest_neighbour_distances(const std::vector<std::pair<double, double>>& points);

namespace detail {
// The pieces of grid_neighbours, gi_star and permutation_p, shared with Gi* in tiles
// (hotspots/gistar_tiles.hpp) so that both make each unit's value by the same code.
std::vector<std::pair<int, int>> neighbour_window(const Grid& g, Contiguity c, double band_m);
// Each cell's unit (-1: not active); unit_cell receives each unit's cell.
std::vector<std::int64_t> grid_units(const Grid& g, const std::vector<std::uint8_t>& active, std::vector<std::size_t>& unit_cell);
void add_grid_row(Neighbours& nb, const Grid& g, const std::vector<std::int64_t>& unit_of,
                  const std::vector<std::pair<int, int>>& window, std::size_t cell, bool row_standardise,
                  std::vector<std::uint32_t>& js);
// Mean and S of x; throws GiStarError as gi_star does.
void gi_moments(const std::vector<double>& x, GiStar& out);
// z and p of the unit of each row of w (units[row], or row itself when units is null).
void gi_rows(const std::vector<double>& x, const Neighbours& w, const std::vector<std::size_t>* units, GiStar& out);
void permutation_rows(const std::vector<double>& x, const Neighbours& w, const std::vector<std::size_t>* units,
                      int permutations, std::uint64_t seed, unsigned threads, std::vector<double>& p);
}  // namespace detail

// Benjamini-Hochberg adjusted p-values (the same order as p).
std::vector<double> benjamini_hochberg(const std::vector<double>& p);

}  // namespace hotspots
