#include "steps/grid_area.hpp"

#include <fmt/format.h>

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
    // -1e308,...,1e308 is finite, but its width is not: the grid's origin became NaN, and a 1x1
    // raster was written with exit 0. An extent is metres in the working CRS: within 10,000 km.
    constexpr double most = 1e7;
    for (double x : v)
        if (std::fabs(x) > most)
            throw UsageError(fmt::format("'{}': {:g} is beyond 10,000 km from the working CRS's origin; give the extent in "
                                         "metres of the working CRS (e.g. 500000,170000,540000,200000)",
                                         text, x));
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

namespace {

template <class Inside>
void check_inside(const IncidentSet& set, const Grid& grid, Inside&& inside_cell) {
    auto inside = [&](double x, double y) {
        const auto c = grid.col_of(x), r = grid.row_of(y);
        return grid.contains(c, r) && inside_cell(static_cast<std::size_t>(r), static_cast<std::size_t>(c));
    };
    std::size_t in = 0, swapped = 0;
    for (const auto& i : set.incidents) {
        in += inside(i.x, i.y);
        swapped += inside(i.y, i.x);
    }
    const std::size_t n = set.incidents.size();
    if (in * 100 >= n) return;
    const Box b = extent_of(set);
    throw std::runtime_error(fmt::format(
        "{} of {} incidents fall inside --mask: the incidents lie in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}), the mask in "
        "({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}) ({}); {}",
        in, n, b.xmin, b.ymin, b.xmax, b.ymax, grid.xmin, grid.ymin(), grid.xmax(), grid.ymax, set.crs,
        swapped * 2 >= n ? "with x and y swapped they would be inside: the x and y columns look swapped (give --x EASTING "
                           "--y NORTHING, or --lon LONGITUDE --lat LATITUDE)"
                         : "check the CRS of the inputs (--crs) and their coordinate columns, and the mask"));
}

}  // namespace

void check_in_mask(const IncidentSet& set, const Grid& grid, const std::vector<std::uint8_t>& mask) {
    if (mask.empty() || set.incidents.size() < 10) return;
    check_inside(set, grid, [&](std::size_t r, std::size_t c) { return mask[r * grid.cols + c] != 0; });
}

void check_in_mask(const IncidentSet& set, const Grid& grid, const geo::MaskRuns& mask) {
    if (mask.empty() || set.incidents.size() < 10) return;
    check_inside(set, grid, [&](std::size_t r, std::size_t c) { return mask.inside(r, c); });
}

void warn_if_far(const std::vector<XY>& points, const IncidentSet& set, const std::string& what, Log& log) {
    if (points.empty() || set.incidents.empty()) return;
    constexpr double margin = 5000;
    const Box b = extent_of(set);
    Box p = Box::nothing();
    for (const auto& q : points) {
        if (q.x >= b.xmin - margin && q.x <= b.xmax + margin && q.y >= b.ymin - margin && q.y <= b.ymax + margin) return;
        p.include(q.x, q.y);
    }
    log.warning(fmt::format("none of the {} points of {} lies within 5 km of the incidents (incidents in ({:.0f}, {:.0f}) "
                            ".. ({:.0f}, {:.0f}), points in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f})): is its CRS right, or "
                            "is it of another place?",
                            points.size(), what, b.xmin, b.ymin, b.xmax, b.ymax, p.xmin, p.ymin, p.xmax, p.ymax));
}

}  // namespace hotspots::steps
