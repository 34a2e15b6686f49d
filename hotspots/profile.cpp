#include "hotspots/profile.hpp"

#include "model/parallel.hpp"
#include "model/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {
namespace {

constexpr Seconds hour = 3600;

using detail::floor_div;

// The day number of the last Sunday of month m (1-12) of year y.
std::int64_t last_sunday(int y, int m) {
    const std::int64_t last = days_from_civil(y, m, days_in_month(y, m));
    const int wd = static_cast<int>(((last + 3) % 7 + 7) % 7);  // Monday 0; 1970-01-01 was a Thursday
    return last - (wd + 1) % 7;
}

}  // namespace

int weekday_of(Seconds t) {
    const std::int64_t day = floor_div(t, seconds_per_day);
    return static_cast<int>(((day + 3) % 7 + 7) % 7);
}

int hour_of(Seconds t) { return static_cast<int>(floor_div(t - floor_div(t, seconds_per_day) * seconds_per_day, hour)); }

int clock_change_at(Seconds hour_start) {
    const std::int64_t day = floor_div(hour_start, seconds_per_day);
    if (hour_start - day * seconds_per_day != hour) return 0;  // only 01:00-02:00
    int y = 0, m = 0, d = 0;
    civil_from_days(day, y, m, d);
    if (m == 10 && day == last_sunday(y, 10)) return 1;
    if (m == 3 && day == last_sunday(y, 3)) return -1;
    return 0;
}

void add_aoristic(Seconds from, Seconds to, WeekHours& into) {
    for_each_hour_share(from, to, [&](Seconds h, double share) {
        into[static_cast<std::size_t>(weekday_of(h) * 24 + hour_of(h))] += share;
    });
}

WeekHours aoristic_shares(Seconds from, Seconds to) {
    WeekHours w{};
    add_aoristic(from, to, w);
    return w;
}

WeekProfile week_profile(const IncidentSet& set, unsigned threads) {
    // Fixed blocks summed in order: the same sums whatever the number of threads.
    constexpr std::size_t block = 1 << 16;
    const auto& incs = set.incidents;
    const std::size_t blocks = (incs.size() + block - 1) / block;
    std::vector<WeekProfile> parts(blocks);
    parallel_items(blocks, threads, [&](std::size_t b, unsigned) {
        auto& p = parts[b];
        for (std::size_t i = b * block; i < std::min(incs.size(), (b + 1) * block); ++i) {
            const auto& inc = incs[i];
            ++p.incidents;
            p.starts[static_cast<std::size_t>(weekday_of(inc.from) * 24 + hour_of(inc.from))] += 1;
            if (inc.to > inc.from) ++p.ranged;
            add_aoristic(inc.from, inc.to, p.aoristic);
        }
    });
    WeekProfile p;
    for (const auto& part : parts) {
        p.incidents += part.incidents;
        p.ranged += part.ranged;
        for (std::size_t k = 0; k < hours_per_week; ++k) {
            p.starts[k] += part.starts[k];
            p.aoristic[k] += part.aoristic[k];
        }
    }
    return p;
}

TimeSignature time_signature(const WeekHours& w, std::uint64_t incidents) {
    TimeSignature sig;
    std::array<double, 24> by_hour{};
    std::array<double, 7> by_day{};
    for (int d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h) {
            const double v = w[static_cast<std::size_t>(d * 24 + h)];
            by_hour[static_cast<std::size_t>(h)] += v;
            by_day[static_cast<std::size_t>(d)] += v;
            sig.total += v;
        }
    if (!(sig.total > 0)) return sig;
    const double half = 0.5 * sig.total * (1 - 1e-12);  // a sum of shares can miss a half by a rounding error
    // The shortest run of hours holding half; among runs of that length the fullest, then the
    // earliest start.
    for (int len = 1; len <= 24 && sig.peak_hours == 0; ++len) {
        double best = -1;
        for (int from = 0; from < 24; ++from) {
            double sum = 0;
            for (int k = 0; k < len; ++k) sum += by_hour[static_cast<std::size_t>((from + k) % 24)];
            if (sum >= half && sum > best) {
                best = sum;
                sig.peak_from = from;
                sig.peak_hours = len;
                sig.peak_hours_share = sum / sig.total;
            }
        }
    }
    // The fewest days: the busiest first (ties: the earlier day).
    std::array<int, 7> order{0, 1, 2, 3, 4, 5, 6};
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return by_day[static_cast<std::size_t>(a)] > by_day[static_cast<std::size_t>(b)]; });
    double days = 0;
    for (int d : order) {
        if (days >= half) break;
        sig.peak_days[static_cast<std::size_t>(d)] = true;
        days += by_day[static_cast<std::size_t>(d)];
    }
    sig.peak_days_share = days / sig.total;
    if (incidents >= signature_min_incidents)
        sig.temporal_class = sig.peak_hours <= acute_hours ? "acute" : sig.peak_hours <= focused_hours ? "focused" : "diffused";
    return sig;
}

std::string hours_text(int from, int count) {
    return fmt::format("{}-{}", from, (from + count) % 24);
}

std::string days_text(const std::array<bool, 7>& days) {
    static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::string s;
    for (std::size_t d = 0; d < 7; ++d)
        if (days[d]) {
            if (!s.empty()) s += ',';
            s += names[d];
        }
    return s;
}

std::vector<ClockChange> clock_changes(const IncidentSet& set, int weeks) {
    Seconds first = 0, last = 0;
    bool any = false;
    for (const auto& i : set.incidents) {
        if (i.precision == TimePrecision::month) continue;
        first = any ? std::min(first, i.from) : i.from;
        last = any ? std::max(last, i.from) : i.from;
        any = true;
    }
    std::vector<ClockChange> out;
    if (!any) return out;
    const Seconds span = static_cast<Seconds>(weeks) * 7 * seconds_per_day;
    int y0 = 0, y1 = 0, m = 0, d = 0;
    civil_from_days(floor_div(first, seconds_per_day), y0, m, d);
    civil_from_days(floor_div(last, seconds_per_day), y1, m, d);
    for (int y = y0; y <= y1; ++y)
        for (int month : {3, 10}) {
            const Seconds day = last_sunday(y, month) * seconds_per_day;
            if (day - span >= first && day + span <= last + 1) out.push_back({day, month == 10});
        }
    for (const auto& i : set.incidents) {
        if (i.precision == TimePrecision::month) continue;
        for (auto& c : out) {
            if (i.from < c.day - span || i.from >= c.day + span) continue;
            const bool evening = hour_of(i.from) >= evening_from && hour_of(i.from) < evening_to;
            (i.from < c.day ? c.before : c.after) += 1;
            (i.from < c.day ? c.evening_before : c.evening_after) += evening ? 1 : 0;
        }
    }
    return out;
}

Seasonal seasonal_index(int first_month, const std::vector<double>& counts, double sd_limit) {
    const std::size_t n = counts.size();
    if (n < 24) throw std::invalid_argument("a seasonal index needs at least 24 months; there are " + std::to_string(n));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    Seasonal s;
    s.first_month = first_month;
    s.counts = counts;
    s.trend.assign(n, nan);
    s.ratio.assign(n, nan);
    for (std::size_t t = 6; t + 6 < n; ++t) {
        double sum = 0.5 * (counts[t - 6] + counts[t + 6]);
        for (std::size_t k = t - 5; k <= t + 5; ++k) sum += counts[k];
        s.trend[t] = sum / 12;
        if (s.trend[t] > 0) s.ratio[t] = counts[t] / s.trend[t];
    }
    std::array<double, 12> sum{}, count{};
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(s.ratio[t])) {
            const auto m = static_cast<std::size_t>((first_month + static_cast<int>(t)) % 12);
            sum[m] += s.ratio[t];
            count[m] += 1;
        }
    double mean = 0;
    for (std::size_t m = 0; m < 12; ++m) {
        s.index[m] = count[m] > 0 ? sum[m] / count[m] : 1.0;
        mean += s.index[m] / 12;
    }
    for (double& v : s.index) v /= mean;
    // Months far from their calendar month's usual share. With one year of ratios per month
    // the index is that year itself: nothing can stand out, so at least two are needed.
    if (*std::min_element(count.begin(), count.end()) < 2) return s;
    std::vector<double> rel(n, nan);
    double m1 = 0, m2 = 0, k = 0;
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(s.ratio[t])) {
            const auto m = static_cast<std::size_t>((first_month + static_cast<int>(t)) % 12);
            rel[t] = s.ratio[t] / s.index[m];
            m1 += rel[t];
            m2 += rel[t] * rel[t];
            k += 1;
        }
    const double mean_rel = m1 / k;
    const double sd = std::sqrt(std::max(0.0, (m2 - m1 * m1 / k) / (k - 1)));
    for (std::size_t t = 0; t < n; ++t)
        if (!std::isnan(rel[t]) && sd > 0 && std::abs(rel[t] - mean_rel) > sd_limit * sd)
            s.standouts.push_back(first_month + static_cast<int>(t));
    return s;
}

}  // namespace hotspots
