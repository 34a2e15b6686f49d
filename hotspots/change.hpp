#pragma once
// Change between two periods: counts per unit and whether the change is more than chance.
#include "geo/area_layer.hpp"
#include "model/geometry.hpp"
#include "model/grid.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

// Two-sided exact binomial test of k successes in n trials with probability p0, as R's
// binom.test: the sum of the probabilities of every outcome no more likely than k
// (with R's relative tolerance of 1e-7).
double binomial_test(std::uint64_t k, std::uint64_t n, double p0);

struct PeriodChange {
    std::uint64_t before = 0, after = 0;
    std::int64_t difference = 0;
    double change_pct = 0;   // NaN when before = 0
    double rate_ratio = 0;   // (after / days_after) / (before / days_before); NaN when before = 0
    double p = 1;            // conditional test: after | before + after ~ Binomial(n, days_after / (days_before + days_after))
};

// Counts of two periods of `days_before` and `days_after` days (the rates are compared, so
// periods of different lengths are fair).
PeriodChange compare_periods(std::uint64_t before, std::uint64_t after, double days_before, double days_after);

// A unit of comparison: an area (by code, across boundary generations) or a grid cell.
struct ChangeUnit {
    std::string code, name;  // areas
    std::size_t row = 0, col = 0;
    double x = 0, y = 0;     // cells: the centre
    Wkb polygon;             // areas: the latest boundaries (empty for a code only in earlier ones)
    double length = 0;       // street segments: metres (0 for other units)
    std::uint64_t before = 0, after = 0;
    std::vector<std::uint32_t> before_members, after_members;  // the incidents counted (indexes into the set)
};

// Areas of one layer as units: one per code met by an incident (in order of first meeting),
// then the latest boundaries' areas with no incident. `unit_of` gets each incident's unit
// (-1 outside every area).
std::vector<ChangeUnit> area_change_units(const AreaLayer& layer, const std::vector<std::int32_t>& assignment,
                                          std::vector<std::int64_t>& unit_of);

// The cells of a grid of `cell` metres (snapped like kde's) holding an incident, in cell order.
std::vector<ChangeUnit> cell_change_units(const IncidentSet& set, double cell, std::vector<std::int64_t>& unit_of);

struct PeriodCounts {
    std::uint64_t before = 0, after = 0, neither = 0, no_unit = 0;
};
// Counts each incident (by its start) into its unit's `before` or `after`.
PeriodCounts count_periods(const IncidentSet& set, const std::vector<std::int64_t>& unit_of, const Period& before,
                           const Period& after, std::vector<ChangeUnit>& units);

}  // namespace hotspots
