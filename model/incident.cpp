#include "model/incident.hpp"

#include <algorithm>

#include <iterator>

namespace hotspots {

StringPool::StringPool() { intern(""); }

std::uint32_t StringPool::intern(std::string_view s) {
    if (auto it = m_index.find(s); it != m_index.end()) return it->second;
    const auto i = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(s);
    m_index.emplace(m_strings.back(), i);
    return i;
}

void IncidentSet::append(IncidentSet&& other) {
    if (incidents.empty() && sources.empty() && m_ids->size() == 1 && m_strings->size() == 1) {
        // Nothing to re-point: take the other set whole (a single file costs no copy).
        const std::string keep_crs = crs;
        *this = std::move(other);
        if (!keep_crs.empty()) crs = keep_crs;
        other = IncidentSet{};
        return;
    }
    std::vector<std::uint32_t> remap(other.strings().size());
    for (std::uint32_t i = 0; i < remap.size(); ++i) remap[i] = m_strings->intern(other.strings()[i]);
    const auto source_offset = static_cast<std::uint32_t>(sources.size());
    // other's ids (its "" at index 0 included) follow ours.
    const auto id_offset = static_cast<std::uint32_t>(m_ids->size());
    if (incidents.capacity() < incidents.size() + other.incidents.size())
        incidents.reserve(std::max(incidents.size() + other.incidents.size(), 2 * incidents.capacity()));
    for (auto inc : other.incidents) {
        inc.source += source_offset;
        inc.id = inc.id == 0 ? 0 : inc.id + id_offset;
        inc.crime_type = remap[inc.crime_type];
        inc.location = remap[inc.location];
        inc.lsoa_code = remap[inc.lsoa_code];
        inc.lsoa_name = remap[inc.lsoa_name];
        inc.group = remap[inc.group];
        incidents.push_back(inc);
    }
    m_ids->append(other.ids());
    sources.insert(sources.end(), std::make_move_iterator(other.sources.begin()),
                   std::make_move_iterator(other.sources.end()));
    other = IncidentSet{};
}

Box extent_of(const IncidentSet& set) {
    Box b = Box::nothing();
    for (const auto& i : set.incidents) b.include(i.x, i.y);
    return b;
}

}  // namespace hotspots
