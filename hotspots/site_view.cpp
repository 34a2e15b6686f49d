#include "hotspots/site_view.hpp"

#include "hotspots/street_segments.hpp"
#include "model/parallel.hpp"

#include <cmath>
#include <memory>
#include <numbers>
#include <stdexcept>

namespace hotspots {

namespace {
// Round ends and joins drawn with 16 segments a quarter circle: the polygon lies within
// half_width x (1 - cos(pi / 32)), under 0.5%, of the true buffer.
constexpr int quadrant_segments = 16;
}  // namespace

StreetCorridor::StreetCorridor(const std::vector<NetworkLine>& lines, double half_width) {
    if (!(half_width > 0)) throw std::invalid_argument("the corridor's half-width must be > 0 metres");
    const auto h = m_ctx.get();
    std::vector<GEOSGeometry*> parts;
    for (const auto& l : lines)
        if (l.points.size() >= 2) parts.push_back(geo::make_line(m_ctx, l.points).release());
    if (parts.empty()) throw std::invalid_argument("the network has no lines");
    auto all = geo::checked(m_ctx, GEOSGeom_createCollection_r(h, GEOS_MULTILINESTRING, parts.data(),
                                                               static_cast<unsigned>(parts.size())), "the network's lines");
    m_corridor = geo::checked(m_ctx, GEOSBuffer_r(h, all.get(), half_width, quadrant_segments), "the street corridor");
    m_boundary = geo::checked(m_ctx, GEOSBoundary_r(h, m_corridor.get()), "the street corridor's edge");
    m_prepared = geo::PreparedPtr(GEOSPrepare_r(h, m_corridor.get()), geo::PreparedDeleter{h});
    if (!m_prepared) throw geo::GeosError("GEOS: " + m_ctx.last_error());
}

StreetCorridor::~StreetCorridor() = default;

bool StreetCorridor::sees(XY a, XY b) const {
    const auto h = m_ctx.get();
    const bool point = a.x == b.x && a.y == b.y;
    auto g = point ? geo::make_point(m_ctx, a.x, a.y) : geo::make_line(m_ctx, {a, b});
    const char r = GEOSPreparedCovers_r(h, m_prepared.get(), g.get());
    if (r == 2) throw geo::GeosError("GEOS: " + m_ctx.last_error());
    return r == 1;
}

std::vector<XY> StreetCorridor::seen_from(XY eye, double radius, int rays, double bearing, double width) const {
    const auto h = m_ctx.get();
    // Only the corridor's edge near the eye can stop a ray.
    auto box = geo::make_box(m_ctx, eye.x - radius, eye.y - radius, eye.x + radius, eye.y + radius);
    auto edge = geo::checked(m_ctx, GEOSIntersection_r(h, m_boundary.get(), box.get()), "the corridor near a site");
    const bool all_round = width >= 360;
    std::vector<XY> ring;
    if (!all_round) ring.push_back(eye);
    const double from = all_round ? 0 : bearing - width / 2, step = (all_round ? 360.0 : width) / (all_round ? rays : rays - 1);
    for (int k = 0; k < rays; ++k) {
        const double a = (from + step * k) * std::numbers::pi / 180;  // clockwise from north
        const XY end{eye.x + radius * std::sin(a), eye.y + radius * std::cos(a)};
        double reach = radius;
        auto ray = geo::make_line(m_ctx, {eye, end});
        auto hit = geo::checked(m_ctx, GEOSIntersection_r(h, ray.get(), edge.get()), "a ray from a site");
        const int n = GEOSGetNumGeometries_r(h, hit.get());
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(h, hit.get(), i);
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, part);
            unsigned size = 0;
            if (!seq || !GEOSCoordSeq_getSize_r(h, seq, &size)) continue;
            for (unsigned c = 0; c < size; ++c) {
                double x = 0, y = 0;
                GEOSCoordSeq_getXY_r(h, seq, c, &x, &y);
                reach = std::min(reach, std::hypot(x - eye.x, y - eye.y));
            }
        }
        ring.push_back({eye.x + reach * std::sin(a), eye.y + reach * std::cos(a)});
    }
    ring.push_back(ring.front());
    return ring;
}

std::vector<std::optional<XY>> nearest_on_lines(const std::vector<NetworkLine>& lines, const std::vector<XY>& points,
                                                double tolerance) {
    std::vector<Segment> segs;
    for (const auto& l : lines)
        if (l.points.size() >= 2) segs.push_back({.points = l.points});
    const auto snaps = snap_to_segments(segs, points, tolerance);
    std::vector<std::optional<XY>> out(points.size());
    for (std::size_t i = 0; i < points.size(); ++i)
        if (snaps[i].segment >= 0) out[i] = point_along(segs[static_cast<std::size_t>(snaps[i].segment)].points, snaps[i].along);
    return out;
}

ViewCoverNote cover_in_view(std::vector<std::vector<std::uint32_t>>& covers, const std::vector<XY>& demand,
                            const std::vector<XY>& sites, const std::vector<NetworkLine>& lines, double half_width,
                            double tolerance, unsigned threads) {
    ViewCoverNote note;
    const auto eye = nearest_on_lines(lines, sites, tolerance);
    const auto at = nearest_on_lines(lines, demand, tolerance);
    note.point_off_street.resize(demand.size());
    for (std::size_t i = 0; i < demand.size(); ++i) note.point_off_street[i] = !at[i];
    for (const auto& c : covers) note.pairs_straight += c.size();
    // GEOS handles are per thread: each thread its own corridor, built from the same lines.
    std::vector<std::unique_ptr<StreetCorridor>> corridor(thread_count(threads));
    parallel_items(sites.size(), threads, [&](std::size_t j, unsigned t) {
        auto& c = covers[j];
        if (!eye[j]) {
            c.clear();
            return;
        }
        if (!corridor[t]) corridor[t] = std::make_unique<StreetCorridor>(lines, half_width);
        std::erase_if(c, [&](std::uint32_t i) { return !at[i] || !corridor[t]->sees(*eye[j], *at[i]); });
    });
    for (std::size_t j = 0; j < sites.size(); ++j) {
        note.sites_off_street += !eye[j];
        note.pairs_view += covers[j].size();
    }
    return note;
}

}  // namespace hotspots
