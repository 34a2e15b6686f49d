#include "hotspots/kde.hpp"

#include "hotspots/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace hotspots {
namespace {

// One row span of one kernel: out[c] += w * K(u^2), u^2 = ((cx[c] - px)^2 + dy2) * inv_h2.
// Written per kernel, branch-free, so the compiler vectorises them; the AVX2 clone and the
// baseline one do the same IEEE operations per cell (no contraction into FMA), so results
// do not depend on the CPU.
#define HOTSPOTS_ROW_FUNCTION(name, expr)                                                              \
    __attribute__((target_clones("avx2", "default"))) void name(double* out, const double* cx, std::size_t n, \
                                                                double px, double dy2, double inv_h2, double w) { \
        for (std::size_t c = 0; c < n; ++c) {                                                          \
            const double dx = cx[c] - px;                                                              \
            const double u2 = (dx * dx + dy2) * inv_h2;                                                \
            out[c] += (expr);                                                                          \
        }                                                                                              \
    }

HOTSPOTS_ROW_FUNCTION(row_quartic, u2 <= 1.0 ? w * ((1.0 - u2) * (1.0 - u2)) : 0.0)
HOTSPOTS_ROW_FUNCTION(row_triweight, u2 <= 1.0 ? w * ((1.0 - u2) * (1.0 - u2) * (1.0 - u2)) : 0.0)
HOTSPOTS_ROW_FUNCTION(row_epanechnikov, u2 <= 1.0 ? w * (1.0 - u2) : 0.0)
HOTSPOTS_ROW_FUNCTION(row_triangular, u2 <= 1.0 ? w * (1.0 - std::sqrt(u2)) : 0.0)
HOTSPOTS_ROW_FUNCTION(row_uniform, u2 <= 1.0 ? w : 0.0)
#undef HOTSPOTS_ROW_FUNCTION

void row_gaussian(double* out, const double* cx, std::size_t n, double px, double dy2, double inv_h2, double w) {
    for (std::size_t c = 0; c < n; ++c) {
        const double dx = cx[c] - px;
        const double u2 = (dx * dx + dy2) * inv_h2;
        if (u2 <= 16.0) out[c] += w * std::exp(-0.5 * u2);
    }
}

using RowFunction = void (*)(double*, const double*, std::size_t, double, double, double, double);

RowFunction row_function(Kernel k) {
    switch (k) {
        case Kernel::quartic: return row_quartic;
        case Kernel::triweight: return row_triweight;
        case Kernel::epanechnikov: return row_epanechnikov;
        case Kernel::triangular: return row_triangular;
        case Kernel::uniform: return row_uniform;
        case Kernel::gaussian: return row_gaussian;
    }
    return row_quartic;
}

// The columns whose centres may lie within `half` of x: one cell of slack each side, the
// exact test is u2 <= 1 inside the row function.
void column_span(const Grid& g, double x, double half, std::size_t& c0, std::size_t& c1) {
    const double lo = std::floor((x - half - g.xmin) / g.cell - 0.5) - 1;
    const double hi = std::ceil((x + half - g.xmin) / g.cell - 0.5) + 1;
    c0 = static_cast<std::size_t>(std::clamp(lo, 0.0, static_cast<double>(g.cols)));
    c1 = static_cast<std::size_t>(std::clamp(hi + 1, 0.0, static_cast<double>(g.cols)));
}

// Points bucketed by the grid row that holds them (rows beyond the grid by `reach` rows
// included), keeping input order within a row.
struct Buckets {
    std::int64_t first_row = 0;        // row of bucket 0
    std::vector<std::size_t> offsets;  // bucket b holds order[offsets[b] .. offsets[b + 1])
    std::vector<std::uint32_t> order;
};

Buckets bucket_by_row(const std::vector<KernelPoint>& points, const Grid& g, std::int64_t reach) {
    Buckets b;
    b.first_row = -reach;
    const std::int64_t nb = static_cast<std::int64_t>(g.rows) + 2 * reach;
    b.offsets.assign(static_cast<std::size_t>(nb) + 2, 0);
    std::vector<std::int64_t> bucket(points.size(), -1);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto& p = points[i];
        if (!(p.weight != 0) || !std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        const std::int64_t k = g.row_of(p.y) - b.first_row;
        if (k < 0 || k >= nb) continue;  // too far north or south to reach the grid
        bucket[i] = k;
        ++b.offsets[static_cast<std::size_t>(k) + 1];
    }
    for (std::size_t k = 1; k < b.offsets.size(); ++k) b.offsets[k] += b.offsets[k - 1];
    b.order.resize(b.offsets.back());
    std::vector<std::size_t> next(b.offsets.begin(), b.offsets.end() - 1);
    for (std::size_t i = 0; i < points.size(); ++i)
        if (bucket[i] >= 0) b.order[next[static_cast<std::size_t>(bucket[i])]++] = static_cast<std::uint32_t>(i);
    return b;
}

double max_reach(const std::vector<KernelPoint>& points, Kernel kernel) {
    double r = 0;
    for (const auto& p : points) r = std::max(r, p.bandwidth * support_factor(kernel));
    return r;
}

}  // namespace

std::vector<double> accumulate_kernels(const std::vector<KernelPoint>& points, const Grid& g, Kernel kernel,
                                       unsigned threads) {
    std::vector<double> out(g.cells(), 0.0);
    if (points.empty() || g.cells() == 0) return out;
    const double support = support_factor(kernel);
    const auto reach_rows = static_cast<std::int64_t>(std::ceil(max_reach(points, kernel) / g.cell)) + 1;
    const Buckets buckets = bucket_by_row(points, g, reach_rows);
    std::vector<double> cx(g.cols);
    for (std::size_t c = 0; c < g.cols; ++c) cx[c] = g.centre_x(c);
    const RowFunction row_fn = row_function(kernel);

    constexpr std::size_t band_rows = 16;
    const std::size_t bands = (g.rows + band_rows - 1) / band_rows;
    parallel_items(bands, thread_count(threads), [&](std::size_t band, unsigned) {
        const std::size_t r0 = band * band_rows, r1 = std::min(g.rows, r0 + band_rows);
        // Points whose home row is within reach of the band, in bucket order.
        const auto b0 = static_cast<std::size_t>(static_cast<std::int64_t>(r0) - reach_rows - buckets.first_row);
        const auto b1 = static_cast<std::size_t>(static_cast<std::int64_t>(r1) + reach_rows - buckets.first_row);
        for (std::size_t k = buckets.offsets[b0]; k < buckets.offsets[std::min(b1 + 1, buckets.offsets.size() - 1)]; ++k) {
            const auto& p = points[buckets.order[k]];
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
                if (c0 >= c1) continue;
                row_fn(out.data() + static_cast<std::size_t>(r) * g.cols + c0, cx.data() + c0, c1 - c0, p.x, dy2,
                       inv_h2, p.weight);
            }
        }
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
            std::size_t c0 = 0, c1 = 0;
            column_span(g, p.x, std::sqrt(radius * radius - dy * dy), c0, c1);
            if (c1 > c0) n += static_cast<double>(c1 - c0);
        }
    }
    return n;
}

}  // namespace hotspots
