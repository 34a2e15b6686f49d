#include "hotspots/rate_tiles.hpp"

#include "geo/cells.hpp"
#include "geo/partition.hpp"
#include "hotspots/rate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {

SpreadRuns::SpreadRuns(const std::vector<geo::AreaInput>& areas, const Grid& grid, double h)
    : m_grid(grid), m_h(h), m_rows(grid.rows) {
    constexpr std::size_t most = std::numeric_limits<std::uint32_t>::max();
    if (grid.cols > most || areas.size() > most)
        throw std::invalid_argument("a denominator in tiles takes at most 4,294,967,295 columns and areas");
    for (const auto& a : areas) {
        if (a.wkb.empty() || !(a.value > 0)) continue;
        m_total += a.value;
        const auto k = static_cast<std::uint32_t>(m_share.size());
        // The area alone, as rasterize sees it in spread_over_cells: its overlapping parts
        // joined, its own cells counted once.
        const geo::MaskRuns runs({a.wkb}, grid);
        std::size_t n = 0;
        for (std::size_t r = 0; r < grid.rows; ++r)
            for (const auto& [c0, c1] : runs.runs(r)) {
                n += c1 - c0;
                m_rows[r].push_back({static_cast<std::uint32_t>(c0), static_cast<std::uint32_t>(c1), k});
            }
        m_cells.push_back(n);
        if (n == 0) {
            const auto p = geo::point_inside(a.wkb);
            m_lone.push_back({grid.row_of(p.y), k, {p.x, p.y, a.value, h}});
            m_share.push_back(a.value);
            continue;
        }
        m_share.push_back(a.value / static_cast<double>(n));
    }
    for (auto& row : m_rows) row.shrink_to_fit();
    std::stable_sort(m_lone.begin(), m_lone.end(), [](const Lone& a, const Lone& b) { return a.row < b.row; });
}

std::vector<KernelPoint> SpreadRuns::near(const GridWindow& w, double reach_cells) const {
    // accumulate_window buckets points by their row and keeps the given order within a row;
    // spread_over_cells gives area after area, each row-major, so within a row: by area, then
    // column. Rows and columns beyond the reach (plus a cell) add nothing to the window.
    const auto span = static_cast<std::int64_t>(std::ceil(reach_cells)) + 1;
    const std::int64_t r_lo = static_cast<std::int64_t>(w.row0) - span;
    const std::int64_t r_hi = static_cast<std::int64_t>(w.row0 + w.rows) + span;
    const auto c_lo = static_cast<std::size_t>(std::max<std::int64_t>(0, static_cast<std::int64_t>(w.col0) - span));
    const std::size_t c_hi = std::min(m_grid.cols, w.col0 + w.cols + static_cast<std::size_t>(span));
    static const std::vector<Run> no_runs;
    std::vector<KernelPoint> out;
    auto lone = std::lower_bound(m_lone.begin(), m_lone.end(), r_lo, [](const Lone& l, std::int64_t r) { return l.row < r; });
    for (std::int64_t r = r_lo; r < r_hi; ++r) {
        const bool in_grid = r >= 0 && static_cast<std::size_t>(r) < m_grid.rows;
        const auto& runs = in_grid ? m_rows[static_cast<std::size_t>(r)] : no_runs;
        const double y = in_grid ? m_grid.centre_y(static_cast<std::size_t>(r)) : 0;
        auto lone_end = lone;
        while (lone_end != m_lone.end() && lone_end->row == r) ++lone_end;
        std::size_t k = 0;
        while (k < runs.size() || lone != lone_end) {
            if (lone != lone_end && (k == runs.size() || lone->area < runs[k].area)) {
                out.push_back((lone++)->point);
                continue;
            }
            const Run& run = runs[k++];
            const std::size_t a = std::max<std::size_t>(run.c0, c_lo), b = std::min<std::size_t>(run.c1, c_hi);
            for (std::size_t c = a; c < b; ++c) out.push_back({m_grid.centre_x(c), y, m_share[run.area], m_h});
        }
    }
    return out;
}

TileValues spread_tiles(std::shared_ptr<const SpreadRuns> spread, const TileLayout& layout, Kernel kernel, double h,
                        unsigned threads) {
    const double reach = h * support_factor(kernel) / layout.grid.cell;
    return [spread = std::move(spread), layout, kernel, reach, threads](std::size_t t) {
        const GridWindow w = layout.window(t);
        const auto points = spread->near(w, reach);
        return accumulate_window(points.size(), [&points](std::size_t i) { return points[i]; }, layout.grid, w, kernel,
                                 threads);
    };
}

TiledRate::TiledRate(std::shared_ptr<const TiledKde> incidents, TileValues denominator, double minimum)
    : m_incidents(std::move(incidents)), m_denominator(std::move(denominator)), m_minimum(minimum), m_median(NAN) {
    if (minimum >= 0) return;
    const auto& layout = m_incidents->layout();
    const double median = kth_largest_over_tiles(
        layout, m_denominator,
        [this](std::size_t n) {
            m_positive = n;
            return median_rank_from_top(n);
        },
        layout.size * layout.size, &m_passes);
    if (m_positive == 0) throw std::invalid_argument("nothing of the denominator falls in the grid");
    m_median = median;
    m_minimum = floor_of_median(median);
}

std::vector<double> TiledRate::tile(std::size_t t) const {
    auto v = m_incidents->tile(t);
    divide_by(v, m_denominator(t), m_minimum);
    return v;
}

}  // namespace hotspots
