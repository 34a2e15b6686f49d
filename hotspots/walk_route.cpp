#include "hotspots/walk_route.hpp"

#include "hotspots/orienteering.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

namespace hotspots {

std::string streets_walked(const Network& net, const Path& path) {
    std::vector<std::pair<std::string, double>> parts;
    for (auto e : path.edges) {
        const auto& name = net.names[net.edges[e].line];
        const std::string shown = name.empty() ? "path" : name;
        if (!parts.empty() && parts.back().first == shown) parts.back().second += net.edges[e].length;
        else parts.emplace_back(shown, net.edges[e].length);
    }
    std::string out;
    for (const auto& [name, len] : parts) out += fmt::format("{}{} ({:.0f} m)", out.empty() ? "" : ", ", name, len);
    return out;
}

namespace {

// Distances between the stops, the start (n) and the end (n + 1) along the network, each
// stop standing at its nearest point of it; says which stops the start cannot reach.
void network_distances(std::vector<WalkStop>& stops, const WalkSettings& s, const WalkMessages& msg, WalkPlan& plan,
                       Orienteering& p, std::optional<Network>& net, std::optional<Router>& router,
                       std::vector<std::uint32_t>& node) {
    const std::size_t n = stops.size();
    net.emplace(build_network(*s.network, s.snap));
    std::vector<XY> pts;
    for (const auto& st : stops) pts.push_back(st.centre);
    pts.push_back(s.start);
    pts.push_back(s.end);
    const auto at = attach_points(*net, pts);
    for (std::size_t k = 0; k < n; ++k) {
        stops[k].at = at[k].at;
        stops[k].snap_m = at[k].distance;
    }
    for (std::size_t k = 0; k < n + 2; ++k) node.push_back(at[k].node);
    plan.start = at[n].at;
    plan.end = at[n + 1].at;
    plan.network_note = fmt::format("{}; {} edges in {} connected pieces, the largest {} edges", s.network_note,
                                    net->edges.size(), net->piece_edges.size(), net->piece_edges.front());
    msg.note(plan.network_note);
    for (std::size_t k = n; k < n + (s.has_end ? 2 : 1); ++k)
        if (at[k].distance > 250)
            msg.warning(fmt::format("{} is {:.0f} m from the nearest line of --network {}: is it inside the network's "
                                    "area?", k == n ? "--start" : "--end", at[k].distance, s.network_name));
    msg.stage("network built and stops attached");
    router.emplace(*net);
    // One search from each stop, the start and the end, no further than the budget.
    std::vector<std::vector<double>> from(n + 2);
    parallel_items(n + 2, s.threads, [&](std::size_t k, unsigned) {
        auto d = router->distances_from(node[k], s.budget);
        from[k].resize(n + 2);
        for (std::size_t j = 0; j < n + 2; ++j) from[k][j] = d[node[j]];
    });
    for (std::size_t i = 0; i < n + 2; ++i)
        for (std::size_t j = 0; j < n + 2; ++j) p.distance[i * (n + 2) + j] = from[i][j];
    msg.stage("walking distances");
    // Lines that cross without a shared vertex are the usual cause of many pieces; say the remedy.
    const std::string hint = s.crossings_noded || net->piece_edges.size() < 2
        ? std::string()
        : "; if its lines cross without sharing a vertex (street centrelines, a hand-made layer), add --node-crossings";
    // The end and every stop on another piece than the start: say so, plainly.
    if (s.has_end && net->piece[node[n]] != net->piece[node[n + 1]])
        throw std::runtime_error(fmt::format("--end is on a piece of --network {} that the start cannot reach (the network has {} "
                                             "unconnected pieces); check the network or choose another end{}",
                                             s.network_name, net->piece_edges.size(), hint));
    std::size_t cut_off = 0;
    for (std::size_t k = 0; k < n; ++k) cut_off += net->piece[node[k]] != net->piece[node[n]];
    if (cut_off == n)
        throw std::runtime_error(fmt::format("none of the {} stops can be reached from --start along --network {}: the start "
                                             "joins a piece of {} edges, not connected to the stops' (the network has {} "
                                             "unconnected pieces); check --start, --snap and the network's extent{}",
                                             n, s.network_name, net->piece_edges[net->piece[node[n]]], net->piece_edges.size(), hint));
    if (cut_off > 0)
        msg.warning(fmt::format("{} of the {} stops lie on pieces of --network not connected to the start's; they "
                                "cannot be visited{}", cut_off, n, hint));
}

// The stops a walk can reach and come back from (or go on to the end from), as a smaller problem.
Orienteering reachable_problem(const Orienteering& p, std::size_t n, const WalkSettings& s, std::vector<std::uint32_t>& keep) {
    double nearest = unreachable;
    for (std::uint32_t k = 0; k < n; ++k) {
        const double via = p.d(p.start(), k) + p.d(k, p.end());
        nearest = std::min(nearest, via);
        if (via <= s.budget) keep.push_back(k);
    }
    if (keep.empty())
        throw std::runtime_error(nearest == unreachable
            ? fmt::format("no stop is within --max-length {:.0f} m of --start; the stops are further away", s.budget)
            : fmt::format("no stop fits within --max-length {:.0f} m: the nearest needs {:.0f} m{}; raise --max-length or start nearer",
                          s.budget, nearest, s.has_end ? " there and on to the end" : ""));
    Orienteering sub;
    sub.budget = s.budget;
    sub.max_visits = s.visits;
    const std::size_t m = keep.size();
    std::vector<std::size_t> map_to(keep.begin(), keep.end());
    map_to.push_back(n);
    map_to.push_back(n + 1);
    for (auto k : keep) sub.prize.push_back(p.prize[k]);
    sub.distance.resize((m + 2) * (m + 2));
    for (std::size_t i = 0; i < m + 2; ++i)
        for (std::size_t j = 0; j < m + 2; ++j) sub.distance[i * (m + 2) + j] = p.d(map_to[i], map_to[j]);
    return sub;
}

}  // namespace

WalkPlan plan_walk(std::vector<WalkStop> stops, const WalkSettings& s, const WalkMessages& msg) {
    // A walk is never shorter than the straight line: places beyond the budget that way are
    // out of reach, and max_stops counts among the rest.
    const std::size_t places = stops.size();
    const double straight = s.network ? 1.0 : s.detour;
    std::erase_if(stops, [&](const WalkStop& st) {
        const double there = std::hypot(st.centre.x - s.start.x, st.centre.y - s.start.y);
        const double on = s.has_end ? std::hypot(st.centre.x - s.end.x, st.centre.y - s.end.y) : 0.0;
        return straight * (there + on) > s.budget;
    });
    if (stops.empty())
        throw std::runtime_error(fmt::format("none of the {} places with incidents is within --max-length {:.0f} m of --start{}; "
                                             "raise --max-length or start nearer (is --start in {}?)",
                                             places, s.budget, s.has_end ? " and back or on to the end" : "", s.work_crs));
    if (stops.size() > s.max_stops) {
        msg.note(fmt::format("{} places with incidents within --max-length as the crow flies; the {} worth the most "
                             "are the candidate stops (--max-stops)", stops.size(), s.max_stops));
        stops.resize(s.max_stops);
    }

    WalkPlan plan;
    plan.budget = s.budget;
    plan.start = s.start;
    plan.end = s.end;
    plan.on_network = s.network != nullptr;
    const std::size_t n = stops.size();
    plan.candidates = n;
    for (const auto& st : stops) plan.prize_available += st.prize;

    Orienteering p;
    p.budget = s.budget;
    for (const auto& st : stops) p.prize.push_back(st.prize);
    p.distance.assign((n + 2) * (n + 2), unreachable);
    std::optional<Network> net;
    std::optional<Router> router;
    std::vector<std::uint32_t> node;  // stops, start, end
    if (s.network) {
        network_distances(stops, s, msg, plan, p, net, router, node);
    } else {
        msg.warning(fmt::format("no --network: walking distances are straight lines times --detour {}; a route "
                                "along the streets needs a network (docs/walk.md says where to get one)", s.detour));
        std::vector<XY> pts;
        for (auto& st : stops) {
            st.at = st.centre;
            pts.push_back(st.centre);
        }
        pts.push_back(s.start);
        pts.push_back(s.end);
        for (std::size_t i = 0; i < n + 2; ++i)
            for (std::size_t j = 0; j < n + 2; ++j)
                p.distance[i * (n + 2) + j] = s.detour * std::hypot(pts[i].x - pts[j].x, pts[i].y - pts[j].y);
    }
    // Without an end the walk stops where it is: getting "to the end" costs nothing.
    if (!s.has_end)
        for (std::size_t i = 0; i < n + 2; ++i) p.distance[i * (n + 2) + n + 1] = p.distance[(n + 1) * (n + 2) + i] = 0;
    if (s.has_end && !(p.d(p.start(), p.end()) <= s.budget))
        throw std::runtime_error(fmt::format("--end is {} from --start, more than --max-length {:.0f} m; raise --max-length or choose a "
                                             "nearer end", p.d(p.start(), p.end()) == unreachable ? std::string("further")
                                             : fmt::format("{:.0f} m", p.d(p.start(), p.end())), s.budget));

    std::vector<std::uint32_t> keep;
    const Orienteering sub = reachable_problem(p, n, s, keep);
    plan.reachable = keep.size();
    const std::size_t m = keep.size();
    if (s.solver == "exact" && m > exact_limit)
        throw std::runtime_error(fmt::format("--solver exact handles up to {} stops within reach; {} are. Use --solver auto or "
                                             "heuristic, or fewer --max-stops", exact_limit, m));
    const bool exact = s.solver != "heuristic" && m <= exact_limit;
    const auto w = exact ? exact_walk(sub) : heuristic_walk(sub);
    msg.stage("route");
    plan.method = w.method;
    plan.optimal = w.optimal;
    plan.length = w.length;
    plan.prize = w.prize;

    auto leg = [&](std::size_t from_k, std::size_t to_k, XY from_xy, XY to_xy) {
        WalkLeg l;
        if (router) {
            const auto path = router->shortest_path(node[from_k], node[to_k]);
            for (auto v : path.nodes) l.line.push_back(net->nodes[v]);
            l.length = path.length;
            l.via = streets_walked(*net, path);
        } else {
            l.line = {from_xy, to_xy};
            l.length = p.d(from_k, to_k);
        }
        if (l.line.size() == 1) l.line.push_back(l.line.front());  // standing still: a line needs two points
        return l;
    };
    std::size_t prev = n;  // the start
    XY prev_xy = plan.start;
    for (auto j : w.stops) {
        const std::size_t k = keep[j];
        plan.legs.push_back(leg(prev, k, prev_xy, stops[k].at));
        plan.stops.push_back(stops[k]);
        prev = k;
        prev_xy = stops[k].at;
    }
    if (s.has_end) plan.legs.push_back(leg(prev, n + 1, prev_xy, plan.end));
    return plan;
}

}  // namespace hotspots
