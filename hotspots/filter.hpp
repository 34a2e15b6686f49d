#pragma once
// Selecting incidents by period, crime type and area (--from, --to, --crime-type, --within).
#include "model/incident.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotspots {

struct FilterOptions {
    std::optional<Seconds> from;  // keep incidents whose start is on or after
    std::optional<Seconds> to;    // ... and on or before (inclusive)
    std::vector<std::string> crime_types;  // category slugs/labels or raw types; empty = all
    // Times of day, weekdays (Monday 0) and months (January 0) to keep (--hours, --days,
    // --months); all true keeps every time. By the start of each incident's range, or with
    // `whole_range` only when every hour of the range is inside them.
    std::array<bool, 24> hours = all<24>();
    std::array<bool, 7> days = all<7>();
    std::array<bool, 12> months = all<12>();
    bool whole_range = false;
    bool by_time() const { return hours != all<24>() || days != all<7>() || months != all<12>(); }
    template <std::size_t N>
    static std::array<bool, N> all() {
        std::array<bool, N> a{};
        a.fill(true);
        return a;
    }
};

struct FilterCounts {
    std::uint64_t before_from = 0, after_to = 0, other_type = 0, outside_within = 0, outside_time = 0;
    std::uint64_t total() const { return before_from + after_to + other_type + outside_within + outside_time; }
};

// Whether an incident's time is inside the hours, days and months of `o` (see FilterOptions).
bool in_times(const Incident& inc, const FilterOptions& o);

// Which incidents pass the period and type filters. Throws std::invalid_argument when a
// --crime-type value is neither a known category nor a crime type present in the data.
std::vector<bool> select(const IncidentSet& set, const FilterOptions& options, FilterCounts& counts);

// Keeps the incidents whose flag is set (order kept); `columns` (per-incident values such as
// area assignments) are compacted alike.
void keep_selected(IncidentSet& set, const std::vector<bool>& keep, std::vector<std::vector<std::int32_t>>& columns);

}  // namespace hotspots
