#include "io/row_parser.hpp"

#include "io/text.hpp"

#include <charconv>
#include <cmath>

namespace hotspots::io {

std::string_view to_string(RejectReason r) {
    switch (r) {
        case RejectReason::missing_coordinates: return "missing-coordinates";
        case RejectReason::bad_coordinates: return "bad-coordinates";
        case RejectReason::zero_coordinates: return "zero-coordinates";
        case RejectReason::out_of_range: return "coordinates-out-of-range";
        case RejectReason::projected_in_lonlat: return "projected-numbers-in-lon-lat";
        case RejectReason::degrees_in_projected: return "degrees-in-projected-crs";
        case RejectReason::outside_crs_area: return "outside-crs-area-of-use";
        case RejectReason::transform_failed: return "transform-failed";
        case RejectReason::missing_date: return "missing-date";
        case RejectReason::bad_date: return "bad-date";
        case RejectReason::reversed_dates: return "date-to-before-date";
        case RejectReason::bad_weight: return "bad-weight";
        case RejectReason::bad_bandwidth: return "bad-bandwidth";
        case RejectReason::not_a_point: return "not-a-point";
        case RejectReason::unclosed_quote: return "unclosed-quote";
        case RejectReason::nul_byte: return "nul-byte";
    }
    return "?";
}

std::string_view advice(RejectReason r) {
    switch (r) {
        case RejectReason::projected_in_lonlat:
            return "these look like projected metres: name them with --x/--y and give --crs (e.g. EPSG:27700)";
        case RejectReason::degrees_in_projected:
            return "these look like degrees: name them with --lon/--lat";
        case RejectReason::outside_crs_area:
            return "check --crs, and that longitude and latitude are not swapped";
        case RejectReason::bad_date:
            return "dates must be YYYY-MM, YYYY-MM-DD, DD/MM/YYYY, optionally with HH:MM[:SS]";
        case RejectReason::unclosed_quote:
            return "a quote (\") opens a field and does not close where the row ends: double it (\"\") inside a field, or "
                   "close it";
        case RejectReason::nul_byte: return "remove the NUL bytes (0x00) from the file";
        default: return "";
    }
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The rejects file is UTF-8 and read by people: a value is shown as valid UTF-8, and cut
// when long (a stray quote can put a whole file into one field).
std::string field_detail(const char* name, std::string_view value) {
    constexpr std::size_t most = 120;
    std::string shown = utf8_safe(value);
    if (shown.size() > most) {
        std::size_t cut = most;
        while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
        shown = shown.substr(0, cut) + "... (" + std::to_string(value.size()) + " bytes)";
    }
    return std::string(name) + "='" + shown + "'";
}

}  // namespace

bool parse_number(std::string_view text, double& out) {
    const std::string_view s = trim(text);
    if (s.empty()) return false;
    const char* first = s.data();
    if (*first == '+') ++first;
    const auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size() && std::isfinite(out);
}

std::string_view RowParser::utf8(std::string_view value) {
    bool recoded = false;
    const auto out = to_utf8(value, m_encoding, m_scratch, recoded);
    m_recoded += recoded;
    return out;
}

std::uint32_t RowParser::pooled(Last& last, std::string_view value) {
    if (value.empty()) return 0;  // the pool's first string, always ""
    if (value == last.text) return last.id;
    last.text.assign(value);  // before converting: the next row compares raw with raw
    last.id = m_set.strings().intern(utf8(value));
    return last.id;
}

bool RowParser::parse(const RawRow& row, Incident& out, RejectReason& reason, std::string& detail) {
    auto& set = m_set;
    m_outside = false;
    double x = 0, y = 0;
    if (row.from_geometry) {
        if (!row.geometry_ok) {
            reason = RejectReason::not_a_point;
            detail = "geometry missing or not a point";
            return false;
        }
        x = row.gx;
        y = row.gy;
    } else {
        if (trim(row.x).empty() || trim(row.y).empty()) {
            reason = RejectReason::missing_coordinates;
            detail = field_detail("x", row.x) + " " + field_detail("y", row.y);
            return false;
        }
        if (!parse_number(row.x, x) || !parse_number(row.y, y)) {
            reason = RejectReason::bad_coordinates;
            detail = field_detail("x", row.x) + " " + field_detail("y", row.y);
            return false;
        }
    }
    auto coords = [&] { return "x=" + std::to_string(x) + " y=" + std::to_string(y); };
    if (x == 0 && y == 0) {
        reason = RejectReason::zero_coordinates;
        detail = coords();
        return false;
    }
    if (m_lonlat) {
        if (std::fabs(x) > 180 || std::fabs(y) > 90) {
            reason = (std::fabs(x) > 1000 && std::fabs(y) > 1000) ? RejectReason::projected_in_lonlat
                                                                  : RejectReason::out_of_range;
            detail = coords();
            return false;
        }
    } else if (std::fabs(x) <= 180 && std::fabs(y) <= 90) {
        reason = RejectReason::degrees_in_projected;
        detail = coords();
        return false;
    }

    const auto date = trim(row.date);
    if (date.empty()) {
        reason = RejectReason::missing_date;
        detail = "date=''";
        return false;
    }
    auto when = parse_when(date);
    if (!when) {
        reason = RejectReason::bad_date;
        detail = field_detail("date", date);
        return false;
    }
    if (const auto to_text = trim(row.date_to); !to_text.empty()) {
        auto until = parse_when(to_text);
        if (!until) {
            reason = RejectReason::bad_date;
            detail = field_detail("date_to", to_text);
            return false;
        }
        if (until->to < when->from) {
            reason = RejectReason::reversed_dates;
            detail = field_detail("date", date) + " " + field_detail("date_to", to_text);
            return false;
        }
        when->to = until->to;
        if (until->precision < when->precision) when->precision = until->precision;
    }
    double weight = 1;
    if (const auto w = trim(row.weight); !w.empty()) {
        if (!parse_number(w, weight) || weight < 0 || weight > max_weight) {
            reason = RejectReason::bad_weight;
            detail = field_detail("weight", w) + (weight > max_weight ? " (over 1000000, the most a weight may be)" : "");
            return false;
        }
    }
    double bandwidth = 0;
    if (const auto b = trim(row.bandwidth); !b.empty()) {
        if (!parse_number(b, bandwidth) || !(bandwidth > 0)) {
            reason = RejectReason::bad_bandwidth;
            detail = field_detail("bandwidth", b);
            return false;
        }
    }
    // Every check above is made whatever the point, so the rejects do not depend on the box.
    // A NaN is inside no box: it is left to the transformation's check, as without one.
    if (m_only_inside) {
        const auto in = [x, y](const Box& b) { return x >= b.xmin && x <= b.xmax && y >= b.ymin && y <= b.ymax; };
        if (in(m_valid) && !in(m_keep)) {
            m_outside = true;
            return false;
        }
    }

    out.x = x;
    out.y = y;
    out.from = when->from;
    out.to = when->to;
    out.precision = when->precision;
    out.weight = weight;
    out.bandwidth = bandwidth;
    const auto group = trim(row.group);
    out.group = group.empty() ? 0 : m_set.strings().intern(utf8(group));
    const auto type = trim(row.type);
    out.crime_type = pooled(m_type, type);
    if (out.crime_type >= m_category.size()) m_category.resize(out.crime_type + 1, -1);
    if (m_category[out.crime_type] < 0) m_category[out.crime_type] = static_cast<std::int16_t>(categorise(set.text(out.crime_type)));
    out.category = static_cast<Category>(m_category[out.crime_type]);
    auto id = trim(row.id);
    if (id.empty()) id = trim(row.id_fallback);
    if (!id.empty()) {
        out.id = set.ids().add(utf8(id));
    } else {
        out.id = 0;
    }
    out.location = pooled(m_location, trim(row.location));
    out.lsoa_code = pooled(m_lsoa_code, trim(row.lsoa_code));
    out.lsoa_name = pooled(m_lsoa_name, trim(row.lsoa_name));
    return true;
}

}  // namespace hotspots::io
