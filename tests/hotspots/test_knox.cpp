#include "hotspots/knox.hpp"
#include "hotspots/knox_blocks.hpp"
#include "hotspots/random.hpp"
#include "hotspots/sample_generator.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace hotspots;

namespace {

// Integer coordinates and days, so many pairs fall exactly on band edges.
std::vector<KnoxEvent> random_events(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> xy(0, 600), day(0, 60);
    std::vector<KnoxEvent> ev;
    for (std::size_t i = 0; i < n; ++i) ev.push_back({double(xy(rng)), double(xy(rng)), double(day(rng))});
    for (std::size_t i = 0; i < n / 10; ++i) ev.push_back(ev[i * 3]);  // repeats at the same place and day
    return ev;
}

}  // namespace

TEST_CASE("observed Knox counts equal a brute-force count of all pairs") {
    for (auto kind : {DistanceKind::euclidean, DistanceKind::manhattan}) {
        for (unsigned seed : {1u, 2u, 3u}) {
            const auto ev = random_events(300, seed);
            KnoxOptions o;
            o.distance = kind;
            o.permutations = 9;
            const auto t = knox_test(ev, o, "days");
            const auto brute = knox_observed_brute_force(ev, o);
            REQUIRE(brute.size() == t.cells.size());
            std::uint64_t total = 0;
            for (std::size_t k = 0; k < brute.size(); ++k) {
                CHECK(t.cells[k].observed == brute[k]);
                total += brute[k];
            }
            CHECK(t.pairs == total);
            CHECK(total == ev.size() * (ev.size() - 1) / 2);
        }
    }
}

TEST_CASE("permuted counts equal a brute-force count of every permutation, in full and partial blocks, on any thread count") {
    // 19 permutations: two full blocks of 8 and a block of 3. Time bands of 1, 4 and 7 edges
    // beyond 0 take the kernel's three paths (registers for up to 6 edges, memory beyond).
    const auto ev = random_events(250, 5);
    for (const auto& edges : {std::vector<double>{0, 10}, std::vector<double>{0, 7, 14, 21, 28},
                              std::vector<double>{0, 2, 4.5, 9, 13, 20, 31, 40}}) {
        for (auto kind : {DistanceKind::euclidean, DistanceKind::manhattan}) {
            KnoxOptions o;
            o.time_edges = edges;
            o.distance = kind;
            o.permutations = 19;
            o.seed = 77;
            // Each permutation by its definition: Fisher-Yates from its own splitmix64 stream.
            std::vector<std::vector<std::uint64_t>> brute;
            for (std::uint64_t p = 0; p < 19; ++p) {
                std::uint64_t state = o.seed * 0x632BE59BD9B4E019ull + p + 1;
                next_random(state);
                auto shuffled = ev;
                for (std::size_t i = ev.size(); i > 1; --i) std::swap(shuffled[i - 1].t, shuffled[random_below(state, i)].t);
                brute.push_back(knox_observed_brute_force(shuffled, o));
            }
            for (unsigned threads : {1u, 2u, 3u}) {
                o.threads = threads;
                const auto t = knox_test(ev, o, "days");
                REQUIRE(t.cells.size() == brute[0].size());
                for (std::size_t k = 0; k < t.cells.size(); ++k) {
                    double sum = 0;
                    std::uint64_t at_least = 0;
                    std::vector<double> v;
                    for (const auto& b : brute) {
                        sum += double(b[k]);
                        at_least += b[k] >= t.cells[k].observed;
                        v.push_back(double(b[k]));
                    }
                    std::sort(v.begin(), v.end());
                    INFO("cell " << k << ", " << threads << " threads, " << edges.size() << " time edges");
                    CHECK(t.cells[k].mean == sum / 19);
                    CHECK(t.cells[k].at_least == at_least);
                    CHECK(t.cells[k].median == v[9]);
                }
            }
        }
    }
}

TEST_CASE("every counting kernel this CPU runs counts eight assignments of times as brute force does") {
    // knox_test takes the widest kernel only; the narrower ones (the default build's SSE2 path
    // on a CPU with AVX2) are checked here. Time bands of 1, 4 and 7 edges beyond 0 take the
    // kernels' three paths; integer days put many gaps exactly on an edge.
    const auto ev = random_events(250, 11);
    std::mt19937 rng(3);
    std::uniform_int_distribution<int> day(0, 60);
    std::vector<std::vector<KnoxEvent>> lanes(detail::knox_lanes, ev);
    for (auto& lane : lanes)
        for (auto& e : lane) e.t = double(day(rng));
    KnoxOptions o;
    const auto pairs = detail::knox_pairs(ev, o.space_edges, o.distance);
    std::vector<double> times(ev.size() * detail::knox_lanes);
    for (std::size_t i = 0; i < ev.size(); ++i)
        for (std::size_t k = 0; k < detail::knox_lanes; ++k) times[pairs.label[i] * detail::knox_lanes + k] = lanes[k][i].t;
    for (const auto& edges : {std::vector<double>{0, 10}, std::vector<double>{0, 7, 14, 21, 28},
                              std::vector<double>{0, 2, 4.5, 9, 13, 20, 31, 40}}) {
        o.time_edges = edges;
        const std::size_t near_cells = o.space_edges.size() * edges.size();  // rows 0..S
        for (auto kernel : {detail::KnoxKernel::portable, detail::KnoxKernel::avx2, detail::KnoxKernel::avx512, detail::KnoxKernel::best}) {
            if (!detail::knox_kernel_available(kernel)) continue;
            const auto counts = detail::knox_block_counts(pairs, times.data(), edges, kernel);
            REQUIRE(counts.size() == detail::knox_lanes * near_cells);
            for (std::size_t k = 0; k < detail::knox_lanes; ++k) {
                const auto brute = knox_observed_brute_force(lanes[k], o);
                INFO(detail::knox_kernel_name(kernel) << " kernel, lane " << k << ", " << edges.size() << " time edges");
                CHECK(std::vector<std::uint64_t>(counts.begin() + std::ptrdiff_t(k * near_cells),
                                                 counts.begin() + std::ptrdiff_t((k + 1) * near_cells)) ==
                      std::vector<std::uint64_t>(brute.begin(), brute.begin() + std::ptrdiff_t(near_cells)));
            }
        }
    }
    CHECK(detail::knox_kernel_available(detail::KnoxKernel::portable));
}

TEST_CASE("bands are half-open and distance 0 is its own row") {
    // Pairs at distance exactly 100 and 7 days go to the 100-200 m row and 7-14 day column.
    const std::vector<KnoxEvent> ev{{0, 0, 0}, {100, 0, 7}, {0, 0, 3}};
    KnoxOptions o;
    o.permutations = 1;
    const auto t = knox_test(ev, o, "days");
    CHECK(t.at(2, 1).observed == 1);  // (0,0,0)-(100,0,7): 100-200 m, 7-14 days
    CHECK(t.at(0, 0).observed == 1);  // (0,0,0)-(0,0,3): same location, 0-7 days
    CHECK(t.at(2, 0).observed == 1);  // (100,0,7)-(0,0,3): 100 m, 4 days
    CHECK(t.row_labels.front() == "same location");
    CHECK(t.col_labels.back() == ">= 28 days");
}

TEST_CASE("permutations are reproducible by seed whatever the number of threads") {
    const auto ev = random_events(400, 9);
    KnoxOptions o;
    o.permutations = 199;
    o.seed = 42;
    o.threads = 1;
    const auto a = knox_test(ev, o, "days");
    o.threads = 3;
    const auto b = knox_test(ev, o, "days");
    o.seed = 43;
    const auto c = knox_test(ev, o, "days");
    bool differs = false;
    for (std::size_t k = 0; k < a.cells.size(); ++k) {
        CHECK(a.cells[k].mean == b.cells[k].mean);
        CHECK(a.cells[k].at_least == b.cells[k].at_least);
        CHECK(a.cells[k].p == Approx(double(a.cells[k].at_least + 1) / 200));
        differs = differs || a.cells[k].mean != c.cells[k].mean;
    }
    CHECK(differs);
}

TEST_CASE("the planted near-repeat chains of the sample show as near repeats, and far cells do not") {
    const Sample s = generate_sample(20260101);
    std::vector<KnoxEvent> ev;
    for (const auto& i : s.incidents)
        if (i.category == Category::burglary) ev.push_back({i.x, i.y, double(i.from) / 86400.0});
    KnoxOptions o;
    o.permutations = 999;
    const auto t = knox_test(ev, o, "days");
    // Near: 0-200 m (rows 1, 2) within 14 days (columns 0, 1).
    bool near_significant = false;
    for (std::size_t r : {1u, 2u})
        for (std::size_t c : {0u, 1u}) {
            CHECK(t.at(r, c).ratio > 1);
            near_significant = near_significant || t.at(r, c).p < 0.05;
        }
    CHECK(near_significant);
    // Far: 300 m and beyond, every time band (the last cell is the remainder of the others).
    // Some 20 cells tested at 5% give about one false alarm by chance, so each is held to
    // 5% over their number (Bonferroni).
    const double far_cells = double((t.rows - 4) * t.cols - 1);
    for (std::size_t r = 4; r < t.rows; ++r)
        for (std::size_t c = 0; c < t.cols; ++c) {
            if (r + 1 == t.rows && c + 1 == t.cols) continue;
            INFO(t.row_labels[r] << " x " << t.col_labels[c]);
            CHECK(t.at(r, c).p >= 0.05 / far_cells);
        }
}

TEST_CASE("chains link events within the distance and time, the earliest first") {
    const std::vector<KnoxEvent> ev{{0, 0, 10}, {150, 0, 15}, {300, 0, 20}, {2000, 0, 10}, {0, 0, 40}, {2050, 0, 11}};
    const std::vector<std::size_t> order{0, 1, 2, 3, 4, 5};
    const auto links = near_repeat_chains(ev, order, 200, 14, DistanceKind::euclidean);
    // 0-1-2 chained through 1 (0 and 2 are 300 m apart); 4 is too late; 3-5 a chain.
    CHECK(links[0].chain == links[1].chain);
    CHECK(links[1].chain == links[2].chain);
    CHECK(links[0].size == 3);
    CHECK(links[0].position == 1);
    CHECK(links[2].position == 3);
    CHECK(links[4].chain == -1);
    CHECK(links[3].chain != links[0].chain);
    CHECK(links[3].size == 2);
    CHECK(links[3].position == 1);
    // Chains are numbered by their originators' times (10 then 10: ties by order).
    CHECK(links[0].chain == 1);
    CHECK(links[3].chain == 2);
}
