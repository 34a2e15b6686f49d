#include "hotspots/network.hpp"
#include "hotspots/orienteering.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// Stops (and a start and end) at points; walking distance = straight line. `mode`: 0 open,
// 1 back to the start, 2 to a separate end point.
Orienteering euclidean(const std::vector<XY>& stops, XY start, XY end, int mode, double budget, std::vector<double> prize) {
    Orienteering p;
    p.prize = std::move(prize);
    p.budget = budget;
    std::vector<XY> all = stops;
    all.push_back(start);
    all.push_back(mode == 1 ? start : end);
    const std::size_t m = all.size();
    p.distance.assign(m * m, 0);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < m; ++j) {
            double d = std::hypot(all[i].x - all[j].x, all[i].y - all[j].y);
            if (mode == 0 && (i == m - 1 || j == m - 1)) d = 0;
            p.distance[i * m + j] = d;
        }
    return p;
}

Orienteering random_instance(std::uint32_t seed, std::size_t n, int mode, double budget) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1000);
    std::vector<XY> stops;
    std::vector<double> prize;
    for (std::size_t i = 0; i < n; ++i) {
        stops.push_back({u(rng), u(rng)});
        prize.push_back(1 + std::floor(u(rng) / 100));
    }
    return euclidean(stops, {u(rng), u(rng)}, {u(rng), u(rng)}, mode, budget, prize);
}

// Every order of every subset: the most prize within the budget, then the shortest.
std::pair<double, double> brute_force(const Orienteering& p) {
    const std::size_t n = p.stops();
    double best = -1, best_len = 0;
    for (std::uint32_t mask = 0; mask < (1U << n); ++mask) {
        std::vector<std::uint32_t> order;
        double prize = 0;
        for (std::uint32_t j = 0; j < n; ++j)
            if (mask >> j & 1) {
                order.push_back(j);
                prize += p.prize[j];
            }
        if (p.max_visits && order.size() > p.max_visits) continue;
        do {
            const double len = walk_length(p, order);
            if (len <= p.budget && (prize > best + 1e-9 || (prize > best - 1e-9 && len < best_len - 1e-9))) {
                best = prize;
                best_len = len;
            }
        } while (std::next_permutation(order.begin(), order.end()));
    }
    return {best, best_len};
}

}  // namespace

TEST_CASE("walk: the exact route equals brute force over every order of every subset", "[walk]") {
    for (int mode = 0; mode < 3; ++mode)
        for (std::uint32_t seed = 1; seed <= 12; ++seed) {
            const auto p = random_instance(seed * 7 + static_cast<std::uint32_t>(mode), 7, mode, 1500 + 150.0 * seed);
            const auto [prize, len] = brute_force(p);
            const auto w = exact_walk(p);
            INFO("mode " << mode << " seed " << seed);
            REQUIRE(prize >= 0);
            CHECK(w.prize == Approx(prize));
            CHECK(w.length == Approx(len));
            CHECK(w.length <= p.budget + 1e-6);
            CHECK(w.length == Approx(walk_length(p, w.stops)));
            CHECK(w.optimal);
        }
}

TEST_CASE("walk: a cap on the stops visited holds, exactly and by the heuristic", "[walk]") {
    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
        auto p = random_instance(seed * 31, 9, static_cast<int>(seed % 3), 4000);
        p.max_visits = 3;
        const auto [prize, len] = brute_force(p);
        const auto e = exact_walk(p);
        const auto h = heuristic_walk(p);
        INFO("seed " << seed);
        CHECK(e.prize == Approx(prize));
        CHECK(e.length == Approx(len));
        CHECK(e.stops.size() <= 3);
        CHECK(h.stops.size() <= 3);
        CHECK(h.prize <= e.prize + 1e-9);
        CHECK(h.length <= p.budget + 1e-6);
    }
}

TEST_CASE("walk: the heuristic stays within the budget and near the optimum", "[walk]") {
    double ratio_sum = 0;
    int runs = 0, equal = 0;
    for (int mode = 0; mode < 3; ++mode)
        for (std::uint32_t seed = 1; seed <= 15; ++seed) {
            const auto p = random_instance(seed * 13 + static_cast<std::uint32_t>(mode), 14, mode, 1800 + 100.0 * seed);
            const auto e = exact_walk(p);
            const auto h = heuristic_walk(p);
            INFO("mode " << mode << " seed " << seed);
            CHECK(h.length <= p.budget + 1e-6);
            CHECK(h.length == Approx(walk_length(p, h.stops)));
            CHECK(h.prize <= e.prize + 1e-9);
            double prize = 0;
            for (auto k : h.stops) prize += p.prize[k];
            CHECK(prize == Approx(h.prize));
            // No stop twice.
            auto sorted = h.stops;
            std::sort(sorted.begin(), sorted.end());
            CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
            ratio_sum += e.prize > 0 ? h.prize / e.prize : 1;
            equal += h.prize > e.prize - 1e-9;
            ++runs;
        }
    CHECK(ratio_sum / runs > 0.97);
    CHECK(equal >= runs * 3 / 4);
}

TEST_CASE("walk: a return walk reaches fewer stops than a one-way walk of the same length", "[walk]") {
    // Stops every 100 m along a line from the start: one way, 500 m reaches five; there and
    // back, two (to 200 m and back).
    std::vector<XY> stops;
    for (int k = 1; k <= 8; ++k) stops.push_back({100.0 * k, 0});
    const std::vector<double> prize(8, 1);
    const auto open = euclidean(stops, {0, 0}, {0, 0}, 0, 500, prize);
    const auto back = euclidean(stops, {0, 0}, {0, 0}, 1, 500, prize);
    for (const auto& w : {exact_walk(open), heuristic_walk(open)}) {
        CHECK(w.prize == 5);
        CHECK(w.length == Approx(500));
        CHECK(w.stops == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
    }
    for (const auto& w : {exact_walk(back), heuristic_walk(back)}) {
        CHECK(w.prize == 2);
        CHECK(w.length == Approx(400));
    }
    // An end point out of reach: nothing fits, and the walk says how long start to end is.
    const auto far = euclidean(stops, {0, 0}, {900, 0}, 2, 500, prize);
    CHECK(exact_walk(far).stops.empty());
    CHECK(exact_walk(far).length == Approx(900));
    CHECK(heuristic_walk(far).stops.empty());
}

TEST_CASE("walk: the heuristic is deterministic", "[walk]") {
    const auto p = random_instance(99, 60, 1, 3000);
    const auto a = heuristic_walk(p), b = heuristic_walk(p);
    CHECK(a.stops == b.stops);
    CHECK(a.length == b.length);
}

namespace {

// A square grid of streets `n` x `n` blocks of `block` metres: one line per row and column.
std::vector<NetworkLine> grid_lines(int n, double block) {
    std::vector<NetworkLine> lines;
    for (int r = 0; r <= n; ++r) {
        NetworkLine row{{}, "Row " + std::to_string(r)}, col{{}, "Column " + std::to_string(r)};
        for (int c = 0; c <= n; ++c) {
            row.points.push_back({c * block, r * block});
            col.points.push_back({r * block, c * block});
        }
        lines.push_back(row);
        lines.push_back(col);
    }
    return lines;
}

}  // namespace

TEST_CASE("network: distances on a street grid are Manhattan distances", "[walk]") {
    auto net = build_network(grid_lines(6, 100), 0.5);
    CHECK(net.nodes.size() == 49);
    CHECK(net.edges.size() == 2 * 6 * 7);
    CHECK(net.piece_edges.size() == 1);
    // Points in the middle of blocks' sides join the network there.
    const std::vector<XY> pts = {{50, 3}, {250, 410}, {600, 600}, {-20, -20}};
    const auto at = attach_points(net, pts);
    CHECK(at[0].distance == Approx(3));
    CHECK(at[0].at.x == Approx(50));
    CHECK(at[1].distance == Approx(10));
    CHECK(at[2].distance == Approx(0));
    CHECK(at[3].distance == Approx(std::hypot(20, 20)));
    const Router router(net);
    const auto d = router.distances_from(at[0].node);
    // From (50, 0) to (250, 400): 200 east and 400 north; to the corner (600, 600): 550 + 600.
    CHECK(d[at[1].node] == Approx(600));
    CHECK(d[at[2].node] == Approx(1150));
    CHECK(d[at[3].node] == Approx(50));
    const auto path = router.shortest_path(at[0].node, at[2].node);
    CHECK(path.length == Approx(1150));
    CHECK(path.nodes.front() == at[0].node);
    CHECK(path.nodes.back() == at[2].node);
    CHECK(path.edges.size() + 1 == path.nodes.size());
    double sum = 0;
    for (auto e : path.edges) sum += net.edges[e].length;
    CHECK(sum == Approx(1150));
    // A limit leaves further nodes unreached.
    const auto near = router.distances_from(at[0].node, 500);
    CHECK(near[at[3].node] == Approx(50));
    CHECK(near[at[1].node] == unreachable);
}

TEST_CASE("network: vertices within the snap distance join, crossings without a shared vertex do not", "[walk]") {
    // Two lines meeting 0.3 m apart; a bridge crossing them with no vertex there.
    std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}}, "A"},
                                      {{{100.3, 0}, {200, 0}}, "B"},
                                      {{{50, -50}, {50, 50}}, "Bridge"}};
    auto net = build_network(lines, 0.5);
    CHECK(net.nodes.size() == 5);
    CHECK(net.piece_edges.size() == 2);
    CHECK(net.piece_edges[0] == 2);
    CHECK(net.piece[0] == 0);
    CHECK(net.piece[3] == 1);
    auto strict = build_network(lines, 0.1);
    CHECK(strict.piece_edges.size() == 3);
    const auto at = attach_points(net, {{150, 1}, {50, 40}});
    const Router router(net);
    CHECK(router.distances_from(at[0].node)[at[1].node] == unreachable);
    CHECK(router.shortest_path(at[0].node, at[1].node).nodes.empty());
}

TEST_CASE("network: several points on one edge split it in order", "[walk]") {
    auto net = build_network({{{{0, 0}, {100, 0}}, "A"}}, 0.5);
    const auto at = attach_points(net, {{70, 5}, {20, -5}, {70, -2}, {0, 9}});
    CHECK(net.edges.size() == 3);
    CHECK(at[0].node == at[2].node);
    CHECK(at[3].node == 0);
    const Router router(net);
    const auto d = router.distances_from(at[1].node);
    CHECK(d[at[0].node] == Approx(50));
    CHECK(d[at[3].node] == Approx(20));
    double total = 0;
    for (const auto& e : net.edges) total += e.length;
    CHECK(total == Approx(100));
}
