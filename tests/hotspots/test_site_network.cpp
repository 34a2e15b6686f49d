#include "hotspots/site.hpp"
#include "hotspots/site_network.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace hotspots;

namespace {

struct Seg {
    int u, v;
    XY a, b;
};

// Where a point meets its nearest segment, found by looking at every one.
struct Foot {
    std::size_t seg;
    double along, off;  // from the segment's a; from the point to the segment
};

Foot nearest(const std::vector<Seg>& segs, XY p) {
    Foot best{0, 0, std::numeric_limits<double>::infinity()};
    for (std::size_t s = 0; s < segs.size(); ++s) {
        const double dx = segs[s].b.x - segs[s].a.x, dy = segs[s].b.y - segs[s].a.y, len = std::hypot(dx, dy);
        const double t = std::clamp(((p.x - segs[s].a.x) * dx + (p.y - segs[s].a.y) * dy) / (len * len), 0.0, 1.0);
        const double off = std::hypot(segs[s].a.x + t * dx - p.x, segs[s].a.y + t * dy - p.y);
        if (off < best.off) best = {s, t * len, off};
    }
    return best;
}

}  // namespace

TEST_CASE("site coverage along the streets equals a brute-force shortest walk from each site", "[site]") {
    // A 6 x 6 grid of 100 m blocks, one line per block side, a fifth of them missing (dead ends
    // and pieces), and a diagonal short cut sharing the grid's vertices.
    std::mt19937_64 rng(31);
    std::uniform_real_distribution<double> coord(-20, 620), unit(0, 1);
    const int n = 7;
    auto id = [&](int i, int j) { return i * n + j; };
    std::vector<Seg> segs;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const XY here{i * 100.0, j * 100.0};
            if (i + 1 < n && unit(rng) > 0.2) segs.push_back({id(i, j), id(i + 1, j), here, {here.x + 100, here.y}});
            if (j + 1 < n && unit(rng) > 0.2) segs.push_back({id(i, j), id(i, j + 1), here, {here.x, here.y + 100}});
        }
    segs.push_back({id(1, 1), id(2, 2), {100, 100}, {200, 200}});
    std::vector<NetworkLine> lines;
    for (const auto& s : segs) lines.push_back({{s.a, s.b}, "street"});
    // Shortest distances between grid vertices: Floyd-Warshall.
    const int v = n * n;
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> d(static_cast<std::size_t>(v * v), inf);
    auto D = [&](int a, int b) -> double& { return d[static_cast<std::size_t>(a * v + b)]; };
    for (int a = 0; a < v; ++a) D(a, a) = 0;
    for (const auto& s : segs) {
        const double len = std::hypot(s.b.x - s.a.x, s.b.y - s.a.y);
        D(s.u, s.v) = std::min(D(s.u, s.v), len);
        D(s.v, s.u) = D(s.u, s.v);
    }
    for (int k = 0; k < v; ++k)
        for (int a = 0; a < v; ++a)
            for (int b = 0; b < v; ++b) D(a, b) = std::min(D(a, b), D(a, k) + D(k, b));
    // The walk between two points: to the street, along it (directly on one segment, or out by
    // either end and in by either end of the other), and off it.
    auto walk = [&](XY p, XY q) {
        const Foot fp = nearest(segs, p), fq = nearest(segs, q);
        const auto &sp = segs[fp.seg], &sq = segs[fq.seg];
        const double lp = std::hypot(sp.b.x - sp.a.x, sp.b.y - sp.a.y), lq = std::hypot(sq.b.x - sq.a.x, sq.b.y - sq.a.y);
        double along = fp.seg == fq.seg ? std::fabs(fp.along - fq.along) : inf;
        for (const auto& [x, ox] : {std::pair{sp.u, fp.along}, std::pair{sp.v, lp - fp.along}})
            for (const auto& [y, oy] : {std::pair{sq.u, fq.along}, std::pair{sq.v, lq - fq.along}})
                along = std::min(along, ox + D(x, y) + oy);
        return fp.off + along + fq.off;
    };

    std::vector<XY> demand(300), sites(25);
    for (auto& p : demand) p = {coord(rng), coord(rng)};
    for (auto& p : sites) p = {coord(rng), coord(rng)};
    std::vector<double> radius(sites.size());
    for (auto& r : radius) r = 60 + 240 * unit(rng);
    auto covers = coverage_within(demand, sites, 0, radius);
    const auto before = covers;
    const auto note = cover_along_network(covers, demand, sites, radius, lines, 0.5, 2);
    std::size_t expected_pairs = 0, lost = 0;
    for (std::size_t j = 0; j < sites.size(); ++j) {
        std::vector<std::uint32_t> brute;
        for (std::uint32_t i = 0; i < demand.size(); ++i)
            if (walk(sites[j], demand[i]) <= radius[j]) brute.push_back(i);
        CHECK(covers[j] == brute);
        expected_pairs += brute.size();
        lost += before[j].size() - brute.size();
    }
    CHECK(note.pairs_network == expected_pairs);
    CHECK(lost > 0);  // the streets cover less than the circles: the test has something to tell apart
    CHECK(expected_pairs > 50);
    // The same on one thread.
    auto one = before;
    cover_along_network(one, demand, sites, radius, lines, 0.5, 1);
    CHECK(one == covers);
}

TEST_CASE("site coverage along the streets: across a river with no bridge nothing is covered; a site off the network covers nothing", "[site]") {
    // Two streets 40 m apart, parallel, not joined: a camera on one does not cover the other
    // (a river, a railway between them), though it is well within 75 m as the crow flies.
    const std::vector<NetworkLine> lines = {{{{0, 0}, {200, 0}}, "North Bank"}, {{{0, -40}, {200, -40}}, "South Bank"}};
    const std::vector<XY> demand = {{100, 2}, {150, 1}, {100, -41}};
    const std::vector<XY> sites = {{100, 0}, {100, 500}};
    std::vector<double> radius = {75, 75};
    auto covers = coverage_within(demand, sites, 0, radius);
    REQUIRE(covers[0].size() == 3);
    const auto note = cover_along_network(covers, demand, sites, radius, lines, 1);
    // (100,2): 0 + 0 + 2; (150,1): 0 + 50 + 1.
    CHECK(covers[0] == std::vector<std::uint32_t>{0, 1});
    CHECK(covers[1].empty());
    CHECK(note.sites_off_network == 1);
    CHECK(note.pieces == 2);
    // Exactly at the radius counts: (150,1) is 51 m away walking.
    radius[0] = 51;
    covers = coverage_within(demand, sites, 0, radius);
    cover_along_network(covers, demand, sites, radius, lines, 1);
    CHECK(covers[0] == std::vector<std::uint32_t>{0, 1});
    radius[0] = 50.9;
    covers = coverage_within(demand, sites, 0, radius);
    cover_along_network(covers, demand, sites, radius, lines, 1);
    CHECK(covers[0] == std::vector<std::uint32_t>{0});
}
