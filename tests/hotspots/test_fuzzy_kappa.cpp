#include "hotspots/fuzzy_kappa.hpp"
#include "hotspots/map_compare.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>

using namespace hotspots;

namespace {

FuzzyKappaParams grid(std::size_t rows, std::size_t cols, double halving) {
    FuzzyKappaParams p;
    p.rows = rows;
    p.cols = cols;
    p.cell = 1;
    p.halving = halving;
    p.radius = 4 * halving;
    return p;
}

// A square block of category 1 on 0, its corner at (top, left).
std::vector<int> block(std::size_t rows, std::size_t cols, std::size_t top, std::size_t left, std::size_t size) {
    std::vector<int> m(rows * cols, 0);
    for (std::size_t r = top; r < top + size; ++r)
        for (std::size_t c = left; c < left + size; ++c) m[r * cols + c] = 1;
    return m;
}

}  // namespace

TEST_CASE("fuzzy kappa of two swapped cells, by hand") {
    // A = [0 1], B = [1 0], halving 1 cell: every credit is 1/2, so P = 1/2; E = 1/4 (1 + 1 +
    // 1/2 + 1/2) = 3/4 and kappa = (1/2 - 3/4) / (1 - 3/4) = -1.
    auto p = grid(1, 2, 1);
    const auto f = fuzzy_kappa({0, 1}, {1, 0}, p);
    CHECK(f.cells == 2);
    CHECK(f.similarity == Approx(0.5));
    CHECK(f.expected == Approx(0.75));
    CHECK(f.kappa == Approx(-1));
}

TEST_CASE("fuzzy kappa of a map with itself is 1") {
    const auto m = block(20, 20, 5, 6, 4);
    const auto f = fuzzy_kappa(m, m, grid(20, 20, 2));
    CHECK(f.similarity == Approx(1));
    CHECK(f.kappa == Approx(1));
}

TEST_CASE("with a tiny halving distance fuzzy kappa is Cohen's kappa") {
    std::mt19937 rng(5);
    std::vector<int> a(30 * 30), b(30 * 30);
    std::vector<std::uint8_t> ah(a.size()), bh(a.size()), valid(a.size(), 1);
    for (std::size_t i = 0; i < a.size(); ++i) {
        a[i] = ah[i] = rng() % 5 == 0;
        b[i] = bh[i] = (a[i] && rng() % 2) || rng() % 7 == 0;
    }
    const auto f = fuzzy_kappa(a, b, grid(30, 30, 0.01));
    CHECK(f.kappa == Approx(agreement(ah, bh, valid).kappa).margin(1e-12));
}

TEST_CASE("a hotspot shifted by one cell keeps most of its fuzzy agreement, not its crisp one") {
    const auto a = block(40, 40, 10, 10, 6), b = block(40, 40, 10, 11, 6);
    std::vector<std::uint8_t> ah(a.begin(), a.end()), bh(b.begin(), b.end()), valid(a.size(), 1);
    const double crisp = agreement(ah, bh, valid).kappa;
    const auto near = fuzzy_kappa(a, b, grid(40, 40, 5));
    CHECK(near.kappa > 0.85);
    CHECK(near.kappa > crisp + 0.05);
    // The longer the halving distance, the more credit the shift keeps.
    CHECK(fuzzy_kappa(a, b, grid(40, 40, 1)).kappa < near.kappa);
}

TEST_CASE("fuzzy kappa of two unrelated clustered maps is near 0") {
    // Hagen-Zanker's expected similarity keeps each map's clustering: independent maps of
    // blocks score about 0 (the original fuzzy kappa scored such maps below 0).
    std::mt19937 rng(11);
    double total = 0;
    const int runs = 10;
    for (int k = 0; k < runs; ++k) {
        std::vector<int> a(60 * 60, 0), b(60 * 60, 0);
        for (auto* m : {&a, &b})
            for (int blocks = 0; blocks < 6; ++blocks) {
                const std::size_t top = rng() % 54, left = rng() % 54;
                for (std::size_t r = top; r < top + 6; ++r)
                    for (std::size_t c = left; c < left + 6; ++c) (*m)[r * 60 + c] = 1;
            }
        total += fuzzy_kappa(a, b, grid(60, 60, 2)).kappa;
    }
    CHECK(std::abs(total / runs) < 0.1);
}

TEST_CASE("fuzzy kappa leaves cells outside out and does not depend on threads") {
    auto a = block(15, 15, 3, 3, 5), b = block(15, 15, 4, 2, 5);
    a[0] = -1;
    b[224] = -1;
    auto p = grid(15, 15, 2);
    const auto one = fuzzy_kappa(a, b, p);
    p.threads = 3;
    const auto three = fuzzy_kappa(a, b, p);
    CHECK(one.cells == 223);
    CHECK(one.kappa == three.kappa);
    CHECK_THROWS_AS(fuzzy_kappa(a, {0, 1}, p), std::invalid_argument);
}

TEST_CASE("fuzzy kappa equals a brute force over every pair of cells") {
    // Three categories, holes outside the comparison, a radius of many cells: every credit by
    // looking at every other cell, E from every pair of values.
    std::mt19937 rng(23);
    const std::size_t rows = 17, cols = 23, n = rows * cols;
    std::vector<int> a(n), b(n);
    for (std::size_t i = 0; i < n; ++i) {
        a[i] = rng() % 9 == 0 ? -1 : static_cast<int>(rng() % 3);
        b[i] = rng() % 11 == 0 ? -1 : (rng() % 2 ? a[i] : static_cast<int>(rng() % 3));
    }
    const double cell = 10, h = 17, radius = 55;
    auto credit = [&](const std::vector<int>& m, std::size_t i, int c) {
        double best = 0;
        for (std::size_t j = 0; j < n; ++j) {
            if (a[j] < 0 || b[j] < 0 || m[j] != c) continue;
            const double dr = double(i / cols) - double(j / cols), dc = double(i % cols) - double(j % cols);
            const double d = cell * std::sqrt(dr * dr + dc * dc);
            if (d <= radius) best = std::max(best, std::pow(0.5, d / h));
        }
        return best;
    };
    double s = 0, cells = 0;
    std::vector<double> pa(3), pb(3);
    for (std::size_t i = 0; i < n; ++i) {
        if (a[i] < 0 || b[i] < 0) continue;
        s += std::min(credit(a, i, b[i]), credit(b, i, a[i]));
        cells += 1;
        pa[std::size_t(a[i])] += 1;
        pb[std::size_t(b[i])] += 1;
    }
    double e = 0;
    for (int ca = 0; ca < 3; ++ca)
        for (int cb = 0; cb < 3; ++cb) {
            std::vector<double> x, y;
            for (std::size_t i = 0; i < n; ++i) {
                if (a[i] < 0 || b[i] < 0) continue;
                if (b[i] == cb) x.push_back(credit(b, i, ca));
                if (a[i] == ca) y.push_back(credit(a, i, cb));
            }
            double m = 0;
            for (double u : x)
                for (double v : y) m += std::min(u, v);
            if (!x.empty() && !y.empty()) e += pa[std::size_t(ca)] / cells * pb[std::size_t(cb)] / cells * m / double(x.size() * y.size());
        }
    FuzzyKappaParams p;
    p.rows = rows;
    p.cols = cols;
    p.cell = cell;
    p.halving = h;
    p.radius = radius;
    const auto f = fuzzy_kappa(a, b, p);
    CHECK(f.similarity == Approx(s / cells).margin(1e-12));
    CHECK(f.expected == Approx(e).margin(1e-12));
    CHECK(f.kappa == Approx((s / cells - e) / (1 - e)).margin(1e-12));
}
