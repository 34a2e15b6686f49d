#pragma once
// Cocooning zones (docs/repeats.md): a circle of `radius` round each incident since `since`;
// circles that overlap merge into one zone; a zone stays valid `days` after its last incident.
// A month-only incident (data.police.uk) may have happened on any day of its month: it is
// recent when its month reaches `since`, and counts as of the last day of its month.
#include "model/geometry.hpp"
#include "model/incident.hpp"

#include <cstddef>
#include <vector>

namespace hotspots {

struct CocoonZone {
    Wkb polygon;                         // working CRS
    std::vector<std::size_t> incidents;  // indexes into the set, ascending
    Seconds first = 0, last = 0, expires = 0;
};

struct CocoonZones {
    std::vector<CocoonZone> zones;  // the most recent last incident first: the list a team works down
    std::size_t recent = 0;         // incidents since `since`
    bool month_only = false;        // some of those have month-only dates
    Seconds latest = 0;             // the latest incident of the whole set (for a message when none is recent)
    bool any_month_only = false;    // some incident of the set has a month-only date
};

CocoonZones cocoon_zones(const IncidentSet& set, Seconds since, double radius, int days);

}  // namespace hotspots
