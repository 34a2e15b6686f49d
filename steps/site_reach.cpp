#include "steps/site_reach.hpp"

#include "geo/geos.hpp"

#include <cmath>

namespace hotspots::steps {

namespace {

geo::GeomPtr multi_line(const geo::GeosContext& ctx, const std::vector<std::vector<XY>>& pieces) {
    std::vector<GEOSGeometry*> parts;
    for (const auto& p : pieces) parts.push_back(geo::make_line(ctx, p).release());
    return geo::checked(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_MULTILINESTRING, parts.data(),
                                                         static_cast<unsigned>(parts.size())), "a site's reach");
}

geo::GeomPtr polygon(const geo::GeosContext& ctx, const std::vector<XY>& ring) {
    const auto h = ctx.get();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
    for (unsigned k = 0; k < ring.size(); ++k) GEOSCoordSeq_setXY_r(h, seq, k, ring[k].x, ring[k].y);
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    if (!shell) throw geo::GeosError("GEOS: " + ctx.last_error());
    auto raw = geo::checked(ctx, GEOSGeom_createPolygon_r(h, shell, nullptr, 0), "a site's view");
    // Rays stopped at the corridor's edge can fold back on one another: made valid for QGIS.
    if (GEOSisValid_r(h, raw.get()) == 1) return raw;
    return geo::checked(ctx, GEOSMakeValid_r(h, raw.get()), "a site's view");
}

}  // namespace

io::FeatureTable reach_table(const std::vector<ReachRow>& rows, bool lines, const std::string& crs) {
    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable t;
    t.layer = "reach";
    t.crs = crs;
    t.fields = {{"rank", FieldType::integer, R::rank}, {"site", FieldType::text, R::identifier},
                {"status", FieldType::text, R::category},
                {lines ? "length_m" : "area_m2", FieldType::real, R::measure}};
    geo::GeosContext ctx;
    for (const auto& r : rows) {
        const auto& reach = *r.reach;
        if (lines ? reach.lines.empty() : reach.ring.size() < 4) continue;  // off the street: reaches nothing
        t.rows.push_back({r.rank > 0 ? io::FieldValue{r.rank} : io::FieldValue{}, r.site, r.status,
                          std::round((lines ? reach.length : reach.area) * 10) / 10});
        auto g = lines ? multi_line(ctx, reach.lines) : polygon(ctx, reach.ring);
        t.geometries.push_back(geo::to_wkb(ctx, g.get()));
    }
    return t;
}

}  // namespace hotspots::steps
