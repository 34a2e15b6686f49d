#include "hotspots/change_points.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// -2 log-likelihood of one Poisson mean over the months with data, from its definition (the
// log k! terms dropped: they are the same for every partition).
double segment(const std::vector<double>& y, const std::vector<char>& gone, int a, int b) {
    double s = 0, m = 0;
    for (int i = a; i < b; ++i)
        if (gone.empty() || !gone[std::size_t(i)]) s += y[std::size_t(i)], m += 1;
    if (m == 0) return 0;
    const double lambda = s / m;
    double ll = 0;
    for (int i = a; i < b; ++i)
        if ((gone.empty() || !gone[std::size_t(i)]) && y[std::size_t(i)] > 0) ll += y[std::size_t(i)] * std::log(lambda);
    ll -= m * lambda;
    return -2 * ll;
}

struct Best {
    double cost = INFINITY;
    std::vector<int> starts;
};

// Every partition of the months (each of the n-1 gaps a change or not), the cheapest kept.
Best brute(const std::vector<double>& y, const std::vector<char>& gone, double beta, int min_segment) {
    const int n = static_cast<int>(y.size());
    Best best;
    for (unsigned mask = 0; mask < (1u << (n - 1)); ++mask) {
        std::vector<int> cuts{0};
        for (int i = 1; i < n; ++i)
            if (mask & (1u << (i - 1))) cuts.push_back(i);
        cuts.push_back(n);
        bool ok = true;
        double cost = 0;
        for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
            ok = ok && cuts[k + 1] - cuts[k] >= min_segment;
            cost += segment(y, gone, cuts[k], cuts[k + 1]);
        }
        if (!ok) continue;
        cost += beta * double(cuts.size() - 2);
        if (cost < best.cost - 1e-9) best = {cost, std::vector<int>(cuts.begin() + 1, cuts.end() - 1)};
    }
    return best;
}

}  // namespace

TEST_CASE("change points: the optimum of every partition, on small series") {
    std::mt19937_64 rng(29);
    int with_changes = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const int n = std::uniform_int_distribution<int>(2, 13)(rng);
        // Two or three levels, so some series change and some do not.
        std::vector<double> y(std::size_t(n), 0);
        double mean = std::uniform_real_distribution<double>(0.5, 12)(rng);
        for (int i = 0; i < n; ++i) {
            if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.2) mean = std::uniform_real_distribution<double>(0.5, 20)(rng);
            y[std::size_t(i)] = std::poisson_distribution<int>(mean)(rng);
        }
        std::vector<char> gone;
        if (trial % 3 == 0) {
            gone.assign(std::size_t(n), 0);
            gone[std::size_t(std::uniform_int_distribution<int>(0, n - 1)(rng))] = 1;
        }
        ChangePointOptions o;
        o.penalty_log_n = trial % 2 ? 2 : 1;
        o.min_segment = std::uniform_int_distribution<int>(1, 3)(rng);
        const auto got = poisson_change_points(y, gone, o);
        int data = 0;
        for (int i = 0; i < n; ++i) data += gone.empty() || !gone[std::size_t(i)];
        const double beta = data > 1 ? o.penalty_log_n * std::log(double(data)) : 0;
        if (data < 2 || n < o.min_segment) {  // too short to split: one level, as documented
            CHECK(got.starts.empty());
            continue;
        }
        const auto want = brute(y, gone, beta, o.min_segment);
        INFO("trial " << trial << " n " << n << " min " << o.min_segment);
        CHECK(got.cost == Approx(want.cost).margin(1e-9));
        CHECK(got.starts == want.starts);
        with_changes += !want.starts.empty();
    }
    CHECK(with_changes > 50);  // the comparison covered series that change, not only flat ones
}

TEST_CASE("change points: a planted level shift is found at its month") {
    std::mt19937_64 rng(7);
    int exact = 0, one = 0;
    for (int trial = 0; trial < 50; ++trial) {
        std::vector<double> y;
        for (int i = 0; i < 24; ++i) y.push_back(std::poisson_distribution<int>(i < 14 ? 10 : 25)(rng));
        const auto got = poisson_change_points(y, {}, {});
        REQUIRE(!got.starts.empty());
        // The change nearest the planted month is within one month of it.
        int near = got.starts[0];
        for (int s : got.starts)
            if (std::abs(s - 14) < std::abs(near - 14)) near = s;
        CHECK(std::abs(near - 14) <= 1);
        exact += near == 14;
        one += got.starts.size() == 1;
        // The levels are the segments' means.
        double before = 0;
        for (int i = 0; i < got.starts[0]; ++i) before += y[std::size_t(i)];
        CHECK(got.level[0] == Approx(before / got.starts[0]));
    }
    CHECK(exact >= 40);
    CHECK(one >= 40);  // and seldom a spurious second change at the BIC penalty
}

TEST_CASE("change points: a steady series has none, and its level is its mean") {
    const std::vector<double> y(24, 7);
    const auto got = poisson_change_points(y, {}, {});
    CHECK(got.starts.empty());
    for (double v : got.level) CHECK(v == 7);
    // Each segment at least min_segment long, even when a single spike would fit better.
    std::vector<double> spike(12, 3);
    spike[5] = 60;
    ChangePointOptions o;
    o.min_segment = 4;
    const auto s = poisson_change_points(spike, {}, o);
    for (std::size_t k = 0; k < s.starts.size(); ++k) {
        const int prev = k ? s.starts[k - 1] : 0;
        CHECK(s.starts[k] - prev >= 4);
    }
    if (!s.starts.empty()) CHECK(12 - s.starts.back() >= 4);
}

TEST_CASE("change points: missing months hold no data and bad input is refused") {
    std::vector<double> y{5, 5, 5, 5, 0, 5, 20, 20, 20, 20};
    std::vector<char> gone(10, 0);
    gone[4] = 1;  // a month the source left out: its 0 is not a low level
    const auto got = poisson_change_points(y, gone, {});
    CHECK(got.starts == std::vector<int>{6});
    CHECK(got.level[4] == 5);
    CHECK_THROWS_AS(poisson_change_points({1, -1, 2}, {}, {}), std::invalid_argument);
    CHECK_THROWS_AS(poisson_change_points({1, NAN, 2}, {}, {}), std::invalid_argument);
    ChangePointOptions bad;
    bad.penalty_log_n = 0;
    CHECK_THROWS_AS(poisson_change_points({1, 2}, {}, bad), std::invalid_argument);
    CHECK(poisson_change_points({}, {}, {}).starts.empty());
}
