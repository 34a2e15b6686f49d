#pragma once
// Civil dates and times without time zones: police exports record local (UK) clock time,
// and data.police.uk only a month. Instants are seconds since 1970-01-01T00:00:00.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspots {

using Seconds = std::int64_t;
inline constexpr Seconds seconds_per_day = 86400;

enum class TimePrecision : std::uint8_t { month, day, minute, second };
std::string_view to_string(TimePrecision p);

// An inclusive interval [from, to]: a month runs from its first day 00:00:00 to its last
// day 23:59:59; a day from 00:00:00 to 23:59:59; a time of day is a single instant.
struct TimeInterval {
    Seconds from = 0;
    Seconds to = 0;
    TimePrecision precision = TimePrecision::second;
};

std::int64_t days_from_civil(int y, int m, int d) noexcept;
void civil_from_days(std::int64_t days, int& y, int& m, int& d) noexcept;
// Calendar months since year 0 of the month holding t: year x 12 + (month - 1).
int month_number(Seconds t) noexcept;
int days_in_month(int y, int m) noexcept;

// Accepts YYYY-MM, YYYY-MM-DD, DD/MM/YYYY (UK order), and a date followed by 'T' or a space
// and HH:MM or HH:MM:SS (fractional seconds and a trailing 'Z' are ignored). Returns
// nothing for anything else, including impossible dates (2023-02-30) and times (25:00).
std::optional<TimeInterval> parse_when(std::string_view text);

// A period of whole days or months, both ends inclusive: FROM..TO as parse_when reads each
// end (2023-01..2023-12 is the whole of 2023).
struct Period {
    Seconds from = 0, to = 0;
    double days() const { return static_cast<double>(to - from + 1) / 86400.0; }
};
std::optional<Period> parse_period(std::string_view text);

std::string format_date(Seconds t);      // YYYY-MM-DD
std::string format_month(Seconds t);     // YYYY-MM
std::string format_month_number(int month);  // YYYY-MM of a month_number()
std::string format_datetime(Seconds t);  // YYYY-MM-DDTHH:MM:SS

}  // namespace hotspots
