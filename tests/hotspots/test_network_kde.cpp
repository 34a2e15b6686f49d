#include "hotspots/network_kde.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace hotspots;

namespace {

NetworkLine line(std::vector<XY> pts, std::string name) { return {std::move(pts), std::move(name)}; }

double quartic(double d, double h) { return std::abs(d) < h ? 15.0 / (16 * h) * std::pow(1 - (d / h) * (d / h), 2) : 0; }

double mass(const std::vector<Lixel>& lx, const std::vector<double>& f) {
    double m = 0;
    for (std::size_t i = 0; i < lx.size(); ++i) m += f[i] * (lx[i].to - lx[i].from);
    return m;
}

// Three 1,000 m arms from a centre: arm 0 west, 1 north, 2 east.
StreetSegments star() {
    return cut_segments(build_network({line({{0, 0}, {-1000, 0}}, "W"), line({{0, 0}, {0, 1000}}, "N"),
                                       line({{0, 0}, {1000, 0}}, "E")},
                                      0.5));
}

// Brute force by pulling rather than pushing: every walk from the event to a point, as a
// list of (node, segment end) steps over a plain edge list, its length and the product of
// the split factors at the nodes it passes.
struct Graph {
    std::vector<std::array<std::uint32_t, 2>> ends;  // each edge's two nodes
    std::vector<double> len;
    std::vector<int> degree;
};

double pull(const Graph& g, NetworkKernel split, double h, std::uint32_t e_edge, double e_at, std::uint32_t q_edge,
            double q_at) {
    double total = 0;
    if (e_edge == q_edge) total += quartic(q_at - e_at, h);
    // Leave the event's edge by one end, then wander: (edge we are on, end we leave by).
    std::function<void(std::uint32_t, int, double, double)> go = [&](std::uint32_t edge, int end, double d, double f) {
        if (d >= h) return;
        const std::uint32_t node = g.ends[edge][static_cast<std::size_t>(end)];
        const int n = g.degree[node];
        for (std::uint32_t x = 0; x < g.ends.size(); ++x)
            for (int side = 0; side < 2; ++side) {
                if (g.ends[x][static_cast<std::size_t>(side)] != node) continue;
                const bool back = x == edge && side == end;
                const double factor = split == NetworkKernel::discontinuous ? (back ? 0.0 : 1.0 / (n - 1))
                                                                            : (back ? (2.0 - n) / n : 2.0 / n);
                if (factor == 0) continue;
                if (x == q_edge) total += f * factor * quartic(d + (side == 0 ? q_at : g.len[x] - q_at), h);
                go(x, 1 - side, d + g.len[x], f * factor);
            }
    };
    go(e_edge, 0, e_at, 1);
    go(e_edge, 1, g.len[e_edge] - e_at, 1);
    return total;
}

}  // namespace

TEST_CASE("on a single street every network kernel is the line kernel") {
    const auto s = cut_segments(build_network({line({{0, 0}, {2000, 0}}, "Long")}, 0.5));
    const auto lx = make_lixels(s.segments, 10);
    REQUIRE(lx.size() == 200);
    for (auto split : {NetworkKernel::simple, NetworkKernel::discontinuous, NetworkKernel::continuous}) {
        NetworkKdeOptions o;
        o.split = split;
        o.bandwidth = 150;
        const auto f = network_kde(s, lx, {{0, 1003, 1}, {0, 1003, 2}}, o);
        for (std::size_t i = 0; i < lx.size(); ++i) CHECK(f[i] == Approx(3 * quartic((lx[i].from + lx[i].to) / 2 - 1003, 150)).margin(1e-12));
        CHECK(mass(lx, f) == Approx(3).epsilon(1e-3));
    }
    CHECK(line_kernel(Kernel::quartic, 30, 100) == Approx(quartic(30, 100)).epsilon(1e-9));
    CHECK(line_kernel(Kernel::epanechnikov, 30, 100) == Approx(0.75 / 100 * (1 - 0.09)).epsilon(1e-9));
}

TEST_CASE("at a junction of three the kernels split as Okabe and Sugihara define them") {
    const auto s = star();
    const auto lx = make_lixels(s.segments, 5);
    const double h = 200, e = 50;  // the event 50 m west of the centre
    std::uint32_t west = 0;
    while (s.segments[west].name != "W") ++west;
    // The event's position along W from its end a (the centre when a is the centre).
    const bool a_centre = s.segments[west].points.front().x == 0;
    const NetworkEvent ev{west, a_centre ? e : 1000 - e, 1};
    auto from_centre = [&](const Lixel& l) {
        const double m = (l.from + l.to) / 2;
        const auto& seg = s.segments[l.segment];
        return seg.points.front().x == 0 && seg.points.front().y == 0 ? m : seg.length - m;
    };
    for (auto split : {NetworkKernel::simple, NetworkKernel::discontinuous, NetworkKernel::continuous}) {
        NetworkKdeOptions o;
        o.split = split;
        o.bandwidth = h;
        const auto f = network_kde(s, lx, {ev}, o);
        for (std::size_t i = 0; i < lx.size(); ++i) {
            const double t = from_centre(lx[i]);
            double want = 0;
            if (lx[i].segment != west) {
                const double k = quartic(e + t, h);
                want = split == NetworkKernel::simple ? k : split == NetworkKernel::discontinuous ? k / 2 : 2 * k / 3;
            } else {
                want = quartic(t - e, h) + (split == NetworkKernel::continuous ? -quartic(e + t, h) / 3 : 0);
            }
            CHECK(f[i] == Approx(want).margin(1e-12));
        }
        // Equal split keeps the mass (no dead end within the bandwidth); the simple kernel
        // counts the event again on every extra branch.
        if (split == NetworkKernel::simple) CHECK(mass(lx, f) > 1.1);
        else CHECK(mass(lx, f) == Approx(1).epsilon(1e-3));
    }
}

TEST_CASE("network kernels equal a brute-force sum over walks on a small network with a cycle") {
    // A triangle 0-1-2 (60, 80, 100 m) with a tail 2-3 (150 m) and a spur 1-4 (40 m).
    const std::vector<XY> at{{0, 0}, {60, 0}, {60, 80}, {60, 230}, {100, 0}};
    const std::vector<std::pair<int, int>> pairs{{0, 1}, {1, 2}, {2, 0}, {2, 3}, {1, 4}};
    std::vector<NetworkLine> lines;
    for (std::size_t k = 0; k < pairs.size(); ++k)
        lines.push_back(line({at[static_cast<std::size_t>(pairs[k].first)], at[static_cast<std::size_t>(pairs[k].second)]}, "s" + std::to_string(k)));
    const auto s = cut_segments(build_network(lines, 0.5));
    REQUIRE(s.segments.size() == 5);
    Graph g;
    g.degree.assign(s.degree.begin(), s.degree.end());
    for (const auto& seg : s.segments) {
        g.ends.push_back({seg.a, seg.b});
        g.len.push_back(seg.length);
    }
    const auto lx = make_lixels(s.segments, 7);
    const std::vector<NetworkEvent> events{{0, 20, 1}, {3, 140, 2}, {4, 39, 1}};
    for (auto split : {NetworkKernel::discontinuous, NetworkKernel::continuous}) {
        for (double h : {90.0, 250.0}) {
            NetworkKdeOptions o;
            o.split = split;
            o.bandwidth = h;
            const auto f = network_kde(s, lx, events, o);
            for (std::size_t i = 0; i < lx.size(); ++i) {
                double want = 0;
                for (const auto& e : events)
                    want += e.weight * pull(g, split, h, e.segment, e.along, lx[i].segment, (lx[i].from + lx[i].to) / 2);
                CHECK(f[i] == Approx(want).margin(1e-12));
            }
        }
    }
    // The simple kernel: the shortest distance, by Floyd-Warshall over the nodes.
    const std::size_t n = s.degree.size();
    std::vector<std::vector<double>> d(n, std::vector<double>(n, INFINITY));
    for (std::size_t i = 0; i < n; ++i) d[i][i] = 0;
    for (std::size_t k = 0; k < g.ends.size(); ++k) d[g.ends[k][0]][g.ends[k][1]] = d[g.ends[k][1]][g.ends[k][0]] = std::min(d[g.ends[k][0]][g.ends[k][1]], g.len[k]);
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
    NetworkKdeOptions o;
    o.split = NetworkKernel::simple;
    o.bandwidth = 250;
    const auto f = network_kde(s, lx, events, o);
    for (std::size_t i = 0; i < lx.size(); ++i) {
        const double q = (lx[i].from + lx[i].to) / 2;
        const auto& qe = g.ends[lx[i].segment];
        double want = 0;
        for (const auto& e : events) {
            const auto& ee = g.ends[e.segment];
            double best = e.segment == lx[i].segment ? std::abs(q - e.along) : INFINITY;
            const double to_end[2] = {e.along, g.len[e.segment] - e.along};
            const double from_end[2] = {q, g.len[lx[i].segment] - q};
            for (int a = 0; a < 2; ++a)
                for (int b = 0; b < 2; ++b) best = std::min(best, to_end[a] + d[ee[static_cast<std::size_t>(a)]][qe[static_cast<std::size_t>(b)]] + from_end[b]);
            want += e.weight * quartic(best, 250);
        }
        CHECK(f[i] == Approx(want).margin(1e-12));
    }
}

TEST_CASE("mass on a network with dead ends: the discontinuous kernel loses what passes a dead end") {
    const auto s = star();
    const auto lx = make_lixels(s.segments, 5);
    std::uint32_t north = 0;
    while (s.segments[north].name != "N") ++north;
    const bool a_centre = s.segments[north].points.front().y == 0;
    // 30 m from the far (dead) end of N, bandwidth 100: a share of the kernel passes the end.
    const NetworkEvent ev{north, a_centre ? 970.0 : 30.0, 1};
    NetworkKdeOptions o;
    o.bandwidth = 100;
    o.split = NetworkKernel::discontinuous;
    const double lost = 0.5 - 0.5 * 15.0 / 16 * (0.3 - 2 * 0.027 / 3 + 0.00243 / 5) * 2;  // mass of the quartic beyond 30 m on one side
    CHECK(mass(lx, network_kde(s, lx, {ev}, o)) == Approx(1 - lost).epsilon(1e-3));
    // The continuous kernel sends it back (a dead end has degree 1: (2 - 1) / 1 = 1).
    o.split = NetworkKernel::continuous;
    CHECK(mass(lx, network_kde(s, lx, {ev}, o)) == Approx(1).epsilon(1e-3));
}

TEST_CASE("bad network kde input is refused") {
    const auto s = star();
    CHECK_THROWS(make_lixels(s.segments, 0));
    NetworkKdeOptions o;
    o.bandwidth = 0;
    CHECK_THROWS(network_kde(s, make_lixels(s.segments, 10), {{0, 5, 1}}, o));
    o.bandwidth = 100;
    CHECK_THROWS(network_kde(s, make_lixels(s.segments, 10), {{0, 5000, 1}}, o));
    CHECK(network_kernel_from_name("continuous") == NetworkKernel::continuous);
    CHECK(!network_kernel_from_name("split"));
}
