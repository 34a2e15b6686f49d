#pragma once
// --extent and --mask: where a step's grid lies (kde, gistar, trend), declared once.
#include "geo/cells.hpp"
#include "model/geometry.hpp"
#include "model/grid.hpp"
#include "model/incident.hpp"
#include "steps/context.hpp"
#include "steps/params.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotspots::steps {

struct GridArea {
    std::string extent_text;  // as given, for metadata
    std::optional<Box> extent;
    std::string mask;
};

void declare_grid_area(Params& p, GridArea& o);

// "xmin,ymin,xmax,ymax"; throws UsageError.
Box parse_extent(const std::string& text);

// Refuses both at once; reads the mask now (through ctx), so a bad one stops the run before
// any incident is read.
void check_grid_area(const GridArea& o, Context& ctx);

// What the grid must cover: the mask's extent, or the --extent, or `incidents`; and the mask's
// (repaired) polygons, empty without one.
struct Coverage {
    Box area;
    std::vector<Wkb> mask;
};
Coverage coverage(const GridArea& o, const Box& incidents, Context& ctx);

// With a mask, fewer than 1% of the incidents inside it points at a wrong CRS, swapped columns
// or the wrong mask: std::runtime_error saying which is likely (swapping x and y is tried).
void check_in_mask(const IncidentSet& set, const Grid& grid, const std::vector<std::uint8_t>& mask);
// The same for a mask kept as runs (a tiled surface).
void check_in_mask(const IncidentSet& set, const Grid& grid, const geo::MaskRuns& mask);

// Side points (address points, a denominator) none of which lies within 5 km of the incidents'
// extent are probably in another CRS or of another place: a warning naming them.
void warn_if_far(const std::vector<XY>& points, const IncidentSet& set, const std::string& what, Log& log);

}  // namespace hotspots::steps
