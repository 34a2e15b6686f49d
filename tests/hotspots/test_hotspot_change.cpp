#include "hotspots/hotspot_change.hpp"

#include "geo/geos.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

namespace {

PeriodHotspot box(double x0, double y0, double x1, double y1, double n) {
    geo::GeosContext ctx;
    auto g = geo::make_box(ctx, x0, y0, x1, y1);
    return {geo::to_wkb(ctx, g.get()), n};
}

}  // namespace

TEST_CASE("hotspots are classed against the earlier period's by overlap and an exact test") {
    const std::vector<PeriodHotspot> now = {
        box(0, 0, 10, 10, 40),   // A: over a (20): doubled
        box(20, 0, 30, 10, 10),  // B: over b (30), touches c at x = 30 only
        box(50, 50, 60, 60, 7),  // C: nothing before
        box(10, 0, 20, 10, 3),   // D: touches A's and B's edges, meets no earlier hotspot
        box(70, 0, 80, 10, 12),  // E: over e1 and e2 (6 + 5)
    };
    const std::vector<PeriodHotspot> before = {
        box(2, 2, 8, 8, 20),         // a
        box(22, 2, 28, 8, 30),       // b
        box(30, 0, 40, 10, 9),       // c: touched by B only: gone
        box(65, 0, 72, 10, 6),       // e1
        box(78, 0, 85, 10, 5),       // e2
        box(100, 100, 110, 110, 5),  // g: gone
    };
    const auto c = hotspot_changes(now, 92, before, 92);
    REQUIRE(c.size() == 5);
    CHECK(c[0].overlaps == std::vector<std::size_t>{0});
    CHECK(c[1].overlaps == std::vector<std::size_t>{1});
    CHECK(c[2].overlaps.empty());
    CHECK(c[3].overlaps.empty());
    CHECK(c[4].overlaps == std::vector<std::size_t>{3, 4});
    CHECK(c[4].before == 11);
    CHECK(c[0].change_pct == Approx(100));
    CHECK(c[1].change_pct == Approx(-100.0 * 20 / 30));
    CHECK(std::isnan(c[2].change_pct));
    // R 4.2: binom.test(40, 60, 0.5), binom.test(10, 40, 0.5), binom.test(12, 23, 0.5), then
    // p.adjust(p, "BH").
    CHECK(c[0].p == Approx(0.013489293731).epsilon(1e-6));
    CHECK(c[1].p == Approx(0.002221433773).epsilon(1e-6));
    CHECK(c[4].p == Approx(1.0));
    CHECK(c[0].p_adjusted == Approx(0.02023394060).epsilon(1e-6));
    CHECK(c[1].p_adjusted == Approx(0.00666430132).epsilon(1e-6));
    CHECK(c[0].cls == HotspotClass::intensifying);
    CHECK(c[1].cls == HotspotClass::diminishing);
    CHECK(c[2].cls == HotspotClass::fresh);
    CHECK(c[3].cls == HotspotClass::fresh);
    CHECK(c[4].cls == HotspotClass::persistent);
    CHECK(std::string(class_name(c[2].cls)) == "new");
    CHECK(gone_hotspots(c, before.size()) == std::vector<std::size_t>{2, 5});
}

TEST_CASE("a hotspot's change compares rates, so periods of different lengths are fair") {
    // 30 in 30 days against 20 in 91: R's binom.test(30, 50, 30 / 121).
    const auto c = hotspot_changes({box(0, 0, 10, 10, 30)}, 30, {box(0, 0, 10, 10, 20)}, 91);
    CHECK(c[0].p == Approx(1.34889876e-07).epsilon(1e-5));
    CHECK(c[0].change_pct == Approx(100.0 * (1.0 / (20.0 / 91) - 1)));
    CHECK(c[0].cls == HotspotClass::intensifying);
    // The same counts over equal periods are no change at all.
    const auto same = hotspot_changes({box(0, 0, 10, 10, 20)}, 91, {box(1, 1, 9, 9, 20)}, 91);
    CHECK(same[0].cls == HotspotClass::persistent);
    CHECK(same[0].change_pct == Approx(0));
}

TEST_CASE("a hidden count gives no change and no class of change, only whether it is new") {
    const double hidden = std::nan("");
    const auto c = hotspot_changes({box(0, 0, 10, 10, hidden), box(20, 0, 30, 10, 40), box(50, 0, 60, 10, hidden)}, 92,
                                   {box(0, 0, 10, 10, 30), box(20, 0, 30, 10, hidden)}, 92);
    CHECK(c[0].cls == HotspotClass::unknown);
    CHECK(c[1].cls == HotspotClass::unknown);
    CHECK(std::isnan(c[1].before));
    CHECK(std::isnan(c[1].change_pct));
    CHECK(c[2].cls == HotspotClass::fresh);
}
