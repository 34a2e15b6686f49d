#pragma once
// Incidents in memory. Repeated text (crime types, locations, LSOAs) is stored once in a
// StringPool and referred to by index; index 0 is always the empty string.
#include "model/category.hpp"
#include "model/grid.hpp"
#include "model/time.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hotspots {

class StringPool {
public:
    StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;
    StringPool(StringPool&&) noexcept = default;
    StringPool& operator=(StringPool&&) noexcept = default;

    std::uint32_t intern(std::string_view s);
    const std::string& operator[](std::uint32_t i) const { return m_strings[i]; }
    std::size_t size() const noexcept { return m_strings.size(); }

private:
    // Open addressing over the strings' indexes (a million rows look up four values each): a
    // slot holds the top half of the string's hash and its index + 1 (0: empty), so a lookup
    // reads one slot and, when the hashes agree, the one string. Never over half full.
    std::uint32_t insert(std::string_view s, std::uint64_t hash);
    void grow();
    std::deque<std::string> m_strings;
    std::vector<std::uint64_t> m_slots;
};

// Incident ids, mostly unique, kept end to end in one buffer: a million ids cost two
// allocations instead of a million.
class IdStore {
public:
    IdStore() : m_ends(1, 0) {}
    std::uint32_t add(std::string_view id) {
        m_chars.append(id);
        m_ends.push_back(m_chars.size());
        return static_cast<std::uint32_t>(m_ends.size() - 2);
    }
    std::string_view operator[](std::uint32_t i) const {
        return std::string_view(m_chars).substr(m_ends[i], m_ends[i + 1] - m_ends[i]);
    }
    std::size_t size() const noexcept { return m_ends.size() - 1; }
    std::size_t chars() const noexcept { return m_chars.size(); }
    // Room for `more` ids of `chars` characters in all, so that adding them copies nothing
    // (growing by doubling touches about twice the memory the ids end up in).
    void reserve(std::size_t chars, std::size_t more) {
        m_chars.reserve(m_chars.size() + chars);
        m_ends.reserve(m_ends.size() + more);
    }
    void append(const IdStore& other) {
        const std::size_t base = m_chars.size();
        m_chars += other.m_chars;
        for (std::size_t k = 1; k < other.m_ends.size(); ++k) m_ends.push_back(base + other.m_ends[k]);
    }

private:
    std::string m_chars;
    std::vector<std::size_t> m_ends;
};

// The largest weight an incident (or a harm-weight table) may give: a harm index runs to a few
// thousand days, and a surface summed from weights near 1e308 overflows to infinity.
inline constexpr double max_weight = 1e6;

struct Incident {
    double x = 0, y = 0;  // working CRS
    Seconds from = 0, to = 0;  // inclusive interval (see TimeInterval)
    double weight = 1;  // 0 to max_weight
    double bandwidth = 0;      // per-incident kernel bandwidth, metres (0: not given)
    std::uint32_t source = 0;  // index into IncidentSet::sources
    std::uint32_t row = 0;     // 1-based data row (feature) in that source
    std::uint32_t id = 0;      // index into IncidentSet::ids ("" when the source has none)
    std::uint32_t crime_type = 0, location = 0, lsoa_code = 0, lsoa_name = 0;  // pool indexes
    std::uint32_t group = 0;  // pool index of a grouping column (address, victim), "" if none
    std::uint32_t flags = 0;  // bit k: the k-th --where condition of the reading holds
    Category category = Category::unclassified;
    TimePrecision precision = TimePrecision::second;
};

struct SourceSummary {
    std::string path;
    std::string layer;
    std::string schema;   // "police-uk", "police-uk-api", "generic"
    std::string crs;      // source CRS as given or found
    std::uint64_t rows = 0, loaded = 0, rejected = 0;
    std::uint64_t recoded = 0;  // text values that were not UTF-8, converted on reading
    // Of the loaded rows, those left out as they were read: their point lies outside the
    // study extent the step asked for (io::ReadOptions::extent).
    std::uint64_t outside = 0;
};

// A copy shares the ids and the string pool with the set it was copied from (a subset of
// the incidents for one analysis costs only the incidents): only a set being read adds to
// them.
struct IncidentSet {
    std::vector<Incident> incidents;
    std::vector<SourceSummary> sources;
    std::string crs;  // working CRS of x, y

    IncidentSet() : m_ids(std::make_shared<IdStore>()), m_strings(std::make_shared<StringPool>()) { m_ids->add(""); }
    std::string_view id(const Incident& i) const { return (*m_ids)[i.id]; }
    const std::string& text(std::uint32_t pooled) const { return (*m_strings)[pooled]; }
    IdStore& ids() { return *m_ids; }  // ids()[0] is ""
    const IdStore& ids() const { return *m_ids; }
    StringPool& strings() { return *m_strings; }
    const StringPool& strings() const { return *m_strings; }
    // Appends `other` (whose sources follow ours), re-pointing its pooled strings.
    void append(IncidentSet&& other);
    // A set with these sources, CRS, ids and strings, and no incidents (to fill with a subset).
    IncidentSet empty_like() const {
        IncidentSet s;
        s.sources = sources;
        s.crs = crs;
        s.m_ids = m_ids;
        s.m_strings = m_strings;
        return s;
    }

private:
    std::shared_ptr<IdStore> m_ids;
    std::shared_ptr<StringPool> m_strings;
};

// The bounding box of the incidents (an inverted, infinite box when there are none).
Box extent_of(const IncidentSet& set);

}  // namespace hotspots
