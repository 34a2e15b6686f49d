#include "hotspots/repeat_victims.hpp"

#include <algorithm>
#include <tuple>

namespace hotspots {

RepeatFigures repeat_figures(std::vector<KeyedEvent> events, std::int64_t first, std::int64_t last) {
    RepeatFigures f;
    std::stable_sort(events.begin(), events.end(), [](const KeyedEvent& a, const KeyedEvent& b) {
        return std::tie(a.key, a.day) < std::tie(b.key, b.day);
    });
    for (std::size_t i = 0; i < events.size();) {
        std::size_t j = i;
        while (j < events.size() && events[j].key == events[i].key) ++j;
        // Events i..j-1 share a key, by day.
        std::uint64_t in_period = 0;
        for (std::size_t k = i; k < j; ++k) {
            const auto& e = events[k];
            if (e.day < first || e.day > last) continue;
            if (e.key == 0) {
                ++f.unkeyed;
                continue;
            }
            ++in_period;
            f.in_period.push_back(e.incident);
            if (k > i && e.day - events[k - 1].day <= 28) f.repeats_28.push_back(e.incident);
            if (k > i && e.day - events[k - 1].day <= 365) f.repeats_365.push_back(e.incident);
        }
        if (events[i].key != 0 && in_period > 0) {
            ++f.victims;
            f.repeat_victims += in_period >= 2 ? 1 : 0;
            f.incidents += in_period;
        }
        i = j;
    }
    return f;
}

}  // namespace hotspots
