#include "hotspots/board_periods.hpp"
#include "hotspots/board_targets.hpp"
#include "hotspots/repeat_victims.hpp"
#include "model/time.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

using namespace hotspots;

namespace {
int month(int y, int m) { return y * 12 + m - 1; }
std::int64_t day(int y, int m, int d) { return days_from_civil(y, m, d); }

// ISO weeks by brute force, from the definition alone: a week runs Monday to Sunday and
// belongs to the year of its Thursday; its number counts that year's Thursdays up to its own.
IsoWeek brute_week(std::int64_t d) {
    std::int64_t thursday = d;
    int y = 0, m = 0, dd = 0;
    // Walk back to the week's Monday (1970-01-05 was a Monday), then on to its Thursday.
    while (((thursday - day(1970, 1, 5)) % 7 + 7) % 7 != 0) --thursday;
    thursday += 3;
    civil_from_days(thursday, y, m, dd);
    int count = 0;
    for (std::int64_t t = thursday; t >= day(y, 1, 1); t -= 7) ++count;
    return {y, count};
}
}  // namespace

TEST_CASE("financial year to date: April to the month, across the calendar year's end") {
    CHECK(financial_year_to_date(month(2024, 3), 4) == std::make_pair(month(2023, 4), month(2024, 3)));  // a whole year
    CHECK(financial_year_to_date(month(2024, 4), 4) == std::make_pair(month(2024, 4), month(2024, 4)));  // its first month
    CHECK(financial_year_to_date(month(2024, 12), 4) == std::make_pair(month(2024, 4), month(2024, 12)));
    CHECK(financial_year_to_date(month(2025, 1), 4) == std::make_pair(month(2024, 4), month(2025, 1)));
    CHECK(financial_year_to_date(month(2025, 1), 1) == std::make_pair(month(2025, 1), month(2025, 1)));  // calendar year
    CHECK(financial_year_to_date(month(2024, 12), 1) == std::make_pair(month(2024, 1), month(2024, 12)));
    CHECK_THROWS_AS(financial_year_to_date(month(2024, 12), 13), std::invalid_argument);
    // A leap February: to February 2024 is 335 days (1 April 2023 .. 29 February 2024), a year
    // earlier 334: the change is tested on those days.
    CHECK(months_days(month(2023, 4), month(2024, 2)) == 335);
    CHECK(months_days(month(2022, 4), month(2023, 2)) == 334);
}

TEST_CASE("ISO weeks: hand-worked days at years' ends, week 53 and leap days") {
    CHECK(iso_week(day(2020, 12, 31)) == IsoWeek{2020, 53});  // a Thursday
    CHECK(iso_week(day(2021, 1, 3)) == IsoWeek{2020, 53});    // Sunday: still 2020's week 53
    CHECK(iso_week(day(2021, 1, 4)) == IsoWeek{2021, 1});
    CHECK(iso_week(day(2008, 12, 29)) == IsoWeek{2009, 1});   // a Monday in 2008, week 1 of 2009
    CHECK(iso_week(day(2010, 1, 3)) == IsoWeek{2009, 53});
    CHECK(iso_week(day(2024, 12, 30)) == IsoWeek{2025, 1});
    CHECK(iso_week(day(2016, 2, 29)) == IsoWeek{2016, 9});
    CHECK(iso_week(day(2026, 12, 31)) == IsoWeek{2026, 53});
    CHECK(iso_week_monday(2020, 53) == day(2020, 12, 28));
    CHECK(iso_week_monday(2009, 1) == day(2008, 12, 29));
    CHECK(iso_week_monday(2021, 1) == day(2021, 1, 4));
    CHECK(iso_week_text({2020, 53}) == "2020-W53");
    // 53 weeks: years starting on a Thursday, and leap years starting on a Wednesday.
    for (int y : {1992, 1998, 2004, 2009, 2015, 2020, 2026, 2032}) CHECK(iso_weeks_in_year(y) == 53);
    for (int y : {2019, 2021, 2022, 2023, 2024, 2025}) CHECK(iso_weeks_in_year(y) == 52);
}

TEST_CASE("ISO weeks equal a brute force over 1990-2040, and each week's Monday is its first day") {
    for (std::int64_t d = day(1990, 1, 1); d <= day(2040, 12, 31); ++d) {
        const auto w = iso_week(d);
        const auto b = brute_week(d);
        REQUIRE(w == b);
        const auto monday = iso_week_monday(w.year, w.week);
        REQUIRE(monday <= d);
        REQUIRE(d - monday < 7);
    }
}

TEST_CASE("seasons: ISO weeks wrapping the year, dates, and the season a day is in") {
    const auto awn = parse_season("awn=W40-W10");
    CHECK(awn.name == "awn");
    const auto w2020 = season_weeks(awn, 2020);  // 2020 has 53 weeks
    REQUIRE(w2020.size() == 14 + 10);
    CHECK(w2020.front() == IsoWeek{2020, 40});
    CHECK(w2020[13] == IsoWeek{2020, 53});
    CHECK(w2020.back() == IsoWeek{2021, 10});
    CHECK(season_weeks(awn, 2021).size() == 13 + 10);  // 2021 has 52
    CHECK(season_year_on(awn, day(2021, 1, 10)) == 2020);
    CHECK(season_year_on(awn, day(2021, 10, 4)) == 2021);  // the Monday of 2021-W40
    CHECK(season_year_on(awn, day(2021, 10, 3)) == 2020);
    // 1 June 2024 is a Saturday (week 22), 31 August 2024 a Saturday (week 35).
    const auto summer = parse_season("summer=06-01..08-31");
    const auto s = season_weeks(summer, 2024);
    REQUIRE(s.size() == 14);
    CHECK(s.front() == IsoWeek{2024, 22});
    CHECK(s.back() == IsoWeek{2024, 35});
    CHECK(season_year_on(summer, day(2024, 5, 27)) == 2024);  // the Monday of the week holding 1 June
    CHECK(season_year_on(summer, day(2024, 5, 26)) == 2023);
    // Dates running into the next year.
    const auto winter = season_weeks(parse_season("winter=12-01..01-31"), 2020);
    CHECK(winter.front() == IsoWeek{2020, 49});
    CHECK(winter.back() == IsoWeek{2021, 4});
    for (const char* bad : {"summer", "=W1-W2", "s=W0-W3", "s=W54-W3", "s=W53-W2", "s=02-29..03-31", "s=13-01..01-02",
                            "s=W10", "s=xx-W3"})
        CHECK_THROWS_AS(parse_season(bad), std::invalid_argument);
}

TEST_CASE("a span against another: counts, the change's test, and a missing month") {
    CountCube c;
    c.resize(2, 1, month(2022, 4), 24);
    for (int m = 0; m < 24; ++m) {
        c.count(0, 0, m) = m < 12 ? 10 : 20;  // area 0 doubles
        c.count(1, 0, m) = 5;
    }
    const std::vector<PopulationByYear> pop{{{2023, 2000}}, {}};
    const std::vector<std::vector<int>> gaps{{}, {month(2022, 6)}};
    const auto f = span_figures(c, pop, {0, 1}, gaps, financial_year_to_date(month(2023, 12), 4),
                                {month(2022, 4), month(2022, 12)}, 0.95);
    REQUIRE(f.size() == 2);
    CHECK(f[0].now.count == 9 * 20);
    CHECK(f[0].before.count == 9 * 10);
    CHECK(f[0].tested);
    CHECK(f[0].change.change_pct == Approx(100));
    CHECK(f[0].q == Approx(f[0].change.p));  // one test in the family
    CHECK(f[0].now.rate == Approx(180.0 / 2000 * 1000));
    CHECK(std::isnan(f[1].before.count));  // June 2022 missing for area 1
    CHECK_FALSE(f[1].tested);
    CHECK(std::isnan(f[1].now.rate));      // no residents
}

TEST_CASE("targets: red, amber, green at their edges, fewer crimes better") {
    // A 5% fall wanted, amber within 3 points above.
    CHECK(rag_change(-10, -5, 3) == Rag::green);
    CHECK(rag_change(-5, -5, 3) == Rag::green);   // met exactly
    CHECK(rag_change(-4.9, -5, 3) == Rag::amber);
    CHECK(rag_change(-2, -5, 3) == Rag::amber);   // the margin's edge
    CHECK(rag_change(-1.9, -5, 3) == Rag::red);
    CHECK(rag_change(std::nan(""), -5, 3) == Rag::none);
    // A level of 200 a year, amber within 10% above.
    CHECK(rag_level(200, 200, 10) == Rag::green);
    CHECK(rag_level(220, 200, 10) == Rag::amber);
    CHECK(rag_level(221, 200, 10) == Rag::red);
    CHECK(std::string(rag_name(Rag::amber)) == "amber");
}

TEST_CASE("repeat victims: shares and repeats within 28 days and a year, against a brute force") {
    // Hand-worked: key 1 on days 0, 20, 60 (20 repeats within 28 days; 60 within a year only);
    // key 2 once; key 3 on day -10 (before the period) and 5: 5 repeats it; no key on day 3.
    const std::vector<KeyedEvent> events{{1, 0, 0}, {1, 20, 1}, {1, 60, 2}, {2, 30, 3}, {3, -10, 4}, {3, 5, 5}, {0, 3, 6}};
    const auto f = repeat_figures(events, 0, 90);
    CHECK(f.incidents == 5);
    CHECK(f.victims == 3);
    CHECK(f.repeat_victims == 1);  // key 3 has one incident in the period
    CHECK(f.unkeyed == 1);
    CHECK(f.repeats_28 == std::vector<std::uint32_t>{1, 5});
    CHECK(f.repeats_365 == std::vector<std::uint32_t>{1, 2, 5});
    // A brute force over random events: each event in the period repeats when some other event
    // of its key lies in the days before it (or earlier that day, listed before it).
    std::uint64_t state = 12345;
    auto next = [&](int n) { state = state * 6364136223846793005ULL + 1442695040888963407ULL; return int((state >> 33) % n); };
    std::vector<KeyedEvent> random;
    for (std::uint32_t i = 0; i < 400; ++i) random.push_back({std::uint32_t(next(60)), next(800) - 200, i});
    const auto r = repeat_figures(random, 0, 365);
    std::vector<std::uint32_t> want28, want365;
    for (const auto& e : random) {
        if (e.key == 0 || e.day < 0 || e.day > 365) continue;
        bool r28 = false, r365 = false;
        for (const auto& o : random)
            if (o.key == e.key && o.incident != e.incident && (o.day < e.day || (o.day == e.day && o.incident < e.incident))) {
                r28 = r28 || e.day - o.day <= 28;
                r365 = r365 || e.day - o.day <= 365;
            }
        if (r28) want28.push_back(e.incident);
        if (r365) want365.push_back(e.incident);
    }
    auto sorted = [](std::vector<std::uint32_t> v) { std::sort(v.begin(), v.end()); return v; };
    CHECK(sorted(r.repeats_28) == want28);
    CHECK(sorted(r.repeats_365) == want365);
}
