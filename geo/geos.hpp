#pragma once
// Small RAII wrappers over the GEOS reentrant C API.
#include "model/geometry.hpp"

#include <geos_c.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots::geo {

struct GeosError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One GEOS context per thread that uses it; the context keeps the last error message.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    GEOSContextHandle_t get() const noexcept { return m_handle; }
    const std::string& last_error() const noexcept { return m_error; }
    const std::string& last_notice() const noexcept { return m_notice; }

private:
    static void on_error(const char* message, void* self);
    static void on_notice(const char* message, void* self);
    GEOSContextHandle_t m_handle;
    std::string m_error;
    std::string m_notice;
};

struct GeomDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSGeometry* g) const noexcept {
        if (g) GEOSGeom_destroy_r(handle, g);
    }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

struct PreparedDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(const GEOSPreparedGeometry* g) const noexcept {
        if (g) GEOSPreparedGeom_destroy_r(handle, g);
    }
};
using PreparedPtr = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

struct STRtreeDeleter {
    GEOSContextHandle_t handle = nullptr;
    void operator()(GEOSSTRtree* t) const noexcept {
        if (t) GEOSSTRtree_destroy_r(handle, t);
    }
};
using STRtreePtr = std::unique_ptr<GEOSSTRtree, STRtreeDeleter>;

inline GeomPtr own(const GeosContext& ctx, GEOSGeometry* g) { return GeomPtr(g, GeomDeleter{ctx.get()}); }

// Throws GeosError with the context's last message when g is null.
GeomPtr checked(const GeosContext& ctx, GEOSGeometry* g, const char* what);

GeomPtr make_box(const GeosContext& ctx, double xmin, double ymin, double xmax, double ymax);
GeomPtr make_point(const GeosContext& ctx, double x, double y);
// A line through `points` (at least two).
GeomPtr make_line(const GeosContext& ctx, const std::vector<XY>& points);
GeomPtr from_wkb(const GeosContext& ctx, const unsigned char* wkb, std::size_t size);
std::vector<unsigned char> to_wkb(const GeosContext& ctx, const GEOSGeometry* g);

struct Envelope {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
    bool intersects(const Envelope& o) const noexcept {
        return xmin <= o.xmax && o.xmin <= xmax && ymin <= o.ymax && o.ymin <= ymax;
    }
};
Envelope envelope_of(const GeosContext& ctx, const GEOSGeometry* g);

}  // namespace hotspots::geo
