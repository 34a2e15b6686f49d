#include "hotspots/summary.hpp"

namespace hotspots {

std::vector<SummaryRow> summarise(const IncidentSet& set, const std::vector<AreaLayer>& layers,
                                  const std::vector<std::vector<std::int32_t>>& assignment,
                                  const std::vector<std::vector<bool>>& keep) {
    std::vector<SummaryRow> rows;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& layer = layers[l];
        const std::size_t n = layer.area_count();
        std::vector<SummaryRow> block(n + 2);
        for (std::size_t a = 0; a < n; ++a) {
            block[a].code = layer.code(static_cast<std::int32_t>(a));
            block[a].name = layer.name(static_cast<std::int32_t>(a));
        }
        block[n].code = "outside";
        block[n].name = "in no area";
        block[n + 1].code = "no-boundaries";
        block[n + 1].name = "no boundaries in force on the incident's date";
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            const auto a = assignment[l][i];
            auto& row = block[a >= 0 ? static_cast<std::size_t>(a) : (a == outside_all ? n : n + 1)];
            ++row.total;
            row.members.push_back(static_cast<std::uint32_t>(i));
            row.weight += set.incidents[i].weight;
            ++row.by_category[static_cast<std::size_t>(set.incidents[i].category)];
        }
        for (std::size_t a = 0; a < n + 2; ++a) {
            if (a >= n && block[a].total == 0) continue;
            if (a < n && l < keep.size() && !keep[l][a]) continue;
            block[a].layer = layer.label();
            rows.push_back(std::move(block[a]));
        }
    }
    return rows;
}

}  // namespace hotspots
