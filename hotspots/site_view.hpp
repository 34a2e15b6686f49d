#pragma once
// What a camera on a street sees along it (site --coverage view): the street corridor (the
// network's lines buffered by a half-width), and the demand points whose sight line from the
// camera stays inside it: along the street and into the junctions it overlooks, not round
// corners. No buildings are known, so the corridor stands in for a viewshed. See docs/site.md.
#include "geo/geos.hpp"
#include "model/geometry.hpp"
#include "model/street.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace hotspots {

// The network's lines buffered by `half_width` metres (GEOS, round ends and joins), prepared
// for repeated tests. One per thread: GEOS handles are not shared.
class StreetCorridor {
public:
    StreetCorridor(const std::vector<NetworkLine>& lines, double half_width);
    ~StreetCorridor();
    StreetCorridor(const StreetCorridor&) = delete;
    StreetCorridor& operator=(const StreetCorridor&) = delete;

    // The straight line from a to b lies inside the corridor (its edge included).
    bool sees(XY a, XY b) const;
    // The part of the corridor seen from `eye` within `radius`: the ends of `rays` rays spread
    // evenly round the eye (or over the sector `bearing +- width / 2`, degrees clockwise from
    // north, with the eye as its first vertex), each stopped where it first leaves the
    // corridor; a closed ring.
    std::vector<XY> seen_from(XY eye, double radius, int rays = 720, double bearing = 0, double width = 360) const;

private:
    geo::GeosContext m_ctx;
    geo::GeomPtr m_corridor, m_boundary;
    geo::PreparedPtr m_prepared;
};

// Each point's nearest point on the lines when within `tolerance` metres (nothing further).
std::vector<std::optional<XY>> nearest_on_lines(const std::vector<NetworkLine>& lines, const std::vector<XY>& points,
                                                double tolerance);

struct ViewCoverNote {
    std::size_t pairs_straight = 0, pairs_view = 0;  // site-point pairs within reach: the circle, and in view
    std::size_t sites_off_street = 0;                // sites further than the tolerance from every street: see nothing
    std::vector<char> point_off_street;              // per demand point: further than the tolerance, never covered
};

// `covers` holds, per site, the demand points within its radius (and view sector) as the crow
// flies, as coverage_within gives them; keeps those seen along the street: the site and the
// point are each put at their nearest point of the network (when within `tolerance`), and the
// straight line between those stays inside the corridor of `half_width`. Sites run on
// `threads` threads with the same answer for any number.
ViewCoverNote cover_in_view(std::vector<std::vector<std::uint32_t>>& covers, const std::vector<XY>& demand,
                            const std::vector<XY>& sites, const std::vector<NetworkLine>& lines, double half_width,
                            double tolerance, unsigned threads = 1);

}  // namespace hotspots
