#include "hotspots/hdbscan.hpp"

#include "hotspots/dbscan.hpp"
#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace hotspots {
namespace {

struct ChainEdge {
    std::uint32_t added, from;  // Prim adds `added` while standing at `from`
    double weight;
};

// Prim's algorithm over the mutual reachability distances, O(n^2) time and O(n) memory. The
// unvisited points are kept packed in index order so that the first of equal weights is the
// lowest index, as in R's prims().
std::vector<ChainEdge> prim_chain(const std::vector<PlanePoint>& points, const std::vector<double>& core,
                                  unsigned threads) {
    const std::size_t n = points.size();
    std::vector<double> x(n), y(n), c(n), fringe(n, std::numeric_limits<double>::infinity());
    std::vector<std::uint32_t> id(n);
    for (std::size_t i = 0; i < n; ++i) {
        x[i] = points[i].x;
        y[i] = points[i].y;
        c[i] = core[i];
        id[i] = static_cast<std::uint32_t>(i);
    }
    std::vector<ChainEdge> chain;
    chain.reserve(n - 1);
    // A visited point keeps its slot with a NaN fringe, which no comparison picks; the arrays
    // are packed again (in order) once half their slots are visited.
    const double gone = std::numeric_limits<double>::quiet_NaN();
    std::size_t at = 0, used = n, visited = 0;
    for (std::size_t e = 0; e + 1 < n; ++e) {
        const double cx = x[at], cy = y[at], cc = c[at];
        const std::uint32_t from = id[at];
        fringe[at] = gone;
        if (++visited * 2 > used) {
            std::size_t k = 0;
            for (std::size_t q = 0; q < used; ++q)
                if (!std::isnan(fringe[q])) {
                    x[k] = x[q], y[k] = y[q], c[k] = c[q], fringe[k] = fringe[q], id[k] = id[q];
                    ++k;
                }
            used = k;
            visited = 0;
        }
        // Each chunk updates its slots (the update vectorises; a NaN fringe stays NaN), then
        // finds its first smallest; chunks are joined in order, so the first smallest overall
        // (the lowest index) wins whatever the number of threads. Threads only pay above a few
        // ten thousand slots a step.
        const unsigned workers = used >= 40000 ? std::max(1u, threads) : 1u;
        std::vector<std::pair<double, std::size_t>> chunk_best(workers, {std::numeric_limits<double>::infinity(), used});
        parallel_chunks(used, workers, [&](std::size_t begin, std::size_t end, unsigned w) {
            double* f = fringe.data();
            const double* px = x.data();
            const double* py = y.data();
            const double* pc = c.data();
            for (std::size_t k = begin; k < end; ++k) {
                const double dx = px[k] - cx, dy = py[k] - cy;
                const double d = std::sqrt(dx * dx + dy * dy);
                const double wk = std::max(std::max(d, pc[k]), cc);
                f[k] = wk < f[k] ? wk : f[k];
            }
            auto& [b, b_at] = chunk_best[w];
            for (std::size_t k = begin; k < end; ++k)
                if (f[k] < b) {
                    b = f[k];
                    b_at = k;
                }
        });
        double best = std::numeric_limits<double>::infinity();
        std::size_t best_at = used;
        for (const auto& [b, b_at] : chunk_best)
            if (b < best) {
                best = b;
                best_at = b_at;
            }
        if (best_at == used) throw std::invalid_argument("hdbscan: a distance is not finite");
        chain.push_back({id[best_at], from, best});
        at = best_at;
    }
    return chain;
}

struct Node {
    std::vector<std::uint32_t> contains;  // points that leave this cluster, not its children
    std::vector<double> eps;              // the height each leaves at
    double birth = 0, death = 0;
    bool processed = false;               // it split into two clusters
    std::size_t split_size = 0;           // points passed to its two children
    std::int32_t left = -1, right = -1;
};

// The condensed cluster tree, built top-down over the single-linkage merges as R's
// computeStability does (labels: < 0 a point, -(i + 1); > 0 the merge k + 1).
std::vector<Node> condense(const std::vector<std::pair<std::int64_t, std::int64_t>>& merge,
                           const std::vector<double>& height, std::size_t min_points) {
    const std::size_t m = merge.size();
    std::vector<std::size_t> size(m);
    for (std::size_t k = 0; k < m; ++k) {
        auto part = [&](std::int64_t l) { return l < 0 ? std::size_t{1} : size[static_cast<std::size_t>(l - 1)]; };
        size[k] = part(merge[k].first) + part(merge[k].second);
    }
    std::vector<Node> nodes(1);
    nodes[0].birth = height.back();
    std::vector<std::size_t> tracker(m, 0);
    for (std::size_t k = m; k-- > 0;) {
        const auto [lm, rm] = merge[k];
        const std::size_t cid = tracker[k];
        const double h = height[k];
        if (lm < 0 && rm < 0) {
            auto& c = nodes[cid];
            const double leave = c.processed ? c.death : h;
            c.contains.push_back(static_cast<std::uint32_t>(-lm - 1));
            c.contains.push_back(static_cast<std::uint32_t>(-rm - 1));
            c.eps.push_back(leave);
            c.eps.push_back(leave);
            if (!c.processed) c.death = std::min(h, c.death);
        } else if (lm < 0 || rm < 0) {
            auto& c = nodes[cid];
            c.contains.push_back(static_cast<std::uint32_t>(-std::min(lm, rm) - 1));
            c.eps.push_back(c.processed ? c.death : h);
            tracker[static_cast<std::size_t>(std::max(lm, rm) - 1)] = cid;
        } else {
            const auto l = static_cast<std::size_t>(lm - 1), r = static_cast<std::size_t>(rm - 1);
            if (size[l] >= min_points && size[r] >= min_points) {
                const auto a = static_cast<std::int32_t>(nodes.size());
                nodes[cid].death = h;
                nodes[cid].processed = true;
                nodes[cid].left = a;
                nodes[cid].right = a + 1;
                nodes[cid].split_size = size[l] + size[r];
                Node first, second;
                first.birth = second.birth = h;
                first.death = height[l];
                second.death = height[r];
                nodes.push_back(std::move(first));
                nodes.push_back(std::move(second));
                tracker[l] = static_cast<std::size_t>(a);
                tracker[r] = static_cast<std::size_t>(a) + 1;
            } else {
                tracker[l] = cid;
                tracker[r] = cid;
            }
        }
    }
    return nodes;
}

double stability(const Node& c) {
    double s = 0;
    for (double e : c.eps) s += 1 / e - 1 / c.birth;
    const auto nc = static_cast<double>(c.split_size);
    return s + (nc / c.death - nc / c.birth);
}

}  // namespace

HdbscanResult hdbscan(const std::vector<PlanePoint>& points, std::size_t min_points, unsigned threads) {
    const std::size_t n = points.size();
    if (min_points < 2) throw std::invalid_argument("hdbscan: min_points must be at least 2");
    if (n <= min_points) throw std::invalid_argument("hdbscan: needs more points than min_points");
    HdbscanResult r;
    r.core_distance = knn_distances(points, min_points - 1, threads);
    const auto chain = prim_chain(points, r.core_distance, threads);

    // Single linkage merges in the order of the weights (stable: R's order()).
    std::vector<std::size_t> order(chain.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return chain[a].weight < chain[b].weight; });
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    std::vector<std::int64_t> label(n);
    for (std::size_t i = 0; i < n; ++i) label[i] = -static_cast<std::int64_t>(i) - 1;
    auto find = [&](std::uint32_t a) {
        while (parent[a] != a) a = parent[a] = parent[parent[a]];
        return a;
    };
    std::vector<std::pair<std::int64_t, std::int64_t>> merge;
    std::vector<double> height;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const auto& e = chain[order[k]];
        const auto a = find(e.added), b = find(e.from);
        merge.emplace_back(label[a], label[b]);
        height.push_back(e.weight);
        parent[b] = a;
        label[a] = static_cast<std::int64_t>(k) + 1;
    }

    auto nodes = condense(merge, height, min_points);
    // Excess of mass, bottom up (children have higher ids than their parent).
    std::vector<double> own(nodes.size()), score(nodes.size());
    std::vector<bool> chosen(nodes.size(), false);
    for (std::size_t c = nodes.size(); c-- > 0;) {
        own[c] = stability(nodes[c]);
        if (nodes[c].left < 0) {
            score[c] = own[c];
            chosen[c] = true;
            continue;
        }
        const double children = score[static_cast<std::size_t>(nodes[c].left)] + score[static_cast<std::size_t>(nodes[c].right)];
        if (own[c] < children) score[c] = children;
        else {
            score[c] = own[c];
            chosen[c] = c != 0;  // the root is never a cluster
        }
    }
    // The chosen clusters with no chosen ancestor, numbered in depth-first order (left first).
    r.cluster.assign(n, 0);
    std::vector<std::size_t> stack = {0};
    while (!stack.empty()) {
        const std::size_t c = stack.back();
        stack.pop_back();
        if (c == 0 && nodes[0].left < 0) break;  // no split at all: everything is noise
        if (!chosen[c] || c == 0) {
            stack.push_back(static_cast<std::size_t>(nodes[c].right));
            stack.push_back(static_cast<std::size_t>(nodes[c].left));
            continue;
        }
        const auto id = static_cast<std::int32_t>(++r.clusters);
        r.stability.push_back(own[c]);
        std::vector<std::size_t> below = {c};
        while (!below.empty()) {
            const auto& node = nodes[below.back()];
            below.pop_back();
            for (auto p : node.contains) r.cluster[p] = id;
            if (node.left >= 0) {
                below.push_back(static_cast<std::size_t>(node.left));
                below.push_back(static_cast<std::size_t>(node.right));
            }
        }
    }
    return r;
}

}  // namespace hotspots
