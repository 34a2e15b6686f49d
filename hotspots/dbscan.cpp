#include "hotspots/dbscan.hpp"

#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace hotspots {
namespace {

struct UnionFind {
    std::vector<std::uint32_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
    std::uint32_t find(std::uint32_t a) {
        while (parent[a] != a) a = parent[a] = parent[parent[a]];
        return a;
    }
    // The root is always the lower index, so a set's root is its lowest member.
    void join(std::uint32_t a, std::uint32_t b) {
        a = find(a);
        b = find(b);
        if (a < b) parent[b] = a;
        else if (b < a) parent[a] = b;
    }
};

// Neighbour lists of every point (CSR), built in parallel with fixed chunks.
struct Neighbours {
    std::vector<std::size_t> start;
    std::vector<std::uint32_t> ids;
};

Neighbours neighbours(const std::vector<PlanePoint>& points, const std::vector<double>& times, const DbscanOptions& o) {
    const std::size_t n = points.size();
    const PointGrid grid(points, o.eps);
    const unsigned threads = std::max(1u, std::min<unsigned>(o.threads, 64));
    std::vector<std::vector<std::uint32_t>> parts(threads);
    std::vector<std::size_t> counts(n);
    parallel_chunks(n, threads, [&](std::size_t begin, std::size_t end, unsigned worker) {
        std::vector<std::uint32_t> near;
        for (std::size_t i = begin; i < end; ++i) {
            grid.within(i, o.eps, near);
            if (o.eps_time >= 0)
                near.erase(std::remove_if(near.begin(), near.end(),
                                          [&](std::uint32_t j) { return std::fabs(times[i] - times[j]) > o.eps_time; }),
                           near.end());
            counts[i] = near.size();
            parts[worker].insert(parts[worker].end(), near.begin(), near.end());
        }
    });
    Neighbours nb;
    nb.start.assign(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) nb.start[i + 1] = nb.start[i] + counts[i];
    nb.ids.reserve(nb.start[n]);
    for (auto& p : parts) nb.ids.insert(nb.ids.end(), p.begin(), p.end());
    return nb;
}

}  // namespace

DbscanResult dbscan(const std::vector<PlanePoint>& points, const std::vector<double>& times, const DbscanOptions& o) {
    if (!(o.eps > 0) || !std::isfinite(o.eps)) throw std::invalid_argument("dbscan: eps must be a positive distance");
    if (o.min_points < 1) throw std::invalid_argument("dbscan: min_points must be at least 1");
    if (o.eps_time >= 0 && times.size() != points.size()) throw std::invalid_argument("dbscan: a time is needed per point");
    const std::size_t n = points.size();
    const auto nb = neighbours(points, times, o);
    DbscanResult r;
    r.core.assign(n, false);
    r.cluster.assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) r.core[i] = nb.start[i + 1] - nb.start[i] >= o.min_points;
    UnionFind uf(n);
    for (std::size_t i = 0; i < n; ++i)
        if (r.core[i])
            for (auto k = nb.start[i]; k < nb.start[i + 1]; ++k)
                if (r.core[nb.ids[k]]) uf.join(static_cast<std::uint32_t>(i), nb.ids[k]);
    // Roots are lowest members, so numbering roots in index order numbers clusters by their
    // lowest core point: the order R starts them in.
    std::vector<std::int32_t> number(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        if (r.core[i]) {
            const auto root = uf.find(static_cast<std::uint32_t>(i));
            if (!number[root]) number[root] = static_cast<std::int32_t>(++r.clusters);
            r.cluster[i] = number[root];
        }
    for (std::size_t i = 0; i < n; ++i) {
        if (r.core[i]) continue;
        std::int32_t best = 0;
        for (auto k = nb.start[i]; k < nb.start[i + 1]; ++k) {
            const auto j = nb.ids[k];
            if (r.core[j] && (best == 0 || r.cluster[j] < best)) best = r.cluster[j];
        }
        r.cluster[i] = best;
    }
    return r;
}

std::vector<double> knn_distances(const std::vector<PlanePoint>& points, std::size_t k, unsigned threads) {
    std::vector<double> d(points.size(), std::numeric_limits<double>::infinity());
    if (points.size() < 2) return d;
    // About k points a cell: the search then reads a few cells a point.
    double xmin = points[0].x, xmax = xmin, ymin = points[0].y, ymax = ymin;
    for (const auto& p : points) {
        xmin = std::min(xmin, p.x);
        xmax = std::max(xmax, p.x);
        ymin = std::min(ymin, p.y);
        ymax = std::max(ymax, p.y);
    }
    const double area = std::max((xmax - xmin) * (ymax - ymin), 1.0);
    const double cell = std::max(std::sqrt(area * static_cast<double>(k) / static_cast<double>(points.size())), 1e-3);
    const PointGrid grid(points, cell);
    parallel_chunks(points.size(), std::max(1u, threads), [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t i = begin; i < end; ++i) d[i] = grid.kth_distance(i, k);
    });
    return d;
}

double knee_distance(std::vector<double> distances) {
    distances.erase(std::remove_if(distances.begin(), distances.end(), [](double v) { return !std::isfinite(v); }),
                    distances.end());
    if (distances.size() < 3) return 0;
    std::sort(distances.begin(), distances.end());
    const double lo = distances.front(), hi = distances.back();
    if (!(hi > lo)) return hi;
    const double last = static_cast<double>(distances.size() - 1);
    // The chord runs from (0, 0) to (1, 1) once scaled, so the gap below it is x - y.
    double best = -1;
    std::size_t at = 0;
    for (std::size_t i = 0; i < distances.size(); ++i) {
        const double gap = static_cast<double>(i) / last - (distances[i] - lo) / (hi - lo);
        if (gap > best) {
            best = gap;
            at = i;
        }
    }
    return distances[at];
}

std::size_t default_min_points(std::size_t n, bool with_time) {
    const auto ln = n > 1 ? static_cast<std::size_t>(std::lround(std::log(static_cast<double>(n)))) : 1;
    return std::max<std::size_t>(ln, with_time ? 6 : 4);
}

}  // namespace hotspots
