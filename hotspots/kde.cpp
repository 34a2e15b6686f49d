#include "hotspots/kde.hpp"

#include "model/memory.hpp"
#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <emmintrin.h>
#include <limits>
#include <memory>

namespace hotspots {
namespace {

// One point's kernel over the rows [r0, r1) of the grid, for the kernels that are
// polynomials in u^2 (and the triangular one, in u). q[c] = ((cx - px) / h)^2 is computed once
// per point, a = 1 - (dy / h)^2 once per row, so a cell costs a subtraction, a max and at most
// two multiplications (the weight is folded into q and a). The test d > 0
// decides exactly. The kernels are compiled for AVX-512, AVX2 and the baseline; all do the
// same IEEE operations per cell (no FMA contraction), so the result does not depend on the CPU.
struct Splat {
    double* out;          // rows r0 .. r1 of the grid, each `stride` cells (cols + padding)
    std::size_t cols, stride;
    const double* cx;     // cell centre x per column, stride long
    double* q;            // scratch, stride long
    double xmin, ymax, cell;
    std::size_t r0, r1;  // rows to fill
    // The window's columns [c_lo, c_hi) of the grid; local column j (of out, cx and q) is the
    // grid's column col0 + j, col0 a multiple of `lanes`. The whole grid: 0, 0, cols.
    std::size_t col0, c_lo, c_hi;
};

// Columns are laid out in blocks of eight, starting at columns that are multiples of eight,
// in rows that start on 64-byte boundaries: a vector then never half-overlaps one stored by the
// previous point, which would stall the store-to-load forwarding.
constexpr std::size_t lanes = 8;

// Per cell, d = a - q and max(d, 0), each rounded as IEEE subtraction and comparison whatever
// the target. On AVX2 (Zen 3: additions and the stores' data share two pipes, multiplications
// and maxima the other two) the subtraction is a negated multiply-add by one: q * 1 is exact, so
// its one rounding of a - q gives vsubpd's bits, on the multiply pipes; the maximum is one
// vmaxpd (d > 0 ? d : 0, as the compare and mask it replaces). Both are written as instructions
// because intrinsics cannot be inlined into this template, which is compiled for the baseline
// too; the asm is only reached from splat_avx2. AVX-512 keeps the plain operators (its clone's
// instructions are unchanged); the baseline uses SSE2's maxpd. Clang refuses a 32-byte asm
// operand in a template also compiled for the baseline, so it gets the operators (same values).
// (Results through references: a vector returned by value changes the ABI between targets.)
#if defined(__clang__)
constexpr bool avx2_asm = false;
#else
constexpr bool avx2_asm = true;
#endif
template <std::size_t W, class V>
__attribute__((always_inline)) inline void minus(V& d, const V& a, const V& q, [[maybe_unused]] const V& one) {
    if constexpr (avx2_asm && W == 4) {
        d = q;
        asm("vfnmadd213pd %2, %1, %0" : "+x"(d) : "x"(one), "x"(a));
    } else {
        d = a - q;
    }
}
template <std::size_t W, class V>
__attribute__((always_inline)) inline void positive(V& t, const V& d, const V& zero) {
    if constexpr (avx2_asm && W == 4) {
        asm("vmaxpd %2, %1, %0" : "=x"(t) : "x"(d), "x"(zero));
    } else if constexpr (W == 2) {
        t = reinterpret_cast<V>(_mm_max_pd(reinterpret_cast<__m128d>(d), reinterpret_cast<__m128d>(zero)));
    } else {
        t = d > zero ? d : zero;
    }
}

// W doubles per vector, the widest a target's registers hold, so that eight rows' `a` and
// accumulators stay in registers: 8 on AVX-512, 4 on AVX2, 2 on the baseline (SSE2). A 64-byte
// vector on AVX2 is split into halves that GCC passes through the stack, stalling every store:
// that made the AVX2 kernel ten times slower than the AVX-512 one (measured on AVX2: 4-wide
// vectors with 4, 8 or 12 rows a step within noise of each other, 8-wide with 4 rows 11x slower). The operations per cell,
// and the order of the points adding to a cell, are the same on every target (no FMA
// contraction; AVX2's multiply-add by one rounds as the subtraction), so the result does not
// depend on the CPU.
template <Kernel K, std::size_t W>
__attribute__((always_inline)) inline void splat_body(const Splat& s, double px, double py, double h, double w) {
    typedef double vec __attribute__((vector_size(W * sizeof(double))));
    const double inv_h2 = 1.0 / (h * h), inv_cell = 1.0 / s.cell;
    const double fx = (px - s.xmin) * inv_cell - 0.5;  // px in column units, from the first centre
    // Clamped to the window in grid columns, then made local: the same columns as the whole
    // grid's run visits within the window, so each cell sees the same operations.
    const auto clamp_col = [&](double c) {
        return static_cast<std::size_t>(std::clamp(c, static_cast<double>(s.c_lo), static_cast<double>(s.c_hi))) - s.col0;
    };
    // Columns and rows whose centre may be within h, with a hair of slack for rounding; the
    // test d > 0 below decides exactly.
    const double reach = h * inv_cell + 1e-9;
    const std::size_t w0 = clamp_col(std::ceil(fx - reach)), w1 = clamp_col(std::floor(fx + reach) + 1);
    if (w0 >= w1) return;
    double* __restrict q = s.q;
    // Vectors start at multiples of W (of `lanes` on AVX-512): the cells outside [w0, w1) they
    // take in add zero; on AVX2 this spares a third of a vector a row against aligning to eight.
    const std::size_t v0 = w0 & ~(W - 1), v1 = std::min(v0 + (w1 - v0 + W - 1) / W * W, s.stride);
    // The weight is folded into q and a, so a cell costs one multiplication less:
    // w (a - q)^p = (w^(1/p) a - w^(1/p) q)^p for p = 2 (quartic), 3 (triweight), 1.
    const double scale = K == Kernel::quartic     ? std::sqrt(w)
                         : K == Kernel::triweight ? std::cbrt(w)
                         : K == Kernel::epanechnikov ? w
                                                  : 1.0;
    for (std::size_t c = v0; c < v1; ++c) {
        const double dx = s.cx[c] - px;
        q[c] = dx * dx * inv_h2 * scale;
    }
    const double fy = (s.ymax - py) * inv_cell - 0.5;  // py in row units
    const auto clamp_row = [&](double r) { return static_cast<std::size_t>(std::clamp(r, 0.0, 1e18)); };
    const std::size_t top = std::max(s.r0, clamp_row(std::ceil(fy - reach)));
    const std::size_t bottom = std::min(s.r1, clamp_row(std::floor(fy + reach) + 1));
    auto a_of = [&](std::size_t r) {
        const double dy = (s.ymax - (static_cast<double>(r) + 0.5) * s.cell) - py;
        return 1.0 - dy * dy * inv_h2;  // < 0 beyond the disc: then every d < 0 below
    };
    auto row = [&](std::size_t r) { return s.out + (r - s.r0) * s.stride; };
    if constexpr (K == Kernel::triangular) {
        for (std::size_t r = top; r < bottom; ++r) {
            const double a = a_of(r);
            if (a < 0) continue;
            double* __restrict o = row(r);
            for (std::size_t c = w0; c < w1; ++c) {
                const double d = 1.0 - std::sqrt(q[c] + (1.0 - a));
                o[c] += w * (d > 0.0 ? d : 0.0);
            }
        }
    } else {
        // Whole rows of the kernel's square (cheaper than finding each row's chord: loops of
        // changing length cost more in mispredicted branches than the extra cells). Whole
        // vectors: the extra cells (outside the disc, or in the row's padding) get d <= 0 or
        // land in padding that is dropped.
        const vec zero = {}, one = zero + 1.0;
        auto add = [&](vec& ov, const vec& d) {
            vec t;
            positive<W>(t, d, zero);
            if constexpr (K == Kernel::quartic) ov += t * t;
            if constexpr (K == Kernel::triweight) ov += t * t * t;
            if constexpr (K == Kernel::epanechnikov) ov += t;
        };
        // Eight rows at a time (each vector of q loaded once for all of them), then four, then
        // one: the most this leaves in registers on AVX-512, measured fastest.
        auto rows_step = [&]<std::size_t n>(std::size_t r) {
            vec a[n];
            double* __restrict o[n];
            for (std::size_t k = 0; k < n; ++k) {
                a[k] = zero + a_of(r + k) * scale;
                o[k] = row(r + k);
            }
            for (std::size_t c = v0; c < v1; c += W) {
                vec qv;
                std::memcpy(&qv, q + c, sizeof qv);
                for (std::size_t k = 0; k < n; ++k) {
                    vec ov;
                    std::memcpy(&ov, o[k] + c, sizeof ov);
                    vec d;
                    minus<W>(d, a[k], qv, one);
                    add(ov, d);
                    std::memcpy(o[k] + c, &ov, sizeof ov);
                }
            }
        };
        std::size_t r = top;
        for (; r + 8 <= bottom; r += 8) rows_step.template operator()<8>(r);
        if (r + 4 <= bottom) {
            rows_step.template operator()<4>(r);
            r += 4;
        }
        for (; r < bottom; ++r) rows_step.template operator()<1>(r);
    }
}

using SplatFunction = void (*)(const Splat&, double, double, double, double);

// AVX-512 keeps the function it had (its clone compiles to the same instructions as before,
// checked with objdump); only that clone is called.
#define HOTSPOTS_SPLAT(name, kernel)                                                                       \
    __attribute__((target_clones("avx512f", "default"))) void name(const Splat& s, double px, double py, \
                                                                  double h, double w) {                 \
        splat_body<kernel, 8>(s, px, py, h, w);                                                            \
    }
HOTSPOTS_SPLAT(splat_quartic, Kernel::quartic)
HOTSPOTS_SPLAT(splat_triweight, Kernel::triweight)
HOTSPOTS_SPLAT(splat_epanechnikov, Kernel::epanechnikov)
HOTSPOTS_SPLAT(splat_triangular, Kernel::triangular)
#undef HOTSPOTS_SPLAT

template <Kernel K>
__attribute__((target("avx2,fma"))) void splat_avx2(const Splat& s, double px, double py, double h, double w) {
    splat_body<K, 4>(s, px, py, h, w);
}
template <Kernel K>
void splat_baseline(const Splat& s, double px, double py, double h, double w) {
    splat_body<K, 2>(s, px, py, h, w);
}

// The widest the CPU runs (what target_clones' resolver chose before).
template <Kernel K>
SplatFunction splat_for_cpu(SplatFunction avx512) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return splat_avx2<K>;
    return splat_baseline<K>;
}

// The first 64-byte boundary in a buffer allocated `lanes` doubles longer than needed.
double* aligned(double* p) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    return reinterpret_cast<double*>((a + 63) & ~std::uintptr_t{63});
}

SplatFunction splat_function(Kernel k, bool baseline) {
    switch (k) {
        case Kernel::quartic: return baseline ? splat_baseline<Kernel::quartic> : splat_for_cpu<Kernel::quartic>(splat_quartic);
        case Kernel::triweight:
            return baseline ? splat_baseline<Kernel::triweight> : splat_for_cpu<Kernel::triweight>(splat_triweight);
        case Kernel::epanechnikov:
            return baseline ? splat_baseline<Kernel::epanechnikov>
                            : splat_for_cpu<Kernel::epanechnikov>(splat_epanechnikov);
        case Kernel::triangular:
            return baseline ? splat_baseline<Kernel::triangular> : splat_for_cpu<Kernel::triangular>(splat_triangular);
        default: return nullptr;
    }
}

// The uniform kernel's edge is a step, so its test is made exactly as written in
// kernel_profile: ((cx - px)^2 + dy^2) / h^2 <= 1, from the unscaled distances.
void row_uniform_exact(double* out, const double* cx, std::size_t n, double px, double dy2, double inv_h2, double w) {
    for (std::size_t c = 0; c < n; ++c) {
        const double dx = cx[c] - px;
        if ((dx * dx + dy2) * inv_h2 <= 1.0) out[c] += w;
    }
}

void row_gaussian(double* out, const double* cx, std::size_t n, double px, double dy2, double inv_h2, double w) {
    for (std::size_t c = 0; c < n; ++c) {
        const double dx = cx[c] - px;
        const double u2 = (dx * dx + dy2) * inv_h2;
        if (u2 <= 16.0) out[c] += w * std::exp(-0.5 * u2);
    }
}

using ExactRow = void (*)(double*, const double*, std::size_t, double, double, double, double);

// The columns whose centres may lie within `half` of x: one cell of slack each side, the
// exact test is u2 <= 1 inside the row function.
void column_span(const Grid& g, double x, double half, std::size_t& c0, std::size_t& c1) {
    const double lo = std::floor((x - half - g.xmin) / g.cell - 0.5) - 1;
    const double hi = std::ceil((x + half - g.xmin) / g.cell - 0.5) + 1;
    c0 = static_cast<std::size_t>(std::clamp(lo, 0.0, static_cast<double>(g.cols)));
    c1 = static_cast<std::size_t>(std::clamp(hi + 1, 0.0, static_cast<double>(g.cols)));
}

// What the bands read of a point: no default member values, so a buffer of them can be
// left for the threads to fill.
struct Placed {
    double x, y, weight, bandwidth;
};
struct PlacedAt {
    double x, y;
};

// Points sorted by the grid row that holds them (rows beyond the grid by `reach` rows
// included), keeping input order within a row, copied so that bands read them as a stream.
// When every point has the same weight and bandwidth (a fixed bandwidth, no weights: the
// usual map) only x and y are copied, half the fresh memory: on a VM that hands freed pages
// back to its host, each fresh page may cost a fault on the host too.
struct Buckets {
    std::int64_t reach = 0;            // rows a kernel can reach from its home row
    std::int64_t first_row = 0;        // row of bucket 0
    std::vector<std::size_t> offsets;  // bucket b holds points[offsets[b] .. offsets[b + 1])
    std::unique_ptr<Placed[]> points;  // null when `same` is set
    std::unique_ptr<PlacedAt[]> at;    // the points when `same` is set
    bool same = false;
    double weight = 0, bandwidth = 0;  // every point's, when `same` is set
    Placed operator[](std::size_t k) const { return same ? Placed{at[k].x, at[k].y, weight, bandwidth} : points[k]; }
};

// The same bits (== would take 0 and -0 as one, and never NaN as itself).
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A counting sort in parallel passes over chunks of the points; a bucket's points come
// chunk by chunk, so input order is kept whatever the number of threads. The reach (in rows)
// comes from the largest bandwidth, found in the first pass.
Buckets bucket_by_row(std::size_t n, const PointSource& point, const Grid& g, const GridWindow& win, Kernel kernel,
                      unsigned threads) {
    const std::size_t chunks = std::min<std::size_t>(thread_count(threads), n / 65536 + 1);
    auto chunk_begin = [&](std::size_t c) { return n * c / chunks; };
    // Pass 1: each point's row (a sentinel for points that add nothing) and the widest kernel.
    constexpr auto skip = std::numeric_limits<std::int32_t>::min();
    auto row = std::make_unique_for_overwrite<std::int32_t[]>(n);
    std::vector<double> widest(chunks, 0.0);
    // Per chunk: the first kept point's weight and bandwidth, and whether every other has them.
    struct Same {
        bool seen = false, all = true;
        double weight = 0, bandwidth = 0;
    };
    std::vector<Same> same(chunks);
    parallel_chunks(chunks, threads, [&](std::size_t c0, std::size_t c1, unsigned) {
        for (std::size_t c = c0; c < c1; ++c)
            for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
                const KernelPoint p = point(i);
                row[i] = skip;
                if (!(p.weight != 0) || !std::isfinite(p.x) || !std::isfinite(p.y)) continue;
                row[i] = static_cast<std::int32_t>(std::clamp<std::int64_t>(g.row_of(p.y), -(1 << 30), 1 << 30));
                widest[c] = std::max(widest[c], p.bandwidth);
                Same& s = same[c];
                if (!s.seen) s = {true, true, p.weight, p.bandwidth};
                else if (s.all && !(same_bits(p.weight, s.weight) && same_bits(p.bandwidth, s.bandwidth))) s.all = false;
            }
    });
    const double widest_h = *std::max_element(widest.begin(), widest.end());
    Buckets b;
    const Same* first = nullptr;
    b.same = true;
    for (const Same& s : same) {
        if (!s.seen) continue;
        if (!first) first = &s;
        if (!s.all || !same_bits(s.weight, first->weight) || !same_bits(s.bandwidth, first->bandwidth)) b.same = false;
    }
    if (b.same && first) {
        b.weight = first->weight;
        b.bandwidth = first->bandwidth;
    }
    b.reach = static_cast<std::int64_t>(std::ceil(widest_h * support_factor(kernel) / g.cell)) + 1;
    b.first_row = static_cast<std::int64_t>(win.row0) - b.reach;
    const std::int64_t nb = static_cast<std::int64_t>(win.rows) + 2 * b.reach;
    const auto buckets = static_cast<std::size_t>(nb);
    // Pass 2: count per chunk and bucket (points too far north or south to reach the grid
    // are dropped).
    std::vector<std::vector<std::size_t>> next(chunks);  // per chunk: count, then write position
    parallel_chunks(chunks, threads, [&](std::size_t c0, std::size_t c1, unsigned) {
        for (std::size_t c = c0; c < c1; ++c) {
            auto& count = next[c];
            count.assign(buckets, 0);
            for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
                const std::int64_t k = static_cast<std::int64_t>(row[i]) - b.first_row;
                if (row[i] == skip || k < 0 || k >= nb) {
                    row[i] = skip;
                    continue;
                }
                row[i] = static_cast<std::int32_t>(k);
                ++count[static_cast<std::size_t>(k)];
            }
        }
    });
    b.offsets.assign(buckets + 1, 0);
    std::size_t at = 0;
    for (std::size_t k = 0; k < buckets; ++k) {
        b.offsets[k] = at;
        for (auto& count : next) {
            const std::size_t m = count[k];
            count[k] = at;
            at += m;
        }
    }
    b.offsets[buckets] = at;
    // Pass 3: copy the points into place.
    if (b.same) {
        b.at = std::make_unique_for_overwrite<PlacedAt[]>(at);
        prefer_huge_pages(b.at.get(), at * sizeof(PlacedAt));
    } else {
        b.points = std::make_unique_for_overwrite<Placed[]>(at);
        prefer_huge_pages(b.points.get(), at * sizeof(Placed));
    }
    parallel_chunks(chunks, threads, [&](std::size_t c0, std::size_t c1, unsigned) {
        for (std::size_t c = c0; c < c1; ++c)
            for (std::size_t i = chunk_begin(c); i < chunk_begin(c + 1); ++i) {
                if (row[i] == skip) continue;
                const KernelPoint p = point(i);
                const std::size_t k = next[c][static_cast<std::size_t>(row[i])]++;
                if (b.same) b.at[k] = {p.x, p.y};
                else b.points[k] = {p.x, p.y, p.weight, p.bandwidth};
            }
    });
    return b;
}

}  // namespace

std::vector<double> accumulate_kernels(const std::vector<KernelPoint>& points, const Grid& g, Kernel kernel,
                                       unsigned threads) {
    return accumulate_kernels(points.size(), [&](std::size_t i) { return points[i]; }, g, kernel, threads);
}

std::vector<double> accumulate_kernels(std::size_t n, const PointSource& point, const Grid& g, Kernel kernel,
                                       unsigned threads) {
    return accumulate_window(n, point, g, {0, 0, g.rows, g.cols}, kernel, threads);
}

std::vector<double> accumulate_window(std::size_t n, const PointSource& point, const Grid& g, const GridWindow& win,
                                      Kernel kernel, unsigned threads) {
    return detail::accumulate_window(n, point, g, win, kernel, threads, false);
}

std::vector<double> detail::accumulate_window(std::size_t n, const PointSource& point, const Grid& g,
                                              const GridWindow& win, Kernel kernel, unsigned threads, bool baseline) {
    std::vector<double> out;
    const std::size_t cells = win.rows * win.cols;
    out.reserve(cells);
    prefer_huge_pages(out.data(), cells * sizeof(double));
    out.resize(cells, 0.0);
    if (n == 0 || cells == 0) return out;
    const double support = support_factor(kernel);
    const Buckets buckets = bucket_by_row(n, point, g, win, kernel, threads);
    const std::int64_t reach_rows = buckets.reach;
    // Local columns start at the multiple of `lanes` at or before the window, so vectors lie
    // on the same columns as in the whole grid's run.
    const std::size_t col0 = win.col0 / lanes * lanes, c_hi = win.col0 + win.cols;
    // Each band is accumulated in its thread's scratch rows (padded to whole vectors and one
    // more, starting on 64-byte boundaries; small enough to stay in cache), then copied out.
    const std::size_t stride = (c_hi - col0 + lanes - 1) / lanes * lanes + lanes;
    std::vector<double> cx_store(stride + lanes);
    double* const cx = aligned(cx_store.data());
    for (std::size_t c = 0; c < stride; ++c) cx[c] = g.centre_x(col0 + c);
    const SplatFunction fast = splat_function(kernel, baseline);
    const ExactRow exact = kernel == Kernel::gaussian ? row_gaussian : row_uniform_exact;

    constexpr std::size_t band_rows = 64;
    const std::size_t bands = (win.rows + band_rows - 1) / band_rows;
    auto band_rows_of = [&](std::size_t band) {
        const std::size_t r0 = win.row0 + band * band_rows;
        return std::pair(r0, std::min(win.row0 + win.rows, r0 + band_rows));
    };
    // Points whose home row is within reach of a band, in bucket order.
    auto band_points = [&](std::size_t band) {
        const auto [r0, r1] = band_rows_of(band);
        const auto b0 = static_cast<std::size_t>(static_cast<std::int64_t>(r0) - reach_rows - buckets.first_row);
        const auto b1 = static_cast<std::size_t>(static_cast<std::int64_t>(r1) + reach_rows - buckets.first_row);
        return std::pair(buckets.offsets[b0], buckets.offsets[std::min(b1 + 1, buckets.offsets.size() - 1)]);
    };
    // The busiest bands first, so that no thread is left with a big one at the end (points
    // cluster). Each band owns its rows, so the order does not change the result.
    std::vector<std::size_t> order(bands);
    for (std::size_t b = 0; b < bands; ++b) order[b] = b;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto [a0, a1] = band_points(a);
        const auto [b0, b1] = band_points(b);
        return a1 - a0 > b1 - b0;
    });
    const unsigned workers = thread_count(threads);
    std::vector<std::vector<double>> scratch(workers), q_store(workers);
    parallel_items(bands, workers, [&](std::size_t item, unsigned w) {
        const std::size_t band = order[item];
        const auto [r0, r1] = band_rows_of(band);
        const auto [k0, k1] = band_points(band);
        if (scratch[w].empty()) {
            scratch[w].resize(band_rows * stride + lanes);
            q_store[w].resize(stride + lanes);
        }
        double* const rows = aligned(scratch[w].data());
        std::fill(rows, rows + (r1 - r0) * stride, 0.0);
        const Splat splat{rows,   c_hi - col0, stride, cx, aligned(q_store[w].data()), g.xmin, g.ymax, g.cell, r0, r1,
                          col0,   win.col0,    c_hi};
        for (std::size_t k = k0; k < k1; ++k) {
            const Placed p = buckets[k];
            if (fast) {
                fast(splat, p.x, p.y, p.bandwidth, p.weight);
                continue;
            }
            const double radius = p.bandwidth * support;
            const double r2 = radius * radius;
            const double inv_h2 = 1.0 / (p.bandwidth * p.bandwidth);
            const auto top = std::max<std::int64_t>(static_cast<std::int64_t>(r0), g.row_of(p.y + radius) - 1);
            const auto bottom = std::min<std::int64_t>(static_cast<std::int64_t>(r1) - 1, g.row_of(p.y - radius) + 1);
            for (std::int64_t r = top; r <= bottom; ++r) {
                const double dy = g.centre_y(static_cast<std::size_t>(r)) - p.y;
                const double dy2 = dy * dy;
                if (dy2 > r2) continue;
                std::size_t c0 = 0, c1 = 0;
                column_span(g, p.x, std::sqrt(r2 - dy2), c0, c1);
                c0 = std::max(c0, win.col0);
                c1 = std::min(c1, c_hi);
                if (c0 >= c1) continue;
                exact(rows + (static_cast<std::size_t>(r) - r0) * stride + (c0 - col0), cx + (c0 - col0), c1 - c0, p.x,
                      dy2, inv_h2, p.weight);
            }
        }
        for (std::size_t r = r0; r < r1; ++r)
            std::memcpy(out.data() + (r - win.row0) * win.cols, rows + (r - r0) * stride + (win.col0 - col0),
                        win.cols * sizeof(double));
    });
    return out;
}

double kernel_cell_updates(const std::vector<KernelPoint>& points, const Grid& g, Kernel kernel) {
    double n = 0;
    const double support = support_factor(kernel);
    for (const auto& p : points) {
        const double radius = p.bandwidth * support;
        const auto top = std::max<std::int64_t>(0, g.row_of(p.y + radius) - 1);
        const auto bottom = std::min<std::int64_t>(static_cast<std::int64_t>(g.rows) - 1, g.row_of(p.y - radius) + 1);
        for (std::int64_t r = top; r <= bottom; ++r) {
            const double dy = g.centre_y(static_cast<std::size_t>(r)) - p.y;
            if (dy * dy > radius * radius) continue;
            // Cells whose centre is within the chord (the pairs the kernel is non-zero for).
            const double half = std::sqrt(radius * radius - dy * dy);
            const double c0 = std::max(0.0, std::ceil((p.x - half - g.xmin) / g.cell - 0.5));
            const double c1 = std::min(static_cast<double>(g.cols), std::floor((p.x + half - g.xmin) / g.cell - 0.5) + 1);
            if (c1 > c0) n += c1 - c0;
        }
    }
    return n;
}

}  // namespace hotspots
