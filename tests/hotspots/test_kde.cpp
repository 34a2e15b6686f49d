#include "hotspots/kde.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <random>

using namespace hotspots;

namespace {

const Kernel all_kernels[] = {Kernel::quartic,    Kernel::triweight, Kernel::epanechnikov,
                              Kernel::triangular, Kernel::uniform,   Kernel::gaussian};

// The obvious double loop: every point against every cell centre.
std::vector<double> brute_force(const std::vector<KernelPoint>& pts, const Grid& g, Kernel k) {
    std::vector<double> out(g.cells(), 0.0);
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c)
            for (const auto& p : pts) {
                const double dx = g.centre_x(c) - p.x, dy = g.centre_y(r) - p.y;
                out[r * g.cols + c] += p.weight * kernel_profile(k, (dx * dx + dy * dy) / (p.bandwidth * p.bandwidth));
            }
    return out;
}

std::vector<KernelPoint> random_points(std::size_t n, unsigned seed, const Box& b, double hmin, double hmax) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> ux(b.xmin, b.xmax), uy(b.ymin, b.ymax), uh(hmin, hmax), uw(0.1, 3);
    std::vector<KernelPoint> pts(n);
    for (auto& p : pts) p = {ux(rng), uy(rng), uw(rng), uh(rng)};
    return pts;
}

// The largest cell-by-cell difference between two surfaces of one grid.
double largest_difference(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

}  // namespace

TEST_CASE("each kernel's normalising constant makes it integrate to one") {
    for (Kernel k : all_kernels) {
        // Radial midpoint rule: integral of norm * K(r) * 2 pi r dr, with h = 1.
        const double rmax = support_factor(k);
        const int steps = 200000;
        double sum = 0;
        for (int i = 0; i < steps; ++i) {
            const double r = (i + 0.5) * rmax / steps;
            sum += kernel_profile(k, r * r) * 2 * std::numbers::pi * r * rmax / steps;
        }
        INFO(to_string(k));
        CHECK(sum * kernel_norm(k) == Approx(1.0).epsilon(1e-6));
    }
    // QGIS 3.22's "scaled" quartic uses 116 / (5 pi r^2), which is not the quartic's constant.
    CHECK(kernel_norm(Kernel::quartic) == Approx(3 / std::numbers::pi));
    CHECK(std::abs(kernel_norm(Kernel::quartic) - 116 / (5 * std::numbers::pi)) > 6);
}

TEST_CASE("one point gives the kernel's exact shape") {
    const Grid g{1000, 2000, 10, 61, 61};  // cell centres at 1005 + 10 c, 1995 - 10 r
    const KernelPoint p{1305, 1695, 1, 200};  // at the centre of cell (30, 30)
    for (Kernel k : all_kernels) {
        const auto v = accumulate_kernels({p}, g, k, 1);
        INFO(to_string(k));
        CHECK(v[30 * 61 + 30] == 1.0);  // K(0) = 1 for every raw profile
        for (std::size_t r = 0; r < g.rows; ++r)
            for (std::size_t c = 0; c < g.cols; ++c) {
                const double dx = g.centre_x(c) - p.x, dy = g.centre_y(r) - p.y;
                const double d = std::hypot(dx, dy);
                const double u = d / p.bandwidth;
                double expected = 0;
                switch (k) {
                    case Kernel::quartic: expected = u <= 1 ? std::pow(1 - u * u, 2) : 0; break;
                    case Kernel::triweight: expected = u <= 1 ? std::pow(1 - u * u, 3) : 0; break;
                    case Kernel::epanechnikov: expected = u <= 1 ? 1 - u * u : 0; break;
                    case Kernel::triangular: expected = u <= 1 ? 1 - u : 0; break;
                    case Kernel::uniform: expected = u <= 1 ? 1 : 0; break;
                    case Kernel::gaussian: expected = u <= 4 ? std::exp(-u * u / 2) : 0; break;
                }
                REQUIRE(v[r * g.cols + c] == Approx(expected).margin(1e-12));
            }
    }
}

TEST_CASE("density integrates to the total weight when the grid covers the kernel") {
    for (Kernel k : all_kernels) {
        const double h = k == Kernel::gaussian ? 60 : 200;
        const Grid g = snapped_grid({0, 0, 0, 0}, h * support_factor(k) + 20, 10);
        const double weight = 3.5;
        // Off-centre on purpose: the point is not on a cell centre.
        const KernelPoint p{3.3, -4.1, weight * kernel_norm(k) / (h * h), h};
        const auto v = accumulate_kernels({p}, g, k, 2);
        double sum = 0;
        for (double x : v) sum += x * g.cell * g.cell;
        INFO(to_string(k));
        CHECK(sum == Approx(weight).epsilon(0.005));
    }
}

TEST_CASE("weights scale the surface linearly") {
    const Grid g{0, 1000, 10, 100, 100};
    auto pts = random_points(300, 7, {0, 0, 1000, 1000}, 50, 150);
    const auto base = accumulate_kernels(pts, g, Kernel::quartic, 1);
    for (auto& p : pts) p.weight *= 2.5;
    const auto scaled = accumulate_kernels(pts, g, Kernel::quartic, 1);
    for (std::size_t i = 0; i < base.size(); ++i) REQUIRE(scaled[i] == Approx(2.5 * base[i]).margin(1e-12));
}

TEST_CASE("accumulation equals a brute-force double loop") {
    const Grid g{500, 900, 7, 60, 50};
    // Points inside and around the grid (some beyond its edge but within reach), with their
    // own bandwidths, some smaller than a cell.
    const auto pts = random_points(250, 11, {350, 400, 1070, 1050}, 3, 120);
    for (Kernel k : all_kernels) {
        const auto fast = accumulate_kernels(pts, g, k, 2);
        const auto slow = brute_force(pts, g, k);
        INFO(to_string(k));
        CHECK(largest_difference(fast, slow) < 1e-9);
    }
}

TEST_CASE("points sharing one weight and bandwidth (sorted as x and y only) give the brute-force surface") {
    const Grid g{500, 900, 7, 60, 50};
    auto pts = random_points(250, 12, {350, 400, 1070, 1050}, 3, 120);
    for (auto& p : pts) p = {p.x, p.y, 1.75, 64};
    for (Kernel k : all_kernels) {
        const auto fast = accumulate_kernels(pts, g, k, 2);
        const auto slow = brute_force(pts, g, k);
        INFO(to_string(k));
        CHECK(largest_difference(fast, slow) < 1e-9);
        CHECK(*std::max_element(fast.begin(), fast.end()) > 1.75);
    }
}

TEST_CASE("a weight or bandwidth shared within each chunk of the sort but not across them is kept per point") {
    // 2 x 70,000 points: on 2 threads the sort takes them in two chunks, each with one weight
    // and bandwidth of its own; on 1 thread in one chunk holding both. The two must agree bit
    // for bit, and each half must keep its own weight (a shared one taken from the first
    // chunk would give the second half's cells the first half's values).
    const Grid g{0, 600, 10, 60, 60};
    for (const auto& [w2, h2] : {std::pair{2.5, 40.0}, std::pair{1.0, 55.0}}) {
        std::vector<KernelPoint> pts;
        for (int i = 0; i < 70000; ++i) pts.push_back({150.0 + (i % 7), 450.0 - (i % 5), 1.0, 40});
        for (int i = 0; i < 70000; ++i) pts.push_back({450.0 + (i % 7), 150.0 - (i % 5), w2, h2});
        const auto one = accumulate_kernels(pts, g, Kernel::epanechnikov, 1);
        const auto two = accumulate_kernels(pts, g, Kernel::epanechnikov, 2);
        INFO("second half: weight " << w2 << ", bandwidth " << h2);
        CHECK(std::memcmp(one.data(), two.data(), one.size() * sizeof(double)) == 0);
        // Far apart (300 m > 2 x 55 m): the cell under each half's points holds only that half.
        const std::vector<KernelPoint> first(pts.begin(), pts.begin() + 70000), second(pts.begin() + 70000, pts.end());
        const auto a = accumulate_kernels(first, g, Kernel::epanechnikov, 2), b = accumulate_kernels(second, g, Kernel::epanechnikov, 2);
        const std::size_t cell_a = 15 * g.cols + 15, cell_b = 45 * g.cols + 45;
        CHECK(two[cell_a] == a[cell_a]);
        CHECK(two[cell_b] == b[cell_b]);
        CHECK(b[cell_b] != a[cell_a]);
    }
}

TEST_CASE("the surface is bit-identical whatever the number of threads") {
    const Grid g{0, 3000, 10, 300, 300};
    // Enough points that they are sorted into rows in several chunks at once.
    const auto pts = random_points(150000, 3, {-100, -100, 3100, 3100}, 30, 120);
    const auto one = accumulate_kernels(pts, g, Kernel::quartic, 1);
    for (unsigned t : {2u, 3u, 8u}) {
        const auto many = accumulate_kernels(pts, g, Kernel::quartic, t);
        INFO(t << " threads");
        CHECK(std::memcmp(one.data(), many.data(), one.size() * sizeof(double)) == 0);
    }
}

TEST_CASE("the baseline kernels give the CPU's kernels' surface bit for bit") {
    // Columns not a multiple of the vector widths, a window starting mid-vector, bandwidths
    // below and above a cell: every kernel's row steps (8, 4 and 1 rows) and vector edges.
    const Grid g{0, 2000, 10, 197, 203};
    const auto pts = random_points(3000, 5, {-100, -100, 2130, 2100}, 4, 160);
    const PointSource source = [&](std::size_t i) { return pts[i]; };
    for (const GridWindow win : {GridWindow{0, 0, g.rows, g.cols}, GridWindow{13, 21, 150, 101}}) {
        for (Kernel k : all_kernels) {
            const auto cpu = detail::accumulate_window(pts.size(), source, g, win, k, 2, false);
            const auto baseline = detail::accumulate_window(pts.size(), source, g, win, k, 2, true);
            INFO(to_string(k) << ", window from column " << win.col0);
            REQUIRE(cpu.size() == baseline.size());
            CHECK(std::memcmp(cpu.data(), baseline.data(), cpu.size() * sizeof(double)) == 0);
            CHECK(*std::max_element(cpu.begin(), cpu.end()) > 0);
        }
    }
}

TEST_CASE("on a lattice, where many cells lie exactly on a kernel's edge, the baseline and the CPU agree") {
    // Points on cell centres and corners, bandwidths whole numbers of cells: a - q is exactly 0 at
    // the edge, and exactly equal values meet in the maximum with 0 and in the subtraction
    // (AVX2 makes it as a multiply-add by one).
    const Grid g{0, 1000, 10, 100, 100};
    std::vector<KernelPoint> pts;
    std::mt19937_64 rng(9);
    for (int i = 0; i < 400; ++i) {
        const double x = 5.0 * static_cast<double>(rng() % 200), y = 5.0 * static_cast<double>(rng() % 200);
        pts.push_back({x, y, 1.0 + static_cast<double>(rng() % 3), 10.0 * static_cast<double>(1 + rng() % 25)});
    }
    const PointSource source = [&](std::size_t i) { return pts[i]; };
    const GridWindow win{0, 0, g.rows, g.cols};
    for (Kernel k : {Kernel::quartic, Kernel::triweight, Kernel::epanechnikov}) {
        const auto cpu = detail::accumulate_window(pts.size(), source, g, win, k, 2, false);
        const auto baseline = detail::accumulate_window(pts.size(), source, g, win, k, 2, true);
        INFO(to_string(k));
        CHECK(std::memcmp(cpu.data(), baseline.data(), cpu.size() * sizeof(double)) == 0);
    }
    // One point on a cell centre, h = 20 cells: the cells 20 cells away along the axes are on the
    // edge and get exactly +0, their neighbours inwards a positive value.
    const KernelPoint p{505, 495, 1, 200};  // the centre of row 50, column 50
    for (Kernel k : {Kernel::quartic, Kernel::triweight, Kernel::epanechnikov}) {
        const auto v = accumulate_kernels({p}, g, k, 1);
        INFO(to_string(k));
        for (const std::size_t c : {30u, 70u}) {
            CHECK(v[50 * g.cols + c] == 0.0);
            CHECK_FALSE(std::signbit(v[50 * g.cols + c]));
            CHECK(v[c * g.cols + 50] == 0.0);
        }
        CHECK(v[50 * g.cols + 31] > 0.0);
        CHECK(v[50 * g.cols + 69] > 0.0);
    }
}

TEST_CASE("points far outside the grid and zero weights add nothing") {
    const Grid g{0, 100, 10, 10, 10};
    const auto v = accumulate_kernels({{5000, 5000, 1, 100}, {50, 50, 0, 100}}, g, Kernel::quartic, 2);
    for (double x : v) CHECK(x == 0.0);
}

TEST_CASE("grids snap to multiples of the cell size") {
    const Grid g = snapped_grid({1003, 2007, 1391, 2488}, 200, 10);
    CHECK(g.xmin == 800);
    CHECK(g.ymax == 2690);
    CHECK(g.cols == 80);  // 800 .. 1600
    CHECK(g.rows == 89);  // 1800 .. 2690
    const Grid e = exact_grid({0.5, 0, 100.5, 55}, 10);
    CHECK(e.xmin == 0.5);
    CHECK(e.cols == 10);
    CHECK(e.rows == 6);  // the last row reaches past ymin
}
