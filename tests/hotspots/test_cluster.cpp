#include "hotspots/dbscan.hpp"
#include "hotspots/hdbscan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace hotspots;

namespace {

// Integer coordinates so that many pairs lie exactly at eps; some points repeated.
std::vector<PlanePoint> random_points(std::size_t n, unsigned seed, int span) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> xy(0, span);
    std::vector<PlanePoint> p;
    for (std::size_t i = 0; i < n; ++i) p.push_back({double(xy(rng)), double(xy(rng))});
    for (std::size_t i = 0; i < n / 10; ++i) p.push_back(p[i * 7 % n]);
    return p;
}

// Textbook DBSCAN as R writes it: grow a cluster from each unvisited core point in index
// order, breadth first over every pair of points; a point joins the first cluster reaching it.
std::vector<int> brute_dbscan(const std::vector<PlanePoint>& p, const std::vector<double>& t, double eps, double eps_t,
                              std::size_t min_points) {
    const std::size_t n = p.size();
    auto near = [&](std::size_t i, std::size_t j) {
        const double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
        return dx * dx + dy * dy <= eps * eps && (eps_t < 0 || std::fabs(t[i] - t[j]) <= eps_t);
    };
    auto is_core = [&](std::size_t i) {
        std::size_t c = 0;
        for (std::size_t j = 0; j < n; ++j) c += near(i, j);
        return c >= min_points;
    };
    std::vector<int> label(n, 0);
    std::vector<bool> visited(n, false);
    int clusters = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (visited[i] || !is_core(i)) continue;
        ++clusters;
        std::vector<std::size_t> queue = {i};
        visited[i] = true;
        label[i] = clusters;
        for (std::size_t q = 0; q < queue.size(); ++q) {
            if (!is_core(queue[q])) continue;
            for (std::size_t j = 0; j < n; ++j)
                if (!visited[j] && near(queue[q], j)) {
                    visited[j] = true;
                    label[j] = clusters;
                    queue.push_back(j);
                }
        }
    }
    return label;
}

// The adjusted Rand index of two labellings (Hubert and Arabie 1985).
double adjusted_rand(const std::vector<std::int32_t>& a, const std::vector<int>& b) {
    std::map<std::pair<int, int>, double> both;
    std::map<int, double> ra, rb;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ++both[{a[i], b[i]}];
        ++ra[a[i]];
        ++rb[b[i]];
    }
    auto pairs = [](double v) { return v * (v - 1) / 2; };
    double sum_ij = 0, sum_a = 0, sum_b = 0;
    for (const auto& [k, v] : both) sum_ij += pairs(v);
    for (const auto& [k, v] : ra) sum_a += pairs(v);
    for (const auto& [k, v] : rb) sum_b += pairs(v);
    const double expected = sum_a * sum_b / pairs(double(a.size()));
    return (sum_ij - expected) / ((sum_a + sum_b) / 2 - expected);
}

}  // namespace

TEST_CASE("DBSCAN labels equal a brute-force DBSCAN in R's order, for any thread count") {
    for (unsigned seed : {1u, 2u, 3u, 4u}) {
        const auto p = random_points(400, seed, 300);
        for (double eps : {10.0, 15.0, 25.0})
            for (std::size_t mp : {2u, 4u, 8u}) {
                const auto want = brute_dbscan(p, {}, eps, -1, mp);
                for (unsigned threads : {1u, 3u}) {
                    const auto got = dbscan(p, {}, {eps, mp, -1, threads});
                    REQUIRE(got.cluster.size() == want.size());
                    for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(got.cluster[i] == want[i]);
                }
            }
    }
}

TEST_CASE("ST-DBSCAN needs neighbours close in space and in time") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> day(0, 90);
    const auto p = random_points(400, 9, 200);
    std::vector<double> t;
    for (std::size_t i = 0; i < p.size(); ++i) t.push_back(day(rng));
    for (double eps_t : {0.0, 3.0, 10.0}) {
        const auto want = brute_dbscan(p, t, 20, eps_t, 4);
        const auto got = dbscan(p, t, {20, 4, eps_t, 2});
        for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(got.cluster[i] == want[i]);
    }
    // Two groups at one place, a year apart: one cluster in space, two in space-time.
    std::vector<PlanePoint> q;
    std::vector<double> days;
    for (int k = 0; k < 10; ++k) {
        q.push_back({double(k), 0});
        days.push_back(k % 2 ? 0 : 365);
    }
    CHECK(dbscan(q, days, {5, 3, -1, 1}).clusters == 1);
    CHECK(dbscan(q, days, {5, 3, 30, 1}).clusters == 2);
}

TEST_CASE("k-nearest distances equal a brute-force sort; the knee of a bent line is its bend") {
    const auto p = random_points(300, 5, 1000);
    for (std::size_t k : {1u, 3u, 9u}) {
        const auto got = knn_distances(p, k, 2);
        for (std::size_t i = 0; i < p.size(); ++i) {
            std::vector<double> d;
            for (std::size_t j = 0; j < p.size(); ++j)
                if (j != i) d.push_back(plane_distance(p[i], p[j]));
            std::sort(d.begin(), d.end());
            REQUIRE(got[i] == d[k - 1]);
        }
    }
    // 90 distances rising slowly to 10, then 10 rising steeply to 100: the knee is at 10.
    std::vector<double> bent;
    for (int i = 0; i <= 90; ++i) bent.push_back(i / 9.0);
    for (int i = 1; i <= 10; ++i) bent.push_back(10 + 9.0 * i);
    CHECK(knee_distance(bent) == Approx(10.0));
    CHECK(default_min_points(20000, false) == 10);
    CHECK(default_min_points(30, false) == 4);
    CHECK(default_min_points(30, true) == 6);
}

TEST_CASE("HDBSCAN finds planted blobs of different densities and leaves scattered points as noise") {
    std::mt19937 rng(11);
    std::normal_distribution<double> g(0, 1);
    std::uniform_real_distribution<double> u(0, 2000);
    std::vector<PlanePoint> p;
    std::vector<int> truth;
    const double cx[3] = {300, 1200, 700}, cy[3] = {300, 500, 1600}, sd[3] = {20, 60, 35};
    const int size[3] = {150, 200, 100};
    for (int b = 0; b < 3; ++b)
        for (int k = 0; k < size[b]; ++k) {
            p.push_back({cx[b] + sd[b] * g(rng), cy[b] + sd[b] * g(rng)});
            truth.push_back(b + 1);
        }
    for (int k = 0; k < 60; ++k) {
        p.push_back({u(rng), u(rng)});
        truth.push_back(0);
    }
    const auto r = hdbscan(p, 10, 2);
    CHECK(r.clusters == 3);
    CHECK(adjusted_rand(r.cluster, truth) > 0.9);
    // Each blob is one cluster (a few of its outer points may be noise).
    for (int b = 1; b <= 3; ++b) {
        std::map<int, int> seen;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (truth[i] == b) ++seen[r.cluster[i]];
        int top = 0;
        for (const auto& [c, n] : seen)
            if (c) top = std::max(top, n);
        CHECK(top >= size[b - 1] * 9 / 10);
    }
    // Uniform points: no split worth keeping is rare; at least no crash and labels in range.
    const auto flat = hdbscan(random_points(200, 3, 1000), 5, 1);
    for (auto c : flat.cluster) CHECK((c >= 0 && c <= std::int32_t(flat.clusters)));
    CHECK_THROWS(hdbscan(random_points(3, 1, 10), 5, 1));
}

TEST_CASE("HDBSCAN gives the same labels for 1 and 2 threads (Prim's steps split above 40,000 points)") {
    std::mt19937 rng(21);
    std::normal_distribution<double> g(0, 30);
    std::uniform_real_distribution<double> u(0, 20000);
    std::vector<PlanePoint> p;
    for (int k = 0; k < 42000; ++k) {
        if (k % 3 == 0) p.push_back({u(rng), u(rng)});
        else {
            const double cx = 1000 + 900.0 * (k % 20), cy = 1000 + 850.0 * (k % 17);
            p.push_back({std::round(cx + g(rng)), std::round(cy + g(rng))});  // whole metres: many ties
        }
    }
    const auto one = hdbscan(p, 10, 1), two = hdbscan(p, 10, 2);
    CHECK(one.clusters > 10);
    CHECK(one.cluster == two.cluster);
}
