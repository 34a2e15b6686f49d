#include "model/time.hpp"

#include <cctype>
#include <cstdio>

namespace hotspots {

std::string_view to_string(TimePrecision p) {
    switch (p) {
        case TimePrecision::month: return "month";
        case TimePrecision::day: return "day";
        case TimePrecision::minute: return "minute";
        case TimePrecision::second: return "second";
    }
    return "?";
}

// Howard Hinnant's days_from_civil algorithm (proleptic Gregorian calendar).
std::int64_t days_from_civil(int y, int m, int d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const auto mp = static_cast<unsigned>(m > 2 ? m - 3 : m + 9);
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(yoe + era * 400) + (m <= 2);
}

int days_in_month(int y, int m) noexcept {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return days[m - 1];
}

namespace {

// Reads exactly n digits at pos.
bool digits(std::string_view s, std::size_t& pos, int n, int& out) {
    if (pos + static_cast<std::size_t>(n) > s.size()) return false;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char c = s[pos + static_cast<std::size_t>(i)];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    pos += static_cast<std::size_t>(n);
    out = v;
    return true;
}

// Reads one or two digits (day and month in DD/MM/YYYY may lose their leading zero).
bool one_or_two(std::string_view s, std::size_t& pos, int& out) {
    if (digits(s, pos, 2, out)) return true;
    return digits(s, pos, 1, out);
}

bool expect(std::string_view s, std::size_t& pos, char c) {
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

std::optional<TimeInterval> parse_when(std::string_view text) {
    const std::string_view s = trim(text);
    std::size_t pos = 0;
    int y = 0, m = 0, d = 0;
    bool has_day = true;
    if (s.size() >= 7 && s[4] == '-') {
        if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, m)) return std::nullopt;
        if (pos == s.size()) {
            has_day = false;
        } else if (!expect(s, pos, '-') || !digits(s, pos, 2, d)) {
            return std::nullopt;
        }
    } else {
        if (!one_or_two(s, pos, d) || !expect(s, pos, '/') || !one_or_two(s, pos, m) || !expect(s, pos, '/') ||
            !digits(s, pos, 4, y)) {
            return std::nullopt;
        }
    }
    if (m < 1 || m > 12 || y < 1800 || y > 2200) return std::nullopt;
    if (!has_day) {
        const Seconds first = days_from_civil(y, m, 1) * seconds_per_day;
        return TimeInterval{first, first + days_in_month(y, m) * seconds_per_day - 1, TimePrecision::month};
    }
    if (d < 1 || d > days_in_month(y, m)) return std::nullopt;
    const Seconds day = days_from_civil(y, m, d) * seconds_per_day;
    if (pos == s.size()) return TimeInterval{day, day + seconds_per_day - 1, TimePrecision::day};
    if (!expect(s, pos, 'T') && !expect(s, pos, ' ')) return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!one_or_two(s, pos, hh) || !expect(s, pos, ':') || !digits(s, pos, 2, mm)) return std::nullopt;
    auto precision = TimePrecision::minute;
    if (expect(s, pos, ':')) {
        if (!digits(s, pos, 2, ss)) return std::nullopt;
        precision = TimePrecision::second;
        if (expect(s, pos, '.')) {
            while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        }
    }
    expect(s, pos, 'Z');
    if (pos != s.size() || hh > 23 || mm > 59 || ss > 59) return std::nullopt;
    const Seconds t = day + hh * 3600 + mm * 60 + ss;
    return TimeInterval{t, t, precision};
}

std::optional<Period> parse_period(std::string_view text) {
    const auto dots = text.find("..");
    if (dots == std::string_view::npos) return std::nullopt;
    const auto a = parse_when(text.substr(0, dots));
    const auto b = parse_when(text.substr(dots + 2));
    if (!a || !b || b->to < a->from) return std::nullopt;
    return Period{a->from, b->to};
}

std::string format_date(Seconds t) {
    int y, m, d;
    civil_from_days(t >= 0 ? t / seconds_per_day : (t - seconds_per_day + 1) / seconds_per_day, y, m, d);
    char buf[40];  // room for any int year, so the compiler can see nothing is cut
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string format_month(Seconds t) { return format_date(t).substr(0, 7); }

std::string format_datetime(Seconds t) {
    const Seconds day = t >= 0 ? t / seconds_per_day : (t - seconds_per_day + 1) / seconds_per_day;
    const Seconds rest = t - day * seconds_per_day;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d", format_date(t).c_str(), static_cast<int>(rest / 3600),
                  static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
    return buf;
}

int month_number(Seconds t) noexcept {
    int y = 0, m = 0, d = 0;
    // Floor division, so times before 1970 fall in the right day.
    const std::int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    civil_from_days(day, y, m, d);
    return y * 12 + (m - 1);
}

std::string format_month_number(int month) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
    return buf;
}

}  // namespace hotspots
