#include "hotspots/backtest_units.hpp"

#include "geo/geos.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace hotspots {
namespace {

bool before(const HexCell& a, const HexCell& b) { return a.r != b.r ? a.r < b.r : a.q < b.q; }

geo::GeomPtr hexagon(const geo::GeosContext& ctx, const HexGrid& hex, HexCell c) {
    const auto corners = hex.corners(c);
    auto* seq = GEOSCoordSeq_create_r(ctx.get(), 7, 2);
    for (unsigned k = 0; k < 7; ++k) {
        const auto& p = corners[k % 6];
        GEOSCoordSeq_setXY_r(ctx.get(), seq, k, p.x, p.y);
    }
    auto* ring = GEOSGeom_createLinearRing_r(ctx.get(), seq);
    return geo::checked(ctx, GEOSGeom_createPolygon_r(ctx.get(), ring, nullptr, 0), "hexagon");
}

// The mask's polygons as one (they may overlap), or none.
geo::GeomPtr union_of(const geo::GeosContext& ctx, const std::vector<Wkb>& mask) {
    if (mask.empty()) return {nullptr, geo::GeomDeleter{ctx.get()}};
    std::vector<GEOSGeometry*> parts;
    for (const auto& w : mask) parts.push_back(geo::from_wkb(ctx, w.data(), w.size()).release());
    auto all = geo::checked(ctx, GEOSGeom_createCollection_r(ctx.get(), GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                             static_cast<unsigned>(parts.size())), "mask");
    return geo::checked(ctx, GEOSUnaryUnion_r(ctx.get(), all.get()), "mask union");
}

}  // namespace

HexBacktestUnits hex_backtest_units(const StudyArea& area, const HexGrid& hex, const std::vector<Wkb>& mask) {
    const Grid& g = area.grid;
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> held;  // (r, q) -> slots
    for (std::size_t s = 0; s < area.cells.size(); ++s) {
        const std::size_t at = area.cells[s];
        const HexCell c = hex.cell_of(g.centre_x(at % g.cols), g.centre_y(at / g.cols));
        held[{c.r, c.q}].push_back(static_cast<std::uint32_t>(s));
    }
    HexBacktestUnits out;
    out.hex = hex;
    geo::GeosContext ctx;
    const auto outline = union_of(ctx, mask);
    geo::PreparedPtr prepared{outline ? GEOSPrepare_r(ctx.get(), outline.get()) : nullptr, geo::PreparedDeleter{ctx.get()}};
    const double whole = std::sqrt(3.0) / 2 * hex.size * hex.size;
    for (const auto& [rq, slots] : held) {
        const HexCell c{rq.second, rq.first};
        double size = whole;
        if (outline) {
            auto h = hexagon(ctx, hex, c);
            if (GEOSPreparedContains_r(ctx.get(), prepared.get(), h.get()) != 1) {
                auto cut = geo::checked(ctx, GEOSIntersection_r(ctx.get(), h.get(), outline.get()), "hexagon in the mask");
                if (GEOSArea_r(ctx.get(), cut.get(), &size) != 1) throw std::runtime_error("hexagon in the mask: no area");
            }
        }
        if (!(size > 0)) continue;  // only touches the mask: its cells' centres lie on the mask's edge
        out.cells.push_back(c);
        out.units.size.push_back(size);
        auto& parts = out.units.cells.emplace_back();
        for (auto s : slots) parts.emplace_back(s, 1.0);
    }
    return out;
}

std::vector<std::int64_t> hex_unit_of(const HexBacktestUnits& u, const std::vector<XY>& points) {
    std::vector<std::int64_t> out(points.size(), -1);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const HexCell c = u.hex.cell_of(points[i].x, points[i].y);
        const auto it = std::lower_bound(u.cells.begin(), u.cells.end(), c, before);
        if (it != u.cells.end() && *it == c) out[i] = it - u.cells.begin();
    }
    return out;
}

std::vector<std::pair<std::size_t, double>> line_in_cells(const Grid& g, const std::vector<XY>& line) {
    std::map<std::size_t, double> in;
    for (std::size_t k = 1; k < line.size(); ++k) {
        const XY a = line[k - 1], b = line[k];
        const double dx = b.x - a.x, dy = b.y - a.y, len = std::hypot(dx, dy);
        if (!(len > 0)) continue;
        // Where the piece crosses the grid's lines; between two crossings it lies in one cell,
        // the one holding the middle of that stretch.
        std::vector<double> ts = {0, 1};
        auto cross = [&](double from, double to, double origin, double d, double step) {
            if (d == 0) return;
            const double lo = std::min(from, to), hi = std::max(from, to);
            for (double v = std::ceil((lo - origin) / step) * step + origin; v <= hi; v += step) ts.push_back((v - from) / d);
        };
        cross(a.x, b.x, g.xmin, dx, g.cell);
        cross(a.y, b.y, g.ymax, dy, g.cell);
        std::sort(ts.begin(), ts.end());
        for (std::size_t t = 1; t < ts.size(); ++t) {
            const double t0 = std::clamp(ts[t - 1], 0.0, 1.0), t1 = std::clamp(ts[t], 0.0, 1.0);
            if (!(t1 > t0)) continue;
            const double m = (t0 + t1) / 2;
            const auto col = g.col_of(a.x + m * dx), row = g.row_of(a.y + m * dy);
            if (!g.contains(col, row)) continue;
            in[static_cast<std::size_t>(row) * g.cols + static_cast<std::size_t>(col)] += (t1 - t0) * len;
        }
    }
    return {in.begin(), in.end()};
}

StreetBacktestUnits street_backtest_units(const StudyArea& area, const std::vector<std::vector<XY>>& segments) {
    StreetBacktestUnits out;
    out.unit_of_segment.assign(segments.size(), -1);
    for (std::size_t k = 0; k < segments.size(); ++k) {
        std::vector<std::pair<std::uint32_t, double>> parts;
        double size = 0;
        for (const auto& [at, length] : line_in_cells(area.grid, segments[k])) {
            const auto slot = area.slot[at];
            if (slot < 0) continue;
            parts.emplace_back(static_cast<std::uint32_t>(slot), length);
            size += length;
        }
        if (!(size > 0)) continue;
        out.unit_of_segment[k] = static_cast<std::int64_t>(out.segment.size());
        out.segment.push_back(k);
        out.units.size.push_back(size);
        out.units.cells.push_back(std::move(parts));
    }
    return out;
}

}  // namespace hotspots
