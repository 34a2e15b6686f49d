#include "hotspots/network.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace hotspots {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BSegment = bg::model::segment<BPoint>;

// Nodes by position: merges vertices within `snap` metres (the first node made wins).
class NodeIndex {
public:
    NodeIndex(std::vector<XY>& nodes, double snap) : m_nodes(nodes), m_snap(snap), m_cell(std::max(snap, 1.0)) {}
    std::uint32_t node_at(XY p) {
        const auto cx = static_cast<std::int64_t>(std::floor(p.x / m_cell)), cy = static_cast<std::int64_t>(std::floor(p.y / m_cell));
        std::uint32_t best = 0;
        double best_d = std::numeric_limits<double>::infinity();
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                auto it = m_cells.find(key(cx + dx, cy + dy));
                if (it == m_cells.end()) continue;
                for (auto n : it->second) {
                    const double d = std::hypot(m_nodes[n].x - p.x, m_nodes[n].y - p.y);
                    if (d <= m_snap && (d < best_d || (d == best_d && n < best))) {
                        best = n;
                        best_d = d;
                    }
                }
            }
        if (best_d <= m_snap) return best;
        const auto n = static_cast<std::uint32_t>(m_nodes.size());
        m_nodes.push_back(p);
        m_cells[key(cx, cy)].push_back(n);
        return n;
    }

private:
    static std::uint64_t key(std::int64_t x, std::int64_t y) {
        return (static_cast<std::uint64_t>(x) << 32) ^ (static_cast<std::uint64_t>(y) & 0xffffffffULL);
    }
    std::vector<XY>& m_nodes;
    double m_snap, m_cell;
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_cells;
};

// Pieces by union-find, numbered by size (most edges first; ties by lowest node).
void find_pieces(Network& net) {
    std::vector<std::uint32_t> parent(net.nodes.size());
    std::iota(parent.begin(), parent.end(), 0U);
    auto root = [&](std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& e : net.edges) {
        const auto a = root(e.a), b = root(e.b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
    std::unordered_map<std::uint32_t, std::size_t> edges_of;
    for (std::uint32_t n = 0; n < net.nodes.size(); ++n) edges_of.emplace(root(n), 0);
    for (const auto& e : net.edges) ++edges_of[root(e.a)];
    std::vector<std::pair<std::size_t, std::uint32_t>> order;  // (edges, root)
    for (const auto& [r, n] : edges_of) order.emplace_back(n, r);
    std::sort(order.begin(), order.end(), [](const auto& x, const auto& y) {
        return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    std::unordered_map<std::uint32_t, std::uint32_t> id;
    net.piece_edges.clear();
    for (std::size_t k = 0; k < order.size(); ++k) {
        id[order[k].second] = static_cast<std::uint32_t>(k);
        net.piece_edges.push_back(order[k].first);
    }
    net.piece.resize(net.nodes.size());
    for (std::uint32_t n = 0; n < net.nodes.size(); ++n) net.piece[n] = id[root(n)];
}

}  // namespace

Network build_network(const std::vector<NetworkLine>& lines, double snap) {
    Network net;
    NodeIndex index(net.nodes, snap);
    for (std::size_t l = 0; l < lines.size(); ++l) {
        net.names.push_back(lines[l].name);
        const auto& pts = lines[l].points;
        if (pts.empty()) continue;
        std::uint32_t prev = index.node_at(pts[0]);
        for (std::size_t k = 1; k < pts.size(); ++k) {
            const auto n = index.node_at(pts[k]);
            if (n != prev) {
                const double len = std::hypot(net.nodes[n].x - net.nodes[prev].x, net.nodes[n].y - net.nodes[prev].y);
                net.edges.push_back({prev, n, len, static_cast<std::uint32_t>(l)});
            }
            prev = n;
        }
    }
    find_pieces(net);
    return net;
}

std::vector<Attachment> attach_points(Network& net, const std::vector<XY>& points) {
    if (net.edges.empty()) throw std::invalid_argument("the network has no edges");
    std::vector<std::pair<BSegment, std::uint32_t>> segs;
    segs.reserve(net.edges.size());
    for (std::uint32_t e = 0; e < net.edges.size(); ++e) {
        const auto& a = net.nodes[net.edges[e].a];
        const auto& b = net.nodes[net.edges[e].b];
        segs.emplace_back(BSegment(BPoint(a.x, a.y), BPoint(b.x, b.y)), e);
    }
    const bgi::rtree<std::pair<BSegment, std::uint32_t>, bgi::quadratic<16>> tree(segs.begin(), segs.end());
    // Each point's edge and position along it (0 at a, 1 at b).
    struct Landing {
        std::uint32_t edge;
        double t;
        std::size_t point;
    };
    std::vector<Landing> landings;
    std::vector<Attachment> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::vector<std::pair<BSegment, std::uint32_t>> hit;
        tree.query(bgi::nearest(BPoint(points[i].x, points[i].y), 1), std::back_inserter(hit));
        const auto& e = net.edges[hit.front().second];
        const XY a = net.nodes[e.a], b = net.nodes[e.b];
        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((points[i].x - a.x) * dx + (points[i].y - a.y) * dy) / len2 : 0;
        t = std::clamp(t, 0.0, 1.0);
        const XY at{a.x + t * dx, a.y + t * dy};
        out[i].distance = std::hypot(points[i].x - at.x, points[i].y - at.y);
        out[i].at = at;
        // Within a centimetre of an end: that node.
        if (t * e.length < 0.01) out[i].node = e.a;
        else if ((1 - t) * e.length < 0.01) out[i].node = e.b;
        else landings.push_back({hit.front().second, t, i});
        if (t * e.length < 0.01 || (1 - t) * e.length < 0.01) out[i].at = net.nodes[out[i].node];
    }
    // Split each edge landed on into a chain through its new nodes, in order along it.
    std::sort(landings.begin(), landings.end(), [](const Landing& x, const Landing& y) {
        return x.edge != y.edge ? x.edge < y.edge : x.t != y.t ? x.t < y.t : x.point < y.point;
    });
    std::vector<char> split(net.edges.size(), 0);
    std::vector<Network::Edge> added;
    for (std::size_t k = 0; k < landings.size();) {
        const auto e = net.edges[landings[k].edge];
        split[landings[k].edge] = 1;
        std::uint32_t prev = e.a;
        double prev_t = 0;
        std::size_t m = k;
        for (; m < landings.size() && landings[m].edge == landings[k].edge; ++m) {
            const auto& l = landings[m];
            if (m > k && l.t == landings[m - 1].t) {
                out[l.point].node = prev;  // the same spot as the point before
                continue;
            }
            const auto n = static_cast<std::uint32_t>(net.nodes.size());
            net.nodes.push_back(out[l.point].at);
            added.push_back({prev, n, (l.t - prev_t) * e.length, e.line});
            out[l.point].node = n;
            prev = n;
            prev_t = l.t;
        }
        added.push_back({prev, e.b, (1 - prev_t) * e.length, e.line});
        k = m;
    }
    std::vector<Network::Edge> edges;
    edges.reserve(net.edges.size() + added.size());
    for (std::size_t e = 0; e < net.edges.size(); ++e)
        if (!split[e]) edges.push_back(net.edges[e]);
    edges.insert(edges.end(), added.begin(), added.end());
    net.edges = std::move(edges);
    find_pieces(net);
    return out;
}

struct Router::Graph {
    struct Arc {
        double length = 0;
        std::uint32_t edge = 0;
    };
    using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, Arc>;
    Csr csr;
};

namespace {

struct Limit {};  // thrown to end a search at its limit

class Visitor : public boost::default_dijkstra_visitor {
public:
    Visitor(const std::vector<double>& dist, double limit, std::vector<std::int64_t>* via)
        : m_dist(&dist), m_limit(limit), m_via(via) {}
    template <class V, class G>
    void examine_vertex(V u, const G&) const {
        if ((*m_dist)[u] > m_limit) throw Limit{};
    }
    template <class E, class G>
    void edge_relaxed(E e, const G& g) const {
        if (m_via) (*m_via)[boost::target(e, g)] = g[e].edge;
    }

private:
    const std::vector<double>* m_dist;
    double m_limit;
    std::vector<std::int64_t>* m_via;
};

std::vector<double> search(const Router::Graph* g, std::size_t nodes, std::uint32_t source, double limit,
                           std::vector<std::int64_t>* via);

}  // namespace

Router::Router(const Network& net) : m_net(net), m_graph(new Graph) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arcs;
    std::vector<Graph::Arc> props;
    arcs.reserve(2 * net.edges.size());
    props.reserve(2 * net.edges.size());
    for (std::uint32_t e = 0; e < net.edges.size(); ++e) {
        const auto& ed = net.edges[e];
        arcs.emplace_back(ed.a, ed.b);
        props.push_back({ed.length, e});
        arcs.emplace_back(ed.b, ed.a);
        props.push_back({ed.length, e});
    }
    m_graph->csr = Graph::Csr(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), props.begin(),
                              net.nodes.size());
}

Router::~Router() { delete m_graph; }

namespace {

std::vector<double> search(const Router::Graph* g, std::size_t nodes, std::uint32_t source, double limit,
                           std::vector<std::int64_t>* via) {
    std::vector<double> dist(nodes, unreachable);
    std::vector<std::uint32_t> pred(nodes);
    if (via) via->assign(nodes, -1);
    try {
        boost::dijkstra_shortest_paths(
            g->csr, source,
            boost::predecessor_map(boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, g->csr)))
                .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, g->csr)))
                .weight_map(boost::get(&Router::Graph::Arc::length, g->csr))
                .distance_inf(unreachable)
                .visitor(Visitor(dist, limit, via)));
    } catch (const Limit&) {
        // Nodes beyond the limit keep tentative distances: none of them is known.
        for (auto& d : dist)
            if (d > limit) d = unreachable;
    }
    return dist;
}

}  // namespace

std::vector<double> Router::distances_from(std::uint32_t source, double limit) const {
    return search(m_graph, m_net.nodes.size(), source, limit, nullptr);
}

Path Router::shortest_path(std::uint32_t source, std::uint32_t target) const {
    std::vector<std::int64_t> via;
    const auto dist = search(m_graph, m_net.nodes.size(), source, unreachable, &via);
    Path p;
    if (dist[target] == unreachable) return p;
    p.length = dist[target];
    for (std::uint32_t n = target;;) {
        p.nodes.push_back(n);
        if (n == source) break;
        const auto e = static_cast<std::uint32_t>(via[n]);
        p.edges.push_back(e);
        const auto& ed = m_net.edges[e];
        n = ed.a == n ? ed.b : ed.a;
    }
    std::reverse(p.nodes.begin(), p.nodes.end());
    std::reverse(p.edges.begin(), p.edges.end());
    return p;
}

}  // namespace hotspots
