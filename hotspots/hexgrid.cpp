#include "hotspots/hexgrid.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace hotspots {
namespace {

const double root3 = std::sqrt(3.0);

// Rounds fractional axial coordinates to the nearest hexagon through cube coordinates
// (q + r + s = 0): the coordinate that moved most is made up from the other two.
HexCell round_axial(double q, double r) {
    const double s = -q - r;
    double rq = std::round(q), rr = std::round(r), rs = std::round(s);
    const double dq = std::fabs(rq - q), dr = std::fabs(rr - r), ds = std::fabs(rs - s);
    if (dq > dr && dq > ds) rq = -rr - rs;
    else if (dr > ds) rr = -rq - rs;
    return {static_cast<std::int64_t>(rq), static_cast<std::int64_t>(rr)};
}

}  // namespace

double HexGrid::side() const { return size / root3; }

HexCell HexGrid::cell_of(double x, double y) const {
    if (flat) {
        const double q = x / (size * root3 / 2);
        return round_axial(q, y / size - q / 2);
    }
    const double r = y / (size * root3 / 2);
    return round_axial(x / size - r / 2, r);
}

XY HexGrid::centre(HexCell c) const {
    const auto q = static_cast<double>(c.q), r = static_cast<double>(c.r);
    if (flat) return {size * root3 / 2 * q, size * (r + q / 2)};
    return {size * (q + r / 2), size * root3 / 2 * r};
}

// Each corner from integers: x as size/2 times one, y as size/(2 sqrt 3) times another (pointy;
// flat swaps the axes). Neighbours then compute their shared corners from the same integers and
// get the same doubles, so a layer of hexagons meets edge to edge (with cos and sin about each
// centre the corners differed in the last bits, and a union of hexagons fell apart by rows).
std::array<XY, 6> HexGrid::corners(HexCell c) const {
    // Pointy: corner k at 30 + 60k degrees; flat: at 60k degrees.
    static const int along[6] = {1, 0, -1, -1, 0, 1}, across[6] = {1, 2, 1, -1, -2, -1};
    static const int flat_across[6] = {2, 1, -1, -2, -1, 1}, flat_along[6] = {0, 1, 1, 0, -1, -1};
    const double half = size / 2, third = size / (2 * root3);
    std::array<XY, 6> out;
    for (std::size_t k = 0; k < 6; ++k) {
        if (flat) {
            const auto a = static_cast<double>(3 * c.q + flat_across[k]);
            const auto b = static_cast<double>(2 * c.r + c.q + flat_along[k]);
            out[k] = {third * a, half * b};
        } else {
            const auto a = static_cast<double>(2 * c.q + c.r + along[k]);
            const auto b = static_cast<double>(3 * c.r + across[k]);
            out[k] = {half * a, third * b};
        }
    }
    return out;
}

std::array<HexCell, 6> HexGrid::neighbours(HexCell c) {
    return {HexCell{c.q + 1, c.r}, HexCell{c.q + 1, c.r - 1}, HexCell{c.q, c.r - 1},
            HexCell{c.q - 1, c.r}, HexCell{c.q - 1, c.r + 1}, HexCell{c.q, c.r + 1}};
}

std::int64_t HexGrid::steps(HexCell a, HexCell b) {
    const auto dq = a.q - b.q, dr = a.r - b.r;
    return (std::llabs(dq) + std::llabs(dr) + std::llabs(dq + dr)) / 2;
}

bool parse_hex_spec(const std::string& text, HexGrid& out) {
    if (text.rfind("hex:", 0) != 0) return false;
    std::string rest = text.substr(4);
    HexGrid g;
    if (const auto colon = rest.find(':'); colon != std::string::npos) {
        const std::string how = rest.substr(colon + 1);
        if (how == "flat") g.flat = true;
        else if (how != "pointy")
            throw std::invalid_argument("'" + text + "': the orientation after the size is flat or pointy (hex:100:flat)");
        rest = rest.substr(0, colon);
    }
    char* end = nullptr;
    g.size = std::strtod(rest.c_str(), &end);
    if (rest.empty() || end != rest.c_str() + rest.size() || !std::isfinite(g.size) || !(g.size > 0) || g.size > 1e5)
        throw std::invalid_argument("'" + text + "': give hex:SIZE with SIZE the metres between opposite edges (0 < SIZE <= 100000), as hex:100");
    out = g;
    return true;
}

}  // namespace hotspots
