#pragma once
// Risky facilities (Eck, Clarke & Guerette 2007): incidents attributed to the nearest facility
// (pub, shop, station, school) within a distance, and how concentrated they are on the few
// facilities with most of them (the J-curve). See docs/facilities.md.
#include "model/geometry.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct FacilityCounts {
    std::vector<std::int64_t> facility_of;  // per incident: its facility's index, or -1 (none within the distance)
    std::vector<std::size_t> counts;        // per facility: the incidents attributed to it
    std::size_t attributed = 0, unattributed = 0;
};

// Each incident goes to the nearest facility within `distance` metres (a tie to the facility
// listed first), so no incident counts twice.
FacilityCounts attribute_to_facilities(const std::vector<XY>& facilities, const std::vector<XY>& incidents, double distance);

struct FacilityConcentration {
    std::vector<std::uint32_t> order;  // facilities, most incidents first (a tie: the one listed first)
    std::size_t facilities = 0, with_none = 0, attributed = 0;
    double top10_pct = 0;        // % of attributed incidents at the top 10% of facilities (ceil)
    double facilities_for_half_pct = 0;  // % of facilities (fewest, busiest first) holding half the incidents
    double facilities_for_80_pct = 0;    // ... holding 80 % of them
    double gini = 0;             // over all facilities' counts, zeros included
    std::vector<std::size_t> frequency;  // frequency[k]: facilities with k incidents (the J-curve)
};
FacilityConcentration facility_concentration(const std::vector<std::size_t>& counts);

}  // namespace hotspots
