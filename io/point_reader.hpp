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
};

// Any GDAL vector source of points; a CSV's coordinates are found in columns named
// easting/northing, x/y or longitude/latitude. `crs` is used when the source has none
// (default: the working CRS). Throws IoError naming the file.
PointLayer read_points(const std::string& path, const std::string& crs, const std::string& work_crs);

}  // namespace hotspots::io
