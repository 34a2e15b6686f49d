#pragma once
// A surface as a release may publish it (docs/publish.md).
#include "io/raster_writer.hpp"
#include "report/publish.hpp"

#include <string>
#include <vector>

namespace hotspots::report {

struct PublishedSurface {
    Grid grid;
    std::vector<double> values;  // NaN: nodata
    std::string description;
};

PublishedSurface published_surface(const io::RasterOutput& out, const PublishParams& o, Log& log);

}  // namespace hotspots::report
