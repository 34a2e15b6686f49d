#pragma once
// How the hotspots of a period stand against those of an earlier period (the report's front
// page: docs/report.md "Front page"): which earlier hotspots each overlaps, its incidents
// against theirs, and its class.
#include "model/geometry.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace hotspots {

enum class HotspotClass {
    fresh,         // "new": it overlaps no hotspot of the earlier period
    persistent,    // it overlaps one, and its rate is not significantly different
    intensifying,  // it overlaps one, and its rate is significantly higher
    diminishing,   // it overlaps one, and its rate is significantly lower
    unknown,       // it overlaps one, but a count of them is hidden (a published release)
};
const char* class_name(HotspotClass c);

struct PeriodHotspot {
    Wkb polygon;          // both periods in the same CRS
    double incidents = 0;  // NaN: hidden (a published count under the threshold)
};

struct HotspotChange {
    std::vector<std::size_t> overlaps;  // the earlier hotspots whose interiors meet its own
    double before = 0;                  // their incidents together (NaN if none, or one is hidden)
    double change_pct = 0;              // of the daily rate; NaN without `before` or with before = 0
    double p = 1, p_adjusted = 1;       // exact conditional test (compare_periods); BH over the theme's
    HotspotClass cls = HotspotClass::fresh;
};

// Each hotspot of `now` (over `days_now` days) against the hotspots of an earlier period (over
// `days_before` days). The counts are compared as rates, so periods of different lengths are
// fair; the p-values of all the hotspots that overlap one are adjusted together
// (Benjamini-Hochberg) and a class of change needs p_adjusted < alpha.
std::vector<HotspotChange> hotspot_changes(const std::vector<PeriodHotspot>& now, double days_now,
                                           const std::vector<PeriodHotspot>& before, double days_before, double alpha = 0.05);

// The earlier hotspots that no hotspot of now overlaps (indexes into `before`, in order).
std::vector<std::size_t> gone_hotspots(const std::vector<HotspotChange>& changes, std::size_t before);

}  // namespace hotspots
