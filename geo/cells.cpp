#include "geo/cells.hpp"

#include <algorithm>
#include <cmath>

namespace hotspots::geo {
namespace {

using Ring = std::vector<XY>;

Ring ring_of(const GeosContext& ctx, const GEOSGeometry* ring) {
    auto h = ctx.get();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(h, seq, &n);
    Ring out(n);
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(h, seq, i, &out[i].x, &out[i].y);
    return out;
}

// Every polygon of a (multi)polygon as its list of rings.
std::vector<std::vector<Ring>> polygons_of(const GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.get();
    std::vector<std::vector<Ring>> out;
    const int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        std::vector<Ring> rings{ring_of(ctx, GEOSGetExteriorRing_r(h, g))};
        const int holes = GEOSGetNumInteriorRings_r(h, g);
        for (int i = 0; i < holes; ++i) rings.push_back(ring_of(ctx, GEOSGetInteriorRingN_r(h, g, i)));
        out.push_back(std::move(rings));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int parts = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < parts; ++i) {
            auto sub = polygons_of(ctx, GEOSGetGeometryN_r(h, g, i));
            for (auto& p : sub) out.push_back(std::move(p));
        }
    }
    return out;
}

// Scanline fill of one polygon: for each row, where its edges cross the row's centre line;
// `run(row, c0, c1)` is given the cells whose centre x lies in each span inside.
template <class Run>
void fill(const std::vector<Ring>& rings, const Grid& g, Run&& run) {
    std::vector<std::vector<double>> crossings(g.rows);
    for (const auto& ring : rings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const XY a = ring[i], b = ring[i + 1];
            if (a.y == b.y) continue;
            const double ylo = std::min(a.y, b.y), yhi = std::max(a.y, b.y);
            // Rows whose centre y is in [ylo, yhi): centre_y(r) = ymax - (r + 0.5) cell.
            const double rfirst = std::ceil((g.ymax - yhi) / g.cell - 0.5);
            const double rlast = std::floor((g.ymax - ylo) / g.cell - 0.5);
            const auto r0 = static_cast<std::int64_t>(std::max(0.0, rfirst));
            const auto r1 = static_cast<std::int64_t>(std::min(static_cast<double>(g.rows) - 1, rlast));
            for (std::int64_t r = r0; r <= r1; ++r) {
                const double y = g.centre_y(static_cast<std::size_t>(r));
                if (!(y >= ylo && y < yhi)) continue;
                crossings[static_cast<std::size_t>(r)].push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
    }
    for (std::size_t r = 0; r < g.rows; ++r) {
        auto& xs = crossings[r];
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            // Cells whose centre x is in [xs[k], xs[k + 1]).
            const double c0 = std::max(0.0, std::ceil((xs[k] - g.xmin) / g.cell - 0.5));
            const double c1 = std::min(static_cast<double>(g.cols), std::ceil((xs[k + 1] - g.xmin) / g.cell - 0.5));
            if (c0 < c1) run(r, static_cast<std::size_t>(c0), static_cast<std::size_t>(c1));
        }
    }
}

template <class Run>
void fill_all(const std::vector<Wkb>& polygons, const Grid& grid, Run&& run) {
    GeosContext ctx;
    for (const auto& wkb : polygons) {
        auto g = from_wkb(ctx, wkb.data(), wkb.size());
        for (const auto& rings : polygons_of(ctx, g.get())) fill(rings, grid, run);
    }
}

}  // namespace

std::vector<std::uint8_t> rasterize(const std::vector<Wkb>& polygons, const Grid& grid) {
    std::vector<std::uint8_t> mask(grid.cells(), 0);
    fill_all(polygons, grid, [&](std::size_t r, std::size_t c0, std::size_t c1) {
        std::fill(mask.begin() + static_cast<std::ptrdiff_t>(r * grid.cols + c0),
                  mask.begin() + static_cast<std::ptrdiff_t>(r * grid.cols + c1), std::uint8_t{1});
    });
    return mask;
}

MaskRuns::MaskRuns(const std::vector<Wkb>& polygons, const Grid& grid) : m_rows(grid.rows) {
    fill_all(polygons, grid, [&](std::size_t r, std::size_t c0, std::size_t c1) { m_rows[r].emplace_back(c0, c1); });
    // Polygons may overlap: the union of their spans, as rasterize sets a cell once.
    for (auto& row : m_rows) {
        std::sort(row.begin(), row.end());
        std::size_t out = 0;
        for (const auto& span : row) {
            if (out > 0 && span.first <= row[out - 1].second) row[out - 1].second = std::max(row[out - 1].second, span.second);
            else row[out++] = span;
        }
        row.resize(out);
        row.shrink_to_fit();
    }
}

std::size_t MaskRuns::cells() const {
    std::size_t n = 0;
    for (const auto& row : m_rows)
        for (const auto& [c0, c1] : row) n += c1 - c0;
    return n;
}

const std::vector<std::pair<std::size_t, std::size_t>>& MaskRuns::runs(std::size_t row) const {
    static const std::vector<std::pair<std::size_t, std::size_t>> none;
    return row < m_rows.size() ? m_rows[row] : none;
}

bool MaskRuns::inside(std::size_t row, std::size_t col) const {
    if (row >= m_rows.size()) return false;
    const auto& spans = m_rows[row];
    auto it = std::upper_bound(spans.begin(), spans.end(), col, [](std::size_t c, const auto& s) { return c < s.first; });
    return it != spans.begin() && col < std::prev(it)->second;
}

std::vector<std::uint8_t> MaskRuns::window(std::size_t row0, std::size_t col0, std::size_t rows, std::size_t cols) const {
    std::vector<std::uint8_t> out(rows * cols, 0);
    for (std::size_t r = 0; r < rows && row0 + r < m_rows.size(); ++r)
        for (const auto& [c0, c1] : m_rows[row0 + r]) {
            const std::size_t a = std::max(c0, col0), b = std::min(c1, col0 + cols);
            for (std::size_t c = a; c < b; ++c) out[r * cols + (c - col0)] = 1;
        }
    return out;
}

Wkb cells_to_polygon(const std::vector<CellRun>& runs, const Grid& grid, double tolerance) {
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GEOSGeometry*> boxes;
    boxes.reserve(runs.size());
    for (const auto& run : runs) {
        const double top = grid.ymax - static_cast<double>(run.row) * grid.cell;
        auto b = make_box(ctx, grid.xmin + static_cast<double>(run.c0) * grid.cell, top - grid.cell,
                          grid.xmin + static_cast<double>(run.c1) * grid.cell, top);
        boxes.push_back(b.release());
    }
    // The collection takes ownership of the boxes.
    auto collection = checked(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, boxes.data(),
                                                               static_cast<unsigned>(boxes.size())),
                              "cell collection");
    auto merged = checked(ctx, GEOSUnaryUnion_r(h, collection.get()), "union of cells");
    if (tolerance > 0) merged = checked(ctx, GEOSTopologyPreserveSimplify_r(h, merged.get(), tolerance), "simplify");
    GEOSNormalize_r(h, merged.get());
    return to_wkb(ctx, merged.get());
}

std::vector<AreaShare> area_shares(const Wkb& polygon, const AreaIndex& areas) {
    GeosContext ctx;
    auto h = ctx.get();
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    double total = 0;
    GEOSArea_r(h, g.get(), &total);
    const Envelope env = envelope_of(ctx, g.get());
    std::vector<AreaShare> out;
    if (!(total > 0)) return out;
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const auto wkb = areas.wkb(i);
        auto a = from_wkb(ctx, wkb.data(), wkb.size());
        if (!envelope_of(ctx, a.get()).intersects(env)) continue;
        auto inter = own(ctx, GEOSIntersection_r(h, g.get(), a.get()));
        if (!inter) continue;
        double part = 0;
        GEOSArea_r(h, inter.get(), &part);
        if (part > 0) out.push_back({i, part / total});
    }
    std::stable_sort(out.begin(), out.end(), [&](const AreaShare& x, const AreaShare& y) {
        if (x.share != y.share) return x.share > y.share;
        return areas.code(x.area) < areas.code(y.area);
    });
    return out;
}

std::vector<std::vector<std::vector<XY>>> polygon_rings(const Wkb& polygon) {
    GeosContext ctx;
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    return polygons_of(ctx, g.get());
}

std::vector<XY> line_points(const Wkb& line) {
    GeosContext ctx;
    auto g = from_wkb(ctx, line.data(), line.size());
    if (GEOSGeomTypeId_r(ctx.get(), g.get()) != GEOS_LINESTRING) return {};
    return ring_of(ctx, g.get());
}

PolygonFacts polygon_facts(const Wkb& polygon) {
    GeosContext ctx;
    auto h = ctx.get();
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    PolygonFacts f;
    GEOSArea_r(h, g.get(), &f.area);
    auto c = checked(ctx, GEOSGetCentroid_r(h, g.get()), "centroid");
    GEOSGeomGetX_r(h, c.get(), &f.centroid.x);
    GEOSGeomGetY_r(h, c.get(), &f.centroid.y);
    return f;
}

std::vector<std::vector<std::uint32_t>> polygon_contiguity(const std::vector<Wkb>& polygons, bool rook) {
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GeomPtr> geoms;
    std::vector<Envelope> envs;
    for (const auto& w : polygons) {
        geoms.push_back(from_wkb(ctx, w.data(), w.size()));
        envs.push_back(envelope_of(ctx, geoms.back().get()));
    }
    std::vector<std::vector<std::uint32_t>> out(polygons.size());
    for (std::size_t i = 0; i < geoms.size(); ++i) {
        PreparedPtr prepared(GEOSPrepare_r(h, geoms[i].get()), PreparedDeleter{h});
        for (std::size_t j = i + 1; j < geoms.size(); ++j) {
            if (!envs[i].intersects(envs[j])) continue;
            if (GEOSPreparedIntersects_r(h, prepared.get(), geoms[j].get()) != 1) continue;
            if (rook) {
                // A shared edge: the boundaries' intersection has length.
                auto bi = own(ctx, GEOSBoundary_r(h, geoms[i].get()));
                auto bj = own(ctx, GEOSBoundary_r(h, geoms[j].get()));
                auto shared = own(ctx, GEOSIntersection_r(h, bi.get(), bj.get()));
                double length = 0;
                if (!shared || GEOSLength_r(h, shared.get(), &length) != 1 || !(length > 0)) continue;
            }
            out[i].push_back(static_cast<std::uint32_t>(j));
            out[j].push_back(static_cast<std::uint32_t>(i));
        }
    }
    for (auto& v : out) std::sort(v.begin(), v.end());
    return out;
}

}  // namespace hotspots::geo
