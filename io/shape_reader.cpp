#include "io/shape_reader.hpp"

#include "geo/crs.hpp"
#include "io/gdal_util.hpp"
#include "io/point_reader.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::io {

const char* to_string(ShapeLayer::Kind k) {
    return k == ShapeLayer::Kind::points ? "points" : k == ShapeLayer::Kind::lines ? "lines" : "polygons";
}

namespace {

// The parts of a line or multi-line, or the rings of a polygon or multi-polygon, appended to
// `out` as flat coordinate lists. Returns the kind, or points for anything else.
ShapeLayer::Kind parts_of(OGRGeometryH g, std::vector<std::vector<XY>>& out) {
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    auto ring = [&](OGRGeometryH r) {
        auto& part = out.emplace_back();
        for (int i = 0; i < OGR_G_GetPointCount(r); ++i) part.push_back({OGR_G_GetX(r, i), OGR_G_GetY(r, i)});
    };
    if (type == wkbLineString) {
        ring(g);
        return ShapeLayer::Kind::lines;
    }
    if (type == wkbMultiLineString) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) ring(OGR_G_GetGeometryRef(g, i));
        return ShapeLayer::Kind::lines;
    }
    if (type == wkbPolygon) {
        for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) ring(OGR_G_GetGeometryRef(g, i));
        return ShapeLayer::Kind::polygons;
    }
    if (type == wkbMultiPolygon) {
        for (int p = 0; p < OGR_G_GetGeometryCount(g); ++p) {
            OGRGeometryH poly = OGR_G_GetGeometryRef(g, p);
            for (int i = 0; i < OGR_G_GetGeometryCount(poly); ++i) ring(OGR_G_GetGeometryRef(poly, i));
        }
        return ShapeLayer::Kind::polygons;
    }
    return ShapeLayer::Kind::points;
}

}  // namespace

ShapeLayer read_shapes(const std::string& path, const std::string& crs, const std::string& work_crs) {
    ShapeLayer out;
    if (is_point_layer(path)) {
        auto p = read_points(path, crs, work_crs);
        out.points = std::move(p.points);
        out.features = p.features;
        out.crs = p.crs;
        return out;
    }
    auto ds = open_vector(path);
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    out.crs = srs_definition(OGR_L_GetSpatialRef(layer));
    if (out.crs.empty()) out.crs = crs.empty() ? work_crs : crs;
    bool first = true;
    std::vector<double> xs, ys;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        ++out.features;
        OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(fp.get()));
        if (!g || OGR_G_IsEmpty(g))
            throw IoError(fmt::format("{}: feature {}: no geometry; fix or remove that feature", path, out.features));
        ShapeFeature f;
        const auto kind = parts_of(g, f.parts);
        if (kind == ShapeLayer::Kind::points)
            throw IoError(fmt::format("{}: feature {}: a {}, not a line or polygon; a factor's layer holds points, lines "
                                      "or polygons, one kind",
                                      path, out.features, OGRGeometryTypeToName(OGR_G_GetGeometryType(g))));
        if (!first && kind != out.kind)
            throw IoError(fmt::format("{}: feature {}: {} among {}; give lines and polygons as separate factors", path,
                                      out.features, to_string(kind), to_string(out.kind)));
        out.kind = kind;
        first = false;
        f.area = kind == ShapeLayer::Kind::polygons;
        for (const auto& part : f.parts)
            for (const auto& p : part) xs.push_back(p.x), ys.push_back(p.y);
        out.shapes.push_back(std::move(f));
    }
    if (out.shapes.empty()) throw IoError(path + ": no features");
    refuse_degrees(xs, ys, out.crs, path, "coordinates");
    try {
        geo::Transformer t(out.crs, work_crs);
        std::size_t feature = 0;
        for (auto& s : out.shapes) {
            ++feature;
            for (auto& part : s.parts)
                for (auto& p : part) {
                    t.transform(p.x, p.y);
                    if (!std::isfinite(p.x) || !std::isfinite(p.y))
                        throw IoError(fmt::format("{}: feature {}: cannot be placed in {} (outside the area its CRS {} "
                                                  "covers); fix or remove that feature, or give its CRS",
                                                  path, feature, work_crs, out.crs));
                }
        }
    } catch (const IoError&) {
        throw;
    } catch (const std::exception& e) {
        throw IoError(path + ": " + e.what());
    }
    return out;
}

}  // namespace hotspots::io
