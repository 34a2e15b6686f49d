#pragma once
// --extent and --mask: where a step's grid lies (kde, gistar, trend), declared once.
#include "model/geometry.hpp"
#include "model/grid.hpp"
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

}  // namespace hotspots::steps
