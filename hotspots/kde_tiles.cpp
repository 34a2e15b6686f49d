#include "hotspots/kde_tiles.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {

GridWindow TileLayout::window(std::size_t t) const {
    const std::size_t tr = t / tile_cols, tc = t % tile_cols;
    const std::size_t row0 = tr * size, col0 = tc * size;
    return {row0, col0, std::min(size, grid.rows - row0), std::min(size, grid.cols - col0)};
}

TileLayout tile_layout(const Grid& grid, std::size_t size) {
    if (size == 0) throw std::invalid_argument("a tile must be at least one cell");
    TileLayout l{grid, size, (grid.rows + size - 1) / size, (grid.cols + size - 1) / size};
    return l;
}

namespace {

// The tiles whose cells a point's kernel may reach: [t0, t1) along one axis, from the
// distance (in cells) of the point from the grid's first edge. One cell of slack on each
// side: a tile given a point its kernel misses only sums zeros; a tile missing one would be
// wrong.
std::pair<std::int64_t, std::int64_t> tile_span(double at_cells, double reach_cells, std::size_t size, std::size_t tiles) {
    const double lo = std::floor((at_cells - reach_cells - 1) / static_cast<double>(size));
    const double hi = std::floor((at_cells + reach_cells + 1) / static_cast<double>(size)) + 1;
    const double n = static_cast<double>(tiles);
    return {static_cast<std::int64_t>(std::clamp(lo, 0.0, n)), static_cast<std::int64_t>(std::clamp(hi, 0.0, n))};
}

}  // namespace

TiledKde::TiledKde(std::size_t n, PointSource point, const TileLayout& layout, Kernel kernel, unsigned threads)
    : m_point(std::move(point)), m_layout(layout), m_kernel(kernel), m_threads(threads) {
    if (n > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument("tiled kde takes at most 4,294,967,295 points");
    const Grid& g = m_layout.grid;
    const double support = support_factor(kernel);
    // Two passes, as a counting sort: count each tile's points, then place their indices, in
    // input order (the order accumulate_window keeps within a grid row).
    auto each = [&](auto&& visit) {
        for (std::size_t i = 0; i < n; ++i) {
            const KernelPoint p = m_point(i);
            if (!(p.weight != 0) || !std::isfinite(p.x) || !std::isfinite(p.y)) continue;
            const double reach = p.bandwidth * support / g.cell;
            const auto [c0, c1] = tile_span((p.x - g.xmin) / g.cell, reach, m_layout.size, m_layout.tile_cols);
            const auto [r0, r1] = tile_span((g.ymax - p.y) / g.cell, reach, m_layout.size, m_layout.tile_rows);
            for (auto r = r0; r < r1; ++r)
                for (auto c = c0; c < c1; ++c)
                    visit(static_cast<std::size_t>(r) * m_layout.tile_cols + static_cast<std::size_t>(c), i);
        }
    };
    m_offsets.assign(m_layout.tiles() + 1, 0);
    each([&](std::size_t t, std::size_t) { ++m_offsets[t + 1]; });
    for (std::size_t t = 0; t < m_layout.tiles(); ++t) m_offsets[t + 1] += m_offsets[t];
    m_index.resize(m_offsets.back());
    std::vector<std::size_t> next(m_offsets.begin(), m_offsets.end() - 1);
    each([&](std::size_t t, std::size_t i) { m_index[next[t]++] = static_cast<std::uint32_t>(i); });
}

std::vector<double> TiledKde::tile(std::size_t t) const {
    const std::uint32_t* idx = m_index.data() + m_offsets[t];
    return accumulate_window(
        points_in(t), [&](std::size_t k) { return m_point(idx[k]); }, m_layout.grid, m_layout.window(t), m_kernel,
        m_threads);
}

}  // namespace hotspots
