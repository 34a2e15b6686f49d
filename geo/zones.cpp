#include "geo/zones.hpp"

#include "geo/geos.hpp"

#include <algorithm>
#include <numeric>

namespace hotspots::geo {

std::vector<Zone> merged_circles(const std::vector<XY>& points, double radius) {
    // Circles overlap when their centres are within 2 r: group the points first (union-find
    // on a grid of 2 r), then union each group's circles. Each group is one connected zone.
    const std::size_t n = points.size();
    std::vector<std::size_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    const double reach = 2 * radius;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) {
            const double dx = points[i].x - points[j].x, dy = points[i].y - points[j].y;
            if (dx * dx + dy * dy <= reach * reach) {
                const std::size_t a = find(i), b = find(j);
                if (a != b) parent[std::max(a, b)] = std::min(a, b);
            }
        }
    std::vector<std::vector<std::size_t>> groups(n);
    for (std::size_t i = 0; i < n; ++i) groups[find(i)].push_back(i);
    GeosContext ctx;
    auto h = ctx.get();
    std::vector<Zone> zones;
    for (const auto& g : groups) {
        if (g.empty()) continue;
        std::vector<GEOSGeometry*> circles;
        for (std::size_t i : g) {
            auto p = make_point(ctx, points[i].x, points[i].y);
            circles.push_back(checked(ctx, GEOSBuffer_r(h, p.get(), radius, 16), "circle").release());
        }
        auto collection = checked(ctx, GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, circles.data(),
                                                                   static_cast<unsigned>(circles.size())),
                                  "circles");
        auto merged = checked(ctx, GEOSUnaryUnion_r(h, collection.get()), "union of circles");
        GEOSNormalize_r(h, merged.get());
        zones.push_back({to_wkb(ctx, merged.get()), g});
    }
    return zones;
}

std::vector<std::size_t> count_inside(const std::vector<Wkb>& polygons, const std::vector<XY>& points) {
    GeosContext ctx;
    std::vector<std::size_t> counts(polygons.size(), 0);
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        auto g = from_wkb(ctx, polygons[k].data(), polygons[k].size());
        const Envelope e = envelope_of(ctx, g.get());
        PreparedPtr prepared(GEOSPrepare_r(ctx.get(), g.get()), PreparedDeleter{ctx.get()});
        for (const auto& p : points) {
            if (p.x < e.xmin || p.x > e.xmax || p.y < e.ymin || p.y > e.ymax) continue;
            auto pt = make_point(ctx, p.x, p.y);
            counts[k] += GEOSPreparedCovers_r(ctx.get(), prepared.get(), pt.get()) == 1;
        }
    }
    return counts;
}

std::vector<std::vector<std::uint32_t>> points_inside(const std::vector<Wkb>& polygons, const std::vector<XY>& points) {
    GeosContext ctx;
    std::vector<std::vector<std::uint32_t>> inside(polygons.size());
    for (std::size_t k = 0; k < polygons.size(); ++k) {
        auto g = from_wkb(ctx, polygons[k].data(), polygons[k].size());
        const Envelope e = envelope_of(ctx, g.get());
        PreparedPtr prepared(GEOSPrepare_r(ctx.get(), g.get()), PreparedDeleter{ctx.get()});
        for (std::uint32_t i = 0; i < points.size(); ++i) {
            const auto& p = points[i];
            if (p.x < e.xmin || p.x > e.xmax || p.y < e.ymin || p.y > e.ymax) continue;
            auto pt = make_point(ctx, p.x, p.y);
            if (GEOSPreparedCovers_r(ctx.get(), prepared.get(), pt.get()) == 1) inside[k].push_back(i);
        }
    }
    return inside;
}

}  // namespace hotspots::geo
