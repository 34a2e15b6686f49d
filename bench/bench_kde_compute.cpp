// The kde compute stage alone: kernel accumulation of N points over a 19 x 16 km grid (the
// NW BCU's size) at 10 m cells with a 200 m quartic kernel, on 1 and on all threads.
// Prints seconds (wall, and CPU: user + sys of the process, the figure to compare on a shared
// machine), kernel-cell updates per second per core, a digest of the surface (to compare two
// builds) and whether the threads agree.
// Usage: bench_kde_compute [points=1000000] [repeats=3]
#include "hotspots/kde.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string_view>

using namespace hotspots;

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
    const Box box{510600, 182450, 529580, 198360};
    // 30% spread evenly, 70% in 400 clusters (like bench/make_points.py).
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> ux(box.xmin, box.xmax), uy(box.ymin, box.ymax), u01(0, 1);
    std::vector<std::array<double, 3>> clusters(400);
    for (auto& c : clusters) c = {ux(rng), uy(rng), 40 + 360 * u01(rng)};
    std::vector<KernelPoint> pts(n);
    for (auto& p : pts) {
        if (u01(rng) < 0.3) {
            p = {ux(rng), uy(rng), 1, 200};
        } else {
            const auto& c = clusters[rng() % clusters.size()];
            std::normal_distribution<double> nx(c[0], c[2]), ny(c[1], c[2]);
            p = {std::clamp(nx(rng), box.xmin, box.xmax), std::clamp(ny(rng), box.ymin, box.ymax), 1, 200};
        }
    }
    const Grid g = snapped_grid(box, 200, 10);
    const double updates = kernel_cell_updates(pts, g, Kernel::quartic);
    fmt::print("points {}, grid {} ({:.1f} M cells), {:.3g} kernel-cell updates\n", n, describe(g),
               static_cast<double>(g.cells()) / 1e6, updates);
    std::vector<double> reference;
    for (unsigned threads : {1u, thread_count(0)}) {
        double best = 1e30, best_cpu = 1e30;
        std::vector<double> out;
        for (int r = 0; r < repeats; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            const std::clock_t c0 = std::clock();
            out = accumulate_kernels(pts, g, Kernel::quartic, threads);
            best_cpu = std::min(best_cpu, static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        if (reference.empty()) {
            reference = out;
            // FNV-1a of the surface's bytes: two builds made the same surface when they print the same.
            std::uint64_t digest = 14695981039346656037ull;
            for (const unsigned char b : std::string_view(reinterpret_cast<const char*>(out.data()), out.size() * sizeof(double)))
                digest = (digest ^ b) * 1099511628211ull;
            fmt::print("surface digest {:016x}\n", digest);
        }
        const bool same = std::memcmp(reference.data(), out.data(), out.size() * sizeof(double)) == 0;
        fmt::print("threads {}: {:.3f} s wall, {:.3f} s CPU (best of {}), {:.2f}e9 updates/s per core, identical to 1 thread: {}\n",
                   threads, best, best_cpu, repeats, updates / best / threads / 1e9, same ? "yes" : "NO");
    }
    return 0;
}
