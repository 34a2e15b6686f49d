#pragma once
// A surface as a release may publish it (docs/publish.md, "Surfaces"): coarsened to the
// publishing cell, then as bands (hotspots/banded_surface), never as values.
#include "io/raster_writer.hpp"
#include "report/publish.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace hotspots::report {

struct PublishedSurface {
    Grid grid;
    std::vector<double> values;  // the band of each cell (0: none); NaN: nodata
    std::string description;
    nlohmann::json bands;        // the breaks and what the bands mean, for the metadata
    // A colour ramp over the bands: the surface's own style is made from its values (its top a
    // lone incident's kernel), which the bands do not publish.
    std::string style;
};

// `points`: the step's incidents in the surface's CRS, to count each band's pieces.
PublishedSurface published_surface(const io::RasterOutput& out, const PublishParams& o, const std::vector<std::pair<double, double>>& points,
                                   Log& log);

}  // namespace hotspots::report
