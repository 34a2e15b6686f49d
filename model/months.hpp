#pragma once
// The calendar months a set of incidents starts in (which months of a span the inputs hold).
#include "model/incident.hpp"

#include <vector>

namespace hotspots {

// month_number of every incident's start, each once, sorted; on `threads` threads (0: all
// cores), the same list whatever their number.
std::vector<int> months_of(const std::vector<Incident>& incidents, unsigned threads);

}  // namespace hotspots
