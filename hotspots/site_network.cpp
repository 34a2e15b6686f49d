#include "hotspots/site_network.hpp"

#include "hotspots/network.hpp"
#include "model/parallel.hpp"

namespace hotspots {

NetworkCoverNote cover_along_network(std::vector<std::vector<std::uint32_t>>& covers, const std::vector<XY>& demand,
                                     const std::vector<XY>& sites, const std::vector<double>& radius,
                                     const std::vector<NetworkLine>& lines, double snap, unsigned threads) {
    NetworkCoverNote note;
    Network net = build_network(lines, snap);
    // Only the points some site reaches as the crow flies need a place on the network.
    std::vector<std::int64_t> slot(demand.size(), -1);
    std::vector<XY> pts = sites;
    for (const auto& c : covers)
        for (auto i : c)
            if (slot[i] < 0) {
                slot[i] = static_cast<std::int64_t>(pts.size());
                pts.push_back(demand[i]);
            }
    const auto at = attach_points(net, pts);
    note.edges = net.edges.size();
    note.pieces = net.piece_edges.size();
    for (const auto& c : covers) note.pairs_straight += c.size();
    const Router router(net);
    parallel_items(sites.size(), threads, [&](std::size_t j, unsigned) {
        auto& c = covers[j];
        const double left = radius[j] - at[j].distance;  // what the walk may still use after reaching the street
        if (c.empty() || left < 0) {
            c.clear();
            return;
        }
        const auto dist = router.distances_from(at[j].node, left);
        std::erase_if(c, [&](std::uint32_t i) {
            const auto& a = at[static_cast<std::size_t>(slot[i])];
            return !(at[j].distance + dist[a.node] + a.distance <= radius[j]);
        });
    });
    for (std::size_t j = 0; j < sites.size(); ++j) {
        note.sites_off_network += at[j].distance > radius[j];
        note.pairs_network += covers[j].size();
    }
    return note;
}

}  // namespace hotspots
