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
    // With `aoristic`, an incident counts with the share of its range inside the hours, days
    // and months (hotspots/profile.hpp's rules), and is dropped when the share is 0.
    bool aoristic = false;
    // --where: the bits of Incident::flags that must all be set.
    std::uint32_t required_flags = 0;
    bool by_time() const { return hours != all<24>() || days != all<7>() || months != all<12>(); }
    template <std::size_t N>
    static std::array<bool, N> all() {
        std::array<bool, N> a{};
        a.fill(true);
        return a;
    }
};

struct FilterCounts {
    std::uint64_t before_from = 0, after_to = 0, other_type = 0, outside_within = 0, outside_time = 0, outside_where = 0;
    // Left out as they were read, outside the step's study extent (steps::Needs::extent).
    std::uint64_t outside_extent = 0;
    std::uint64_t total() const {
        return before_from + after_to + other_type + outside_within + outside_time + outside_where + outside_extent;
    }
};

// Whether an incident's time is inside the hours, days and months of `o` (see FilterOptions).
bool in_times(const Incident& inc, const FilterOptions& o);

// With the aoristic rule: the share of the incident's range inside the hours, days and months.
double share_in_times(const Incident& inc, const FilterOptions& o);

// Which incidents pass the period, type, attribute and time filters. With the aoristic rule,
// `shares` gets each incident's share in the time window (else it is left empty). Throws
// std::invalid_argument when a --crime-type value is neither a known category nor a crime
// type present in the data.
std::vector<bool> select(const IncidentSet& set, const FilterOptions& options, FilterCounts& counts,
                         std::vector<double>* shares = nullptr);

// Keeps the incidents whose flag is set (order kept); `columns` (per-incident values such as
// area assignments) are compacted alike.
void keep_selected(IncidentSet& set, const std::vector<bool>& keep, std::vector<std::vector<std::int32_t>>& columns);

}  // namespace hotspots
