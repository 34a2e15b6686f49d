#pragma once
// Counts per area and category, for `map --summary`.
#include "model/incident.hpp"
#include "geo/area_layer.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

struct SummaryRow {
    std::string layer, code, name;  // code "outside" (in no area) or "no-boundaries" (none in force)
    std::uint64_t total = 0;
    double weight = 0;
    std::array<std::uint64_t, category_count> by_category{};
    std::vector<std::uint32_t> members;  // the incidents counted (indexes into the set)
};

// One row per area of each layer (areas with no incidents included, in layer order), then
// the "outside" and "no-boundaries" rows when they are not empty. `keep[l][a]`, when given,
// leaves out the areas it says false for (those outside --within).
std::vector<SummaryRow> summarise(const IncidentSet& set, const std::vector<AreaLayer>& layers,
                                  const std::vector<std::vector<std::int32_t>>& assignment,
                                  const std::vector<std::vector<bool>>& keep = {});

}  // namespace hotspots
