#include "geo/partition.hpp"

#include "geo/geos.hpp"

#include <stdexcept>

namespace hotspots::geo {
namespace {

GeomPtr ring_polygon(const GeosContext& ctx, const std::vector<XY>& ring) {
    auto h = ctx.get();
    const auto n = static_cast<unsigned>(ring.size());
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, n + 1, 2);
    for (unsigned i = 0; i <= n; ++i) GEOSCoordSeq_setXY_r(h, seq, i, ring[i % n].x, ring[i % n].y);
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    if (!shell) throw GeosError("outline ring: " + ctx.last_error());
    return checked(ctx, GEOSGeom_createPolygon_r(h, shell, nullptr, 0), "outline");
}

}  // namespace

std::vector<Wkb> voronoi_partition(const std::vector<XY>& outline, const std::vector<XY>& seeds) {
    GeosContext ctx;
    auto h = ctx.get();
    auto shape = ring_polygon(ctx, outline);
    std::vector<GEOSGeometry*> pts;
    for (const auto& s : seeds) pts.push_back(GEOSGeom_createPointFromXY_r(h, s.x, s.y));
    auto multi = checked(ctx, GEOSGeom_createCollection_r(h, GEOS_MULTIPOINT, pts.data(), static_cast<unsigned>(pts.size())),
                         "seeds");
    auto cells = checked(ctx, GEOSVoronoiDiagram_r(h, multi.get(), shape.get(), 0.0, 0), "voronoi");
    std::vector<Wkb> out(seeds.size());
    const int n = GEOSGetNumGeometries_r(h, cells.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* cell = GEOSGetGeometryN_r(h, cells.get(), i);
        // GEOS does not keep the seeds' order, so match each cell to the seed inside it.
        for (std::size_t s = 0; s < seeds.size(); ++s) {
            auto p = make_point(ctx, seeds[s].x, seeds[s].y);
            if (GEOSContains_r(h, cell, p.get()) == 1) {
                auto clipped = checked(ctx, GEOSIntersection_r(h, cell, shape.get()), "clip");
                out[s] = to_wkb(ctx, clipped.get());
                break;
            }
        }
    }
    for (const auto& w : out)
        if (w.empty()) throw GeosError("voronoi partition: a seed has no cell (seeds outside the outline?)");
    return out;
}

Wkb union_of(const std::vector<Wkb>& parts) {
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<GEOSGeometry*> gs;
    for (const auto& w : parts) gs.push_back(from_wkb(ctx, w.data(), w.size()).release());
    auto coll = checked(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, gs.data(), static_cast<unsigned>(gs.size())),
                        "collection");
    auto u = checked(ctx, GEOSUnaryUnion_r(h, coll.get()), "union");
    return to_wkb(ctx, u.get());
}

XY point_inside(const Wkb& polygon) {
    GeosContext ctx;
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    auto p = checked(ctx, GEOSPointOnSurface_r(ctx.get(), g.get()), "point on surface");
    XY xy;
    GEOSGeomGetX_r(ctx.get(), p.get(), &xy.x);
    GEOSGeomGetY_r(ctx.get(), p.get(), &xy.y);
    return xy;
}

bool covers(const Wkb& polygon, XY p) {
    GeosContext ctx;
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    auto pt = make_point(ctx, p.x, p.y);
    return GEOSCovers_r(ctx.get(), g.get(), pt.get()) == 1;
}

Wkb buffer_ring(const Wkb& polygon, double distance) {
    GeosContext ctx;
    auto h = ctx.get();
    auto g = from_wkb(ctx, polygon.data(), polygon.size());
    auto grown = checked(ctx, GEOSBuffer_r(h, g.get(), distance, 16), "buffer");
    auto ring = checked(ctx, GEOSDifference_r(h, grown.get(), g.get()), "buffer ring");
    return to_wkb(ctx, ring.get());
}

std::vector<std::vector<bool>> points_in(const std::vector<Wkb>& polygons, const std::vector<XY>& points) {
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<std::vector<bool>> out(polygons.size(), std::vector<bool>(points.size(), false));
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        auto g = from_wkb(ctx, polygons[k].data(), polygons[k].size());
        const auto box = envelope_of(ctx, g.get());
        const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, g.get());
        for (std::size_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            if (p.x < box.xmin || p.x > box.xmax || p.y < box.ymin || p.y > box.ymax) continue;
            auto pt = make_point(ctx, p.x, p.y);
            out[k][i] = GEOSPreparedCovers_r(h, prepared, pt.get()) == 1;
        }
        GEOSPreparedGeom_destroy_r(h, prepared);
    }
    return out;
}

}  // namespace hotspots::geo
