#include "hotspots/glm.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// Cells in two groups (factor 0 or 1): the fitted means are the groups' means, whatever the family.
Design two_groups(const std::vector<int>& group) {
    Design d;
    d.rows = group.size();
    d.cols = 2;
    for (int g : group) d.x.insert(d.x.end(), {1.0, double(g)});
    return d;
}

}  // namespace

TEST_CASE("glm: Poisson with one 0/1 factor is the log ratio of the groups' means") {
    std::mt19937_64 rng(3);
    std::vector<int> g;
    std::vector<double> y;
    double s0 = 0, s1 = 0, n0 = 0, n1 = 0;
    for (int i = 0; i < 500; ++i) {
        const int gi = i % 4 == 0;
        const double yi = std::poisson_distribution<int>(gi ? 3.0 : 1.2)(rng);
        g.push_back(gi);
        y.push_back(yi);
        (gi ? s1 : s0) += yi;
        (gi ? n1 : n0) += 1;
    }
    const auto fit = fit_poisson(two_groups(g), y);
    CHECK(fit.coef[0] == Approx(std::log(s0 / n0)).epsilon(1e-10));
    CHECK(fit.coef[1] == Approx(std::log((s1 / n1) / (s0 / n0))).epsilon(1e-10));
    // Var(log mean) = 1 / (the group's count) for Poisson.
    CHECK(fit.se[1] == Approx(std::sqrt(1 / s0 + 1 / s1)).epsilon(1e-8));
    CHECK(fit.se[0] == Approx(std::sqrt(1 / s0)).epsilon(1e-8));
}

TEST_CASE("glm: negative binomial theta maximises the likelihood and the means are the groups'") {
    std::mt19937_64 rng(5);
    std::vector<int> g;
    std::vector<double> y;
    for (int i = 0; i < 2000; ++i) {
        const int gi = i % 3 == 0;
        const double mu = gi ? 4.0 : 1.5, theta = 1.2;
        // Gamma-Poisson mixture: NB2 with that theta.
        const double lambda = std::gamma_distribution<double>(theta, mu / theta)(rng);
        g.push_back(gi);
        y.push_back(std::poisson_distribution<int>(lambda)(rng));
    }
    const auto d = two_groups(g);
    const auto fit = fit_negative_binomial(d, y);
    double s0 = 0, s1 = 0, n0 = 0, n1 = 0;
    for (std::size_t i = 0; i < y.size(); ++i) (g[i] ? s1 : s0) += y[i], (g[i] ? n1 : n0) += 1;
    CHECK(fit.coef[1] == Approx(std::log((s1 / n1) / (s0 / n0))).epsilon(1e-8));
    CHECK(fit.theta == Approx(1.2).epsilon(0.2));
    // The profile log-likelihood at theta beats its neighbours (a brute check of the score).
    auto ll = [&](double t) {
        double s = 0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            const double mu = fit.mu[i];
            s += std::lgamma(t + y[i]) - std::lgamma(t) - std::lgamma(y[i] + 1) + t * std::log(t) +
                 (y[i] > 0 ? y[i] * std::log(mu) : 0) - (t + y[i]) * std::log(t + mu);
        }
        return s;
    };
    CHECK(fit.log_likelihood == Approx(ll(fit.theta)).epsilon(1e-12));
    CHECK(ll(fit.theta) >= ll(fit.theta * 1.01));
    CHECK(ll(fit.theta) >= ll(fit.theta * 0.99));
    CHECK(fit.bic == Approx(-2 * fit.log_likelihood + 3 * std::log(2000.0)));
}

TEST_CASE("glm: bad tables are refused") {
    Design d = two_groups({0, 1, 0, 1});
    CHECK_THROWS_AS(fit_poisson(d, {1, 2, 3}), std::invalid_argument);
    CHECK_THROWS_AS(fit_poisson(d, {1, -2, 3, 1}), std::invalid_argument);
    // A factor the same in every cell cannot be told from the intercept.
    Design same = two_groups({1, 1, 1, 1, 1});
    CHECK_THROWS_AS(fit_poisson(same, {1, 2, 0, 1, 3}), std::runtime_error);
    // Poisson counts have no overdispersion for theta to find.
    std::mt19937_64 rng(1);
    std::vector<int> g;
    std::vector<double> y;
    for (int i = 0; i < 400; ++i) g.push_back(i % 2), y.push_back(std::poisson_distribution<int>(2)(rng));
    CHECK_THROWS_AS(fit_negative_binomial(two_groups(g), y), std::runtime_error);
}
