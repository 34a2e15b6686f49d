#pragma once
// Selecting incidents by period, crime type and area (--from, --to, --crime-type, --within).
#include "model/incident.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotspots {

struct FilterOptions {
    std::optional<Seconds> from;  // keep incidents whose start is on or after
    std::optional<Seconds> to;    // ... and on or before (inclusive)
    std::vector<std::string> crime_types;  // category slugs/labels or raw types; empty = all
};

struct FilterCounts {
    std::uint64_t before_from = 0, after_to = 0, other_type = 0, outside_within = 0;
    std::uint64_t total() const { return before_from + after_to + other_type + outside_within; }
};

// Which incidents pass the period and type filters. Throws std::invalid_argument when a
// --crime-type value is neither a known category nor a crime type present in the data.
std::vector<bool> select(const IncidentSet& set, const FilterOptions& options, FilterCounts& counts);

// Keeps the incidents whose flag is set (order kept); `columns` (per-incident values such as
// area assignments) are compacted alike.
void keep_selected(IncidentSet& set, const std::vector<bool>& keep, std::vector<std::vector<std::int32_t>>& columns);

}  // namespace hotspots
