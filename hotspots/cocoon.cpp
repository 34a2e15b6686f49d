#include "hotspots/cocoon.hpp"

#include "geo/zones.hpp"

#include <algorithm>

namespace hotspots {

CocoonZones cocoon_zones(const IncidentSet& set, Seconds since, double radius, int days) {
    const auto month_only = [&](std::size_t i) { return set.incidents[i].precision == TimePrecision::month; };
    const auto latest = [&](std::size_t i) { return month_only(i) ? set.incidents[i].to : set.incidents[i].from; };
    CocoonZones out;
    std::vector<std::size_t> recent;
    std::vector<XY> points;
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        out.latest = std::max(out.latest, latest(i));
        out.any_month_only = out.any_month_only || month_only(i);
        if (latest(i) < since) continue;
        recent.push_back(i);
        points.push_back({set.incidents[i].x, set.incidents[i].y});
        out.month_only = out.month_only || month_only(i);
    }
    out.recent = recent.size();
    for (auto& z : geo::merged_circles(points, radius)) {
        CocoonZone zone;
        zone.polygon = std::move(z.polygon);
        zone.first = set.incidents[recent[z.members.front()]].from;
        for (auto m : z.members) {
            zone.incidents.push_back(recent[m]);
            zone.first = std::min(zone.first, set.incidents[recent[m]].from);
            zone.last = std::max(zone.last, latest(recent[m]));
        }
        zone.expires = zone.last + static_cast<Seconds>(days) * seconds_per_day;
        out.zones.push_back(std::move(zone));
    }
    std::stable_sort(out.zones.begin(), out.zones.end(), [](const CocoonZone& a, const CocoonZone& b) { return a.last > b.last; });
    return out;
}

}  // namespace hotspots
