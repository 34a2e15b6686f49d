#pragma once
// Emerging hot spots: trends in a unit's Gi* series, and the classifications analysts use.
#include "model/incident.hpp"

#include <string>
#include <vector>

namespace hotspots {

// A time step: month, quarter, year, Nd (N days) or auto.
struct StepSpec {
    std::string unit = "auto";  // auto, month, quarter, year, days
    int days = 0;
};
// Throws std::invalid_argument naming the accepted forms.
StepSpec parse_step(const std::string& text);

// The step of each incident (by its start), counted from the first incident's step, and the
// steps' names (2024-03, 2024-Q1, 2024, or the first day of an N-day step). auto chooses
// enough steps for a trend (6 or more) and few enough to have incidents in each: 7d under 6
// months, month up to 36, quarter up to 144, year beyond. `set` must not be empty.
struct TimeSteps {
    std::vector<std::size_t> of;
    std::vector<std::string> names;
    std::string rule;  // "month (auto: the incidents span 24 months)"
};
TimeSteps time_steps(const IncidentSet& set, const StepSpec& spec);

// Mann-Kendall trend test of a series in time order.
struct MannKendall {
    double s = 0;      // sum over i < j of sign(x_j - x_i)
    double var = 0;    // its variance under no trend, with the tie correction
    double z = 0;      // (S - 1) / sqrt(var) for S > 0, (S + 1) / sqrt(var) for S < 0, else 0
    double p = 1;      // two-sided, normal approximation
    double tau = 0;    // S / (n (n - 1) / 2)
};
MannKendall mann_kendall(const std::vector<double>& x);

// One unit's series: Gi* z per step and whether each step is a significant hot (+1) or cold
// (-1) spot, or neither (0).
struct UnitSeries {
    std::vector<double> z;
    std::vector<int> sig;
};

// ArcGIS Pro's Emerging Hot Spot Analysis categories (docs/statistics.md gives each rule),
// from the series and the Mann-Kendall test of its z-scores at `alpha`.
std::string arcgis_category(const UnitSeries& u, const MannKendall& trend, double alpha = 0.05);

// sfhotspot-style categories: persistent (hot in at least `share` of the steps), emerging
// (hot in at least `share` of the recent steps, the last ceil(recent x steps), and not
// persistent), former (hot in at least `share` of the earlier steps, not of the recent ones),
// intermittent (hot in some step), the same for cold; "no pattern" otherwise.
std::string sfhotspot_category(const UnitSeries& u, double share = 0.8, double recent = 0.2);

}  // namespace hotspots
