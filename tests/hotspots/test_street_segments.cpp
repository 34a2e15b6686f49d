#include "hotspots/street_segments.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

NetworkLine line(std::vector<XY> pts, std::string name) { return {std::move(pts), std::move(name)}; }

// A plus: High St west to east through a bend-free vertex at x = 50, Church Rd south to north;
// they share the vertex (100, 0).
StreetSegments plus() {
    return cut_segments(build_network({line({{0, 0}, {50, 0}, {100, 0}, {200, 0}}, "High St"),
                                       line({{100, -100}, {100, 0}, {100, 100}}, "Church Rd")},
                                      0.5));
}

// Distance from q to the polyline, found by looking at every piece.
double brute_distance(const std::vector<XY>& pts, XY q, double& along) {
    double best = INFINITY, at = 0;
    for (std::size_t k = 0; k + 1 < pts.size(); ++k) {
        const double len = std::hypot(pts[k + 1].x - pts[k].x, pts[k + 1].y - pts[k].y);
        // Sample the piece finely and refine: an independent way to the nearest point.
        double lo = 0, hi = len;
        for (int it = 0; it < 200; ++it) {
            const double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            auto d = [&](double s) {
                const double t = len > 0 ? s / len : 0;
                return std::hypot(q.x - (pts[k].x + t * (pts[k + 1].x - pts[k].x)), q.y - (pts[k].y + t * (pts[k + 1].y - pts[k].y)));
            };
            if (d(m1) <= d(m2)) hi = m2;
            else lo = m1;
        }
        const double t = len > 0 ? lo / len : 0;
        const double d = std::hypot(q.x - (pts[k].x + t * (pts[k + 1].x - pts[k].x)), q.y - (pts[k].y + t * (pts[k + 1].y - pts[k].y)));
        if (d < best) {
            best = d;
            along = at + lo;
        }
        at += len;
    }
    return best;
}

}  // namespace

TEST_CASE("segments are cut at junctions and where the name changes, not at bends") {
    const auto s = plus();
    REQUIRE(s.segments.size() == 4);
    std::vector<std::pair<std::string, double>> got;
    for (const auto& seg : s.segments) got.emplace_back(seg.name, seg.length);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::pair<std::string, double>>{{"Church Rd", 100}, {"Church Rd", 100}, {"High St", 100}, {"High St", 100}});
    // The vertex at x = 50 is not a junction: the west piece keeps it.
    CHECK(std::any_of(s.segments.begin(), s.segments.end(), [](const Segment& g) { return g.points.size() == 3; }));

    const auto renamed = cut_segments(build_network({line({{0, 0}, {10, 0}}, "A"), line({{10, 0}, {30, 0}}, "B")}, 0.5));
    REQUIRE(renamed.segments.size() == 2);
    // The same street in two lines that meet end to end is one segment.
    const auto joined = cut_segments(build_network({line({{0, 0}, {10, 0}}, "A"), line({{30, 0}, {10, 0}}, "A")}, 0.5));
    REQUIRE(joined.segments.size() == 1);
    CHECK(joined.segments[0].length == Approx(30));
    // A ring with no junction: one segment that starts and ends at one node.
    const auto ring = cut_segments(build_network({line({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, "Close")}, 0.5));
    REQUIRE(ring.segments.size() == 1);
    CHECK(ring.segments[0].a == ring.segments[0].b);
    CHECK(ring.segments[0].length == Approx(40));
}

TEST_CASE("snapping finds the nearest segment within the tolerance, as a search of every piece does") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 500);
    // A jittered 5 x 5 street grid, each street a bent line.
    std::vector<NetworkLine> lines;
    for (int i = 0; i < 5; ++i) {
        std::vector<XY> h, v;
        for (int j = 0; j < 5; ++j) {
            h.push_back({j * 100.0 + (j % 2) * 3, i * 100.0 + (j == 2 ? 7 : 0)});
            v.push_back({i * 100.0 + (j == 3 ? -6 : 0), j * 100.0});
        }
        lines.push_back(line(h, "H" + std::to_string(i)));
        lines.push_back(line(v, "V" + std::to_string(i)));
    }
    const auto s = cut_segments(build_network(lines, 0.5));
    std::vector<XY> pts;
    for (int i = 0; i < 400; ++i) pts.push_back({u(rng) - 50, u(rng) - 50});
    const double tol = 20;
    const auto snaps = snap_to_segments(s.segments, pts, tol);
    std::size_t snapped = 0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        double best = INFINITY, along = 0;
        std::int64_t seg = -1;
        for (std::size_t k = 0; k < s.segments.size(); ++k) {
            double a = 0;
            const double d = brute_distance(s.segments[k].points, pts[i], a);
            if (d < best - 1e-7) {
                best = d;
                seg = static_cast<std::int64_t>(k);
                along = a;
            }
        }
        if (best > tol) {
            CHECK(snaps[i].segment == -1);
            continue;
        }
        ++snapped;
        CHECK(snaps[i].distance == Approx(best).margin(1e-6));
        // At a junction two segments are equally near: either is right, the lower one is chosen.
        if (snaps[i].segment != seg) {
            double a = 0;
            CHECK(brute_distance(s.segments[static_cast<std::size_t>(snaps[i].segment)].points, pts[i], a) == Approx(best).margin(1e-6));
            CHECK(snaps[i].segment < seg);
        } else {
            CHECK(snaps[i].along == Approx(along).margin(1e-4));
        }
    }
    CHECK(snapped > 100);
    CHECK(snapped < pts.size());
    CHECK_THROWS(snap_to_segments({}, pts, 10));
}

TEST_CASE("segment neighbours share a junction, or lie within a walking distance") {
    // A street of four 100 m segments (four names, so four segments): 0 - 1 - 2 - 3.
    const auto s = cut_segments(build_network({line({{0, 0}, {100, 0}}, "A"), line({{100, 0}, {200, 0}}, "B"),
                                               line({{200, 0}, {300, 0}}, "C"), line({{300, 0}, {400, 0}}, "D")},
                                              0.5));
    REQUIRE(s.segments.size() == 4);
    auto row = [](const Neighbours& nb, std::size_t i) {
        return std::vector<std::uint32_t>(nb.index.begin() + static_cast<long>(nb.offsets[i]),
                                          nb.index.begin() + static_cast<long>(nb.offsets[i + 1]));
    };
    const auto touch = segment_neighbours(s, 0, false);
    CHECK(row(touch, 0) == std::vector<std::uint32_t>{0, 1});
    CHECK(row(touch, 1) == std::vector<std::uint32_t>{0, 1, 2});
    // Within 100 m of segment 0's east end lies the junction of 1 and 2.
    CHECK(row(segment_neighbours(s, 100, false), 0) == std::vector<std::uint32_t>{0, 1, 2});
    CHECK(row(segment_neighbours(s, 99, false), 0) == std::vector<std::uint32_t>{0, 1});
    const auto rs = segment_neighbours(s, 0, true);
    CHECK(rs.weight[rs.offsets[1]] == Approx(1.0 / 3));

    // Gi* with these weights, against the formula written out with a dense matrix.
    const std::vector<double> x{9, 4, 1, 0};
    const auto gi = gi_star(x, touch, Adjustment::none);
    const double adj[4][4] = {{1, 1, 0, 0}, {1, 1, 1, 0}, {0, 1, 1, 1}, {0, 0, 1, 1}};
    const double mean = 14.0 / 4;
    double ss = 0;
    for (double v : x) ss += v * v;
    const double sd = std::sqrt(ss / 4 - mean * mean);
    for (int i = 0; i < 4; ++i) {
        double wx = 0, w = 0, w2 = 0;
        for (int j = 0; j < 4; ++j) {
            wx += adj[i][j] * x[static_cast<std::size_t>(j)];
            w += adj[i][j];
            w2 += adj[i][j] * adj[i][j];
        }
        const double z = (wx - mean * w) / (sd * std::sqrt((4 * w2 - w * w) / 3));
        CHECK(gi.z[static_cast<std::size_t>(i)] == Approx(z).epsilon(1e-12));
    }
}

TEST_CASE("hot streets merge consecutive hot segments of one street only") {
    // High St in three pieces (junctions with two side roads), then Low Rd.
    const auto s = cut_segments(build_network({line({{0, 0}, {100, 0}, {200, 0}, {300, 0}}, "High St"),
                                               line({{100, 0}, {100, 50}}, "Side 1"),
                                               line({{200, 0}, {200, 50}}, "Side 2"),
                                               line({{300, 0}, {400, 0}}, "Low Rd")},
                                              0.5));
    REQUIRE(s.segments.size() == 6);
    std::vector<double> counts(6, 0);
    GiStar gi;
    gi.z.assign(6, 0);
    gi.bin.assign(6, 0);
    for (std::uint32_t k = 0; k < 6; ++k) {
        const auto& seg = s.segments[k];
        if (seg.name == "High St" || seg.name == "Low Rd") {
            gi.bin[k] = 3;
            gi.z[k] = seg.name == "Low Rd" ? 4 : 3 + seg.points.front().x / 1000;
            counts[k] = seg.name == "Low Rd" ? 50 : 10;
        }
    }
    const auto hot = hot_streets(s, counts, gi);
    REQUIRE(hot.size() == 2);
    CHECK(hot[0].name == "Low Rd");
    CHECK(hot[0].per_100m == Approx(50));
    CHECK(hot[1].name == "High St");
    CHECK(hot[1].segments.size() == 3);
    CHECK(hot[1].length == Approx(300));
    CHECK(hot[1].incidents == 30);
    CHECK(hot[1].per_100m == Approx(10));
    CHECK(hot[1].max_z == Approx(3.2));
    // A cold middle piece splits High St in two.
    for (std::uint32_t k = 0; k < 6; ++k)
        if (s.segments[k].name == "High St" && s.segments[k].points.front().x == 100) gi.bin[k] = 0;
    CHECK(hot_streets(s, counts, gi).size() == 3);
}

TEST_CASE("pieces of a line") {
    const std::vector<XY> l{{0, 0}, {10, 0}, {10, 10}};
    CHECK(point_along(l, 15).y == Approx(5));
    const auto p = piece_of(l, 5, 15);
    REQUIRE(p.size() == 3);
    CHECK(p[1].x == 10);
    CHECK(p[2].y == Approx(5));
}
