#pragma once
// The input's own WGS84 longitude and latitude, kept beside the incidents for the outputs'
// lon/lat columns: printing them costs nothing, transforming x, y back costs a PROJ call a
// row (a fifth of a map of a million rows to .csv). Kept outside Incident, which every
// command holds and kde reads over and over, and only when a command asks (ReadOptions::
// want_lonlat).
#include "model/incident.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hotspots::io {

inline constexpr std::int32_t no_lonlat = INT32_MIN;

// One source row: the longitude and latitude as its text gave them, and the point the reader
// made of them.
struct KeptLonLat {
    double x = 0, y = 0;                                  // working CRS, as transformed on reading
    std::int32_t lon_e6 = no_lonlat, lat_e6 = no_lonlat;  // millionths of a degree; no_lonlat: none kept
};

// Looked up by an incident's source and row, never by its place in a set: a filter, a subset
// or a reordering of the incidents needs to carry nothing.
class InputLonLat {
public:
    InputLonLat() = default;
    // rows[source][row - 1], sources as in the set read.
    explicit InputLonLat(std::vector<std::vector<KeptLonLat>> rows);
    // The input's longitude and latitude of `inc` (degrees), when some are kept for its source
    // and row and its x, y are still exactly the point the reader made of them. Anything that
    // moved the point since (or gave the incident another source or row) makes this false, so
    // the caller transforms x, y instead: a kept lon/lat never disagrees with its point.
    bool find(const Incident& inc, double& lon, double& lat) const {
        if (inc.source >= m_rows.size()) return false;
        const auto& rows = m_rows[inc.source];
        if (inc.row == 0 || inc.row > rows.size()) return false;
        const KeptLonLat& k = rows[inc.row - 1];
        if (k.lon_e6 == no_lonlat || k.x != inc.x || k.y != inc.y) return false;
        lon = k.lon_e6 / 1e6;
        lat = k.lat_e6 / 1e6;
        return true;
    }
    // Rows with a lon/lat kept.
    std::size_t kept() const noexcept { return m_kept; }

private:
    std::vector<std::vector<KeptLonLat>> m_rows;
    std::size_t m_kept = 0;
};

// `text`, which parse_number read as `value`, in millionths of a degree when it is plain
// digits with at most 6 decimals (so that value / 1e6 printed with 6 decimals is the text's
// own digits) and not zero (a zero's sign is PROJ's to give); else no_lonlat.
std::int32_t micro_degrees(std::string_view text, double value);

}  // namespace hotspots::io
