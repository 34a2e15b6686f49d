#pragma once
// When crime happens: aoristic weights over the hours of the week (Ratcliffe 2000), and the
// seasonal index of a monthly series. See docs/time.md.
#include "model/incident.hpp"
#include "model/time.hpp"

#include <array>
#include <cstdint>
#include <algorithm>
#include <utility>
#include <string>
#include <vector>

namespace hotspots {

inline constexpr int hours_per_week = 168;
using WeekHours = std::array<double, hours_per_week>;  // index: weekday (Monday 0) x 24 + hour

// Monday 0 .. Sunday 6, and the hour 0-23, of a civil time.
int weekday_of(Seconds t);
int hour_of(Seconds t);

// The civil hour 01:00-02:00 that Europe/London's clocks live twice (the last Sunday of
// October) or skip (the last Sunday of March): +1, -1, or 0 for any other hour starting at t
// (t on the hour).
int clock_change_at(Seconds hour_start);

// Calls f(hour_start, share) for each clock hour an incident in [from, to] may have happened
// in, with the share of the range in it, by the rules of aoristic_shares (a range longer than
// 7 days: the 168 hours of the week that starts at `from`'s Monday, 1/168 each). A template:
// it runs for every hour of every incident profiled.
template <class F>
void for_each_hour_share(Seconds from, Seconds to, F&& f);

// Each hour of the week's share of an incident that happened at some moment in [from, to]
// (civil times, both ends inclusive), the moments equally likely: an hour's share is its real
// overlap with the range (the repeated October hour counts twice, the skipped March hour not
// at all) over the range's real length. A range of zero length puts all of it in its hour; a
// range longer than 7 days is spread evenly (1/168 each). The shares add up to 1.
WeekHours aoristic_shares(Seconds from, Seconds to);
// The same shares added to `into`.
void add_aoristic(Seconds from, Seconds to, WeekHours& into);

struct WeekProfile {
    WeekHours starts{};     // incidents by the hour their range starts
    WeekHours aoristic{};   // the same incidents' aoristic shares, summed
    std::uint64_t incidents = 0, ranged = 0;  // ranged: to > from
};
// Over the incidents (all of them exactly dated: no month precision), on `threads` threads
// (0: all cores); the sums do not depend on their number.
WeekProfile week_profile(const IncidentSet& set, unsigned threads = 1);

// When a place's incidents happen, from their aoristic hours of the week (docs/time.md):
// the shortest run of clock hours (wrapping midnight) holding at least half of them, the
// fewest weekdays holding at least half, and Ratcliffe's (2004) temporal class from the run's
// length: acute (at most `acute_hours`), focused (at most `focused_hours`), else diffused.
struct TimeSignature {
    double total = 0;              // the aoristic weight profiled (dated incidents)
    int peak_from = 0, peak_hours = 0;  // the run: peak_from .. peak_from + peak_hours - 1 (mod 24)
    double peak_hours_share = 0;   // 0..1
    std::array<bool, 7> peak_days{};  // Monday 0
    double peak_days_share = 0;
    std::string temporal_class;    // "acute", "focused", "diffused"; "" from fewer than 10 incidents
};
inline constexpr int acute_hours = 3, focused_hours = 6;
inline constexpr std::uint64_t signature_min_incidents = 10;
// `aoristic`: the weighted shares of `incidents` dated incidents.
TimeSignature time_signature(const WeekHours& aoristic, std::uint64_t incidents);
// "22-01" (--hours syntax: from 22:00 to 00:59) and "fri,sat" for a signature.
std::string hours_text(int from, int count);
std::string days_text(const std::array<bool, 7>& days);

// Incidents either side of Europe/London's clock changes: the `weeks` weeks before the
// Sunday of a change (from its 00:00) and the `weeks` weeks from it, in all and starting in
// the evening hours 17:00-19:59 (dark after the October change, light after the March one).
// Only changes with both windows inside the incidents' first to last start; exactly dated
// incidents only.
struct ClockChange {
    Seconds day = 0;   // the Sunday of the change, 00:00
    bool back = true;  // October (clocks go back) or March (forward)
    double before = 0, after = 0, evening_before = 0, evening_after = 0;
};
inline constexpr int evening_from = 17, evening_to = 20;  // 17:00-19:59
std::vector<ClockChange> clock_changes(const IncidentSet& set, int weeks);

struct Seasonal {
    int first_month = 0;           // month_number of counts[0]
    std::vector<double> counts;    // by month
    std::vector<double> trend;     // centred 2x12 moving average; NaN within 6 months of an end
    std::vector<double> ratio;     // counts / trend; NaN where the trend is
    std::array<double, 12> index{};  // by calendar month (January 0): mean ratio, scaled to average 1
    std::vector<int> standouts;    // months (month_number) whose ratio is far from its month's index
};
// The seasonal index of monthly counts (at least 24 months). A month stands out when its
// ratio over its calendar month's index is further from the mean of those relative ratios
// than `sd_limit` of their standard deviations (only when every calendar month has at least
// two ratios: 3 years of data). Throws std::invalid_argument for fewer than 24 months.
Seasonal seasonal_index(int first_month, const std::vector<double>& counts, double sd_limit = 2.0);

namespace detail {
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
}  // namespace detail

template <class F>
void for_each_hour_share(Seconds from, Seconds to, F&& f) {
    constexpr Seconds hour = 3600;
    using detail::floor_div;
    if (to < from) std::swap(from, to);
    const Seconds end = to + 1;  // inclusive end: [from, to + 1)
    if (end - from > 7 * seconds_per_day) {
        const Seconds monday = (floor_div(from, seconds_per_day) - weekday_of(from)) * seconds_per_day;
        for (int k = 0; k < hours_per_week; ++k) f(monday + k * hour, 1.0 / hours_per_week);
        return;
    }
    if (to == from) {
        f(floor_div(from, hour) * hour, 1.0);
        return;
    }
    // Real seconds per hour first (at most 169 hours), then their shares.
    std::array<std::pair<Seconds, double>, hours_per_week + 2> parts;
    std::size_t n = 0;
    double total = 0;
    for (Seconds h = floor_div(from, hour) * hour; h < end; h += hour) {
        const double overlap = static_cast<double>(std::min(end, h + hour) - std::max(from, h));
        const double real = overlap * (1 + clock_change_at(h));
        parts[n++] = {h, real};
        total += real;
    }
    if (total <= 0) {  // a range wholly inside the skipped March hour: it did not happen then
        f(floor_div(from, hour) * hour, 1.0);
        return;
    }
    for (std::size_t k = 0; k < n; ++k)
        if (parts[k].second > 0) f(parts[k].first, parts[k].second / total);
}

}  // namespace hotspots
