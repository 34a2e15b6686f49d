#pragma once
// Coordinate reference systems and transformations through PROJ.
// Axis order is always "GIS order": x/easting/longitude first, y/northing/latitude second.
#include "geo/geos.hpp"

#include <proj.h>

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

namespace hotspots::geo {

struct CrsError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct CrsInfo {
    std::string definition;  // what the user or the source gave (EPSG:27700, WKT, ...)
    std::string name;        // PROJ's name, e.g. "OSGB36 / British National Grid"
    std::string id;          // "EPSG:27700" when PROJ knows one, else ""
    bool geographic = false; // degrees of longitude/latitude
    bool has_area = false;   // area of use known
    double west = -180, south = -90, east = 180, north = 90;  // area of use, degrees
};

// Throws CrsError when PROJ does not recognise the definition.
CrsInfo describe_crs(const std::string& definition);

// Transforms coordinates from one CRS to another. Not thread-safe: one per thread
// (each owns its PROJ context).
class Transformer {
public:
    Transformer(const std::string& from, const std::string& to);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;
    // A copy on a PROJ context of its own, for another thread: PROJ copies the operations it
    // found (proj_clone, about a millisecond) instead of searching its database again (tens
    // of ms). The same values, bit for bit. Null when PROJ cannot copy it. Not while another
    // thread uses this one.
    std::unique_ptr<Transformer> clone() const;

    // In place. A point PROJ cannot transform becomes NaN, NaN.
    void transform(double* x, double* y, std::size_t n) const;
    void transform(double& x, double& y) const { transform(&x, &y, 1); }
    bool is_identity() const noexcept { return m_identity; }
    // The box, in the target CRS, of the intersection of both CRSs' areas of use.
    // Points outside it cannot be right.
    const Envelope& valid_box() const noexcept { return m_valid; }
    // PROJ's description of the operation it chose (e.g. "Inverse of OSGB36 to WGS 84 (6) ...").
    const std::string& operation() const noexcept { return m_operation; }

private:
    Transformer() = default;
    PJ_CONTEXT* m_ctx = nullptr;
    PJ* m_pj = nullptr;
    bool m_identity = false;
    Envelope m_valid;
    std::string m_operation;
};

}  // namespace hotspots::geo
