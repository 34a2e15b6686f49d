#include "hotspots/filter.hpp"
#include "hotspots/profile.hpp"
#include "model/time.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

using namespace hotspots;

namespace {
Seconds at(int y, int m, int d, int h, int min = 0) { return days_from_civil(y, m, d) * 86400 + h * 3600 + min * 60; }
double sum(const WeekHours& w) { return std::accumulate(w.begin(), w.end(), 0.0); }
std::size_t slot(int weekday, int hour) { return static_cast<std::size_t>(weekday * 24 + hour); }
}  // namespace

TEST_CASE("weekdays and hours of civil times") {
    CHECK(weekday_of(at(2024, 1, 1, 0)) == 0);  // a Monday
    CHECK(weekday_of(at(2024, 1, 7, 23)) == 6);
    CHECK(hour_of(at(2024, 1, 7, 23, 59)) == 23);
    CHECK(weekday_of(at(1969, 12, 31, 12)) == 2);  // a Wednesday, before 1970
}

TEST_CASE("the clock changes of Europe/London") {
    CHECK(clock_change_at(at(2023, 10, 29, 1)) == 1);   // last Sunday of October 2023
    CHECK(clock_change_at(at(2023, 10, 29, 2)) == 0);
    CHECK(clock_change_at(at(2023, 10, 22, 1)) == 0);
    CHECK(clock_change_at(at(2024, 3, 31, 1)) == -1);   // last Sunday of March 2024
    CHECK(clock_change_at(at(2021, 10, 31, 1)) == 1);
}

TEST_CASE("aoristic shares add up to 1 and follow the range") {
    SECTION("a point in time: all in its hour") {
        const auto w = aoristic_shares(at(2024, 1, 3, 14, 20), at(2024, 1, 3, 14, 20));
        CHECK(w[slot(2, 14)] == 1.0);
        CHECK(sum(w) == Approx(1.0));
    }
    SECTION("22:00 to 02:00 over midnight: a quarter each") {
        const auto w = aoristic_shares(at(2024, 1, 5, 22), at(2024, 1, 6, 2) - 1);
        CHECK(sum(w) == Approx(1.0));
        for (auto s : {slot(4, 22), slot(4, 23), slot(5, 0), slot(5, 1)}) CHECK(w[s] == Approx(0.25));
    }
    SECTION("the night the clocks go back: 25 hours, the repeated hour twice") {
        const auto w = aoristic_shares(at(2023, 10, 29, 0), at(2023, 10, 30, 0) - 1);
        CHECK(sum(w) == Approx(1.0));
        CHECK(w[slot(6, 1)] == Approx(2.0 / 25));
        CHECK(w[slot(6, 0)] == Approx(1.0 / 25));
        CHECK(w[slot(6, 12)] == Approx(1.0 / 25));
    }
    SECTION("the night the clocks go forward: 23 hours, none at 01:00") {
        const auto w = aoristic_shares(at(2024, 3, 31, 0), at(2024, 4, 1, 0) - 1);
        CHECK(w[slot(6, 1)] == 0.0);
        CHECK(w[slot(6, 5)] == Approx(1.0 / 23));
    }
    SECTION("a 3-day range: 72 hours of 1/72") {
        const auto w = aoristic_shares(at(2024, 1, 1, 9), at(2024, 1, 4, 9) - 1);
        CHECK(sum(w) == Approx(1.0));
        CHECK(w[slot(0, 9)] == Approx(1.0 / 72));
        CHECK(w[slot(2, 8)] == Approx(1.0 / 72));
        CHECK(w[slot(3, 9)] == 0.0);
    }
    SECTION("longer than a week: even") {
        const auto w = aoristic_shares(at(2024, 1, 1, 0), at(2024, 1, 20, 0));
        for (double v : w) CHECK(v == Approx(1.0 / 168));
    }
    SECTION("a half hour: the minutes count") {
        const auto w = aoristic_shares(at(2024, 1, 1, 9, 45), at(2024, 1, 1, 10, 15) - 1);
        CHECK(w[slot(0, 9)] == Approx(0.5));
        CHECK(w[slot(0, 10)] == Approx(0.5));
    }
}

TEST_CASE("the seasonal index recovers a planted season") {
    // 10 years of a level 100 with December at 1.5 and June at 0.7 (the rest scaled to average 1).
    std::array<double, 12> planted{};
    planted.fill(1.0);
    planted[11] = 1.5;
    planted[5] = 0.7;
    double mean = 0;
    for (double v : planted) mean += v / 12;
    for (double& v : planted) v /= mean;
    std::vector<double> counts;
    for (int t = 0; t < 120; ++t) counts.push_back(100 * planted[static_cast<std::size_t>(t % 12)]);
    auto s = seasonal_index(2015 * 12, counts);
    for (std::size_t m = 0; m < 12; ++m) CHECK(s.index[m] == Approx(planted[m]).epsilon(1e-9));
    CHECK(s.standouts.empty());
    // One month at half its usual: it stands out.
    counts[50] /= 2;
    s = seasonal_index(2015 * 12, counts);
    REQUIRE_FALSE(s.standouts.empty());
    CHECK(s.standouts.front() == 2015 * 12 + 50);
    CHECK_THROWS_AS(seasonal_index(0, std::vector<double>(23, 1.0)), std::invalid_argument);
}

TEST_CASE("the week profile is the same on any number of threads") {
    IncidentSet set;
    for (int i = 0; i < 200000; ++i) {
        Incident inc;
        inc.from = at(2023, 1, 1, 0) + static_cast<Seconds>(i) * 977;
        inc.to = inc.from + (i % 3 == 0 ? 0 : (i % 97) * 1811);
        set.incidents.push_back(inc);
    }
    const auto one = week_profile(set, 1), two = week_profile(set, 2);
    CHECK(one.incidents == 200000);
    CHECK(one.starts == two.starts);
    CHECK(one.aoristic == two.aoristic);  // exactly: fixed blocks summed in order
    CHECK(std::accumulate(one.aoristic.begin(), one.aoristic.end(), 0.0) == Approx(200000));
}

TEST_CASE("time filters: 22-02 keeps exactly the night's incidents, by start or whole range") {
    FilterOptions o;
    o.hours.fill(false);
    for (int h : {22, 23, 0, 1}) o.hours[static_cast<std::size_t>(h)] = true;
    auto inc = [](Seconds from, Seconds to) {
        Incident i;
        i.from = from;
        i.to = to;
        return i;
    };
    CHECK(in_times(inc(at(2024, 1, 5, 22, 0), at(2024, 1, 5, 22, 0)), o));
    CHECK(in_times(inc(at(2024, 1, 6, 1, 59), at(2024, 1, 6, 1, 59)), o));
    CHECK_FALSE(in_times(inc(at(2024, 1, 6, 2, 0), at(2024, 1, 6, 2, 0)), o));
    CHECK_FALSE(in_times(inc(at(2024, 1, 5, 21, 59), at(2024, 1, 5, 21, 59)), o));
    const auto night = inc(at(2024, 1, 5, 23, 0), at(2024, 1, 6, 1, 30));
    const auto into_morning = inc(at(2024, 1, 5, 23, 0), at(2024, 1, 6, 7, 0));
    CHECK(in_times(night, o));
    CHECK(in_times(into_morning, o));  // by its start
    o.whole_range = true;
    CHECK(in_times(night, o));
    CHECK_FALSE(in_times(into_morning, o));  // not all of it
    // Weekdays and months.
    FilterOptions w;
    w.days.fill(false);
    w.days[4] = w.days[5] = true;  // Friday, Saturday
    CHECK(in_times(inc(at(2024, 1, 5, 12), at(2024, 1, 5, 12)), w));   // a Friday
    CHECK_FALSE(in_times(inc(at(2024, 1, 7, 12), at(2024, 1, 7, 12)), w));  // a Sunday
    FilterOptions m;
    m.months.fill(false);
    m.months[10] = true;  // November
    CHECK(in_times(inc(at(2024, 11, 30, 23), at(2024, 11, 30, 23)), m));
    CHECK_FALSE(in_times(inc(at(2024, 12, 1, 0), at(2024, 12, 1, 0)), m));
}

TEST_CASE("aoristic time rule: an incident counts with the share of its range in the window") {
    FilterOptions o;
    o.hours.fill(false);
    for (int h : {22, 23, 0, 1}) o.hours[static_cast<std::size_t>(h)] = true;
    o.aoristic = true;
    auto inc = [](Seconds from, Seconds to) {
        Incident i;
        i.from = from;
        i.to = to;
        return i;
    };
    // 20:00-23:59:59: two of its four hours are in 22-02.
    CHECK(share_in_times(inc(at(2024, 1, 5, 20), at(2024, 1, 5, 23, 59) + 59), o) == Approx(0.5));
    // A point in time: all or nothing.
    CHECK(share_in_times(inc(at(2024, 1, 5, 23, 10), at(2024, 1, 5, 23, 10)), o) == 1);
    CHECK(share_in_times(inc(at(2024, 1, 5, 12), at(2024, 1, 5, 12)), o) == 0);
    // Over a week: 4 hours of every 24.
    CHECK(share_in_times(inc(at(2024, 1, 1, 0), at(2024, 1, 20, 0)), o) == Approx(4.0 / 24));
    // The October clock change: 00:00-02:59:59 on 2024-10-27 lasts 4 real hours (01:00 twice),
    // three of them (00:00, both 01:00) inside the window.
    CHECK(share_in_times(inc(at(2024, 10, 27, 0), at(2024, 10, 27, 2, 59) + 59), o) == Approx(0.75));

    // select(): shares come back, and an incident with none is dropped and counted.
    IncidentSet set;
    set.incidents = {inc(at(2024, 1, 5, 20), at(2024, 1, 5, 23, 59) + 59), inc(at(2024, 1, 5, 12), at(2024, 1, 5, 13))};
    FilterCounts counts;
    std::vector<double> shares;
    const auto keep = select(set, o, counts, &shares);
    CHECK(keep == std::vector<bool>{true, false});
    CHECK(shares[0] == Approx(0.5));
    CHECK(counts.outside_time == 1);
}

TEST_CASE("time signature: the shortest run of hours holding half, the fewest days, the class") {
    WeekHours w{};
    // All of it Saturday 23:00: one hour, one day: acute.
    w[slot(5, 23)] = 20;
    auto s = time_signature(w, 20);
    CHECK(s.peak_from == 23);
    CHECK(s.peak_hours == 1);
    CHECK(s.peak_hours_share == 1);
    CHECK(days_text(s.peak_days) == "sat");
    CHECK(s.temporal_class == "acute");
    CHECK(hours_text(s.peak_from, s.peak_hours) == "23-0");
    // Even over the week: half takes 12 hours and 4 days: diffused.
    WeekHours even{};
    even.fill(1);
    s = time_signature(even, 168);
    CHECK(s.peak_hours == 12);
    CHECK(s.peak_from == 0);  // every run ties: the earliest start
    CHECK(days_text(s.peak_days) == "mon,tue,wed,thu");
    CHECK(s.temporal_class == "diffused");
    // Half in 22:00-01:59 wrapping midnight, the rest spread: a run of 4 hours: focused.
    WeekHours wrap{};
    for (int d = 0; d < 7; ++d) {
        for (int h : {22, 23, 0, 1}) wrap[slot(d, h)] = 6;  // 4 x 7 x 6 = 168
        for (int h = 2; h < 22; ++h) wrap[slot(d, h)] = 1.2;  // 20 x 7 x 1.2 = 168
    }
    s = time_signature(wrap, 336);
    CHECK(s.peak_from == 22);
    CHECK(s.peak_hours == 4);
    CHECK(s.peak_hours_share == Approx(0.5));
    CHECK(hours_text(s.peak_from, s.peak_hours) == "22-2");
    CHECK(s.temporal_class == "focused");
    // Too few incidents for a class.
    CHECK(time_signature(w, 9).temporal_class.empty());
}

TEST_CASE("clock changes: incidents the weeks either side, and in the evening hours") {
    IncidentSet set;
    auto add = [&](Seconds t) {
        Incident i;
        i.from = i.to = t;
        i.precision = TimePrecision::minute;
        set.incidents.push_back(i);
    };
    // 2024-10-27 (clocks back). The data run from 2024-09-01 to 2024-12-31, which holds that
    // change with 4 weeks either side, and not 2024-03-31 nor 2025-03-30.
    add(at(2024, 9, 1, 12));
    add(at(2024, 12, 31, 12));
    add(at(2024, 10, 26, 18, 30));  // before, evening
    add(at(2024, 10, 20, 9));       // before
    add(at(2024, 9, 29, 0, 0));     // the first moment of the before window
    add(at(2024, 9, 28, 23, 59));   // just outside it
    add(at(2024, 10, 27, 0, 0));    // after
    add(at(2024, 10, 27, 17, 0));   // after, evening
    add(at(2024, 11, 2, 19, 59));   // after, evening
    add(at(2024, 11, 24, 0, 0));    // the first moment past the after window
    const auto cc = clock_changes(set, 4);
    REQUIRE(cc.size() == 1);
    CHECK(cc[0].back);
    CHECK(cc[0].day == at(2024, 10, 27, 0));
    // The same counted by brute force.
    double before = 0, after = 0, eb = 0, ea = 0;
    for (const auto& i : set.incidents) {
        const Seconds d = i.from - cc[0].day;
        const bool evening = hour_of(i.from) >= 17 && hour_of(i.from) < 20;
        if (d >= -28 * 86400 && d < 0) {
            before += 1;
            eb += evening;
        } else if (d >= 0 && d < 28 * 86400) {
            after += 1;
            ea += evening;
        }
    }
    CHECK(cc[0].before == 3);
    CHECK(cc[0].after == 3);
    CHECK(cc[0].evening_before == 1);
    CHECK(cc[0].evening_after == 2);
    CHECK(cc[0].before == before);
    CHECK(cc[0].after == after);
    CHECK(cc[0].evening_before == eb);
    CHECK(cc[0].evening_after == ea);
    CHECK(clock_changes(set, 12).empty());  // 12 weeks either side do not fit
}
