#include "geo/geos.hpp"

#include <cstdarg>

namespace hotspots::geo {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    if (!m_handle) throw GeosError("cannot initialise a GEOS context");
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
    GEOSContext_setNoticeMessageHandler_r(m_handle, &GeosContext::on_notice, this);
}

GeosContext::~GeosContext() { GEOS_finish_r(m_handle); }

void GeosContext::on_error(const char* message, void* self) {
    static_cast<GeosContext*>(self)->m_error = message ? message : "";
}

void GeosContext::on_notice(const char* message, void* self) {
    static_cast<GeosContext*>(self)->m_notice = message ? message : "";
}

GeomPtr checked(const GeosContext& ctx, GEOSGeometry* g, const char* what) {
    if (!g) throw GeosError(std::string(what) + ": " + ctx.last_error());
    return own(ctx, g);
}

GeomPtr make_point(const GeosContext& ctx, double x, double y) {
    return checked(ctx, GEOSGeom_createPointFromXY_r(ctx.get(), x, y), "point");
}

GeomPtr make_line(const GeosContext& ctx, const std::vector<XY>& points) {
    auto h = ctx.get();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(points.size()), 2);
    for (unsigned i = 0; i < points.size(); ++i) GEOSCoordSeq_setXY_r(h, seq, i, points[i].x, points[i].y);
    return checked(ctx, GEOSGeom_createLineString_r(h, seq), "line");
}

GeomPtr make_box(const GeosContext& ctx, double xmin, double ymin, double xmax, double ymax) {
    auto h = ctx.get();
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, 5, 2);
    const double xs[5] = {xmin, xmax, xmax, xmin, xmin};
    const double ys[5] = {ymin, ymin, ymax, ymax, ymin};
    for (unsigned i = 0; i < 5; ++i) GEOSCoordSeq_setXY_r(h, seq, i, xs[i], ys[i]);
    GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, seq);
    if (!shell) throw GeosError("box ring: " + ctx.last_error());
    return checked(ctx, GEOSGeom_createPolygon_r(h, shell, nullptr, 0), "box");
}

GeomPtr from_wkb(const GeosContext& ctx, const unsigned char* wkb, std::size_t size) {
    GEOSWKBReader* reader = GEOSWKBReader_create_r(ctx.get());
    GEOSGeometry* g = GEOSWKBReader_read_r(ctx.get(), reader, wkb, size);
    GEOSWKBReader_destroy_r(ctx.get(), reader);
    return checked(ctx, g, "WKB");
}

Envelope envelope_of(const GeosContext& ctx, const GEOSGeometry* g) {
    Envelope e;
    GEOSGeom_getXMin_r(ctx.get(), g, &e.xmin);
    GEOSGeom_getYMin_r(ctx.get(), g, &e.ymin);
    GEOSGeom_getXMax_r(ctx.get(), g, &e.xmax);
    GEOSGeom_getYMax_r(ctx.get(), g, &e.ymax);
    return e;
}

std::vector<unsigned char> to_wkb(const GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.get();
    GEOSWKBWriter* w = GEOSWKBWriter_create_r(h);
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(h, w, g, &size);
    GEOSWKBWriter_destroy_r(h, w);
    if (!buf) throw GeosError("WKB writer: " + ctx.last_error());
    std::vector<unsigned char> out(buf, buf + size);
    GEOSFree_r(h, buf);
    return out;
}

}  // namespace hotspots::geo
