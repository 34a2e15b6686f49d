#include "hotspots/hex_aggregate.hpp"
#include "hotspots/hex_units.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

double shoelace(const std::array<XY, 6>& c) {
    double a = 0;
    for (std::size_t k = 0; k < 6; ++k) a += c[k].x * c[(k + 1) % 6].y - c[(k + 1) % 6].x * c[k].y;
    return a / 2;
}

// Inside a convex polygon given counter-clockwise (on an edge counts as inside).
bool inside(const std::array<XY, 6>& c, XY p) {
    for (std::size_t k = 0; k < 6; ++k) {
        const XY a = c[k], b = c[(k + 1) % 6];
        if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) < -1e-9) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("hex grid: size across the flats, area, corners, the cell of a point is the hexagon holding it", "[hex]") {
    for (bool flat : {false, true}) {
        HexGrid g{100, flat};
        const HexCell c{3, -2};
        const auto corners = g.corners(c);
        CHECK(shoelace(corners) == Approx(std::sqrt(3.0) / 2 * 100 * 100));  // counter-clockwise, (sqrt 3 / 2) size^2
        const XY o = g.centre(c);
        for (const auto& p : corners) CHECK(std::hypot(p.x - o.x, p.y - o.y) == Approx(100 / std::sqrt(3.0)));
        // Opposite edges' midpoints are `size` apart.
        const XY m0{(corners[0].x + corners[1].x) / 2, (corners[0].y + corners[1].y) / 2};
        const XY m3{(corners[3].x + corners[4].x) / 2, (corners[3].y + corners[4].y) / 2};
        CHECK(std::hypot(m0.x - m3.x, m0.y - m3.y) == Approx(100));
        // Flat-topped: an edge runs east-west (two corners at the same y, above the centre).
        if (flat) CHECK(corners[1].y == Approx(corners[2].y).margin(1e-9));
        else CHECK(corners[0].x == Approx(corners[5].x).margin(1e-9));
        // Random points: the cell found holds the point, and no other of its neighbours does (off the edges).
        std::mt19937_64 rng(flat ? 2 : 1);
        std::uniform_real_distribution<double> u(-5000, 5000);
        for (int k = 0; k < 5000; ++k) {
            const XY p{u(rng), u(rng)};
            const auto h = g.cell_of(p.x, p.y);
            REQUIRE(inside(g.corners(h), p));
            CHECK(g.cell_of(g.centre(h).x, g.centre(h).y) == h);
        }
        // Each of the six neighbours shares exactly two corners (an edge) and is `size` away.
        for (const auto& n : HexGrid::neighbours(c)) {
            const XY q = g.centre(n);
            CHECK(std::hypot(q.x - o.x, q.y - o.y) == Approx(100));
            int shared = 0;
            for (const auto& a : g.corners(n))
                for (const auto& b : corners) shared += std::hypot(a.x - b.x, a.y - b.y) < 1e-6;
            CHECK(shared == 2);
            CHECK(HexGrid::steps(c, n) == 1);
        }
    }
    HexGrid h;
    // Far from the origin (British National Grid) and at an awkward size, neighbours' shared
    // corners are the same doubles, so their union in GEOS or QGIS is one piece.
    for (bool flat : {false, true}) {
        const HexGrid g{137.3, flat};
        const HexCell c = g.cell_of(523417.3, 187654.9);
        const auto corners = g.corners(c);
        for (const auto& n : HexGrid::neighbours(c)) {
            int same = 0;
            for (const auto& a : g.corners(n))
                for (const auto& b : corners) same += a.x == b.x && a.y == b.y;
            CHECK(same == 2);
        }
    }
    CHECK(parse_hex_spec("hex:250", h));
    CHECK(h.size == 250);
    CHECK_FALSE(h.flat);
    CHECK(parse_hex_spec("hex:80:flat", h));
    CHECK(h.flat);
    CHECK_FALSE(parse_hex_spec("100", h));
    CHECK_THROWS_AS(parse_hex_spec("hex:0", h), std::invalid_argument);
    CHECK_THROWS_AS(parse_hex_spec("hex:100:round", h), std::invalid_argument);
    CHECK_THROWS_AS(parse_hex_spec("hex:", h), std::invalid_argument);
}

TEST_CASE("hex units: Gi* on hexagons equals a brute-force Gi* with the same (edge and band) weights", "[hex]") {
    for (bool flat : {false, true}) {
        const HexGrid g{50, flat};
        const Box box{1000, 2000, 1600, 2400};
        std::mt19937_64 rng(11);
        std::uniform_real_distribution<double> ux(box.xmin, box.xmax), uy(box.ymin, box.ymax);
        std::vector<XY> pts(3000);
        for (auto& p : pts) p = {ux(rng), uy(rng)};
        for (int k = 0; k < 400; ++k) pts.push_back({1200 + ux(rng) / 40, 2100 + uy(rng) / 40});  // a cluster
        for (const auto& spec : {NeighbourSpec{}, NeighbourSpec{NeighbourSpec::Kind::band, 120, 0, "band:120"}}) {
            Units u = hex_units(g, box, spec, false);
            // Every point of the box is in a unit.
            IncidentSet set;
            for (const auto& p : pts) {
                Incident i;
                i.x = p.x;
                i.y = p.y;
                set.incidents.push_back(i);
            }
            const auto of = hex_unit_of_incident(u, set);
            u.counts.assign(u.hex_cells.size(), 0);
            for (auto k : of) {
                REQUIRE(k >= 0);
                u.counts[static_cast<std::size_t>(k)] += 1;
            }
            const auto gi = gi_star(u.counts, u.nb, Adjustment::none);
            // Brute force: neighbours from the centres alone (edge neighbours are exactly `size`
            // apart, the next ring sqrt(3) size), Gi* from its formula.
            const std::size_t n = u.counts.size();
            std::vector<XY> c(n);
            for (std::size_t i = 0; i < n; ++i) c[i] = g.centre(u.hex_cells[i]);
            double mean = 0, sq = 0;
            for (double x : u.counts) mean += x / double(n);
            for (double x : u.counts) sq += (x - mean) * (x - mean) / double(n);
            const double s = std::sqrt(sq), limit = spec.kind == NeighbourSpec::Kind::band ? 120 : g.size * 1.01;
            for (std::size_t i = 0; i < n; ++i) {
                double sum = 0, w = 0;
                for (std::size_t j = 0; j < n; ++j)
                    if (std::hypot(c[i].x - c[j].x, c[i].y - c[j].y) <= limit) {
                        sum += u.counts[j];
                        w += 1;
                    }
                const double z = (sum - mean * w) / (s * std::sqrt((double(n) * w - w * w) / double(n - 1)));
                INFO("flat " << flat << " band " << (spec.kind == NeighbourSpec::Kind::band) << " unit " << i << " w " << w << " row " << (u.nb.offsets[i + 1] - u.nb.offsets[i]));
                CHECK(gi.z[i] == Approx(z).epsilon(1e-9));
            }
        }
    }
}

TEST_CASE("hex means: each hexagon the mean of the cells whose centres it holds", "[hexgrid]") {
    // A 40 x 40 grid of 5 m cells with value x + 2y at each centre, hexagons of 50 m: a linear
    // field's mean over a set of points is its value at their centroid, computed here directly.
    Grid g;
    g.cell = 5;
    g.xmin = -100;
    g.ymax = 100;
    g.cols = g.rows = 40;
    std::vector<double> v(g.cells());
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) v[r * g.cols + c] = g.centre_x(c) + 2 * g.centre_y(r);
    v[0] = NAN;  // masked: left out
    HexGrid hex;
    hex.size = 50;
    const auto m = hex_means(g, v, hex);
    std::size_t cells = 0;
    for (std::size_t k = 0; k < m.cells.size(); ++k) {
        double sx = 0, sy = 0;
        std::size_t n = 0;
        for (std::size_t r = 0; r < g.rows; ++r)
            for (std::size_t c = 0; c < g.cols; ++c)
                if ((r || c) && hex.cell_of(g.centre_x(c), g.centre_y(r)) == m.cells[k]) {
                    sx += g.centre_x(c);
                    sy += g.centre_y(r);
                    ++n;
                }
        REQUIRE(n == m.count[k]);
        CHECK(m.mean[k] == Approx((sx + 2 * sy) / static_cast<double>(n)));
        cells += n;
        if (k) CHECK((m.cells[k - 1].r < m.cells[k].r || (m.cells[k - 1].r == m.cells[k].r && m.cells[k - 1].q < m.cells[k].q)));
    }
    CHECK(cells == g.cells() - 1);
    // An interior hexagon of 50 m holds about its area in 5 m cells: (sqrt 3 / 2) 2500 / 25 = 86.6.
    const auto it = std::find(m.cells.begin(), m.cells.end(), HexCell{0, 0});
    REQUIRE(it != m.cells.end());
    CHECK(std::abs(static_cast<double>(m.count[static_cast<std::size_t>(it - m.cells.begin())]) - 86.6) < 6);
}
