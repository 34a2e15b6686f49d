#include "hotspots/site.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// A random instance: candidates and weighted demand points in a square, covering within r.
SiteProblem random_problem(std::uint32_t seed, std::size_t candidates, std::size_t points, double r,
                           std::vector<geo::XY>* cand_xy = nullptr, std::vector<geo::XY>* demand_xy = nullptr) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0, 1000);
    std::vector<geo::XY> c, d;
    SiteProblem p;
    for (std::size_t j = 0; j < candidates; ++j) c.push_back({u(rng), u(rng)});
    for (std::size_t i = 0; i < points; ++i) {
        d.push_back({u(rng), u(rng)});
        p.demand.push_back(1 + std::floor(u(rng) / 200));
    }
    p.covers = coverage_within(d, c, r);
    if (cand_xy) *cand_xy = c;
    if (demand_xy) *demand_xy = d;
    return p;
}

double covered_by(const SiteProblem& p, std::uint32_t mask) {
    std::vector<char> hit(p.demand.size(), 0);
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        if ((mask >> j & 1) || (!p.existing.empty() && p.existing[j]))
            for (auto i : p.covers[j]) hit[i] = 1;
    double s = 0;
    for (std::size_t i = 0; i < hit.size(); ++i) s += hit[i] ? p.demand[i] : 0;
    return s;
}

double cost_of(const SiteProblem& p, std::uint32_t mask) {
    double c = 0;
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        if (mask >> j & 1) c += p.cost.empty() ? 1 : p.cost[j];
    return c;
}

// The best coverage over every choice of at most `count` new sites within the budget.
double brute_mclp(const SiteProblem& p, std::size_t count, double budget) {
    double best = 0;
    const auto n = static_cast<std::uint32_t>(p.covers.size());
    for (std::uint32_t mask = 0; mask < (1u << n); ++mask) {
        if (!p.existing.empty()) {
            bool touches = false;
            for (std::size_t j = 0; j < n; ++j) touches = touches || ((mask >> j & 1) && p.existing[j]);
            if (touches) continue;
        }
        if (static_cast<std::size_t>(__builtin_popcount(mask)) > count || cost_of(p, mask) > budget + 1e-9) continue;
        best = std::max(best, covered_by(p, mask));
    }
    return best;
}

}  // namespace

TEST_CASE("coverage within a radius equals the distances checked one by one") {
    std::vector<geo::XY> c, d;
    const auto p = random_problem(3, 40, 300, 120, &c, &d);
    for (std::size_t j = 0; j < c.size(); ++j) {
        std::vector<std::uint32_t> want;
        for (std::uint32_t i = 0; i < d.size(); ++i)
            if (std::hypot(d[i].x - c[j].x, d[i].y - c[j].y) <= 120) want.push_back(i);
        CHECK(p.covers[j] == want);
    }
}

TEST_CASE("a field of view keeps the points within the sector, wrapping north") {
    const std::vector<geo::XY> cam{{0, 0}};
    const std::vector<geo::XY> pts{{0, 50}, {50, 0}, {0, -50}, {-50, 0}, {20, 40}, {-20, 40}, {0, 0}, {35, 35}};
    // Facing north-north-west (350 degrees), 90 degrees wide: 305 to 35 degrees.
    const auto c = coverage_within(pts, cam, 100, {}, {{350, 90}});
    // north (0), (20,40) at 26.6, (-20,40) at 333.4, the camera's own point, and (35,35) at
    // exactly 45 is outside; east, south and west are outside.
    CHECK(c[0] == std::vector<std::uint32_t>{0, 4, 5, 6});
    const auto all = coverage_within(pts, cam, 100, {}, {{0, 360}});
    CHECK(all[0].size() == pts.size());
}

TEST_CASE("MCLP: the exact solver equals brute force; greedy is within 1 - 1/e and deterministic") {
    for (std::uint32_t seed = 1; seed <= 25; ++seed) {
        const auto p = random_problem(seed, 14, 60, 180);
        for (std::size_t n : {1u, 3u, 5u}) {
            INFO("seed " << seed << " n " << n);
            const double opt = brute_mclp(p, n, 1e18);
            const auto e = exact_mclp(p, n, std::numeric_limits<double>::infinity(), 30);
            CHECK(e.optimal);
            CHECK(e.covered == Approx(opt));
            CHECK(e.chosen.size() <= n);
            CHECK(e.bound >= opt - 1e-6);
            CHECK(single_site_bound(p, n) >= opt - 1e-9);
            const auto g = greedy_mclp(p, n);
            CHECK(g.covered >= (1 - 1 / std::exp(1.0)) * opt - 1e-9);
            CHECK(g.covered <= opt + 1e-9);
            CHECK(greedy_mclp(p, n).chosen == g.chosen);
            // Gains are ranked and add up to what is covered.
            double sum = 0;
            for (std::size_t k = 0; k < e.gain.size(); ++k) {
                sum += e.gain[k];
                if (k) CHECK(e.gain[k] <= e.gain[k - 1] + 1e-9);
            }
            CHECK(sum == Approx(e.covered - e.existing_covered));
        }
    }
}

TEST_CASE("MCLP with costs and a budget: exact equals brute force, greedy within (1 - 1/e)/2") {
    std::mt19937 rng(11);
    for (std::uint32_t seed = 1; seed <= 15; ++seed) {
        auto p = random_problem(seed + 100, 12, 50, 200);
        p.cost.clear();
        for (std::size_t j = 0; j < p.covers.size(); ++j) p.cost.push_back(1 + rng() % 4);
        const double budget = 5;
        const double opt = brute_mclp(p, 99, budget);
        const auto e = exact_mclp(p, 0, budget, 30);
        CHECK(e.covered == Approx(opt));
        CHECK(e.cost <= budget);
        CHECK(single_site_bound(p, 0, budget) >= opt - 1e-9);
        const auto g = greedy_mclp(p, 0, budget);
        CHECK(g.cost <= budget);
        CHECK(g.covered >= 0.5 * (1 - 1 / std::exp(1.0)) * opt - 1e-9);
    }
}

TEST_CASE("existing sites are kept, counted first and never chosen again") {
    auto p = random_problem(7, 12, 80, 200);
    p.existing.assign(p.covers.size(), false);
    p.existing[2] = p.existing[5] = true;
    const auto e = exact_mclp(p, 3, std::numeric_limits<double>::infinity(), 30);
    CHECK(e.existing_covered == Approx(covered_by(p, 0)));
    for (auto j : e.chosen) CHECK((j != 2 && j != 5));
    CHECK(e.covered == Approx(brute_mclp(p, 3, 1e18)));
    const auto g = greedy_mclp(p, 3);
    for (auto j : g.chosen) CHECK((j != 2 && j != 5));
    CHECK(g.covered >= g.existing_covered);
}

TEST_CASE("a planted hot spot with one candidate beside it is chosen first") {
    std::vector<geo::XY> demand, cand;
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(0, 2000), small(-30, 30);
    for (int i = 0; i < 300; ++i) demand.push_back({u(rng), u(rng)});        // spread
    for (int i = 0; i < 60; ++i) demand.push_back({1500 + small(rng), 400 + small(rng)});  // the hot spot
    for (int j = 0; j < 50; ++j) cand.push_back({u(rng), u(rng)});
    cand.push_back({1510, 410});  // beside the hot spot: candidate 50
    SiteProblem p;
    p.demand.assign(demand.size(), 1.0);
    p.covers = coverage_within(demand, cand, 75);
    const auto g = greedy_mclp(p, 5);
    REQUIRE(!g.chosen.empty());
    CHECK(g.chosen.front() == 50);
    const auto e = exact_mclp(p, 5, std::numeric_limits<double>::infinity(), 30);
    CHECK(e.chosen.front() == 50);
}

TEST_CASE("LSCP: the fewest sites for a share equals brute force; an unreachable share says so") {
    for (std::uint32_t seed = 1; seed <= 15; ++seed) {
        const auto p = random_problem(seed + 200, 13, 50, 220);
        double total = 0;
        for (double w : p.demand) total += w;
        const auto reach = covered_by(p, (1u << 13) - 1);
        const double share = 0.6 * reach / total;
        std::size_t fewest = 99;
        for (std::uint32_t mask = 0; mask < (1u << 13); ++mask)
            if (covered_by(p, mask) >= share * total - 1e-9)
                fewest = std::min<std::size_t>(fewest, static_cast<std::size_t>(__builtin_popcount(mask)));
        const auto e = exact_lscp(p, share, 30);
        INFO("seed " << seed);
        CHECK(e.chosen.size() == fewest);
        CHECK(e.covered >= share * total - 1e-9);
        const auto g = greedy_lscp(p, share);
        CHECK(g.chosen.size() >= fewest);
        CHECK(g.covered >= share * total - 1e-9);
        if (reach < total) {
            CHECK_THROWS_WITH(greedy_lscp(p, 1.0), Catch::Contains("reach"));
            CHECK_THROWS_WITH(exact_lscp(p, 1.0, 30), Catch::Contains("reach"));
        }
    }
}

TEST_CASE("no candidate within reach: no site, and GLPK is not handed an empty model") {
    SiteProblem p;
    p.demand = {1, 2, 3};
    p.covers = {{}, {}};
    const auto e = exact_mclp(p, 2, std::numeric_limits<double>::infinity(), 10);
    CHECK(e.chosen.empty());
    CHECK(e.covered == 0);
    CHECK(e.optimal);
    CHECK(greedy_mclp(p, 2).chosen.empty());
    CHECK_THROWS_WITH(exact_lscp(p, 0.5, 10), Catch::Contains("reach"));
}
