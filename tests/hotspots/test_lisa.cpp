#include "hotspots/lisa.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

using namespace hotspots;

namespace {

// A small irregular neighbourhood (6 units), each row given by hand.
Neighbours hand_weights(bool row) {
    const std::vector<std::vector<std::uint32_t>> rows{{1, 2}, {0, 2, 3}, {0, 1, 4}, {1, 4, 5}, {2, 3}, {3}};
    Neighbours w;
    for (const auto& r : rows) w.add_row(r, row);
    return w;
}

const std::vector<double> values{3, 0, 7, 1, 4, 9};

// Every ordered choice of k distinct units out of `pool`, by recursion.
void choices(const std::vector<double>& pool, std::size_t k, std::vector<bool>& used, std::vector<double>& chosen,
             const std::function<void(const std::vector<double>&)>& visit) {
    if (chosen.size() == k) return visit(chosen);
    for (std::size_t j = 0; j < pool.size(); ++j) {
        if (used[j]) continue;
        used[j] = true;
        chosen.push_back(pool[j]);
        choices(pool, k, used, chosen, visit);
        chosen.pop_back();
        used[j] = false;
    }
}

}  // namespace

TEST_CASE("local Moran's I, E and conditional Var equal the exact conditional permutation moments") {
    // The conditional randomisation keeps x_i and gives its neighbours every ordered choice of
    // the other n - 1 values: enumerate them and take the mean and variance of I_i directly.
    for (bool row : {false, true}) {
        const auto w = hand_weights(row);
        const auto m = local_moran(values, w, LisaVariance::conditional);
        const double n = 6, mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
        double m2 = 0;
        for (double v : values) m2 += (v - mean) * (v - mean) / n;
        for (std::size_t i = 0; i < 6; ++i) {
            std::vector<double> others, weights;
            for (std::size_t j = 0; j < 6; ++j)
                if (j != i) others.push_back(values[j] - mean);
            for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) weights.push_back(w.weight[k]);
            double observed = 0;
            for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) observed += w.weight[k] * (values[w.index[k]] - mean);
            const double zi = values[i] - mean;
            CHECK(m.i[i] == Approx(zi / m2 * observed).epsilon(1e-12));
            double s = 0, s2 = 0, count = 0;
            std::vector<bool> used(others.size(), false);
            std::vector<double> chosen;
            choices(others, weights.size(), used, chosen, [&](const std::vector<double>& c) {
                double lag = 0;
                for (std::size_t k = 0; k < c.size(); ++k) lag += weights[k] * c[k];
                const double ii = zi / m2 * lag;
                s += ii;
                s2 += ii * ii;
                count += 1;
            });
            const double e = s / count, var = s2 / count - e * e;
            CHECK(m.expected[i] == Approx(e).margin(1e-12));
            CHECK(m.variance[i] == Approx(var).margin(1e-10));
        }
    }
}

TEST_CASE("local Moran's I total-randomisation moments equal the exact moments over all permutations") {
    const auto w = hand_weights(false);
    const auto m = local_moran(values, w, LisaVariance::total);
    std::vector<double> perm(values);
    std::sort(perm.begin(), perm.end());
    std::vector<double> s(6, 0), s2(6, 0);
    double count = 0;
    do {
        double mean = 0, m2 = 0;
        for (double v : perm) mean += v / 6;
        for (double v : perm) m2 += (v - mean) * (v - mean) / 6;
        for (std::size_t i = 0; i < 6; ++i) {
            double lag = 0;
            for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) lag += w.weight[k] * (perm[w.index[k]] - mean);
            const double ii = (perm[i] - mean) / m2 * lag;
            s[i] += ii;
            s2[i] += ii * ii;
        }
        count += 1;
    } while (std::next_permutation(perm.begin(), perm.end()));
    for (std::size_t i = 0; i < 6; ++i) {
        CHECK(m.expected[i] == Approx(s[i] / count).margin(1e-12));
        CHECK(m.variance[i] == Approx(s2[i] / count - (s[i] / count) * (s[i] / count)).margin(1e-10));
    }
}

TEST_CASE("permutation pseudo p-values are within Monte Carlo error of the exact permutation p") {
    const auto w = hand_weights(true);
    const auto m = local_moran(values, w, LisaVariance::conditional);
    const int perms = 20000;
    const auto p = local_moran_permutation_p(values, w, perms, 7, false, 1);
    for (std::size_t i = 0; i < 6; ++i) {
        // The exact share of choices with I >= observed, folded as the estimator is.
        const double mean = std::accumulate(values.begin(), values.end(), 0.0) / 6;
        std::vector<double> others, weights;
        for (std::size_t j = 0; j < 6; ++j)
            if (j != i) others.push_back(values[j] - mean);
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) weights.push_back(w.weight[k]);
        double ge = 0, count = 0;
        std::vector<bool> used(others.size(), false);
        std::vector<double> chosen;
        const double zi = values[i] - mean, observed = m.i[i];
        choices(others, weights.size(), used, chosen, [&](const std::vector<double>& c) {
            double lag = 0;
            for (std::size_t k = 0; k < c.size(); ++k) lag += weights[k] * c[k];
            ge += zi / m.m2 * lag >= observed - 1e-12;
            count += 1;
        });
        const double exact = std::min(ge / count, 1 - ge / count);
        // Binomial sd of a share estimated from 20,000 draws, 4 sd, plus the +1 of the estimator.
        const double sd = std::sqrt(std::max(exact * (1 - exact), 1e-4) / perms);
        CHECK(std::abs(p[i] - exact) < 4 * sd + 1.0 / perms);
    }
}

TEST_CASE("pseudo p-values do not depend on the thread count, and do on the seed") {
    std::vector<double> x(400);
    Neighbours w;
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<double>((i * 37) % 11) + (i > 150 && i < 170 ? 20 : 0);
        std::vector<std::uint32_t> js;
        if (i > 0) js.push_back(static_cast<std::uint32_t>(i - 1));
        if (i + 1 < x.size()) js.push_back(static_cast<std::uint32_t>(i + 1));
        w.add_row(js, true);
    }
    const auto one = local_moran_permutation_p(x, w, 199, 3, false, 1);
    CHECK(local_moran_permutation_p(x, w, 199, 3, false, 2) == one);
    CHECK(local_moran_permutation_p(x, w, 199, 3, false, 7) == one);
    CHECK(local_moran_permutation_p(x, w, 199, 4, false, 1) != one);
}

TEST_CASE("quadrants: a high unit among low ones is HL, clusters HH and LL, only where significant") {
    // A 1-D chain: a run of 10s, then a run of 0s holding one 20.
    std::vector<double> x(200, 10.0);
    for (std::size_t i = 100; i < 200; ++i) x[i] = 0;
    x[150] = 20;
    Neighbours w;
    for (std::size_t i = 0; i < x.size(); ++i) {
        std::vector<std::uint32_t> js;
        for (std::size_t j = i >= 3 ? i - 3 : 0; j <= std::min(x.size() - 1, i + 3); ++j)
            if (j != i) js.push_back(static_cast<std::uint32_t>(j));
        w.add_row(js, true);
    }
    const auto m = local_moran(x, w, LisaVariance::conditional);
    const auto q = lisa_quadrants(m, m.p, 0.05);
    CHECK(q[50] == "HH");
    CHECK(q[180] == "LL");
    CHECK(q[150] == "HL");
    CHECK(q[99] == "not significant");  // high, but its neighbours are half high, half low
    for (std::size_t i = 0; i < x.size(); ++i)
        if (m.p[i] >= 0.05) CHECK(q[i] == "not significant");
}

TEST_CASE("without_self drops the unit itself and reweights rows") {
    Neighbours w;
    w.add_row({0, 1, 2}, false);
    w.add_row({0, 1}, false);
    w.add_row({2}, false);
    const auto row = without_self(w, true);
    CHECK(row.offsets == std::vector<std::size_t>{0, 2, 3, 3});
    CHECK(row.weight[0] == 0.5);
    CHECK(row.index == std::vector<std::uint32_t>{1, 2, 0});
}

TEST_CASE("a constant field and too few units are refused") {
    Neighbours w = hand_weights(true);
    CHECK_THROWS_AS(local_moran(std::vector<double>(6, 2.0), w, LisaVariance::conditional), LisaError);
    Neighbours two;
    two.add_row({1}, true);
    two.add_row({0}, true);
    CHECK_THROWS_AS(local_moran({1, 2}, two, LisaVariance::conditional), LisaError);
}
