#include "geo/area_layer.hpp"

#include "model/parallel.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace hotspots {

AreaLayer::AreaLayer(std::string label, std::vector<AreaGeneration> generations)
    : m_label(std::move(label)), m_generations(std::move(generations)) {
    if (m_generations.empty()) throw std::invalid_argument("area layer '" + m_label + "' has no boundaries");
    constexpr Seconds lo = std::numeric_limits<Seconds>::min(), hi = std::numeric_limits<Seconds>::max();
    std::stable_sort(m_generations.begin(), m_generations.end(),
                     [&](const AreaGeneration& a, const AreaGeneration& b) { return a.from.value_or(lo) < b.from.value_or(lo); });
    for (std::size_t g = 1; g < m_generations.size(); ++g) {
        const auto& prev = m_generations[g - 1];
        const auto& next = m_generations[g];
        if (prev.to.value_or(hi) >= next.from.value_or(lo)) {
            throw std::invalid_argument("area layer '" + m_label + "': the periods of '" + prev.source + "' and '" +
                                        next.source + "' overlap; give to= and from= so each date has one set of boundaries");
        }
    }
    m_offsets.push_back(0);
    for (const auto& g : m_generations) m_offsets.push_back(m_offsets.back() + g.index->size());
}

const std::string& AreaLayer::code(std::int32_t area) const {
    const auto a = static_cast<std::size_t>(area);
    const auto g = static_cast<std::size_t>(std::upper_bound(m_offsets.begin(), m_offsets.end(), a) - m_offsets.begin() - 1);
    return m_generations[g].index->code(a - m_offsets[g]);
}

const std::string& AreaLayer::name(std::int32_t area) const {
    const auto a = static_cast<std::size_t>(area);
    const auto g = static_cast<std::size_t>(std::upper_bound(m_offsets.begin(), m_offsets.end(), a) - m_offsets.begin() - 1);
    return m_generations[g].index->name(a - m_offsets[g]);
}

int AreaLayer::generation_at(Seconds t) const {
    for (std::size_t g = 0; g < m_generations.size(); ++g) {
        const auto& gen = m_generations[g];
        if ((!gen.from || t >= *gen.from) && (!gen.to || t <= *gen.to)) return static_cast<int>(g);
    }
    return -1;
}

MappedCounts count_mapped(const std::vector<std::int32_t>& assignment) {
    MappedCounts c;
    for (auto a : assignment) {
        if (a >= 0) ++c.inside;
        else if (a == outside_all) ++c.outside;
        else ++c.no_boundaries;
    }
    return c;
}

std::vector<std::vector<std::int32_t>> map_to_areas(const IncidentSet& set, const std::vector<AreaLayer>& layers,
                                                    unsigned threads) {
    const auto& incs = set.incidents;
    std::vector<std::vector<std::int32_t>> result(layers.size(), std::vector<std::int32_t>(incs.size(), outside_all));
    parallel_chunks(incs.size(), threads, [&](std::size_t begin, std::size_t end, unsigned) {
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const auto& layer = layers[l];
            std::vector<std::unique_ptr<geo::AreaLocator>> locators;
            for (const auto& g : layer.generations()) locators.push_back(std::make_unique<geo::AreaLocator>(*g.index));
            const bool single = layer.generations().size() == 1 && !layer.generations()[0].from && !layer.generations()[0].to;
            auto& out = result[l];
            for (std::size_t i = begin; i < end; ++i) {
                const int g = single ? 0 : layer.generation_at(incs[i].from);
                if (g < 0) {
                    out[i] = no_generation;
                    continue;
                }
                const int a = locators[static_cast<std::size_t>(g)]->locate(incs[i].x, incs[i].y);
                out[i] = a < 0 ? outside_all : static_cast<std::int32_t>(layer.offset(static_cast<std::size_t>(g)) + static_cast<std::size_t>(a));
            }
        }
    });
    return result;
}

}  // namespace hotspots
