#include "hotspots/knox_blocks.hpp"

#include "hotspots/random.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace hotspots::detail {
namespace {

double pair_distance(const KnoxEvent& a, const KnoxEvent& b, DistanceKind k) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return k == DistanceKind::euclidean ? std::sqrt(dx * dx + dy * dy) : std::abs(dx) + std::abs(dy);
}

struct GridCell {
    std::int64_t cy, cx;
    std::uint32_t begin, end;  // events (new labels) in the cell
};

}  // namespace

KnoxPairs knox_pairs(const std::vector<KnoxEvent>& ev, const std::vector<double>& se, DistanceKind kind) {
    const double limit = se.back();
    const auto n = static_cast<std::uint32_t>(ev.size());
    std::vector<std::pair<std::int64_t, std::int64_t>> cell(n);  // (cy, cx)
    for (std::uint32_t i = 0; i < n; ++i)
        cell[i] = {static_cast<std::int64_t>(std::floor(ev[i].y / limit)), static_cast<std::int64_t>(std::floor(ev[i].x / limit))};
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t p, std::uint32_t q) { return cell[p] != cell[q] ? cell[p] < cell[q] : p < q; });
    KnoxPairs out;
    out.label.resize(n);
    std::vector<KnoxEvent> sorted(n);
    std::vector<GridCell> cells;
    for (std::uint32_t j = 0; j < n; ++j) {
        out.label[order[j]] = j;
        sorted[j] = ev[order[j]];
        const auto& c = cell[order[j]];
        if (cells.empty() || cells.back().cy != c.first || cells.back().cx != c.second) cells.push_back({c.first, c.second, j, j});
        cells.back().end = j + 1;
    }
    auto find = [&](std::int64_t cy, std::int64_t cx) -> const GridCell* {
        const auto it = std::lower_bound(cells.begin(), cells.end(), std::make_pair(cy, cx),
                                         [](const GridCell& g, const std::pair<std::int64_t, std::int64_t>& k) {
                                             return std::make_pair(g.cy, g.cx) < k;
                                         });
        return it != cells.end() && it->cy == cy && it->cx == cx ? &*it : nullptr;
    };
    // A pair closer than the cell size lies in the same or a neighbouring cell; the cell itself
    // and four of its eight neighbours meet each pair of cells once.
    constexpr std::int64_t forward[4][2] = {{0, 1}, {1, -1}, {1, 0}, {1, 1}};  // (dy, dx)
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> rows(se.size());
    auto test = [&](std::uint32_t i, std::uint32_t j) {
        const double d = pair_distance(sorted[i], sorted[j], kind);
        if (d >= limit) return;
        rows[knox_space_row(d, se)].emplace_back(i, j);
    };
    for (const auto& c : cells) {
        for (std::uint32_t i = c.begin; i < c.end; ++i)
            for (std::uint32_t j = i + 1; j < c.end; ++j) test(i, j);
        for (const auto& f : forward) {
            const GridCell* o = find(c.cy + f[0], c.cx + f[1]);
            if (!o) continue;
            for (std::uint32_t i = c.begin; i < c.end; ++i)
                for (std::uint32_t j = o->begin; j < o->end; ++j) test(i, j);
        }
    }
    out.row_start.push_back(0);
    for (auto& r : rows) {
        for (const auto& [i, j] : r) {
            out.a.push_back(i);
            out.b.push_back(j);
        }
        out.row_start.push_back(out.a.size());
        std::vector<std::pair<std::uint32_t, std::uint32_t>>().swap(r);
    }
    return out;
}

namespace {

// A block's knox_lanes lanes as knox_lanes / W vectors of W doubles, W the widest the CPU
// handles in one register: GCC lowers a comparison of vectors wider than the CPU's one lane
// at a time (about ten times slower on AVX2 than the same counts in 256-bit halves).
template <std::size_t W>
struct Lanes {
    static_assert(knox_lanes % W == 0);
    static constexpr std::size_t pieces = knox_lanes / W;
    typedef double vec __attribute__((vector_size(W * sizeof(double))));
    typedef std::int64_t mask __attribute__((vector_size(W * sizeof(double))));
};

// ge[e] counts, lane by lane, the pairs whose time gap is not below edges[e] (the pairs of
// column e + 1 and beyond). "Not below" rather than ">=" so that a NaN gap lands beyond, as
// the binary search of knox_time_col puts it. Below AVX-512 the loop counts the pairs below
// (a comparison's mask is -1) and ge is n less that count: without mask registers, negating
// the mask costs an instruction per edge. The AVX-512 loop is kept as it was measured.
template <std::size_t E, std::size_t W>
__attribute__((always_inline)) inline void count_body(const std::uint32_t* a, const std::uint32_t* b, std::size_t n, const double* times,
                                                      const double* edges, std::size_t ne, std::int64_t* ge) {
    using vec = typename Lanes<W>::vec;
    using mask = typename Lanes<W>::mask;
    constexpr std::size_t H = Lanes<W>::pieces;
    constexpr bool below = W < knox_lanes;
    const std::size_t m = E ? E : ne;
    vec edge[E ? E : 1];
    mask acc[E ? E : 1][H];
    for (std::size_t e = 0; e < (E ? E : 1); ++e) {
        edge[e] = vec{} + edges[e];
        for (std::size_t h = 0; h < H; ++h) acc[e][h] = mask{};
    }
    const mask no_sign = mask{} + 0x7fffffffffffffffll;
    for (std::size_t p = 0; p < n; ++p) {
        const double* line_a = times + std::size_t{a[p]} * knox_lanes;
        const double* line_b = times + std::size_t{b[p]} * knox_lanes;
        for (std::size_t h = 0; h < H; ++h) {
            vec ta, tb;
            std::memcpy(&ta, line_a + h * W, sizeof ta);
            std::memcpy(&tb, line_b + h * W, sizeof tb);
            const vec gap = reinterpret_cast<vec>(reinterpret_cast<mask>(ta - tb) & no_sign);
            if constexpr (E > 0) {
                for (std::size_t e = 0; e < E; ++e) {
                    if constexpr (below)
                        acc[e][h] += gap < edge[e];
                    else
                        acc[e][h] -= ~(gap < edge[e]);
                }
            } else {
                for (std::size_t e = 0; e < m; ++e) {
                    mask g;
                    std::memcpy(&g, ge + e * knox_lanes + h * W, sizeof g);
                    if constexpr (below)
                        g += gap < (vec{} + edges[e]);
                    else
                        g -= ~(gap < (vec{} + edges[e]));
                    std::memcpy(ge + e * knox_lanes + h * W, &g, sizeof g);
                }
            }
        }
    }
    // The caller's counters need not be aligned as a vector.
    if constexpr (E > 0)
        for (std::size_t e = 0; e < E; ++e)
            for (std::size_t h = 0; h < H; ++h) std::memcpy(ge + e * knox_lanes + h * W, &acc[e][h], sizeof acc[e][h]);
    if constexpr (below)
        for (std::size_t c = 0; c < m * knox_lanes; ++c) ge[c] += static_cast<std::int64_t>(n);
}

template <std::size_t W>
__attribute__((always_inline)) inline void count_edges(const std::uint32_t* a, const std::uint32_t* b, std::size_t n, const double* times,
                                                       const double* edges, std::size_t ne, std::int64_t* ge) {
    // The usual band counts get their counters in registers.
    switch (ne) {
        case 1: return count_body<1, W>(a, b, n, times, edges, ne, ge);
        case 2: return count_body<2, W>(a, b, n, times, edges, ne, ge);
        case 3: return count_body<3, W>(a, b, n, times, edges, ne, ge);
        case 4: return count_body<4, W>(a, b, n, times, edges, ne, ge);
        case 5: return count_body<5, W>(a, b, n, times, edges, ne, ge);
        case 6: return count_body<6, W>(a, b, n, times, edges, ne, ge);
        default: return count_body<0, W>(a, b, n, times, edges, ne, ge);
    }
}

using CountRow = void (*)(const std::uint32_t*, const std::uint32_t*, std::size_t, const double*, const double*, std::size_t,
                          std::int64_t*);

// SSE2 (every x86-64) or the target's own 128-bit vectors.
void count_row_portable(const std::uint32_t* a, const std::uint32_t* b, std::size_t n, const double* times, const double* edges,
                        std::size_t ne, std::int64_t* ge) {
    count_edges<2>(a, b, n, times, edges, ne, ge);
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) void count_row_avx2(const std::uint32_t* a, const std::uint32_t* b, std::size_t n, const double* times,
                                                    const double* edges, std::size_t ne, std::int64_t* ge) {
    count_edges<4>(a, b, n, times, edges, ne, ge);
}

__attribute__((target("avx512f"))) void count_row_avx512(const std::uint32_t* a, const std::uint32_t* b, std::size_t n,
                                                        const double* times, const double* edges, std::size_t ne, std::int64_t* ge) {
    count_edges<8>(a, b, n, times, edges, ne, ge);
}
#endif

CountRow count_row(KnoxKernel k) {
    if (!knox_kernel_available(k)) throw std::invalid_argument("knox: this CPU cannot run the kernel asked for");
    if (k == KnoxKernel::best) k = knox_best_kernel();
#if defined(__x86_64__)
    if (k == KnoxKernel::avx512) return count_row_avx512;
    if (k == KnoxKernel::avx2) return count_row_avx2;
#endif
    return count_row_portable;
}

}  // namespace

bool knox_kernel_available(KnoxKernel k) {
#if defined(__x86_64__)
    if (k == KnoxKernel::avx512) return __builtin_cpu_supports("avx512f");
    if (k == KnoxKernel::avx2) return __builtin_cpu_supports("avx2");
    return true;
#else
    return k == KnoxKernel::best || k == KnoxKernel::portable;
#endif
}

KnoxKernel knox_best_kernel() {
    return knox_kernel_available(KnoxKernel::avx512) ? KnoxKernel::avx512
           : knox_kernel_available(KnoxKernel::avx2) ? KnoxKernel::avx2
                                                      : KnoxKernel::portable;
}

const char* knox_kernel_name(KnoxKernel k) {
    if (k == KnoxKernel::best) k = knox_best_kernel();
#if defined(__x86_64__)
    return k == KnoxKernel::avx512 ? "AVX-512" : k == KnoxKernel::avx2 ? "AVX2" : "SSE2";
#else
    return "128-bit";
#endif
}

std::vector<std::uint64_t> knox_block_counts(const KnoxPairs& pairs, const double* times, const std::vector<double>& te, KnoxKernel kernel) {
    const CountRow count = count_row(kernel);
    const std::size_t cols = te.size(), ne = te.size() - 1, rows = pairs.row_start.size() - 1;
    const std::size_t table = rows * cols;
    std::vector<std::uint64_t> out(knox_lanes * table, 0);
    std::vector<std::int64_t> ge(ne * knox_lanes);
    for (std::size_t r = 0; r < rows; ++r) {
        const std::size_t begin = pairs.row_start[r], n = pairs.row_start[r + 1] - begin;
        std::fill(ge.begin(), ge.end(), 0);
        count(pairs.a.data() + begin, pairs.b.data() + begin, n, times, te.data() + 1, ne, ge.data());
        for (std::size_t k = 0; k < knox_lanes; ++k) {
            std::uint64_t* c = out.data() + k * table + r * cols;
            auto at = [&](std::size_t e) { return static_cast<std::uint64_t>(ge[e * knox_lanes + k]); };
            c[0] = n - at(0);
            for (std::size_t j = 1; j < ne; ++j) c[j] = at(j - 1) - at(j);
            c[ne] = at(ne - 1);
        }
    }
    return out;
}

void knox_shuffle(double* times, std::size_t n, std::uint64_t seed, std::size_t p) {
    std::uint64_t state = seed * 0x632BE59BD9B4E019ull + p + 1;
    next_random(state);
    for (std::size_t i = n; i > 1; --i) std::swap(times[i - 1], times[random_below(state, i)]);
}

}  // namespace hotspots::detail
