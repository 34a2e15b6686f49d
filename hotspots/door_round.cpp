#include "hotspots/door_round.hpp"

#include "hotspots/network.hpp"
#include "hotspots/orienteering.hpp"
#include "model/parallel.hpp"

#include <cmath>
#include <optional>

namespace hotspots {
namespace {

// Where the zones' points stand on the network: per zone, the start's attachment then its doors'.
struct OnNetwork {
    Network net;
    std::vector<std::vector<Attachment>> at;
};

OnNetwork attach_zones(const std::vector<DoorZone>& zones, const DoorSettings& s) {
    OnNetwork o{build_network(*s.network, s.snap), {}};
    std::vector<XY> pts;
    for (const auto& z : zones) {
        pts.push_back(z.start);
        pts.insert(pts.end(), z.doors.begin(), z.doors.end());
    }
    const auto all = attach_points(o.net, pts);
    std::size_t k = 0;
    for (const auto& z : zones) {
        o.at.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(k),
                          all.begin() + static_cast<std::ptrdiff_t>(k + 1 + z.doors.size()));
        k += 1 + z.doors.size();
    }
    return o;
}

// Distances between the start (0) and the doors (1..n), (n+1) x (n+1).
std::vector<double> zone_distances(const DoorZone& z, const OnNetwork* on, const Router* router, std::size_t zone,
                                   double limit) {
    const std::size_t n = z.doors.size() + 1;
    std::vector<double> d(n * n, 0);
    auto point = [&](std::size_t i) { return i == 0 ? z.start : z.doors[i - 1]; };
    for (std::size_t i = 0; i < n; ++i) {
        if (!router) {
            for (std::size_t j = 0; j < n; ++j) d[i * n + j] = std::hypot(point(i).x - point(j).x, point(i).y - point(j).y);
            continue;
        }
        const auto& at = on->at[zone];
        // Two doors reached from the start within the limit are within twice it of each other.
        const auto from = router->distances_from(at[i].node, i == 0 ? limit : 2 * limit);
        for (std::size_t j = 0; j < n; ++j)
            d[i * n + j] = i == j ? 0 : at[i].distance + from[at[j].node] + at[j].distance;
    }
    return d;
}

std::vector<XY> leg_line(XY a, XY b, std::uint32_t na, std::uint32_t nb, const OnNetwork* on, const Router* router) {
    if (!router) return {a, b};
    std::vector<XY> line{a};
    for (auto n : router->shortest_path(na, nb).nodes) line.push_back(on->net.nodes[n]);
    line.push_back(b);
    return line;
}

DoorRound solve(const DoorZone& z, const std::vector<double>& d, const OnNetwork* on, const Router* router, std::size_t zone,
                const DoorSettings& s) {
    const std::size_t n = z.doors.size();
    DoorRound r;
    r.distance.resize(n);
    std::vector<std::uint32_t> reach, cut_off;
    for (std::uint32_t i = 0; i < n; ++i) {
        r.distance[i] = d[i + 1];
        (std::isfinite(d[i + 1]) ? reach : cut_off).push_back(i);
    }
    // Every reachable door worth 1 and no limit to the length: the most prize is every door, and
    // among those the solvers keep the shortest open walk.
    Orienteering p;
    const std::size_t m = reach.size();
    p.prize.assign(m, 1);
    p.budget = std::numeric_limits<double>::max();
    p.distance.assign((m + 2) * (m + 2), 0);  // to the end (m + 1): 0, an open walk
    auto idx = [&](std::size_t k) { return k < m ? reach[k] + 1 : 0; };  // k == m: the start
    for (std::size_t a = 0; a <= m; ++a)
        for (std::size_t b = 0; b <= m; ++b) p.distance[a * (m + 2) + b] = d[idx(a) * (n + 1) + idx(b)];
    Walk w;
    if (m > 0) w = m <= s.exact_doors ? exact_walk(p) : heuristic_walk(p);
    r.method = m <= s.exact_doors ? "exact" : "heuristic";
    r.optimal = m <= s.exact_doors;
    std::size_t prev = m;
    for (auto k : w.stops) {
        r.order.push_back(reach[k]);
        r.leg.push_back(p.d(prev, k));
        r.length += r.leg.back();
        const auto from_node = on ? on->at[zone][prev == m ? 0 : reach[prev] + 1].node : 0;
        const auto to_node = on ? on->at[zone][reach[k] + 1].node : 0;
        const XY from_xy = prev == m ? z.start : z.doors[reach[prev]];
        r.lines.push_back(leg_line(from_xy, z.doors[reach[k]], from_node, to_node, on, router));
        prev = k;
    }
    r.reachable = r.order.size();
    r.order.insert(r.order.end(), cut_off.begin(), cut_off.end());
    return r;
}

}  // namespace

std::vector<DoorRound> door_rounds(const std::vector<DoorZone>& zones, const DoorSettings& s) {
    std::optional<OnNetwork> on;
    std::optional<Router> router;
    std::size_t doors = 0;
    for (const auto& z : zones) doors += z.doors.size();
    if (s.network && doors > 0) {
        on.emplace(attach_zones(zones, s));
        router.emplace(on->net);
    }
    std::vector<DoorRound> out(zones.size());
    parallel_items(zones.size(), s.threads, [&](std::size_t k, unsigned) {
        const OnNetwork* o = on ? &*on : nullptr;
        const Router* r = router ? &*router : nullptr;
        out[k] = solve(zones[k], zone_distances(zones[k], o, r, k, s.limit), o, r, k, s);
    });
    return out;
}

}  // namespace hotspots
