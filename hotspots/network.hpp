#pragma once
// A walking network: lines joined where their vertices meet (within a snap distance), the
// points of interest (stops, a start) attached to their nearest edge, and shortest walking
// distances along it (Boost.Graph's Dijkstra). See docs/walk.md.
#include "model/geometry.hpp"
#include "model/street.hpp"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hotspots {

struct Network {
    struct Edge {
        std::uint32_t a = 0, b = 0;
        double length = 0;
        std::uint32_t line = 0;  // index into names
    };
    std::vector<XY> nodes;
    std::vector<Edge> edges;
    std::vector<std::string> names;  // one per line given
    // The connected piece each node belongs to (0 the largest), and each piece's edge count.
    std::vector<std::uint32_t> piece;
    std::vector<std::size_t> piece_edges;
};

// Nodes are the lines' vertices, merged when within `snap` metres of each other (OSM ways and
// OS Open Roads links share their junction vertices; lines that merely cross, as a bridge
// over a road, stay apart). Zero-length segments are dropped.
Network build_network(const std::vector<NetworkLine>& lines, double snap);

// Where a point joins the network: the nearest point of the nearest edge, made a node.
struct Attachment {
    std::uint32_t node = 0;
    double distance = 0;  // from the point to the network, metres
    XY at;                // the node's position
};
// Attaches every point, splitting the edges they land on (several points on one edge make
// a chain of nodes in order along it). Recomputes the pieces. Throws std::invalid_argument
// for a network without edges.
std::vector<Attachment> attach_points(Network& net, const std::vector<XY>& points);

inline constexpr double unreachable = std::numeric_limits<double>::infinity();

// The path found between two nodes: its nodes (both ends included), the edges along it, and
// its length; no nodes when the target cannot be reached.
struct Path {
    std::vector<std::uint32_t> nodes;
    std::vector<std::uint32_t> edges;
    double length = 0;
};

// Shortest walking distances on a network (which must outlive it); both directions of every
// edge (one-way streets do not bind pedestrians). Safe to query from several threads.
class Router {
public:
    explicit Router(const Network& net);
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;
    // Distance from `source` to every node, not searched beyond `limit` metres (nodes further
    // are `unreachable`).
    std::vector<double> distances_from(std::uint32_t source, double limit = unreachable) const;
    Path shortest_path(std::uint32_t source, std::uint32_t target) const;
    struct Graph;  // Boost.Graph's, kept out of this header

private:
    const Network& m_net;
    Graph* m_graph;
};

}  // namespace hotspots
