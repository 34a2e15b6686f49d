#pragma once
// Reading a layer of points (address points, say) into the working CRS.
#include "geo/partition.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

struct PointLayer {
    std::vector<geo::XY> points;  // working CRS
    std::size_t features = 0, skipped = 0;  // skipped: no point geometry, or outside the CRS
    std::string crs;
    // The attribute columns and, per kept point, their values as text (ids, costs, names).
    std::vector<std::string> fields;
    std::vector<std::vector<std::string>> values;
};

// Any GDAL vector source of points. A CSV's coordinates are its longitude/latitude columns
// (EPSG:4326) when it has them, else its easting/northing or x/y columns in `crs` (default: the
// working CRS); other sources use their own CRS, or `crs` when they have none. Points that
// look like degrees in a projected CRS are refused. Throws IoError naming the file.
PointLayer read_points(const std::string& path, const std::string& crs, const std::string& work_crs);

// Degrees read as metres would all sit by the CRS's origin: throws IoError when nine in ten
// coordinates look like longitude/latitude and `crs` is not geographic. `what`: "points".
void refuse_degrees(const std::vector<double>& xs, const std::vector<double>& ys, const std::string& crs,
                    const std::string& path, const char* what);

// Whether a vector source holds points (a CSV always does), rather than lines or polygons: its
// layer's declared type, else its first geometry's. Throws IoError naming the file.
bool is_point_layer(const std::string& path);
// The field names of a vector source's first layer.
std::vector<std::string> layer_fields(const std::string& path);

}  // namespace hotspots::io
