#include "hotspots/site.hpp"
#include "hotspots/site_reach.hpp"
#include "hotspots/site_view.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace hotspots;

namespace {

using Piece = std::pair<XY, XY>;

double to_piece(XY p, const Piece& s, XY* foot = nullptr) {
    const double dx = s.second.x - s.first.x, dy = s.second.y - s.first.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - s.first.x) * dx + (p.y - s.first.y) * dy) / len2, 0.0, 1.0) : 0.0;
    const XY f{s.first.x + t * dx, s.first.y + t * dy};
    if (foot) *foot = f;
    return std::hypot(p.x - f.x, p.y - f.y);
}

// Distance from p to the nearest piece, looking at every one (and that piece's nearest point).
double to_network(XY p, const std::vector<Piece>& pieces, XY* foot = nullptr) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& s : pieces) {
        XY f;
        const double d = to_piece(p, s, &f);
        if (d < best) {
            best = d;
            if (foot) *foot = f;
        }
    }
    return best;
}

// How far the sight line from a to b strays from the network at most, by sampling it every 5 cm.
double furthest_off(XY a, XY b, const std::vector<Piece>& pieces) {
    const int n = std::max(2, static_cast<int>(std::hypot(b.x - a.x, b.y - a.y) / 0.05));
    double worst = 0;
    for (int k = 0; k <= n; ++k) {
        const double t = static_cast<double>(k) / n;
        worst = std::max(worst, to_network({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)}, pieces));
    }
    return worst;
}

std::vector<Piece> pieces_of(const std::vector<NetworkLine>& lines) {
    std::vector<Piece> out;
    for (const auto& l : lines)
        for (std::size_t k = 0; k + 1 < l.points.size(); ++k) out.push_back({l.points[k], l.points[k + 1]});
    return out;
}

}  // namespace

TEST_CASE("a camera on one arm of an L-shaped street sees its arm and the junction, not round the corner", "[site]") {
    // Arm A from (0, 0) east to (100, 0), arm B from (100, 0) north to (100, 100); half-width 8.
    const std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}}, "A"}, {{{100, 0}, {100, 100}}, "B"}};
    const StreetCorridor corridor(lines, 8);
    const XY eye{20, 0};
    CHECK(corridor.sees(eye, {0, 0}));
    CHECK(corridor.sees(eye, {100, 0}));
    CHECK(corridor.sees(eye, {20, 0}));
    // A point (100, y) up arm B: the sight line is highest over arm A's corridor where it
    // leaves arm B's, at x = 92, with height y (92 - 20) / (100 - 20); seen when that is <= 8,
    // so up to y = 8 x 80 / 72 = 8.89 m past the corner.
    const double limit = 8.0 * 80 / 72;
    for (double y = 0; y <= 60; y += 0.25) {
        if (std::abs(y - limit) < 0.1) continue;  // the buffer's polygon is within 4 cm of the circle
        INFO("y = " << y);
        CHECK(corridor.sees(eye, {100, y}) == (y <= limit));
    }
    // Through coverage: the camera at a street light 3 m off arm A; incidents on arm A, at the
    // corner, up arm B, and one 40 m from both streets (off the street: never covered).
    const std::vector<XY> demand = {{60, 2}, {100, 5}, {100, 50}, {103, 80}, {50, 40}, {100, 8}};
    const std::vector<XY> sites = {{20, 3}, {100, 60}};
    auto covers = coverage_within(demand, sites, 120);
    const auto note = cover_in_view(covers, demand, sites, lines, 8, 30);
    CHECK(covers[0] == std::vector<std::uint32_t>{0, 1, 5});
    // The camera up arm B sees all of arm B and along arm A's corridor only near the corner:
    // (60, 0) is 40 m west of the corner, so the line from (100, 60) to it crosses the corner's
    // outside; (100, 5) and (100, 8) are on its own street.
    CHECK(covers[1] == std::vector<std::uint32_t>{1, 2, 3, 5});
    CHECK(note.point_off_street == std::vector<char>{0, 0, 0, 0, 1, 0});
    CHECK(note.sites_off_street == 0);
    // A site 40 m from every street sees nothing.
    std::vector<std::vector<std::uint32_t>> far = {{0, 1}};
    CHECK(cover_in_view(far, demand, {{50, 40}}, lines, 8, 30).sites_off_street == 1);
    CHECK(far[0].empty());
}

TEST_CASE("site coverage in view equals a brute-force sampling of each sight line", "[site]") {
    // A 5 x 5 grid of 100 m blocks with jittered corners, a quarter of its sides missing, and a
    // diagonal; points within 20 m of the streets or anywhere.
    std::mt19937_64 rng(33);
    std::uniform_real_distribution<double> jitter(-12, 12), unit(0, 1), coord(-30, 430);
    const int n = 5;
    std::vector<XY> corner;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) corner.push_back({i * 100 + jitter(rng), j * 100 + jitter(rng)});
    auto at = [&](int i, int j) { return corner[static_cast<std::size_t>(i * n + j)]; };
    std::vector<NetworkLine> lines;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            if (i + 1 < n && unit(rng) > 0.25) lines.push_back({{at(i, j), at(i + 1, j)}, ""});
            if (j + 1 < n && unit(rng) > 0.25) lines.push_back({{at(i, j), at(i, j + 1)}, ""});
        }
    lines.push_back({{at(0, 0), at(2, 2), at(4, 3)}, "diagonal"});
    const auto pieces = pieces_of(lines);
    std::vector<XY> demand, sites;
    for (int k = 0; k < 400; ++k) demand.push_back({coord(rng), coord(rng)});
    for (int k = 0; k < 30; ++k) sites.push_back({coord(rng), coord(rng)});
    const double radius = 150, half = 8, tolerance = 20;
    auto covers = coverage_within(demand, sites, radius);
    const auto straight = covers;
    const auto note = cover_in_view(covers, demand, sites, lines, half, tolerance, 2);
    std::size_t checked = 0, seen = 0, off = 0;
    for (std::size_t j = 0; j < sites.size(); ++j) {
        XY eye;
        const bool on = to_network(sites[j], pieces, &eye) <= tolerance;
        for (auto i : straight[j]) {
            XY target;
            const bool there = to_network(demand[i], pieces, &target) <= tolerance;
            const bool got = std::binary_search(covers[j].begin(), covers[j].end(), i);
            if (!on || !there) {
                CHECK_FALSE(got);
                continue;
            }
            const double worst = furthest_off(eye, target, pieces);
            if (std::abs(worst - half) < 0.1) continue;  // on the edge: the sampling and the polygon may differ
            INFO("site " << j << " point " << i << ": strays " << worst << " m from the streets");
            CHECK(got == (worst <= half));
            ++checked;
            seen += got;
        }
    }
    for (std::size_t i = 0; i < demand.size(); ++i) off += to_network(demand[i], pieces) > tolerance;
    std::size_t flagged = 0;
    for (char c : note.point_off_street) flagged += c != 0;
    CHECK(flagged == off);
    // Enough of both answers for the comparison to mean something.
    CHECK(checked > 300);
    CHECK(seen > 50);
    CHECK(checked - seen > 50);
    // One thread or two: the same answer.
    auto again = straight;
    cover_in_view(again, demand, sites, lines, half, tolerance, 1);
    CHECK(again == covers);
}

TEST_CASE("what a camera sees is inside the corridor and within its radius", "[site]") {
    const std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}}, "A"}, {{{100, 0}, {100, 100}}, "B"}};
    const StreetCorridor corridor(lines, 8);
    const auto ring = corridor.seen_from({20, 0}, 75, 360);
    REQUIRE(ring.size() == 361);
    double far_east = 0;
    for (const auto& p : ring) {
        CHECK(std::hypot(p.x - 20, p.y) <= 75 + 1e-9);
        CHECK(to_network(p, pieces_of(lines)) <= 8 + 0.05);
        far_east = std::max(far_east, p.x);
    }
    CHECK(far_east == Approx(95).margin(0.01));  // due east along arm A: the full 75 m
    // A sector: the eye first, then the rays.
    const auto sector = corridor.seen_from({20, 0}, 75, 91, 90, 90);
    CHECK(sector.front().x == 20);
    CHECK(sector.size() == 93);
}

TEST_CASE("a site's reach along the streets: whole edges, and the part where its walk runs out", "[site]") {
    // The L again: a site 3 m off arm A at x = 20, 100 m walking: 3 m to the street, then the
    // 20 m west to arm A's end, the 80 m east to the corner and 17 m up arm B.
    const std::vector<NetworkLine> lines = {{{{0, 0}, {100, 0}}, "A"}, {{{100, 0}, {100, 100}}, "B"}};
    const auto reach = reach_along_network({{20, 3}, {50, 40}}, {100, 30}, lines, 1);
    REQUIRE(reach.size() == 2);
    CHECK(reach[0].length == Approx(117));
    double top = 0;
    for (const auto& piece : reach[0].lines)
        for (const auto& p : piece) {
            top = std::max(top, p.y);
            CHECK(p.x >= 0);
        }
    CHECK(top == Approx(17));
    // 40 m from every street with 30 m to walk: nothing.
    CHECK(reach[1].lines.empty());
    // In view: the corridor seen, within the radius; none from a site off the street.
    const auto view = reach_in_view({{20, 3}, {50, 40}}, {75, 75}, {}, lines, 8, 30);
    CHECK(view[0].area > 75 * 16);  // at least the 75 m east along arm A's 16 m wide corridor
    CHECK(view[0].area < 95 * 16 + 16 * 16);
    CHECK(view[1].ring.empty());
}
