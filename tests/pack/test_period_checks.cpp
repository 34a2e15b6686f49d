#include "pack/period_checks.hpp"
#include "steps/step.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;
using namespace hotspots::pack;

namespace {

struct Said : steps::Log {
    std::vector<std::string> warnings;
    void note(const std::string&) override {}
    void warning(const std::string& text) override { warnings.push_back(text); }
    void stage(const std::string&) override {}
};

// A step of `run` with `key` = `value` (a period, as a pack resolves it).
std::shared_ptr<steps::Step> made(const std::string& run, std::vector<std::pair<std::string, std::string>> keys) {
    std::shared_ptr<steps::Step> s = steps::make_step(run);
    for (const auto& [k, v] : keys) s->params().set(*s->params().find(k), {v}, k);
    return s;
}

PackFile pack_of(std::vector<std::string> areas, std::vector<std::shared_ptr<steps::Step>> steps) {
    PackFile p;
    p.path = "p.toml";
    for (std::size_t i = 0; i < areas.size(); ++i) {
        p.areas.push_back(areas[i]);
        p.area_lines.push_back(10 + static_cast<int>(i) * 4);
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
        PackStep st;
        st.run = st.name = steps[i]->info().name;
        st.line = 30 + static_cast<int>(i) * 5;
        st.made.push_back(steps[i]);
        p.steps.push_back(std::move(st));
    }
    return p;
}

Seconds day(const char* d) { return parse_when(d)->from; }

}  // namespace

TEST_CASE("a step's periods: its filter period, and its own periods (change's before and after)") {
    const auto kde = step_periods(*made("kde", {{"period", "2024-10-01..2024-12-31"}}));
    REQUIRE(kde.size() == 1);
    CHECK(kde[0].period.from == day("2024-10-01"));
    CHECK(periods_text(kde) == "2024-10-01..2024-12-31");
    const auto change = step_periods(*made("change", {{"before", "2023-10..2023-12"}, {"after", "2024-10..2024-12"}}));
    REQUIRE(change.size() == 2);
    CHECK(periods_text(change) == "before 2023-10-01..2023-12-31 and after 2024-10-01..2024-12-31");
    CHECK(periods_text(step_periods(*made("kde", {{"from", "2024-01"}}))) == "from 2024-01-01");
}

TEST_CASE("boundaries against periods: wholly outside refused, partly warned, undated said once") {
    const auto quarter = made("kde", {{"period", "2024-10-01..2024-12-31"}});
    Said log;
    // Undated: one warning for the file, however many steps.
    auto undated = pack_of({"w.geojson,as=ward", "b.geojson,as=borough"}, {quarter, quarter, quarter});
    CHECK(check_area_dates(undated, log).empty());
    REQUIRE(log.warnings.size() == 1);
    CHECK(log.warnings[0].find("p.toml line 10: no [[areas]] says when") == 0);

    log.warnings.clear();
    auto ended = pack_of({"w.geojson,as=ward,from=2002-05-02,to=2022-05-04"}, {quarter});
    CHECK_THROWS_WITH(check_area_dates(ended, log), Catch::Contains("p.toml line 10: [[areas]] ward") &&
                                                        Catch::Contains("2024-10-01..2024-12-31, wholly outside"));

    auto starts = pack_of({"w.geojson,as=ward,from=2024-11"}, {quarter});
    const auto w = check_area_dates(starts, log);
    REQUIRE(log.warnings.size() == 1);
    CHECK(log.warnings[0].find("partly outside") != std::string::npos);
    REQUIRE(w.size() == 1);
    CHECK(w.begin()->first == &starts.steps[0]);

    // Two generations end to end cover the days between them: the period is wholly inside.
    log.warnings.clear();
    const auto across = made("kde", {{"period", "2022-04-01..2022-06-30"}});
    auto generations = pack_of({"w18.geojson,as=ward,from=2002-05-02,to=2022-05-04", "w22.geojson,as=ward,from=2022-05-05"}, {across});
    CHECK(check_area_dates(generations, log).empty());
    CHECK(log.warnings.empty());
    // A gap between them is partly outside.
    auto gap = pack_of({"w18.geojson,as=ward,to=2022-04-30", "w22.geojson,as=ward,from=2022-06-01"}, {across});
    check_area_dates(gap, log);
    CHECK(log.warnings.size() == 1);
}

TEST_CASE("a step is skipped when its input has nothing in one of its periods, or its theme nothing in all") {
    steps::Ingested base;
    auto add = [](steps::Ingested& in, const char* when) {
        Incident i;
        i.from = i.to = day(when);
        in.set.incidents.push_back(i);
        in.months_read.push_back(month_number(i.from));
    };
    add(base, "2023-11-15");
    const auto quarter = made("kde", {{"period", "2024-10-01..2024-12-31"}});
    steps::Ingested none;
    CHECK(skip_reason(*quarter, base, none, "old") == "no incidents in 2024-10-01..2024-12-31: input old holds incidents from 2023-11 to 2023-11");
    // Change with incidents before and none after: skipped, not a fall to zero.
    const auto change = made("change", {{"before", "2023-10..2023-12"}, {"after", "2024-10..2024-12"}});
    CHECK(skip_reason(*change, base, base, "old").find("its after period 2024-10-01..2024-12-31") != std::string::npos);
    add(base, "2024-11-02");
    CHECK(skip_reason(*change, base, base, "old").empty());
    // The input has incidents in the period, the theme none.
    CHECK(skip_reason(*quarter, base, none, "old").find("no incidents of the theme") == 0);
    CHECK(skip_reason(*quarter, base, base, "old").empty());
}
