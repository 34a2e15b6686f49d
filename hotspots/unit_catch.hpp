#pragma once
// The back-test on units of unequal size (docs/evaluate.md, "Hexagons and streets"): hexagons
// clipped to the study area, or street segments. The methods still score the study cells; a
// unit's score is the weighted mean of the scores of its cells, and a share of the study area
// is a share of the units' summed area (hexagons) or length (streets).
#include "hotspots/forecast.hpp"

#include <cstdint>
#include <utility>
#include <vector>

namespace hotspots {

struct BacktestUnits {
    // Each unit's size: area in m2 (hexagons) or length in m (streets); each above 0.
    std::vector<double> size;
    // Each unit's study cells (their slots) with the weight of each in the unit's score: 1 for
    // a cell whose centre is in a hexagon, the length of the segment inside the cell for streets.
    std::vector<std::vector<std::pair<std::uint32_t, double>>> cells;
};

// Each unit's score: the weighted mean of its cells' scores (0 for a unit without cells).
std::vector<double> unit_scores(const BacktestUnits& u, const std::vector<double>& cell_score);

// Selects the highest-scoring units until their sizes sum to `share` (0..1) of all units'
// size: a run of units with one score that crosses the share is taken in part, each with the
// same fraction (the expected catch of taking part of them), so the selection's size is
// exactly share x total. Then, with a the selected size and A the total: hit rate n/N;
// PAI = (n/N)/(a/A); RRI = (n/n_train)/(N/N_train); PEI = n/n*, n* the most test incidents
// any selection of size a holds (units taken in part allowed: the densest, test incidents
// per unit size, first); PEI* = a*/a, a* the least size holding n in the same order.
// `cells` is the number of units selected (fractional at the edge). Measures with a zero
// denominator are 0.
ForecastCatch weighted_catch(const std::vector<double>& score, const std::vector<double>& size,
                             const std::vector<double>& test_counts, const std::vector<double>& train_counts, double share);

}  // namespace hotspots
