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

// sfhotspot's hotspot_classify(), reproduced rule for rule (docs/statistics.md). Scheme
// sfhotspot-1.1 (the current release, after sfhotspot issue #94): `p` holds each step's p
// already adjusted per unit (sfhotspot_step_p) and is used as it is. Scheme sfhotspot-1.0:
// each step's Gi* z and unadjusted two-sided p of a unit; the unit's p-values adjusted across its own
// steps by Holm (R's p.adjust default; steps without a value left out). Both: significant where the
// adjusted p < critical_p, hot where z > 0. With n steps and r = floor(recent_prop x n)
// (1 when that leaves no recent or no earlier step), the recent window is the last r + 1 steps
// and the earlier one the first n - r (they share a step, as in sfhotspot), and with
// all = hot steps / n, recent = hot recent steps / r, older = hot earlier steps / (n - r):
// persistent when all >= persistent_prop; emerging when older < hotspot_prop and recent >=
// recent_prop; former when older >= hotspot_prop and recent < hotspot_prop; intermittent when
// all >= hotspot_prop; the same for cold; "mixed hot/coldspot" when both sides have a
// category, else "no pattern".
enum class SfScheme { v1_1, v1_0 };
struct SfhotspotParams {
    double hotspot_prop = 0.1, persistent_prop = 0.8, recent_prop = 0.2, critical_p = 0.05;
    SfScheme scheme = SfScheme::v1_1;
};

// sfhotspot 1.1's p of one step for one unit: spdep::p.adjustSP with Holm, which for a single
// p is min(1, m p) with m = (neighbours + the unit itself) + 1, i.e. neighbours + 2 (sfhotspot
// counts the unit among its neighbours before calling it). NaN stays NaN. For sfhotspot-1.0 the
// p is returned unchanged (its default adjusted nothing per step).
double sfhotspot_step_p(double p, std::size_t neighbours, SfScheme scheme);
std::string sfhotspot_category(const std::vector<double>& z, const std::vector<double>& p, const SfhotspotParams& params);

// Holm's step-down adjustment (R's p.adjust "holm"); NaN values stay NaN and are not counted.
std::vector<double> holm(const std::vector<double>& p);

}  // namespace hotspots
