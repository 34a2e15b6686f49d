// The Knox test on N synthetic events over the NW BCU's extent (19 x 16 km, 30% spread evenly,
// 70% in 400 clusters) over two years: bands 0,100,200,300,400 m x 0,7,14,21,28 days, 999
// permutations. Prints seconds for 10,000 and 100,000 events (or the sizes given).
// Usage: bench_knox [sizes...]
#include "hotspots/knox.hpp"
#include "hotspots/knox_blocks.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>

using namespace hotspots;

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes;
    for (int i = 1; i < argc; ++i) sizes.push_back(std::strtoull(argv[i], nullptr, 10));
    if (sizes.empty()) sizes = {10000, 100000};
    const char* threads = std::getenv("HOTSPOTS_THREADS");
    const unsigned nthreads = threads ? unsigned(std::strtoul(threads, nullptr, 10)) : 0;
    // The counting loop's vectors differ by CPU, and so do the figures.
    fmt::print("Knox test, 5 x 5 bands, 999 permutations, {} threads, {} counting\n", thread_count(nthreads),
               detail::knox_kernel_name(detail::knox_best_kernel()));
    for (std::size_t n : sizes) {
        std::mt19937_64 rng(7);
        std::uniform_real_distribution<double> ux(510600, 529580), uy(182450, 198360), u01(0, 1), ut(0, 730);
        std::vector<std::array<double, 3>> clusters(400);
        for (auto& c : clusters) c = {ux(rng), uy(rng), 40 + 360 * u01(rng)};
        std::vector<KnoxEvent> ev(n);
        for (auto& e : ev) {
            if (u01(rng) < 0.3) {
                e = {ux(rng), uy(rng), ut(rng)};
            } else {
                const auto& c = clusters[rng() % clusters.size()];
                std::normal_distribution<double> nx(c[0], c[2]), ny(c[1], c[2]);
                e = {nx(rng), ny(rng), ut(rng)};
            }
        }
        KnoxOptions o;
        o.threads = nthreads;
        const auto t0 = std::chrono::steady_clock::now();
        const auto t = knox_test(ev, o, "days");
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        // A digest of every cell, to check that two builds give the same table.
        std::uint64_t digest = 1469598103934665603ull;
        for (const auto& c : t.cells)
            for (double v : {double(c.observed), double(c.at_least), c.mean, c.median, c.p}) {
                std::uint64_t bits;
                std::memcpy(&bits, &v, sizeof bits);
                digest = (digest ^ bits) * 1099511628211ull;
            }
        fmt::print("{:>8} events: {:.2f} s ({} pairs within 400 m; table digest {:016x})\n", n, s, t.near_pairs, digest);
    }
    return 0;
}
