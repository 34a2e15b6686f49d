#pragma once
// Repeat victims, callers or addresses (docs/dashboard.md, "Repeat victims and callers"): from
// incidents keyed by who or where they happened to, the share of keys with two or more
// incidents in a period, and the incidents that repeat an earlier one of the same key within
// 28 days and within a year.
#include <cstdint>
#include <vector>

namespace hotspots {

struct KeyedEvent {
    std::uint32_t key = 0;  // 0: no key (not counted)
    std::int64_t day = 0;   // days since 1970-01-01
    std::uint32_t incident = 0;
};

struct RepeatFigures {
    std::uint64_t incidents = 0, victims = 0, repeat_victims = 0;  // in the period, with a key
    std::uint64_t unkeyed = 0;                                      // in the period, without one
    std::vector<std::uint32_t> in_period, repeats_28, repeats_365;  // incidents
};

// Events in days [first, last] are counted; earlier ones only as what a repeat repeats (a
// burglary in January repeats December's at the same address). An event repeats when its key
// has another event in the `days` before it (the same day included; of two on one day, the
// later listed repeats the earlier).
RepeatFigures repeat_figures(std::vector<KeyedEvent> events, std::int64_t first, std::int64_t last);

}  // namespace hotspots
