#pragma once
// Reading a layer of points, lines or polygons (risk factors: stations, main roads, parks) into
// the working CRS, each feature kept whole.
#include "model/geometry.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

// A line's parts (polylines) or a polygon's rings (closed), in the working CRS.
struct ShapeFeature {
    std::vector<std::vector<XY>> parts;
    bool area = false;
};

struct ShapeLayer {
    enum class Kind { points, lines, polygons };
    Kind kind = Kind::points;
    std::vector<XY> points;             // Kind::points
    std::vector<ShapeFeature> shapes;   // lines or polygons, one per feature
    std::size_t features = 0;
    std::string crs;                    // the file's (or the one given)
};
const char* to_string(ShapeLayer::Kind k);  // "points", "lines", "polygons"

// Any GDAL vector source. Points as read_points reads them (a CSV's longitude/latitude or
// easting/northing columns); lines and polygons (single or multi) in the source's CRS, or `crs`
// when it has none, else the working CRS. A layer mixing lines and polygons, a feature with no
// geometry, coordinates that look like degrees in a projected CRS, or a point that cannot be
// placed in the working CRS: IoError naming the file and the feature.
ShapeLayer read_shapes(const std::string& path, const std::string& crs, const std::string& work_crs);

}  // namespace hotspots::io
