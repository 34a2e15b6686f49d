#pragma once
// Mapping incidents to area layers, with boundary generations chosen by date.
#include "geo/area_index.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotspots {

// One set of boundaries and the dates it was in force (inclusive; open when absent).
struct AreaGeneration {
    std::shared_ptr<const geo::AreaIndex> index;
    std::optional<Seconds> from, to;
    std::string source;  // the --areas text, for messages
};

// A logical layer ("ward"): one or more generations that must not overlap in time.
class AreaLayer {
public:
    AreaLayer(std::string label, std::vector<AreaGeneration> generations);  // throws std::invalid_argument
    const std::string& label() const noexcept { return m_label; }
    const std::vector<AreaGeneration>& generations() const noexcept { return m_generations; }
    // Areas are numbered across generations: generation g's area i is offset(g) + i.
    std::size_t area_count() const noexcept { return m_offsets.back(); }
    const std::string& code(std::int32_t area) const;
    const std::string& name(std::int32_t area) const;
    // The generation in force at t, or -1.
    int generation_at(Seconds t) const;
    std::size_t offset(std::size_t generation) const { return m_offsets[generation]; }

private:
    std::string m_label;
    std::vector<AreaGeneration> m_generations;  // sorted by start
    std::vector<std::size_t> m_offsets;
};

inline constexpr std::int32_t outside_all = -1;     // in no area of the generation in force
inline constexpr std::int32_t no_generation = -2;   // no boundaries in force on its date

struct MappedCounts {
    std::uint64_t inside = 0, outside = 0, no_boundaries = 0;
};
// How many of one layer's assignments are inside an area, outside all, or undated.
MappedCounts count_mapped(const std::vector<std::int32_t>& assignment);

// For each layer, each incident's area (see AreaLayer numbering) or outside_all /
// no_generation. The generation is the one in force on the incident's start date.
// Runs on `threads` threads; the result does not depend on their number.
std::vector<std::vector<std::int32_t>> map_to_areas(const IncidentSet& set, const std::vector<AreaLayer>& layers,
                                                    unsigned threads);

}  // namespace hotspots
