#pragma once
// Repeat locations: incidents grouped by place, and how concentrated crime is on them.
#include "model/incident.hpp"

#include <string>
#include <vector>

namespace hotspots {

enum class RepeatKey {
    point,     // the same coordinates, or within a tolerance
    location,  // the same location text within the same LSOA
    field      // the same value of a column (address or victim reference)
};

struct RepeatOptions {
    RepeatKey by = RepeatKey::point;
    double tolerance = 0;  // metres, for `point`
};

// Groups of incidents: every incident with a key is in exactly one group (singletons too).
// Members are in time order (start, then input order).
struct PlaceGroup {
    std::vector<std::uint32_t> members;  // incident indexes
    double x = 0, y = 0;                 // the group's point: its first member's (its seed)
};

// Incidents without a key (no location text, an empty field) are left out and counted in
// `unkeyed`. With a tolerance, incidents are taken in input order and each joins the
// nearest earlier seed within the tolerance (ties to the earlier seed) or becomes a seed:
// the result depends only on the input and its order.
std::vector<PlaceGroup> group_places(const IncidentSet& set, const RepeatOptions& o, std::size_t& unkeyed);

struct Concentration {
    std::size_t locations = 0, incidents = 0;
    std::size_t repeat_locations = 0;  // with 2+ incidents
    double repeat_location_pct = 0;    // of locations
    double incidents_at_repeats_pct = 0;
    double top1_pct = 0, top5_pct = 0, top10_pct = 0;  // share of incidents at the top 1/5/10% of locations
    double gini = 0;
};
// Top k% = the ceil(k% x locations) locations with most incidents. Gini over the locations'
// counts: sum_i sum_j |c_i - c_j| / (2 n^2 mean).
Concentration concentration(const std::vector<PlaceGroup>& groups);

struct RepeatTiming {
    bool month_only = false;      // some incident has only a month: report months, not days
    std::size_t repeats = 0;      // incidents that follow an earlier one at the same place
    double within_pct[4] = {};    // of repeats: within 7, 14, 21, 28 days (days data)
    double same_month_pct = 0, next_month_pct = 0, later_pct = 0;  // of repeats (month data)
    double followed_21d_pct = 0;  // of all grouped incidents: followed at their place within 21 days
};
// Gaps are between consecutive incidents at a place, start to start.
RepeatTiming repeat_timing(const IncidentSet& set, const std::vector<PlaceGroup>& groups);

// The median of the gaps (days) between a group's consecutive incidents; 0 for one incident.
double median_gap_days(const IncidentSet& set, const PlaceGroup& g);

}  // namespace hotspots
