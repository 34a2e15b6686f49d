#include "hotspots/door_round.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>

using namespace hotspots;

namespace {

// The shortest open walk from the start through every door, by trying every order.
double best_by_permutation(XY start, const std::vector<XY>& doors, const std::function<double(XY, XY)>& dist) {
    std::vector<std::size_t> order(doors.size());
    std::iota(order.begin(), order.end(), 0);
    double best = std::numeric_limits<double>::infinity();
    do {
        double len = 0;
        XY at = start;
        for (auto k : order) {
            len += dist(at, doors[k]);
            at = doors[k];
        }
        best = std::min(best, len);
    } while (std::next_permutation(order.begin(), order.end()));
    return best;
}

double straight(XY a, XY b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace

TEST_CASE("door rounds in straight lines: no longer than the best order found by trying every one", "[cocoon]") {
    std::mt19937_64 rng(2031);
    std::uniform_real_distribution<double> u(0, 200);
    std::vector<DoorZone> zones;
    for (std::size_t n = 0; n <= 8; ++n) {
        DoorZone z{{u(rng), u(rng)}, {}};
        for (std::size_t k = 0; k < n; ++k) z.doors.push_back({u(rng), u(rng)});
        zones.push_back(z);
    }
    DoorSettings s;
    s.threads = 2;
    const auto rounds = door_rounds(zones, s);
    DoorSettings h = s;
    h.exact_doors = 0;  // the heuristic alone
    const auto heuristic = door_rounds(zones, h);
    for (std::size_t k = 0; k < zones.size(); ++k) {
        const auto& r = rounds[k];
        const auto& z = zones[k];
        REQUIRE(r.order.size() == z.doors.size());
        CHECK(r.reachable == z.doors.size());
        auto sorted = r.order;
        std::sort(sorted.begin(), sorted.end());
        for (std::uint32_t i = 0; i < sorted.size(); ++i) CHECK(sorted[i] == i);  // every door once
        const double best = z.doors.empty() ? 0 : best_by_permutation(z.start, z.doors, straight);
        CHECK(r.length <= best + 1e-9);
        CHECK(r.length == Approx(best));
        CHECK(r.optimal);
        // The legs add up to the round and follow its order.
        double sum = 0;
        XY at = z.start;
        for (std::size_t v = 0; v < r.order.size(); ++v) {
            CHECK(r.leg[v] == Approx(straight(at, z.doors[r.order[v]])));
            sum += r.leg[v];
            at = z.doors[r.order[v]];
        }
        CHECK(sum == Approx(r.length));
        for (std::size_t i = 0; i < z.doors.size(); ++i) CHECK(r.distance[i] == Approx(straight(z.start, z.doors[i])));
        // The heuristic is never better than the optimum (else the "optimum" was not one).
        CHECK(heuristic[k].length >= best - 1e-9);
        if (!z.doors.empty()) CHECK_FALSE(heuristic[k].optimal);
    }
    CHECK(door_rounds(zones, DoorSettings{}).front().length == rounds.front().length);  // one thread: the same
}

TEST_CASE("door rounds along the streets: on a full grid, walking distances are Manhattan; a door cut off is listed last", "[cocoon]") {
    // A 6 x 6 grid of 100 m blocks, every block side a line; the doors on its junctions.
    std::vector<NetworkLine> lines;
    for (int i = 0; i <= 6; ++i)
        for (int j = 0; j <= 6; ++j) {
            if (i < 6) lines.push_back({{{i * 100.0, j * 100.0}, {i * 100.0 + 100, j * 100.0}}, "Row"});
            if (j < 6) lines.push_back({{{i * 100.0, j * 100.0}, {i * 100.0, j * 100.0 + 100}}, "Column"});
        }
    lines.push_back({{{2000, 0}, {2100, 0}}, "Island"});
    auto manhattan = [](XY a, XY b) { return std::fabs(a.x - b.x) + std::fabs(a.y - b.y); };
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<int> g(0, 6);
    std::vector<DoorZone> zones;
    for (std::size_t n = 1; n <= 8; ++n) {
        DoorZone z{{g(rng) * 100.0, g(rng) * 100.0}, {}};
        while (z.doors.size() < n) {
            const XY p{g(rng) * 100.0, g(rng) * 100.0};
            if (std::none_of(z.doors.begin(), z.doors.end(), [&](XY q) { return q.x == p.x && q.y == p.y; })) z.doors.push_back(p);
        }
        zones.push_back(z);
    }
    zones.back().doors.push_back({2050, 3});  // on the island: no street leads there
    DoorSettings s;
    s.network = &lines;
    const auto rounds = door_rounds(zones, s);
    for (std::size_t k = 0; k < zones.size(); ++k) {
        const auto& z = zones[k];
        const auto& r = rounds[k];
        std::vector<XY> reachable;
        for (const auto& d : z.doors)
            if (d.x < 1000) reachable.push_back(d);
        CHECK(r.reachable == reachable.size());
        CHECK(r.length == Approx(best_by_permutation(z.start, reachable, manhattan)).margin(1e-6));
        for (std::size_t i = 0; i < reachable.size(); ++i) CHECK(r.distance[i] == Approx(manhattan(z.start, z.doors[i])).margin(1e-6));
        // Each leg's line runs from door to door along the streets, as long as the leg.
        for (std::size_t v = 0; v < r.reachable; ++v) {
            double len = 0;
            for (std::size_t p = 1; p < r.lines[v].size(); ++p) len += straight(r.lines[v][p - 1], r.lines[v][p]);
            CHECK(len == Approx(r.leg[v]).margin(1e-6));
        }
    }
    const auto& last = rounds.back();
    CHECK(last.order.back() == zones.back().doors.size() - 1);
    CHECK(std::isinf(last.distance.back()));
}
