// How near each cell's centre a risk factor's features lie (docs/risk.md, "The cells and the
// factors"): the count of features within each distance, for points, lines and polygons alike.
#include "hotspots/risk_terrain.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>

namespace hotspots {
namespace {

// The cells in square buckets of the largest distance: a feature's part only looks at the
// buckets its box (widened by that distance) touches.
class CellBuckets {
public:
    CellBuckets(const std::vector<XY>& cells, double size) : m_size(size) {
        for (std::size_t c = 0; c < cells.size(); ++c) m_cells[key(bucket(cells[c].x), bucket(cells[c].y))].push_back(c);
    }
    template <class Visit>
    void near_box(double xmin, double ymin, double xmax, double ymax, Visit&& visit) const {
        for (std::int64_t bx = bucket(xmin); bx <= bucket(xmax); ++bx)
            for (std::int64_t by = bucket(ymin); by <= bucket(ymax); ++by)
                if (auto it = m_cells.find(key(bx, by)); it != m_cells.end())
                    for (std::size_t c : it->second) visit(c);
    }

private:
    std::int64_t bucket(double v) const { return static_cast<std::int64_t>(std::floor(v / m_size)); }
    static std::int64_t key(std::int64_t x, std::int64_t y) { return x * 4000003LL + y; }
    double m_size;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> m_cells;
};

// Squared distance from p to the segment ab (a point when a == b): the point's own form
// (dx^2 + dy^2) so that points are measured exactly as before lines existed.
double squared_distance(const XY& p, const XY& a, const XY& b) {
    const double ex = b.x - a.x, ey = b.y - a.y, len2 = ex * ex + ey * ey;
    double t = len2 > 0 ? ((p.x - a.x) * ex + (p.y - a.y) * ey) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    const double dx = p.x - (a.x + t * ex), dy = p.y - (a.y + t * ey);
    return dx * dx + dy * dy;
}

// The even-odd rule over every ring: inside the shell and not in a hole.
bool inside(const XY& p, const RiskShape& s) {
    bool in = false;
    for (const auto& ring : s.parts)
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
            if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
                p.x < (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
                in = !in;
    return in;
}

}  // namespace

std::vector<std::vector<double>> features_within(const RiskFactor& f, const std::vector<XY>& cells,
                                                 const std::vector<double>& distances) {
    std::vector<std::vector<double>> out(distances.size(), std::vector<double>(cells.size(), 0));
    if (distances.empty() || cells.empty()) return out;
    const double reach = *std::max_element(distances.begin(), distances.end());
    const CellBuckets buckets(cells, std::max(reach, 1.0));
    constexpr double far = std::numeric_limits<double>::infinity();
    std::vector<double> best(cells.size(), far);  // this feature's squared distance per cell
    std::vector<std::size_t> touched;
    auto segment = [&](const XY& a, const XY& b) {
        buckets.near_box(std::min(a.x, b.x) - reach, std::min(a.y, b.y) - reach, std::max(a.x, b.x) + reach,
                         std::max(a.y, b.y) + reach, [&](std::size_t c) {
                             const double d2 = squared_distance(cells[c], a, b);
                             if (d2 > reach * reach || d2 >= best[c]) return;
                             if (best[c] == far) touched.push_back(c);
                             best[c] = d2;
                         });
    };
    auto count_feature = [&] {
        for (std::size_t c : touched) {
            for (std::size_t k = 0; k < distances.size(); ++k)
                if (best[c] <= distances[k] * distances[k]) out[k][c] += 1;
            best[c] = far;
        }
        touched.clear();
    };
    for (const auto& p : f.points) {
        segment(p, p);
        count_feature();
    }
    for (const auto& s : f.shapes) {
        double xmin = far, ymin = far, xmax = -far, ymax = -far;
        for (const auto& part : s.parts) {
            for (std::size_t i = 0; i < part.size(); ++i) {
                segment(part[i], part[i + 1 < part.size() ? i + 1 : i]);
                xmin = std::min(xmin, part[i].x), xmax = std::max(xmax, part[i].x);
                ymin = std::min(ymin, part[i].y), ymax = std::max(ymax, part[i].y);
            }
        }
        if (s.area && xmin <= xmax)
            buckets.near_box(xmin, ymin, xmax, ymax, [&](std::size_t c) {
                if (best[c] > 0 && inside(cells[c], s)) {
                    if (best[c] == far) touched.push_back(c);
                    best[c] = 0;
                }
            });
        count_feature();
    }
    return out;
}

}  // namespace hotspots
