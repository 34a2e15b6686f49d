#include "hotspots/kde_plan.hpp"

#include "model/time.hpp"
#include "test_util.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

// n incidents on a ring of radius r round (x, y), all in one month.
IncidentSet ring(std::size_t n, double x, double y, double r, int month = 2024 * 12) {
    IncidentSet set;
    const Seconds t = days_from_civil(month / 12, month % 12 + 1, 15) * seconds_per_day;
    for (std::size_t k = 0; k < n; ++k) {
        Incident i;
        const double a = 6.283185307179586 * static_cast<double>(k) / static_cast<double>(n);
        i.x = x + r * std::cos(a);
        i.y = y + r * std::sin(a);
        i.from = i.to = t;
        set.incidents.push_back(i);
    }
    return set;
}

}  // namespace

TEST_CASE("a fixed bandwidth and an exact extent give the grid of that extent") {
    KdeSettings s;
    s.bandwidth_rule = "fixed";
    s.bandwidth = 250;
    s.cell = 10;
    const auto set = ring(40, 500000, 200000, 300);
    const StudyExtent study{{499000, 199000, 501000, 201000}, {}, true};
    const auto p = plan_kde(s, set, study, 1);
    CHECK(p.bandwidth == 250);
    CHECK(p.bandwidth_choice.rule == "fixed");
    CHECK(p.grid.cols == 200);
    CHECK(p.grid.rows == 200);
    CHECK_THAT(p.grid.xmin, WithinAbs(499000, 1e-9));
    CHECK_THAT(p.grid.ymax, WithinAbs(201000, 1e-9));
    CHECK(p.simplify == 5);  // half a cell
    CHECK(p.total_weight == 40);
    CHECK(p.mask.empty());
}

TEST_CASE("without an extent the grid covers the incidents and the kernels' reach") {
    KdeSettings s;
    s.bandwidth_rule = "fixed";
    s.bandwidth = 200;
    s.cell = 20;
    const auto p = plan_kde(s, ring(30, 500000, 200000, 100), std::nullopt, 1);
    // Every incident plus a quartic kernel's radius round it lies inside the grid.
    CHECK(p.grid.xmin <= 500000 - 100 - 200);
    CHECK(p.grid.xmax() >= 500000 + 100 + 200);
    CHECK(p.grid.ymin() <= 200000 - 100 - 200);
    CHECK(p.grid.ymax >= 200000 + 100 + 200);
}

TEST_CASE("auto on one month has no back-test: ArcGIS's rule, capped at 400 m with a note") {
    KdeSettings s;  // auto, quartic
    s.cell = 50;
    const auto p = plan_kde(s, ring(50, 500000, 200000, 3000), std::nullopt, 1);
    CHECK(p.bandwidth == 400);
    REQUIRE(p.notes.size() == 1);
    CHECK_THAT(p.notes[0], Contains("capped at 400 m"));
    CHECK_THAT(p.bandwidth_choice.details, Contains("capped"));
}

TEST_CASE("a bandwidth under the cell is warned about, and a grid too large refused") {
    KdeSettings s;
    s.bandwidth_rule = "fixed";
    s.bandwidth = 5;
    s.cell = 10;
    const auto p = plan_kde(s, ring(10, 500000, 200000, 50), std::nullopt, 1);
    REQUIRE(p.warnings.size() == 1);
    CHECK_THAT(p.warnings[0], Contains("less than the cell size"));
    s.bandwidth = 100;
    s.max_cells = 100;
    CHECK_THROWS_WITH(plan_kde(s, ring(10, 500000, 200000, 500), std::nullopt, 1), Contains("--max-cells"));
}

TEST_CASE("a mask is rasterised on the plan's grid") {
    KdeSettings s;
    s.bandwidth_rule = "fixed";
    s.bandwidth = 100;
    s.cell = 100;
    const StudyExtent study{{500000, 200000, 501000, 201000},
                            {test::wkb_from_wkt("POLYGON((500000 200000,500500 200000,500500 201000,500000 201000,500000 200000))")},
                            false};
    const auto p = plan_kde(s, ring(10, 500500, 200500, 200), study, 1);
    REQUIRE(p.mask.size() == p.grid.cells());
    std::size_t inside = 0;
    for (std::size_t r = 0; r < p.grid.rows; ++r)
        for (std::size_t c = 0; c < p.grid.cols; ++c) {
            const double x = p.grid.xmin + (static_cast<double>(c) + 0.5) * p.grid.cell;
            const double y = p.grid.ymax - (static_cast<double>(r) + 0.5) * p.grid.cell;
            const bool in = x > 500000 && x < 500500 && y > 200000 && y < 201000;
            CHECK((p.mask[r * p.grid.cols + c] != 0) == in);
            inside += in;
        }
    CHECK(inside == 50);  // 5 x 10 cells of 100 m
}
