#include "geo/geos.hpp"
#include "hotspots/risk_terrain.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

struct Plant {
    std::vector<XY> cells;
    std::vector<double> counts;
    RiskFactor planted{"planted", {}}, decoy{"decoy", {}};
};

// 50 m cells over 3 x 3 km; incidents e^1.1 (3x) likelier within 100 m of the planted factor's
// points; the decoy's points elsewhere at random. Gamma-Poisson counts (theta 2).
Plant make_plant(unsigned seed) {
    Plant p;
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 3000);
    for (int i = 0; i < 25; ++i) p.planted.points.push_back({u(rng), u(rng)});
    // The decoy's points at least 500 m from the planted ones, so that none of its measures (up to
    // 400 m) takes in the planted risk by where it happens to lie.
    while (p.decoy.points.size() < 25) {
        const XY q{u(rng), u(rng)};
        bool apart = true;
        for (const auto& a : p.planted.points) apart = apart && std::hypot(q.x - a.x, q.y - a.y) >= 500;
        if (apart) p.decoy.points.push_back(q);
    }
    for (int r = 0; r < 60; ++r)
        for (int c = 0; c < 60; ++c) {
            const XY cell{25.0 + 50 * c, 25.0 + 50 * r};
            bool near = false;
            for (const auto& q : p.planted.points) near = near || std::hypot(q.x - cell.x, q.y - cell.y) <= 100;
            const double mu = std::exp(-1.5 + (near ? 1.1 : 0));
            const double lambda = std::gamma_distribution<double>(2, mu / 2)(rng);
            p.cells.push_back(cell);
            p.counts.push_back(std::poisson_distribution<int>(lambda)(rng));
        }
    return p;
}

}  // namespace

TEST_CASE("risk terrain: proximity and density equal a direct count") {
    const auto p = make_plant(1);
    const auto ops = operationalise(p.planted, 0, p.cells, {100, 300});
    REQUIRE(ops.size() == 4);
    for (const auto& o : ops) {
        std::vector<double> n(p.cells.size(), 0);
        for (std::size_t c = 0; c < p.cells.size(); ++c)
            for (const auto& q : p.planted.points) n[c] += std::hypot(q.x - p.cells[c].x, q.y - p.cells[c].y) <= o.distance;
        double mean = 0, var = 0;
        for (double v : n) mean += v / double(n.size());
        for (double v : n) var += (v - mean) * (v - mean) / double(n.size());
        for (std::size_t c = 0; c < p.cells.size(); ++c)
            CHECK(o.column[c] == (o.density ? (n[c] > mean + 2 * std::sqrt(var)) : (n[c] > 0)));
    }
    CHECK(ops[0].label() == "within 100 m");
    CHECK(ops[3].label() == "dense within 300 m");
}

TEST_CASE("risk terrain: the planted factor is selected with its relative risk in its interval, the decoy is not") {
    int inside = 0;
    for (unsigned seed = 1; seed <= 10; ++seed) {
        const auto p = make_plant(seed);
        RiskOptions o;
        const auto m = fit_risk_terrain(p.cells, p.counts, {p.planted, p.decoy}, o);
        INFO("seed " << seed);
        REQUIRE(m.factors.size() == 1);
        CHECK(m.factors[0].op.factor == 0);
        CHECK(m.negative_binomial);
        const auto& f = m.factors[0];
        CHECK(f.low < f.relative_risk);
        CHECK(f.relative_risk < f.high);
        if (!f.op.density && f.op.distance == 100 && f.low <= std::exp(1.1) && std::exp(1.1) <= f.high) ++inside;
        // A cell's score is the product of its factors' relative risks.
        for (std::size_t c = 0; c < p.cells.size(); ++c)
            CHECK(m.score[c] == Approx(f.op.column[c] > 0 ? f.relative_risk : 1.0));
    }
    // At 95% the true relative risk at the planted distance is inside nearly every time.
    CHECK(inside >= 8);
}

TEST_CASE("risk terrain: a factor with no points anywhere near is left out, with why") {
    auto p = make_plant(3);
    RiskFactor far{"far away", {{1e6, 1e6}}};
    const auto m = fit_risk_terrain(p.cells, p.counts, {p.planted, far}, {});
    REQUIRE(m.factors.size() == 1);
    REQUIRE(!m.dropped.empty());
    CHECK(m.dropped[0].find("far away") == 0);
    CHECK_THROWS_AS(fit_risk_terrain(p.cells, {1, 2}, {p.planted}, {}), std::invalid_argument);
}

// Lines and polygons measured by distance to the feature: against GEOS's own distance (a
// different algorithm), on random cells, a two-part line, a polygon with a hole and a point.
TEST_CASE("risk terrain: lines and polygons are within d as GEOS measures them") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> u(0, 2000);
    std::vector<XY> cells;
    for (int i = 0; i < 3000; ++i) cells.push_back({u(rng), u(rng)});
    RiskFactor f{"mixed", {{1500, 300}}, {}};
    f.shapes.push_back({{{{100, 100}, {900, 400}, {1200, 1500}}, {{1800, 1800}, {1900, 1200}}}, false});
    const std::vector<XY> shell{{300, 1300}, {900, 1300}, {900, 1900}, {300, 1900}, {300, 1300}};
    const std::vector<XY> hole{{500, 1500}, {700, 1500}, {700, 1700}, {500, 1700}, {500, 1500}};
    f.shapes.push_back({{shell, hole}, true});
    const std::vector<double> ds{50, 150, 400};
    const auto within = features_within(f, cells, ds);

    geo::GeosContext ctx;
    auto h = ctx.get();
    std::vector<geo::GeomPtr> features;
    features.push_back(geo::make_point(ctx, 1500, 300));
    std::vector<GEOSGeometry*> lines;
    for (const auto& part : f.shapes[0].parts) lines.push_back(geo::make_line(ctx, part).release());
    features.push_back(geo::own(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, lines.data(), 2)));
    auto ring = [&](const std::vector<XY>& r) {
        auto seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(r.size()), 2);
        for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, r[i].x, r[i].y);
        return GEOSGeom_createLinearRing_r(h, seq);
    };
    GEOSGeometry* holes[] = {ring(hole)};
    features.push_back(geo::own(ctx, GEOSGeom_createPolygon_r(h, ring(shell), holes, 1)));
    std::size_t inside_hole = 0;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        auto p = geo::make_point(ctx, cells[c].x, cells[c].y);
        std::vector<double> dist;
        for (const auto& g : features) {
            double d = 0;
            GEOSDistance_r(h, p.get(), g.get(), &d);
            dist.push_back(d);
        }
        inside_hole += cells[c].x > 500 && cells[c].x < 700 && cells[c].y > 1500 && cells[c].y < 1700;
        for (std::size_t k = 0; k < ds.size(); ++k) {
            double n = 0;
            for (double d : dist) n += d <= ds[k] + 1e-9 ? 1 : 0;  // no cell lies within 1e-9 of a boundary
            CHECK(within[k][c] == n);
        }
    }
    CHECK(inside_hole > 10);  // the hole is tested: cells there are at a distance from the polygon
}
