#pragma once
// Street segments as units: a network's lines cut at its junctions, incidents snapped to the
// nearest segment, the segments' network adjacency for Gi*, and the hot streets (consecutive
// hot segments of one street merged). See docs/streets.md.
#include "hotspots/gistar.hpp"
#include "hotspots/network.hpp"
#include "model/geometry.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

// A piece of street between two junctions (nodes of degree != 2) or where the street's
// name changes: its line from node `a` to node `b` (of the Network it was cut from), its
// street's name and its length in metres.
struct Segment {
    std::vector<XY> points;
    std::uint32_t a = 0, b = 0;
    std::string name;
    double length = 0;
};

struct StreetSegments {
    std::vector<Segment> segments;
    std::vector<std::uint32_t> degree;  // each node of the network: the edges that meet there
};

// Cuts the network's edges into segments: chains of edges through nodes where exactly two
// edges of the same street meet. A closed ring with no junction is one segment. Segments
// are ordered by their first edge, so the same network always gives the same numbering.
StreetSegments cut_segments(const Network& net);

// Where an incident lies on the streets: its segment (-1 when further than the tolerance
// from every segment: unsnapped), the distance to it and how far along it (metres from its
// end a). Ties between equally near segments go to the lower segment number.
struct Snap {
    std::int64_t segment = -1;
    double distance = 0;
    double along = 0;
};
// Nearest segment of every point within `tolerance` metres (an R-tree of the segments'
// pieces). Throws std::invalid_argument when there are no segments or tolerance < 0.
std::vector<Snap> snap_to_segments(const std::vector<Segment>& segments, const std::vector<XY>& points,
                                   double tolerance);

// Gi* neighbours of segments: each segment with itself and the segments that share a
// junction with it (`band` 0), or every segment whose nearer end lies within `band` metres
// walking distance of one of its ends (band > 0; shortest paths along the segments).
// Binary weights, or row-standardised.
Neighbours segment_neighbours(const StreetSegments& s, double band, bool row_standardise);

// A hot street: consecutive hot segments (sharing a junction) of one street, merged.
struct HotStreet {
    std::string name;
    std::vector<std::uint32_t> segments;  // in increasing number
    double length = 0;
    double incidents = 0;
    double per_100m = 0;
    double max_z = 0;
};
// Segments are hot when their bin is > 0 (Gi* with its adjustment). The hot streets, the
// most incidents per 100 m first (ties: more incidents, then the lower first segment).
// Unnamed segments are merged only with unnamed neighbours.
std::vector<HotStreet> hot_streets(const StreetSegments& s, const std::vector<double>& counts, const GiStar& gi);

// Points evenly spaced along a polyline: the point at `along` metres from its start
// (clamped to its ends).
XY point_along(const std::vector<XY>& line, double along);
// The part of a polyline between `from` and `to` metres along it (from < to).
std::vector<XY> piece_of(const std::vector<XY>& line, double from, double to);

}  // namespace hotspots
