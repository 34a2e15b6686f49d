#include "hotspots/crossings.hpp"

#include "hotspots/box_index.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

namespace hotspots {
namespace {

struct Seg {
    std::uint32_t line = 0, k = 0;  // the segment from points[k] to points[k + 1]
};

struct Insert {
    double t;
    XY at;
};

double cross(XY a, XY b) { return a.x * b.y - a.y * b.x; }

bool same_level(const NetworkLine& a, const NetworkLine& b) {
    auto level = [](const std::string& l) { return l.empty() ? std::string("0") : l; };
    return !a.bridge_or_tunnel && !b.bridge_or_tunnel && level(a.layer) == level(b.layer);
}

// Below a micrometre along a segment a point is its end: the crossing is at that vertex.
constexpr double at_end = 1e-6;

class Noder {
public:
    Noder(std::vector<NetworkLine>& lines, double snap) : m_lines(lines), m_snap(snap) {
        for (std::uint32_t l = 0; l < lines.size(); ++l)
            for (std::uint32_t k = 0; k + 1 < lines[l].points.size(); ++k) m_segs.push_back({l, k});
        m_inserts.resize(m_segs.size());
    }

    CrossingCount run() {
        std::vector<Box2> boxes;
        boxes.reserve(m_segs.size());
        for (std::uint32_t i = 0; i < m_segs.size(); ++i) boxes.push_back(piece_box(a(i), b(i), m_snap));
        const BoxIndex index(boxes);
        std::vector<std::uint32_t> hits;
        for (std::uint32_t i = 0; i < m_segs.size(); ++i) {
            index.query(piece_box(a(i), b(i)), hits);  // in order: the vertices added never depend on the tree
            for (const auto j : hits)
                if (j != i) meet(i, j);
        }
        rebuild();
        return {m_joined.size(), m_skipped.size()};
    }

private:
    XY a(std::uint32_t i) const { return m_lines[m_segs[i].line].points[m_segs[i].k]; }
    XY b(std::uint32_t i) const { return m_lines[m_segs[i].line].points[m_segs[i].k + 1]; }
    bool first(std::uint32_t i) const { return m_segs[i].k == 0; }
    bool last(std::uint32_t i) const { return m_segs[i].k + 2 == m_lines[m_segs[i].line].points.size(); }

    // Segment i against segment j: a proper crossing once (i < j), and i's line ends that lie
    // within the snap of j's inside (a T-junction drawn short or long).
    void meet(std::uint32_t i, std::uint32_t j) {
        const auto& si = m_segs[i];
        const auto& sj = m_segs[j];
        if (si.line == sj.line && (si.k + 1 == sj.k || sj.k + 1 == si.k)) return;  // neighbours share their vertex
        const bool joinable = same_level(m_lines[si.line], m_lines[sj.line]);
        if (i < j) cross_point(i, j, joinable);
        if (first(i)) end_on(a(i), i, j, joinable);
        if (last(i)) end_on(b(i), i, j, joinable);
    }

    void cross_point(std::uint32_t i, std::uint32_t j, bool joinable) {
        const XY p = a(i), r{b(i).x - p.x, b(i).y - p.y};
        const XY q = a(j), s{b(j).x - q.x, b(j).y - q.y};
        const double denom = cross(r, s);
        if (denom == 0) return;  // parallel: an overlap is no crossing
        const XY qp{q.x - p.x, q.y - p.y};
        const double t = cross(qp, s) / denom, u = cross(qp, r) / denom;
        if (t < 0 || t > 1 || u < 0 || u > 1) return;
        const double li = std::hypot(r.x, r.y), lj = std::hypot(s.x, s.y);
        const bool i_end = t * li < at_end || (1 - t) * li < at_end, j_end = u * lj < at_end || (1 - u) * lj < at_end;
        if (i_end && j_end) return;  // a vertex of both: build_network joins them already
        // At a vertex of one line the other gets exactly that vertex, so they merge at any snap.
        XY at{p.x + t * r.x, p.y + t * r.y};
        if (i_end) at = t * li < at_end ? p : b(i);
        else if (j_end) at = u * lj < at_end ? q : b(j);
        if (!joinable) {
            m_skipped.insert(key(i, j, at));
            return;
        }
        if (!i_end) m_inserts[i].push_back({t, at});
        if (!j_end) m_inserts[j].push_back({u, at});
        m_joined.insert(key(i, j, at));
    }

    void end_on(XY end, std::uint32_t i, std::uint32_t j, bool joinable) {
        const XY q = a(j), s{b(j).x - q.x, b(j).y - q.y};
        const double len2 = s.x * s.x + s.y * s.y;
        if (len2 == 0) return;
        const double u = ((end.x - q.x) * s.x + (end.y - q.y) * s.y) / len2;
        const double lj = std::sqrt(len2);
        if (u * lj < at_end || (1 - u) * lj < at_end || u < 0 || u > 1) return;
        XY at{q.x + u * s.x, q.y + u * s.y};
        const double off = std::hypot(end.x - at.x, end.y - at.y);
        if (off > m_snap) return;
        if (off < at_end) at = end;  // on the line: the very vertex, as cross_point gives it
        if (!joinable) {
            m_skipped.insert(key(i, j, at));
            return;
        }
        m_inserts[j].push_back({u, at});
        m_joined.insert(key(i, j, at));
    }

    std::tuple<std::uint32_t, std::uint32_t, double, double> key(std::uint32_t i, std::uint32_t j, XY at) const {
        const auto li = m_segs[i].line, lj = m_segs[j].line;
        // Rounded to a millimetre: the same crossing found from two segments of a line counts once.
        return {std::min(li, lj), std::max(li, lj), std::round(at.x * 1000), std::round(at.y * 1000)};
    }

    void rebuild() {
        std::size_t i = 0;
        for (auto& line : m_lines) {
            if (line.points.size() < 2) continue;
            std::vector<XY> pts;
            for (std::size_t k = 0; k + 1 < line.points.size(); ++k, ++i) {
                pts.push_back(line.points[k]);
                auto& ins = m_inserts[i];
                std::sort(ins.begin(), ins.end(), [](const Insert& x, const Insert& y) {
                    return x.t != y.t ? x.t < y.t : std::tie(x.at.x, x.at.y) < std::tie(y.at.x, y.at.y);
                });
                for (const auto& in : ins)
                    if (pts.back().x != in.at.x || pts.back().y != in.at.y) pts.push_back(in.at);
            }
            pts.push_back(line.points.back());
            line.points = std::move(pts);
        }
    }

    std::vector<NetworkLine>& m_lines;
    double m_snap;
    std::vector<Seg> m_segs;
    std::vector<std::vector<Insert>> m_inserts;
    std::set<std::tuple<std::uint32_t, std::uint32_t, double, double>> m_joined, m_skipped;
};

}  // namespace

CrossingCount node_crossings(std::vector<NetworkLine>& lines, double snap) { return Noder(lines, snap).run(); }

}  // namespace hotspots
