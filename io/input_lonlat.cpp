#include "io/input_lonlat.hpp"

#include "model/condition.hpp"

#include <cmath>
#include <utility>

namespace hotspots::io {

InputLonLat::InputLonLat(std::vector<std::vector<KeptLonLat>> rows) : m_rows(std::move(rows)) {
    for (const auto& source : m_rows)
        for (const auto& k : source) m_kept += k.lon_e6 != no_lonlat;
}

std::int32_t micro_degrees(std::string_view text, double value) {
    // parse_number read it: blanks round a number, a + or - and from_chars' digits.
    std::string_view s = trim_blanks(text);
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    const auto point = s.find('.');
    const std::string_view whole = s.substr(0, point);
    const std::string_view decimals = point == std::string_view::npos ? std::string_view() : s.substr(point + 1);
    auto digits = [](std::string_view d) {
        for (const char c : d)
            if (c < '0' || c > '9') return false;
        return true;
    };
    // +-180 is one meridian: which sign comes back is PROJ's to say.
    if (whole.empty() || decimals.size() > 6 || !digits(whole) || !digits(decimals) || !(std::fabs(value) < 180))
        return no_lonlat;
    const auto e6 = static_cast<std::int32_t>(std::llround(value * 1e6));
    return e6 == 0 ? no_lonlat : e6;
}

}  // namespace hotspots::io
