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

// One pass over the incidents, shared between the threads. Each thread keeps the bounds of
// the last month it met, so a run of incidents in one month costs a comparison each, and the
// few months it has met in a sorted list (never a flag per incident).
std::vector<int> months_of(const std::vector<Incident>& incidents, unsigned threads) {
    const unsigned workers = thread_count(threads);
    std::vector<std::vector<int>> met(workers);
    parallel_chunks(incidents.size(), workers, [&](std::size_t begin, std::size_t end, unsigned w) {
        auto& months = met[w];
        Seconds lo = 0, hi = 0;  // the last month's first second, and the next month's
        for (std::size_t k = begin; k < end; ++k) {
            const Seconds t = incidents[k].from;
            if (t >= lo && t < hi) continue;
            const int m = month_number(t);
            lo = month_start(m);
            hi = month_start(m + 1);
            const auto at = std::lower_bound(months.begin(), months.end(), m);
            if (at == months.end() || *at != m) months.insert(at, m);
        }
    });
    std::vector<int> all;
    for (const auto& months : met) all.insert(all.end(), months.begin(), months.end());
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    return all;
}

}  // namespace hotspots
