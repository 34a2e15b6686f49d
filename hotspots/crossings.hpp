#pragma once
// Joining street lines where they cross without a shared vertex (a council's centrelines, a
// hand-made layer draw each street as one line): a vertex is added to both lines at each
// crossing, so build_network makes it a junction. See docs/walk.md, "--node-crossings".
#include "model/street.hpp"

#include <cstddef>
#include <vector>

namespace hotspots {

struct CrossingCount {
    std::size_t joined = 0;   // crossings (and ends touching another line inside) made junctions
    std::size_t skipped = 0;  // crossings left apart: a bridge, a tunnel or another layer
};

// Adds a vertex at every point where two segments meet away from a shared vertex: proper
// crossings and an end lying on another line's inside (a T-junction drawn without a vertex),
// unless either line is a bridge or a tunnel or their layers differ. Overlapping collinear
// pieces are left as they are. An end within `snap` metres of another line gets a vertex
// there. The same vertex value goes into both lines at a crossing, so any snap joins
// them. O((n + k) log n) for n segments and k crossings.
CrossingCount node_crossings(std::vector<NetworkLine>& lines, double snap);

}  // namespace hotspots
