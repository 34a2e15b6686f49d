#include "hotspots/hex_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace hotspots {
namespace {

bool before(HexCell a, HexCell b) { return a.r != b.r ? a.r < b.r : a.q < b.q; }

}  // namespace

Wkb polygon_wkb(const std::array<XY, 6>& corners) {
    Wkb w;
    auto put32 = [&](std::uint32_t v) {
        for (int k = 0; k < 4; ++k) w.push_back(static_cast<unsigned char>(v >> (8 * k)));
    };
    auto put_double = [&](double v) {
        std::uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        for (int k = 0; k < 8; ++k) w.push_back(static_cast<unsigned char>(bits >> (8 * k)));
    };
    w.push_back(1);  // little-endian
    put32(3);        // polygon
    put32(1);        // one ring
    put32(7);        // six corners and the first again
    for (std::size_t k = 0; k <= 6; ++k) {
        put_double(corners[k % 6].x);
        put_double(corners[k % 6].y);
    }
    return w;
}

std::int64_t hex_unit(const Units& u, HexCell c) {
    const auto it = std::lower_bound(u.hex_cells.begin(), u.hex_cells.end(), c, before);
    return it != u.hex_cells.end() && *it == c ? it - u.hex_cells.begin() : -1;
}

Units hex_units(const HexGrid& g, const Box& extent, const NeighbourSpec& nb, bool row_standardise) {
    if (nb.kind == NeighbourSpec::Kind::knn) throw std::invalid_argument("knn:K is for areas; use queen, rook or band: on hexagons");
    Units u;
    u.hex = g;
    const Box grown{extent.xmin - g.size, extent.ymin - g.size, extent.xmax + g.size, extent.ymax + g.size};
    // The axial ranges the grown box's corners span, one more each way; then the centres inside.
    std::int64_t q0 = INT64_MAX, q1 = INT64_MIN, r0 = INT64_MAX, r1 = INT64_MIN;
    for (double x : {grown.xmin, grown.xmax})
        for (double y : {grown.ymin, grown.ymax}) {
            const auto c = g.cell_of(x, y);
            q0 = std::min(q0, c.q);
            q1 = std::max(q1, c.q);
            r0 = std::min(r0, c.r);
            r1 = std::max(r1, c.r);
        }
    const auto span = (q1 - q0) + (r1 - r0) + 2;
    for (auto r = r0 - span; r <= r1 + span; ++r)
        for (auto q = q0 - span; q <= q1 + span; ++q) {
            const XY c = g.centre({q, r});
            if (c.x >= grown.xmin && c.x <= grown.xmax && c.y >= grown.ymin && c.y <= grown.ymax) u.hex_cells.push_back({q, r});
        }
    std::sort(u.hex_cells.begin(), u.hex_cells.end(), before);
    for (const auto& c : u.hex_cells) {
        u.polygons.push_back(polygon_wkb(g.corners(c)));
        u.code.push_back(fmt::format("{},{}", c.q, c.r));
        u.name.emplace_back();
    }
    const bool band = nb.kind == NeighbourSpec::Kind::band;
    // Cells k steps apart have centres at least k * size * sqrt(3) / 2 apart.
    const auto reach = band ? static_cast<std::int64_t>(std::ceil(nb.band / (g.size * std::sqrt(3.0) / 2))) + 1 : 1;
    for (std::size_t i = 0; i < u.hex_cells.size(); ++i) {
        const HexCell c = u.hex_cells[i];
        std::vector<std::uint32_t> js{static_cast<std::uint32_t>(i)};
        if (!band) {
            for (const auto& n : HexGrid::neighbours(c))
                if (const auto j = hex_unit(u, n); j >= 0) js.push_back(static_cast<std::uint32_t>(j));
        } else {
            const XY o = g.centre(c);
            for (auto dr = -reach; dr <= reach; ++dr)
                for (auto dq = -reach; dq <= reach; ++dq) {
                    const HexCell n{c.q + dq, c.r + dr};
                    if (n == c) continue;
                    const XY p = g.centre(n);
                    if (std::hypot(p.x - o.x, p.y - o.y) > nb.band) continue;
                    if (const auto j = hex_unit(u, n); j >= 0) js.push_back(static_cast<std::uint32_t>(j));
                }
        }
        std::sort(js.begin(), js.end());
        u.nb.add_row(js, row_standardise);
    }
    return u;
}

std::vector<std::int64_t> hex_unit_of_incident(const Units& u, const IncidentSet& set) {
    std::vector<std::int64_t> out(set.incidents.size(), -1);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = hex_unit(u, u.hex.cell_of(set.incidents[i].x, set.incidents[i].y));
    return out;
}

}  // namespace hotspots
