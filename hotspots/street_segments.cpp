#include "hotspots/street_segments.hpp"

#include "hotspots/box_index.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <stdexcept>

namespace hotspots {
namespace {

struct End {
    std::uint32_t edge;
    bool at_a;  // the edge's end a is at this node
};

double line_length(const std::vector<XY>& pts) {
    double len = 0;
    for (std::size_t k = 1; k < pts.size(); ++k) len += std::hypot(pts[k].x - pts[k - 1].x, pts[k].y - pts[k - 1].y);
    return len;
}

// Segments meeting at each node.
std::vector<std::vector<std::uint32_t>> segments_at(const StreetSegments& s) {
    std::vector<std::vector<std::uint32_t>> at(s.degree.size());
    for (std::uint32_t k = 0; k < s.segments.size(); ++k) {
        at[s.segments[k].a].push_back(k);
        if (s.segments[k].b != s.segments[k].a) at[s.segments[k].b].push_back(k);
    }
    return at;
}

// Walking distances from `source` over the segments, not beyond `limit`.
std::map<std::uint32_t, double> distances_within(const StreetSegments& s,
                                                 const std::vector<std::vector<std::uint32_t>>& at,
                                                 std::uint32_t source, double limit) {
    std::map<std::uint32_t, double> dist{{source, 0.0}};
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    queue.emplace(0.0, source);
    while (!queue.empty()) {
        const auto [d, n] = queue.top();
        queue.pop();
        if (d > dist[n]) continue;
        for (auto k : at[n]) {
            const auto& seg = s.segments[k];
            const std::uint32_t other = seg.a == n ? seg.b : seg.a;
            const double nd = d + seg.length;
            if (nd > limit) continue;
            auto it = dist.find(other);
            if (it == dist.end() || nd < it->second) {
                dist[other] = nd;
                queue.emplace(nd, other);
            }
        }
    }
    return dist;
}

}  // namespace

StreetSegments cut_segments(const Network& net) {
    StreetSegments out;
    std::vector<std::vector<End>> ends(net.nodes.size());
    for (std::uint32_t e = 0; e < net.edges.size(); ++e) {
        ends[net.edges[e].a].push_back({e, true});
        ends[net.edges[e].b].push_back({e, false});
    }
    out.degree.resize(net.nodes.size());
    for (std::size_t n = 0; n < ends.size(); ++n) out.degree[n] = static_cast<std::uint32_t>(ends[n].size());
    auto name_of = [&](std::uint32_t e) -> const std::string& { return net.names[net.edges[e].line]; };
    // A node the street runs through: two edges of one street, neither a loop.
    auto through = [&](std::uint32_t n) {
        const auto& x = ends[n];
        return x.size() == 2 && x[0].edge != x[1].edge && name_of(x[0].edge) == name_of(x[1].edge);
    };
    auto other_node = [&](std::uint32_t e, std::uint32_t n) { return net.edges[e].a == n ? net.edges[e].b : net.edges[e].a; };
    auto other_edge = [&](std::uint32_t n, std::uint32_t e) { return ends[n][0].edge == e ? ends[n][1].edge : ends[n][0].edge; };
    std::vector<bool> used(net.edges.size(), false);
    for (std::uint32_t e = 0; e < net.edges.size(); ++e) {
        if (used[e]) continue;
        used[e] = true;
        std::deque<std::uint32_t> nodes{net.edges[e].a, net.edges[e].b};
        bool ring = false;
        for (std::uint32_t n = net.edges[e].a, cur = e; through(n);) {  // backwards from a
            const auto next = other_edge(n, cur);
            if (next == e) {
                ring = true;
                break;
            }
            used[next] = true;
            n = other_node(next, n);
            cur = next;
            nodes.push_front(n);
        }
        for (std::uint32_t n = net.edges[e].b, cur = e; !ring && through(n);) {  // forwards from b
            const auto next = other_edge(n, cur);
            if (used[next]) break;
            used[next] = true;
            n = other_node(next, n);
            cur = next;
            nodes.push_back(n);
        }
        Segment seg;
        for (auto n : nodes) seg.points.push_back(net.nodes[n]);
        seg.a = nodes.front();
        seg.b = nodes.back();
        seg.name = name_of(e);
        seg.length = line_length(seg.points);
        out.segments.push_back(std::move(seg));
    }
    return out;
}

std::vector<Snap> snap_to_segments(const std::vector<Segment>& segments, const std::vector<XY>& points, double tolerance) {
    if (segments.empty()) throw std::invalid_argument("the network has no street segments");
    if (!(tolerance >= 0)) throw std::invalid_argument("the snapping tolerance must be >= 0 metres");
    struct Piece {
        std::uint32_t segment, k;
        double start;  // metres along the segment to the piece's first point
    };
    std::vector<Piece> pieces;
    std::vector<Box2> boxes;
    for (std::uint32_t s = 0; s < segments.size(); ++s) {
        double start = 0;
        const auto& p = segments[s].points;
        for (std::uint32_t k = 0; k + 1 < p.size(); ++k) {
            boxes.push_back(piece_box(p[k], p[k + 1]));
            pieces.push_back({s, k, start});
            start += std::hypot(p[k + 1].x - p[k].x, p[k + 1].y - p[k].y);
        }
    }
    const BoxIndex index(boxes);
    std::vector<Snap> out(points.size());
    std::vector<std::uint32_t> hits;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const XY q = points[i];
        index.query(piece_box(q, q, tolerance), hits);
        double best = std::numeric_limits<double>::infinity();
        for (const auto h : hits) {
            const auto& piece = pieces[h];
            const auto& p = segments[piece.segment].points;
            const XY a = p[piece.k], b = p[piece.k + 1];
            const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
            const double t = len2 > 0 ? std::clamp(((q.x - a.x) * dx + (q.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
            const double d = std::hypot(q.x - (a.x + t * dx), q.y - (a.y + t * dy));
            if (d > tolerance) continue;
            if (d < best || (d == best && piece.segment < out[i].segment)) {
                best = d;
                out[i] = {piece.segment, d, piece.start + t * std::sqrt(len2)};
            }
        }
    }
    return out;
}

Neighbours segment_neighbours(const StreetSegments& s, double band, bool row_standardise) {
    const auto at = segments_at(s);
    Neighbours nb;
    for (std::uint32_t k = 0; k < s.segments.size(); ++k) {
        std::vector<std::uint32_t> js{k};
        for (const auto end : {s.segments[k].a, s.segments[k].b}) {
            if (band <= 0) {
                js.insert(js.end(), at[end].begin(), at[end].end());
                continue;
            }
            for (const auto& [node, d] : distances_within(s, at, end, band)) js.insert(js.end(), at[node].begin(), at[node].end());
        }
        std::sort(js.begin(), js.end());
        js.erase(std::unique(js.begin(), js.end()), js.end());
        nb.add_row(js, row_standardise);
    }
    return nb;
}

std::vector<HotStreet> hot_streets(const StreetSegments& s, const std::vector<double>& counts, const GiStar& gi) {
    const std::size_t n = s.segments.size();
    if (counts.size() != n || gi.bin.size() != n) throw std::invalid_argument("hot_streets: one count and one bin per segment");
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0U);
    std::function<std::uint32_t(std::uint32_t)> root = [&](std::uint32_t x) {
        return parent[x] == x ? x : parent[x] = root(parent[x]);
    };
    for (const auto& segs : segments_at(s))
        for (std::size_t i = 0; i < segs.size(); ++i)
            for (std::size_t j = i + 1; j < segs.size(); ++j) {
                const auto x = segs[i], y = segs[j];
                if (gi.bin[x] > 0 && gi.bin[y] > 0 && s.segments[x].name == s.segments[y].name) {
                    const auto rx = root(x), ry = root(y);
                    if (rx != ry) parent[std::max(rx, ry)] = std::min(rx, ry);
                }
            }
    std::map<std::uint32_t, HotStreet> by_root;
    for (std::uint32_t k = 0; k < n; ++k) {
        if (gi.bin[k] <= 0) continue;
        auto& h = by_root[root(k)];
        if (h.segments.empty()) h.max_z = gi.z[k];
        h.name = s.segments[k].name;
        h.segments.push_back(k);
        h.length += s.segments[k].length;
        h.incidents += counts[k];
        h.max_z = std::max(h.max_z, gi.z[k]);
    }
    std::vector<HotStreet> out;
    for (auto& [r, h] : by_root) {
        h.per_100m = h.length > 0 ? 100 * h.incidents / h.length : 0;
        out.push_back(std::move(h));
    }
    std::stable_sort(out.begin(), out.end(), [](const HotStreet& x, const HotStreet& y) {
        if (x.per_100m != y.per_100m) return x.per_100m > y.per_100m;
        return x.incidents > y.incidents;
    });
    return out;
}

XY point_along(const std::vector<XY>& line, double along) {
    if (line.empty()) return {};
    for (std::size_t k = 1; k < line.size(); ++k) {
        const double len = std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        if (along <= len && len > 0) {
            const double t = std::max(along, 0.0) / len;
            return {line[k - 1].x + t * (line[k].x - line[k - 1].x), line[k - 1].y + t * (line[k].y - line[k - 1].y)};
        }
        along -= len;
    }
    return line.back();
}

std::vector<XY> piece_of(const std::vector<XY>& line, double from, double to) {
    std::vector<XY> out{point_along(line, from)};
    double at = 0;
    for (std::size_t k = 1; k < line.size(); ++k) {
        at += std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        if (at > from && at < to) out.push_back(line[k]);
    }
    out.push_back(point_along(line, to));
    return out;
}

}  // namespace hotspots
