#include "steps/grid_area.hpp"

#include <charconv>
#include <cmath>

namespace hotspots::steps {

void declare_grid_area(Params& p, GridArea& o) {
    p.value("extent", o.extent, "Grid extent xmin,ymin,xmax,ymax in the working CRS (used as given)",
            [&o](const std::string& v) {
                o.extent_text = v;
                return std::optional<Box>(parse_extent(v));
            });
    p.path("mask", o.mask, "Polygons (PATH[,layer=...]); only cells whose centre is inside count (kde: the others are nodata)");
}

Box parse_extent(const std::string& text) {
    double v[4];
    std::size_t pos = 0;
    for (int k = 0; k < 4; ++k) {
        const std::size_t end = k < 3 ? text.find(',', pos) : text.size();
        if (end == std::string::npos) throw UsageError("give xmin,ymin,xmax,ymax in the working CRS");
        const std::string part = text.substr(pos, end - pos);
        const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v[k]);
        if (ec != std::errc() || p != part.data() + part.size() || !std::isfinite(v[k]))
            throw UsageError("'" + part + "' is not a number (give xmin,ymin,xmax,ymax)");
        pos = end + 1;
    }
    if (!(v[2] > v[0] && v[3] > v[1])) throw UsageError("xmax must exceed xmin and ymax exceed ymin");
    return {v[0], v[1], v[2], v[3]};
}

void check_grid_area(const GridArea& o, Context& ctx) {
    if (o.extent && !o.mask.empty()) throw UsageError("give --extent or --mask, not both (the mask's extent sets the grid)");
    if (!o.mask.empty()) ctx.polygons(o.mask, "--mask");
}

Coverage coverage(const GridArea& o, const Box& incidents, Context& ctx) {
    Coverage c{incidents, {}};
    if (!o.mask.empty()) {
        const auto& index = *ctx.polygons(o.mask, "--mask").index;
        for (std::size_t i = 0; i < index.size(); ++i) c.mask.push_back(index.wkb(i));
        const auto& e = index.extent();
        c.area = {e.xmin, e.ymin, e.xmax, e.ymax};
    } else if (o.extent) {
        c.area = *o.extent;
    }
    return c;
}

}  // namespace hotspots::steps
