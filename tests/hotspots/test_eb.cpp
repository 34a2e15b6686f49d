#include "hotspots/eb.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace hotspots;

TEST_CASE("global EB: the hand computation of Marshall's estimator") {
    // b = 50 / 2000 = 0.025; s2 = (1000 x 0.025^2 x 2) / 2000 = 0.000625; a = s2 - b / 1000 = 0.0006;
    // smoothed = b +- 0.0006 x 0.025 / 0.000625 = 0.025 -+ 0.024.
    const auto eb = eb_global({0, 50}, {1000, 1000});
    CHECK(eb.raw[1] == Approx(0.05));
    CHECK(eb.prior_mean[0] == Approx(0.025));
    CHECK(eb.prior_variance[0] == Approx(0.0006));
    CHECK(eb.smoothed[0] == Approx(0.001).epsilon(1e-12));
    CHECK(eb.smoothed[1] == Approx(0.049).epsilon(1e-12));
}

TEST_CASE("global EB: variation within Poisson noise is smoothed to the mean rate") {
    // s2 = 7.5e-5 < b / mean x = 1.25e-4: a = 0, every area gets b.
    const auto eb = eb_global({1, 9}, {100, 300});
    CHECK(eb.prior_variance[0] == 0);
    CHECK(eb.smoothed[0] == Approx(0.025));
    CHECK(eb.smoothed[1] == Approx(0.025));
}

TEST_CASE("global EB: a small area's extreme rate moves further than a large area's") {
    // Two areas with the same raw rate, one 20 times the size.
    const auto eb = eb_global({3, 60, 5, 8, 4}, {1500, 30000, 15000, 16000, 14000});
    CHECK(eb.raw[0] == Approx(eb.raw[1]));
    const double b = eb.prior_mean[0];
    CHECK(eb.raw[0] > b);
    CHECK(eb.smoothed[0] < eb.smoothed[1]);
    for (std::size_t i = 0; i < eb.raw.size(); ++i) {
        CHECK(eb.smoothed[i] >= std::min(eb.raw[i], b) - 1e-15);
        CHECK(eb.smoothed[i] <= std::max(eb.raw[i], b) + 1e-15);
    }
}

TEST_CASE("local EB: each area's prior is its neighbourhood's pooled rate") {
    // A chain of 4: neighbourhoods {0,1}, {0,1,2}, {1,2,3}, {2,3}.
    Neighbours w;
    w.add_row({1}, false);
    w.add_row({0, 2}, false);
    w.add_row({1, 3}, false);
    w.add_row({2}, false);
    const std::vector<double> cases{2, 10, 4, 30}, pop{1000, 2000, 1000, 3000};
    const auto eb = eb_local(cases, pop, w, EbLocalSpread::marshall);
    CHECK(eb.prior_mean[0] == Approx(12.0 / 3000));
    CHECK(eb.prior_mean[1] == Approx(16.0 / 4000));
    // Area 3: m = 34 / 4000, nbar = 2000, C = 1000 (0.004 - m)^2 + 3000 (0.01 - m)^2.
    const double m = 34.0 / 4000, c = 1000 * (0.004 - m) * (0.004 - m) + 3000 * (0.01 - m) * (0.01 - m);
    const double a = std::max(0.0, c / 4000 - m / 2000);
    CHECK(eb.prior_variance[3] == Approx(a));
    CHECK(eb.smoothed[3] == Approx(m + (0.01 - m) * a / (a + m / 3000)));
    // With the area itself given among its neighbours the answer is the same.
    Neighbours self;
    self.add_row({0, 1}, false);
    self.add_row({0, 1, 2}, false);
    self.add_row({1, 2, 3}, false);
    self.add_row({2, 3}, false);
    CHECK(eb_local(cases, pop, self, EbLocalSpread::marshall).smoothed == eb.smoothed);
    // spdep's default: each member's deviation from its own neighbourhood's pooled rate.
    const auto sp = eb_local(cases, pop, w, EbLocalSpread::spdep_default);
    const double m2 = 44.0 / 6000, m3 = 34.0 / 4000;  // pooled over {1,2,3} and {2,3}
    const double c3 = 1000 * (0.004 - m2) * (0.004 - m2) + 3000 * (0.01 - m3) * (0.01 - m3);
    const double a3 = std::max(0.0, c3 / 4000 - m3 / 2000);
    CHECK(sp.prior_variance[3] == Approx(a3));
    CHECK(sp.smoothed[3] == Approx(m3 + (0.01 - m3) * a3 / (a3 + m3 / 3000)));
}

TEST_CASE("EB refuses a population of 0 and negative counts") {
    CHECK_THROWS_AS(eb_global({1, 2}, {100, 0}), std::invalid_argument);
    CHECK_THROWS_AS(eb_global({-1, 2}, {100, 10}), std::invalid_argument);
    CHECK_THROWS_AS(eb_global({1}, {100, 10}), std::invalid_argument);
}

TEST_CASE("EB Moran's I: Moran's I of the EB-standardised rates, by hand on a chain") {
    // Equal populations: b = 0.025, a = 0.000625 - 0.025 / 1000 = 0.0006, v = 0.000625 for all,
    // so z is the rates' deviation over 0.025; cases 0, 0, 50, 50 on a chain 0-1-2-3 give
    // z = -1, -1, 1, 1, and Moran's I (binary weights, S0 = 6) = 4 / 6 x (1 - 1 + 1 x 2 ... ) by pairs:
    // sum_ij w_ij z_i z_j = 2 (z0 z1 + z1 z2 + z2 z3) = 2 (1 - 1 + 1) = 2, sum z^2 = 4: I = 4 / 6 x 2 / 4.
    Neighbours w;
    w.add_row({1}, false);
    w.add_row({0, 2}, false);
    w.add_row({1, 3}, false);
    w.add_row({2}, false);
    CHECK(eb_moran({0, 0, 50, 50}, {1000, 1000, 1000, 1000}, w) == Approx(4.0 / 6 * 2 / 4).epsilon(1e-12));
    CHECK_THROWS_AS(eb_moran({5, 5, 5, 5}, {1000, 1000, 1000, 1000}, w), std::invalid_argument);
}
