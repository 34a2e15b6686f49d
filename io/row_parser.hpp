#pragma once
// Turning one source row into an incident, or into a reason it cannot be one.
#include "io/text.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hotspots::io {

enum class RejectReason : std::uint8_t {
    missing_coordinates,
    bad_coordinates,
    zero_coordinates,
    out_of_range,          // beyond +-180 / +-90 in a lon/lat source
    projected_in_lonlat,   // metre-sized numbers in a lon/lat source
    degrees_in_projected,  // degree-sized numbers in a projected source
    outside_crs_area,      // outside the area of use of the source or working CRS
    transform_failed,
    missing_date,
    bad_date,
    reversed_dates,  // --date-to before --date
    bad_weight,
    bad_bandwidth,
    not_a_point,  // a geometry source whose feature is not a point
    unclosed_quote,  // a CSV row whose quote never closes, and the rows it swallowed
    nul_byte,        // a CSV line starting with a NUL byte, which GDAL skips
};
inline constexpr int reject_reason_count = 16;
std::string_view to_string(RejectReason r);
// What to do about it, for messages.
std::string_view advice(RejectReason r);

struct Reject {
    std::uint32_t source = 0;  // index into IncidentSet::sources
    std::uint64_t row = 0;
    RejectReason reason{};
    std::string detail;  // the offending values: goes to --rejects only, never to the log
};

// Views of one row's fields; empty when the source has no such column.
struct RawRow {
    std::string_view x, y;  // coordinate columns, when the schema uses them
    bool from_geometry = false;
    bool geometry_ok = false;  // a point was present
    double gx = 0, gy = 0;
    std::string_view date, date_to, type, id, id_fallback, weight, location, lsoa_code, lsoa_name, bandwidth, group;
};

// Fills `out` (coordinates still in the source CRS) and returns true, or fills reason and
// detail and returns false. `lonlat` says the coordinates are degrees.
class RowParser {
public:
    RowParser(IncidentSet& set, bool lonlat, Encoding encoding = Encoding::automatic)
        : m_set(set), m_lonlat(lonlat), m_encoding(encoding) {}
    bool parse(const RawRow& row, Incident& out, RejectReason& reason, std::string& detail);
    // From now on a row whose point lies inside `valid` (points outside it are left to the
    // caller's check of the CRS's area) but outside `keep` is checked as every row is, so it
    // is rejected for the same reasons, and then not stored: parse returns false and
    // outside() true. Its text values are never pooled.
    void keep_only(const Box& keep, const Box& valid) {
        m_keep = keep;
        m_valid = valid;
        m_only_inside = true;
    }
    // Whether the last row parse returned false for was outside keep_only's box (not a reject).
    bool outside() const noexcept { return m_outside; }
    // Text values that were not UTF-8 and were converted (see to_utf8).
    std::uint64_t recoded() const noexcept { return m_recoded; }

private:
    std::string_view utf8(std::string_view value);
    IncidentSet& m_set;
    bool m_lonlat;
    Encoding m_encoding;
    std::uint64_t m_recoded = 0;
    bool m_only_inside = false, m_outside = false;
    Box m_keep, m_valid;
    std::string m_scratch;
    std::vector<std::int16_t> m_category;  // by pooled crime type; -1 = not yet known
    // Consecutive rows often repeat a value (files sorted by LSOA or type): remember the
    // last value of each pooled column to skip the hash lookup.
    struct Last {
        std::string text;      // starts as "", which is always pool index 0
        std::uint32_t id = 0;
    };
    std::uint32_t pooled(Last& last, std::string_view value);
    Last m_type, m_location, m_lsoa_code, m_lsoa_name;
};

// Parses a number written with a '.' decimal point, whatever the locale. Leading and
// trailing spaces are allowed; nothing else.
bool parse_number(std::string_view text, double& out);

}  // namespace hotspots::io
