#include "hotspots/site_reach.hpp"

#include "hotspots/network.hpp"
#include "hotspots/site_view.hpp"

#include <algorithm>
#include <cmath>

namespace hotspots {

namespace {

XY between(XY a, XY b, double t) { return {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}; }

double ring_area(const std::vector<XY>& r) {
    double a = 0;
    for (std::size_t k = 0; k + 1 < r.size(); ++k) a += r[k].x * r[k + 1].y - r[k + 1].x * r[k].y;
    return std::abs(a) / 2;
}

}  // namespace

std::vector<SiteReach> reach_along_network(const std::vector<XY>& sites, const std::vector<double>& radius,
                                           const std::vector<NetworkLine>& lines, double snap) {
    Network net = build_network(lines, snap);
    const auto at = attach_points(net, sites);
    const Router router(net);
    std::vector<SiteReach> out(sites.size());
    for (std::size_t j = 0; j < sites.size(); ++j) {
        const double left = radius[j] - at[j].distance;
        if (left < 0) continue;
        const auto dist = router.distances_from(at[j].node, left);
        auto& r = out[j];
        auto add = [&](XY a, XY b, double len) {
            if (len <= 0) return;
            r.lines.push_back({a, b});
            r.length += len;
        };
        for (const auto& e : net.edges) {
            // What is left of the walk on reaching each end (negative: not reached).
            const double from_a = dist[e.a] == unreachable ? -1 : left - dist[e.a];
            const double from_b = dist[e.b] == unreachable ? -1 : left - dist[e.b];
            const XY a = net.nodes[e.a], b = net.nodes[e.b];
            if (std::max(from_a, 0.0) + std::max(from_b, 0.0) >= e.length && (from_a >= 0 || from_b >= 0)) {
                add(a, b, e.length);
                continue;
            }
            if (from_a > 0) add(a, between(a, b, from_a / e.length), from_a);
            if (from_b > 0) add(between(b, a, from_b / e.length), b, from_b);
        }
    }
    return out;
}

std::vector<SiteReach> reach_in_view(const std::vector<XY>& sites, const std::vector<double>& radius,
                                     const std::vector<View>& views, const std::vector<NetworkLine>& lines,
                                     double half_width, double tolerance) {
    const auto eye = nearest_on_lines(lines, sites, tolerance);
    const StreetCorridor corridor(lines, half_width);
    std::vector<SiteReach> out(sites.size());
    for (std::size_t j = 0; j < sites.size(); ++j) {
        if (!eye[j]) continue;
        const bool sector = !views.empty() && views[j].width < 360;
        out[j].ring = sector ? corridor.seen_from(*eye[j], radius[j], static_cast<int>(std::ceil(views[j].width * 2)) + 1,
                                                  views[j].bearing, views[j].width)
                             : corridor.seen_from(*eye[j], radius[j], 720);
        out[j].area = ring_area(out[j].ring);
    }
    return out;
}

}  // namespace hotspots
