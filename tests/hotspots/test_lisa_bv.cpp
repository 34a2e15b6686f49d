#include "hotspots/lisa_bv.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

using namespace hotspots;

namespace {

Neighbours chain_weights(bool row) {
    const std::vector<std::vector<std::uint32_t>> rows{{1, 2}, {0, 2, 3}, {0, 1, 4}, {1, 4, 5}, {2, 3}, {3}};
    Neighbours w;
    for (const auto& r : rows) w.add_row(r, row);
    return w;
}

// A ring: two neighbours each, so a draw of the observed neighbours in the other order sums to
// exactly the observed lag (two terms commute in floating point) and ties are ties.
Neighbours ring_weights() {
    Neighbours w;
    for (std::uint32_t i = 0; i < 6; ++i) w.add_row({(i + 5) % 6, (i + 1) % 6}, true);
    return w;
}

const std::vector<double> xs{3, 0, 7, 1, 4, 9}, ys{2.1, 5.37, 1.13, 8.9, 0.41, 6.66};  // no two sums of ys tie

}  // namespace

TEST_CASE("bivariate local Moran's I of a variable with itself is (n - 1) / n times the univariate I") {
    // zx uses the n - 1 standard deviation, Moran's I the n one: the ratio is exact.
    const auto w = chain_weights(true);
    const auto uni = local_moran(xs, w, LisaVariance::conditional);
    const auto bv = local_moran_bv(xs, xs, w, 0, 1, true, 1);
    for (std::size_t i = 0; i < xs.size(); ++i) CHECK(bv.i[i] == Approx(uni.i[i] * 5.0 / 6.0).margin(1e-12));
    CHECK(bv.p.empty());
}

TEST_CASE("bivariate local Moran's I by hand") {
    const auto w = chain_weights(false);
    const auto bv = local_moran_bv(xs, ys, w, 0, 1, true, 1);
    double mx = 0, my = 0, sx = 0, sy = 0;
    for (std::size_t i = 0; i < 6; ++i) mx += xs[i] / 6, my += ys[i] / 6;
    for (std::size_t i = 0; i < 6; ++i) sx += (xs[i] - mx) * (xs[i] - mx) / 5, sy += (ys[i] - my) * (ys[i] - my) / 5;
    // Unit 1's neighbours (binary weights) are 0, 2 and 3.
    const double lag = ((ys[0] - my) + (ys[2] - my) + (ys[3] - my)) / std::sqrt(sy);
    CHECK(bv.i[1] == Approx((xs[1] - mx) / std::sqrt(sx) * lag).margin(1e-12));
    CHECK_THROWS_AS(local_moran_bv(xs, std::vector<double>(6, 2.0), w, 0, 1, true, 1), LisaError);
    CHECK_THROWS_AS(local_moran_bv(xs, {1, 2, 3}, w, 0, 1, true, 1), LisaError);
}

TEST_CASE("bivariate pseudo p-values agree with the exact conditional permutation distribution") {
    // With replacement the neighbours' y are independent draws from the other 5 units: enumerate
    // every draw (5^k of them) for the exact share of I at least the observed, folded as spdep.
    const auto w = ring_weights();
    const int perms = 4999;
    const auto bv = local_moran_bv(xs, ys, w, perms, 7, true, 1);
    double my = 0, sy = 0;
    for (double v : ys) my += v / 6;
    for (double v : ys) sy += (v - my) * (v - my) / 5;
    for (std::size_t i = 0; i < 6; ++i) {
        std::vector<double> others;
        for (std::size_t j = 0; j < 6; ++j)
            if (j != i) others.push_back((ys[j] - my) / std::sqrt(sy));
        std::vector<double> wts;
        for (std::size_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) wts.push_back(w.weight[k]);
        double ge = 0, total = 0, sum = 0, sum2 = 0;
        std::function<void(std::size_t, double)> draw = [&](std::size_t k, double lag) {
            if (k == wts.size()) {
                const double s = bv.zx[i] * lag;
                total += 1, sum += s, sum2 += s * s;
                ge += s >= bv.i[i] - 1e-9 * std::abs(bv.i[i]);
                return;
            }
            for (double v : others) draw(k + 1, lag + wts[k] * v);
        };
        draw(0, 0);
        const double share = ge / total, folded = std::min(share, 1 - share);
        const double sd = std::sqrt(std::max(folded * (1 - folded), 1e-4) / perms);
        INFO("unit " << i << " p " << bv.p[i] << " exact " << folded << " I " << bv.i[i]);
        CHECK(std::abs(bv.p[i] - folded) < 4 * sd + 1.0 / perms);
        const double mean = sum / total, var = sum2 / total - mean * mean;
        CHECK(std::abs(bv.expected[i] - mean) < 4 * std::sqrt(var / perms) + 1e-12);
    }
}

TEST_CASE("bivariate pseudo p-values do not depend on the thread count") {
    const auto w = chain_weights(true);
    const auto one = local_moran_bv(xs, ys, w, 999, 3, false, 1);
    const auto four = local_moran_bv(xs, ys, w, 999, 3, false, 4);
    CHECK(one.p == four.p);
    // Quadrants: x's own side, then the side of the neighbours' y.
    const auto q = lisa_quadrants(as_local_moran(one), std::vector<double>(6, 0.0), 0.05);
    for (std::size_t i = 0; i < 6; ++i)
        CHECK(q[i] == std::string(one.zx[i] > 0 ? "H" : "L") + (one.lag_zy[i] > 0 ? "H" : "L"));
}
