#include "model/months.hpp"

#include "model/parallel.hpp"
#include "model/time.hpp"

#include <algorithm>

namespace hotspots {
namespace {

// month_number's inverse: the month's first second.
Seconds month_start(int month) {
    const int y = month >= 0 ? month / 12 : -((-month + 11) / 12);
    return days_from_civil(y, month - 12 * y + 1, 1) * seconds_per_day;
}

}  // namespace

// One pass over the incidents, shared between the threads. Each thread keeps the months it
// has met, sorted, with their bounds: an incident in one of them (a run in one month, or
// incidents in no order over a few months) costs a search of that short list, and only a
// month not met yet a calendar conversion (never a flag per incident).
std::vector<int> months_of(const std::vector<Incident>& incidents, unsigned threads) {
    const unsigned workers = thread_count(threads);
    std::vector<std::vector<int>> met(workers);
    parallel_chunks(incidents.size(), workers, [&](std::size_t begin, std::size_t end, unsigned w) {
        auto& months = met[w];
        std::vector<Seconds> starts, ends;  // of months[k]: its first second, and the next month's
        Seconds lo = 0, hi = 0;             // the last month's bounds
        for (std::size_t k = begin; k < end; ++k) {
            const Seconds t = incidents[k].from;
            if (t >= lo && t < hi) continue;
            // The month met last that starts at or before t; months never overlap.
            const auto at = std::upper_bound(starts.begin(), starts.end(), t);
            const auto pos = static_cast<std::size_t>(at - starts.begin());
            if (pos > 0 && t < ends[pos - 1]) {
                lo = starts[pos - 1];
                hi = ends[pos - 1];
                continue;
            }
            const int m = month_number(t);
            lo = month_start(m);
            hi = month_start(m + 1);
            const auto offset = static_cast<std::ptrdiff_t>(pos);
            months.insert(months.begin() + offset, m);
            starts.insert(starts.begin() + offset, lo);
            ends.insert(ends.begin() + offset, hi);
        }
    });
    std::vector<int> all;
    for (const auto& months : met) all.insert(all.end(), months.begin(), months.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

}  // namespace hotspots
