// Groups of hot cells joined across tile edges (hotspots/tile_hotspots.hpp).
#include "hotspots/tile_hotspots.hpp"

#include <algorithm>
#include <numeric>

namespace hotspots {
namespace {

// One tile's group of hot cells (a node), until groups that meet across edges are joined.
struct Node {
    CellComponent c;            // in the grid's rows, columns and cells
    std::size_t first = 0;      // its first cell in the grid's row-major order
    std::vector<geo::CellRun> runs;
};

std::size_t root(std::vector<std::size_t>& parent, std::size_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
}

void join(std::vector<std::size_t>& parent, std::size_t a, std::size_t b) {
    a = root(parent, a);
    b = root(parent, b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
}

// The incidents by the tile holding their cell, in input order (a counting sort).
struct ByTile {
    std::vector<std::size_t> offsets;
    std::vector<std::uint32_t> index;
    std::vector<std::int64_t> cell;
};

ByTile by_tile(const TileLayout& l, std::size_t n, const std::function<std::int64_t(std::size_t)>& cell_of) {
    ByTile b;
    b.cell.resize(n);
    b.offsets.assign(l.tiles() + 1, 0);
    auto tile_of = [&](std::int64_t c) {
        const auto cell = static_cast<std::size_t>(c);
        return (cell / l.grid.cols / l.size) * l.tile_cols + (cell % l.grid.cols) / l.size;
    };
    for (std::size_t i = 0; i < n; ++i) {
        b.cell[i] = cell_of(i);
        if (b.cell[i] >= 0) ++b.offsets[tile_of(b.cell[i]) + 1];
    }
    for (std::size_t t = 0; t < l.tiles(); ++t) b.offsets[t + 1] += b.offsets[t];
    b.index.resize(b.offsets.back());
    std::vector<std::size_t> next(b.offsets.begin(), b.offsets.end() - 1);
    for (std::size_t i = 0; i < n; ++i)
        if (b.cell[i] >= 0) b.index[next[tile_of(b.cell[i])]++] = static_cast<std::uint32_t>(i);
    return b;
}

// The runs of a group from its tiles, sorted and joined where a tile edge cut them.
std::vector<geo::CellRun> joined(std::vector<geo::CellRun> runs) {
    std::sort(runs.begin(), runs.end(),
              [](const geo::CellRun& a, const geo::CellRun& b) { return a.row != b.row ? a.row < b.row : a.c0 < b.c0; });
    std::vector<geo::CellRun> out;
    for (const auto& r : runs) {
        if (!out.empty() && out.back().row == r.row && out.back().c1 == r.c0) out.back().c1 = r.c1;
        else out.push_back(r);
    }
    return out;
}

void absorb(Node& into, Node& from) {
    auto& a = into.c;
    const auto& b = from.c;
    a.cells += b.cells;
    a.sum += b.sum;
    if (b.peak > a.peak || (b.peak == a.peak && b.peak_cell < a.peak_cell)) {
        a.peak = b.peak;
        a.peak_cell = b.peak_cell;
    }
    a.row0 = std::min(a.row0, b.row0);
    a.row1 = std::max(a.row1, b.row1);
    a.col0 = std::min(a.col0, b.col0);
    a.col1 = std::max(a.col1, b.col1);
    into.first = std::min(into.first, from.first);
    into.runs.insert(into.runs.end(), from.runs.begin(), from.runs.end());
    from.runs = {};
}

}  // namespace

HotGroups groups_over_tiles(const TileLayout& l, const TileValues& tile, double cut, std::size_t incidents,
                            const std::function<std::int64_t(std::size_t)>& cell_of) {
    const Grid& g = l.grid;
    const ByTile inc = by_tile(l, incidents, cell_of);
    std::vector<std::int64_t> node_of_incident(incidents, -1);
    std::vector<Node> nodes;
    std::vector<std::size_t> parent;
    // The nodes of the grid row just above the current row of tiles (the bottom row of the
    // tiles above), of the one being made, and of the right column of the tile to the left:
    // every pair of 8-neighbours across an edge is joined when the later tile is made.
    std::vector<std::int64_t> above(g.cols, -1), below(g.cols, -1), left;
    for (std::size_t t = 0; t < l.tiles(); ++t) {
        const GridWindow w = l.window(t);
        const Grid local{0, 0, 1, w.cols, w.rows};
        const auto values = tile(t);
        const Components comps = connected_components(values, local, cut);
        const std::size_t base = nodes.size();
        for (const auto& c : comps.list) {
            Node n;
            n.c = c;
            n.c.row0 += w.row0;
            n.c.row1 += w.row0;
            n.c.col0 += w.col0;
            n.c.col1 += w.col0;
            n.c.peak_cell = (w.row0 + c.peak_cell / w.cols) * g.cols + w.col0 + c.peak_cell % w.cols;
            n.first = g.cells();
            nodes.push_back(std::move(n));
            parent.push_back(parent.size());
        }
        auto node = [&](std::size_t r, std::size_t c) -> std::int64_t {
            const auto id = comps.label[r * w.cols + c];
            return id < 0 ? -1 : static_cast<std::int64_t>(base + static_cast<std::size_t>(id));
        };
        for (std::size_t r = 0; r < w.rows; ++r) {
            for (std::size_t c = 0; c < w.cols;) {
                const auto id = node(r, c);
                std::size_t end = c + 1;
                while (end < w.cols && node(r, end) == id) ++end;
                if (id >= 0) {
                    auto& n = nodes[static_cast<std::size_t>(id)];
                    n.first = std::min(n.first, (w.row0 + r) * g.cols + w.col0 + c);
                    n.runs.push_back({w.row0 + r, w.col0 + c, w.col0 + end});
                }
                c = end;
            }
        }
        if (w.col0 == 0) left.assign(w.rows, -1);
        for (std::size_t c = 0; c < w.cols; ++c) {  // the top row against the row above
            const auto a = node(0, c);
            if (a < 0) continue;
            const std::size_t gc = w.col0 + c;
            for (std::size_t k = gc == 0 ? 0 : gc - 1; k <= std::min(g.cols - 1, gc + 1); ++k)
                if (above[k] >= 0) join(parent, static_cast<std::size_t>(a), static_cast<std::size_t>(above[k]));
        }
        for (std::size_t r = 0; r < w.rows; ++r) {  // the left column against the tile to the left
            const auto a = node(r, 0);
            if (a < 0) continue;
            for (std::size_t k = r == 0 ? 0 : r - 1; k <= std::min(w.rows - 1, r + 1); ++k)
                if (left[k] >= 0) join(parent, static_cast<std::size_t>(a), static_cast<std::size_t>(left[k]));
        }
        for (std::size_t r = 0; r < w.rows; ++r) left[r] = node(r, w.cols - 1);
        for (std::size_t c = 0; c < w.cols; ++c) below[w.col0 + c] = node(w.rows - 1, c);
        if (w.col0 + w.cols == g.cols) std::swap(above, below);
        for (std::size_t k = inc.offsets[t]; k < inc.offsets[t + 1]; ++k) {
            const std::uint32_t i = inc.index[k];
            const auto cell = static_cast<std::size_t>(inc.cell[i]);
            node_of_incident[i] = node(cell / g.cols - w.row0, cell % g.cols - w.col0);
        }
    }
    // Each node into its root, in node order; then the roots numbered by their first cell.
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const std::size_t r = root(parent, n);
        if (r != n) absorb(nodes[r], nodes[n]);
    }
    std::vector<std::size_t> roots;
    for (std::size_t n = 0; n < nodes.size(); ++n)
        if (root(parent, n) == n) roots.push_back(n);
    std::sort(roots.begin(), roots.end(), [&](std::size_t a, std::size_t b) { return nodes[a].first < nodes[b].first; });
    std::vector<std::int32_t> group_of_root(nodes.size(), -1);
    auto out = HotGroups{};
    auto runs = std::make_shared<std::vector<std::vector<geo::CellRun>>>();
    for (std::size_t k = 0; k < roots.size(); ++k) {
        group_of_root[roots[k]] = static_cast<std::int32_t>(k);
        out.list.push_back(nodes[roots[k]].c);
        runs->push_back(joined(std::move(nodes[roots[k]].runs)));
    }
    out.of_incident.assign(incidents, -1);
    for (std::size_t i = 0; i < incidents; ++i)
        if (node_of_incident[i] >= 0) out.of_incident[i] = group_of_root[root(parent, static_cast<std::size_t>(node_of_incident[i]))];
    out.runs = [runs](std::size_t id) { return (*runs)[id]; };
    return out;
}

std::size_t hot_cells(const HotGroups& groups) {
    std::size_t n = 0;
    for (const auto& c : groups.list) n += c.cells;
    return n;
}

}  // namespace hotspots
