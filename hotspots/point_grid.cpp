#include "hotspots/point_grid.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>

namespace hotspots {

double plane_distance(const PlanePoint& a, const PlanePoint& b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return std::sqrt(dx * dx + dy * dy);
}

PointGrid::PointGrid(const std::vector<PlanePoint>& points, double cell)
    : m_points(points), m_cell(cell), m_xmin(0), m_ymin(0), m_cols(1), m_rows(1) {
    if (!(cell > 0) || !std::isfinite(cell)) throw std::invalid_argument("grid cell must be a positive number of metres");
    if (points.empty()) {
        m_start.assign(2, 0);
        return;
    }
    double xmax = points[0].x, ymax = points[0].y;
    m_xmin = xmax;
    m_ymin = ymax;
    for (const auto& p : points) {
        m_xmin = std::min(m_xmin, p.x);
        m_ymin = std::min(m_ymin, p.y);
        xmax = std::max(xmax, p.x);
        ymax = std::max(ymax, p.y);
    }
    // A tiny radius over a wide extent would make a huge empty grid: cap the cells.
    const double most = 4.0 * static_cast<double>(points.size()) + 64.0;
    while (((xmax - m_xmin) / m_cell + 1) * ((ymax - m_ymin) / m_cell + 1) > most) m_cell *= 2;
    m_cols = static_cast<long>((xmax - m_xmin) / m_cell) + 1;
    m_rows = static_cast<long>((ymax - m_ymin) / m_cell) + 1;
    const std::size_t cells = static_cast<std::size_t>(m_cols * m_rows);
    m_start.assign(cells + 1, 0);
    std::vector<std::uint32_t> cell_of(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        cell_of[i] = static_cast<std::uint32_t>(row_of(points[i].y) * m_cols + col_of(points[i].x));
        ++m_start[cell_of[i] + 1];
    }
    for (std::size_t c = 0; c < cells; ++c) m_start[c + 1] += m_start[c];
    m_order.resize(points.size());
    std::vector<std::uint32_t> next(m_start.begin(), m_start.end() - 1);
    for (std::size_t i = 0; i < points.size(); ++i) m_order[next[cell_of[i]]++] = static_cast<std::uint32_t>(i);
}

long PointGrid::col_of(double x) const {
    return std::clamp(static_cast<long>(std::floor((x - m_xmin) / m_cell)), 0L, m_cols - 1);
}
long PointGrid::row_of(double y) const {
    return std::clamp(static_cast<long>(std::floor((y - m_ymin) / m_cell)), 0L, m_rows - 1);
}

void PointGrid::within(std::size_t i, double r, std::vector<std::uint32_t>& out) const {
    out.clear();
    if (m_points.empty()) return;
    const auto& p = m_points[i];
    const double r2 = r * r;
    const long c0 = col_of(p.x - r), c1 = col_of(p.x + r), r0 = row_of(p.y - r), r1 = row_of(p.y + r);
    for (long row = r0; row <= r1; ++row)
        for (long col = c0; col <= c1; ++col) {
            const auto c = static_cast<std::size_t>(row * m_cols + col);
            for (auto k = m_start[c]; k < m_start[c + 1]; ++k) {
                const auto& q = m_points[m_order[k]];
                const double dx = p.x - q.x, dy = p.y - q.y;
                if (dx * dx + dy * dy <= r2) out.push_back(m_order[k]);
            }
        }
    std::sort(out.begin(), out.end());
}

double PointGrid::kth_distance(std::size_t i, std::size_t k) const {
    if (k == 0 || k >= m_points.size()) return std::numeric_limits<double>::infinity();
    const auto& p = m_points[i];
    const long pc = col_of(p.x), pr = row_of(p.y);
    std::priority_queue<double> best;  // the k smallest distances so far, largest on top
    auto visit = [&](long row, long col) {
        if (row < 0 || col < 0 || row >= m_rows || col >= m_cols) return;
        const auto c = static_cast<std::size_t>(row * m_cols + col);
        for (auto q = m_start[c]; q < m_start[c + 1]; ++q) {
            if (m_order[q] == i) continue;
            const double d = plane_distance(p, m_points[m_order[q]]);
            if (best.size() < k) best.push(d);
            else if (d < best.top()) {
                best.pop();
                best.push(d);
            }
        }
    };
    const long most = std::max(m_cols, m_rows);
    for (long ring = 0; ring <= most; ++ring) {
        if (ring == 0) visit(pr, pc);
        for (long d = -ring; d <= ring && ring > 0; ++d) {
            visit(pr - ring, pc + d);
            visit(pr + ring, pc + d);
            if (d != -ring && d != ring) {
                visit(pr + d, pc - ring);
                visit(pr + d, pc + ring);
            }
        }
        // Every point of ring + 1 or beyond is at least ring cells away.
        if (best.size() == k && best.top() <= static_cast<double>(ring) * m_cell) break;
    }
    return best.top();
}

}  // namespace hotspots
