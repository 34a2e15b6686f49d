#include "hotspots/facilities.hpp"

#include "hotspots/site.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace hotspots {

FacilityCounts attribute_to_facilities(const std::vector<XY>& facilities, const std::vector<XY>& incidents, double distance) {
    FacilityCounts r;
    r.facility_of.assign(incidents.size(), -1);
    r.counts.assign(facilities.size(), 0);
    std::vector<double> best(incidents.size(), std::numeric_limits<double>::infinity());
    const auto near = coverage_within(incidents, facilities, distance);
    // Facilities in their order, a strictly nearer one replacing: a tie stays with the first.
    for (std::size_t f = 0; f < facilities.size(); ++f)
        for (auto i : near[f]) {
            const double d = std::hypot(incidents[i].x - facilities[f].x, incidents[i].y - facilities[f].y);
            if (d < best[i]) {
                best[i] = d;
                r.facility_of[i] = static_cast<std::int64_t>(f);
            }
        }
    for (auto f : r.facility_of)
        if (f >= 0) ++r.counts[static_cast<std::size_t>(f)];
    r.attributed = static_cast<std::size_t>(std::count_if(r.facility_of.begin(), r.facility_of.end(), [](auto f) { return f >= 0; }));
    r.unattributed = incidents.size() - r.attributed;
    return r;
}

namespace {

// The % of facilities, busiest first, needed to reach `share` of the incidents.
double facilities_for(const std::vector<std::size_t>& counts, const std::vector<std::uint32_t>& order, std::size_t total,
                      double share) {
    if (total == 0 || counts.empty()) return 0;
    std::size_t sum = 0, k = 0;
    while (k < order.size() && static_cast<double>(sum) < share * static_cast<double>(total)) sum += counts[order[k++]];
    return 100.0 * static_cast<double>(k) / static_cast<double>(counts.size());
}

}  // namespace

FacilityConcentration facility_concentration(const std::vector<std::size_t>& counts) {
    FacilityConcentration c;
    c.facilities = counts.size();
    c.order.resize(counts.size());
    std::iota(c.order.begin(), c.order.end(), 0u);
    std::stable_sort(c.order.begin(), c.order.end(), [&](auto a, auto b) { return counts[a] > counts[b]; });
    c.attributed = std::accumulate(counts.begin(), counts.end(), std::size_t{0});
    c.with_none = static_cast<std::size_t>(std::count(counts.begin(), counts.end(), std::size_t{0}));
    const std::size_t most = counts.empty() ? 0 : counts[c.order.front()];
    c.frequency.assign(most + 1, 0);
    for (auto n : counts) ++c.frequency[n];
    if (counts.empty() || c.attributed == 0) return c;
    const auto top = static_cast<std::size_t>(std::ceil(0.1 * static_cast<double>(counts.size())));
    std::size_t in_top = 0;
    for (std::size_t k = 0; k < top; ++k) in_top += counts[c.order[k]];
    c.top10_pct = 100.0 * static_cast<double>(in_top) / static_cast<double>(c.attributed);
    c.facilities_for_half_pct = facilities_for(counts, c.order, c.attributed, 0.5);
    c.facilities_for_80_pct = facilities_for(counts, c.order, c.attributed, 0.8);
    // Gini from the ascending order: sum_i (2i - n - 1) c_(i) / (n sum c).
    const double n = static_cast<double>(counts.size());
    double weighted = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const double i = static_cast<double>(counts.size() - k);  // rank in ascending order, 1-based
        weighted += (2 * i - n - 1) * static_cast<double>(counts[c.order[k]]);
    }
    c.gini = weighted / (n * static_cast<double>(c.attributed));
    return c;
}

}  // namespace hotspots
