#include "pack/periods.hpp"

#include "steps/params.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <regex>

namespace hotspots::pack {
namespace {

using steps::UsageError;

const char* period_forms =
    "FROM..TO, month, previous month, last N months, rolling N months, previous N months, last N days, "
    "same period last year";

Seconds month_start(int m) { return days_from_civil(m / 12, m % 12 + 1, 1) * seconds_per_day; }
Seconds month_end(int m) { return month_start(m + 1) - 1; }

std::string days_text(Seconds from, Seconds to) { return format_date(from) + ".." + format_date(to); }

void need_month(int month, const std::string& text) {
    if (month < 0)
        throw UsageError(fmt::format("'{}' is relative to the pack month: give month = \"YYYY-MM\" in the pack file or "
                                     "--month YYYY-MM",
                                     text));
}

// N of "last N months": from 1 to `most` (1,200 months, 36,500 days: a century). Read with
// from_chars: std::stoi threw std::out_of_range on "last 4000000000 days", which reached the
// command line as "stoi", with no line.
int count_of(const std::smatch& m, int most) {
    const std::string digits = m[1].str();
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || end != digits.data() + digits.size() || n < 1 || n > most)
        throw UsageError(fmt::format("'{}': the count must be from 1 to {}", m[0].str(), most));
    return n;
}
constexpr int most_months = 1200, most_days = 36500;

}  // namespace

int parse_month(const std::string& text) {
    auto when = parse_when(text);
    if (!when || when->precision != TimePrecision::month) throw UsageError("'" + text + "' is not a month (YYYY-MM)");
    return month_number(when->from);
}

std::string resolve_period(const std::string& text, int month, const std::optional<Period>& base) {
    if (text.find("..") != std::string::npos) {
        if (!parse_period(text)) throw UsageError(fmt::format("'{}' is not a period; give {}", text, period_forms));
        return text;
    }
    static const std::regex last_months(R"((?:last|rolling) (\d+) months?)"), previous_months(R"(previous (\d+) months?)"),
        last_days(R"(last (\d+) days?)");
    std::smatch m;
    if (text == "month" || text == "this month") {
        need_month(month, text);
        return days_text(month_start(month), month_end(month));
    }
    if (text == "previous month") {
        need_month(month, text);
        return days_text(month_start(month - 1), month_end(month - 1));
    }
    if (std::regex_match(text, m, last_months)) {
        need_month(month, text);
        return days_text(month_start(month - count_of(m, most_months) + 1), month_end(month));
    }
    if (std::regex_match(text, m, previous_months)) {
        need_month(month, text);
        const int n = count_of(m, most_months);
        return days_text(month_start(month - 2 * n + 1), month_end(month - n));
    }
    if (std::regex_match(text, m, last_days)) {
        need_month(month, text);
        const Seconds end = month_end(month);
        return days_text(end + 1 - static_cast<Seconds>(count_of(m, most_days)) * seconds_per_day, end);
    }
    if (text == "same period last year") {
        if (!base) throw UsageError("'same period last year' needs a period to shift: give the step's period (or after)");
        // Whole months stay whole months (February keeps its last day).
        int y = 0, mo = 0, d = 0;
        civil_from_days(base->from / seconds_per_day, y, mo, d);
        const Seconds from = days_from_civil(y - 1, mo, std::min(d, days_in_month(y - 1, mo))) * seconds_per_day;
        civil_from_days(base->to / seconds_per_day, y, mo, d);
        const bool month_end_day = d == days_in_month(y, mo);
        const int last = month_end_day ? days_in_month(y - 1, mo) : std::min(d, days_in_month(y - 1, mo));
        return days_text(from, days_from_civil(y - 1, mo, last) * seconds_per_day);
    }
    throw UsageError(fmt::format("'{}' is not a period; give {}", text, period_forms));
}

std::string resolve_date(const std::string& text, int month) {
    if (parse_when(text)) return text;
    static const std::regex last_days(R"(last (\d+) days?)");
    std::smatch m;
    if (text == "start of month") {
        need_month(month, text);
        return format_date(month_start(month));
    }
    if (text == "end of month") {
        need_month(month, text);
        return format_date(month_end(month));
    }
    if (std::regex_match(text, m, last_days)) {
        need_month(month, text);
        return format_date(month_end(month) + 1 - static_cast<Seconds>(count_of(m, most_days)) * seconds_per_day);
    }
    throw UsageError(fmt::format("'{}' is not a date; give YYYY-MM-DD, YYYY-MM, start of month, end of month or last N days",
                                 text));
}

}  // namespace hotspots::pack
