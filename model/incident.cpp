#include "model/incident.hpp"

#include <algorithm>
#include <functional>

#include <iterator>

namespace hotspots {

namespace {

std::uint64_t hash_of(std::string_view s) { return std::hash<std::string_view>{}(s); }

}  // namespace

StringPool::StringPool() : m_slots(64, 0) { intern(""); }

std::uint32_t StringPool::intern(std::string_view s) {
    if (m_slots.empty()) return insert(s, hash_of(s));  // a pool moved from
    const std::uint64_t hash = hash_of(s), mask = m_slots.size() - 1;
    for (std::uint64_t at = hash & mask;; at = (at + 1) & mask) {
        const std::uint64_t slot = m_slots[at];
        if (slot == 0) break;
        if ((slot >> 32) == (hash >> 32)) {
            const auto i = static_cast<std::uint32_t>(slot) - 1;
            if (m_strings[i] == s) return i;
        }
    }
    return insert(s, hash);
}

std::uint32_t StringPool::insert(std::string_view s, std::uint64_t hash) {
    if (2 * (m_strings.size() + 1) > m_slots.size()) grow();
    const auto i = static_cast<std::uint32_t>(m_strings.size());
    m_strings.emplace_back(s);
    const std::uint64_t mask = m_slots.size() - 1;
    std::uint64_t at = hash & mask;
    while (m_slots[at] != 0) at = (at + 1) & mask;
    m_slots[at] = (hash >> 32 << 32) | (std::uint64_t{i} + 1);
    return i;
}

void StringPool::grow() {
    std::vector<std::uint64_t> slots(std::max<std::size_t>(64, m_slots.size() * 2), 0);
    const std::uint64_t mask = slots.size() - 1;
    for (std::size_t i = 0; i < m_strings.size(); ++i) {
        const std::uint64_t hash = hash_of(m_strings[i]);
        std::uint64_t at = hash & mask;
        while (slots[at] != 0) at = (at + 1) & mask;
        slots[at] = (hash >> 32 << 32) | (std::uint64_t{i} + 1);
    }
    m_slots = std::move(slots);
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
