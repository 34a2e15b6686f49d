// The planted hotspots of the sample data are found by the whole kde chain: kernels,
// threshold, groups of cells, ranked polygons.
#include "hotspots/components.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/kde.hpp"
#include "hotspots/sample_generator.hpp"
#include "hotspots/threshold.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

// The bandwidth is 300 m: the widest planted cluster (H3) has a standard deviation of 220 m,
// and a kernel much narrower than the cluster finds the peak of its noise, not its centre.
TEST_CASE("each planted hotspot lies inside a top hotspot, within 100 m of its peak") {
    const Sample sample = generate_sample(20260101);
    IncidentSet set;
    set.crs = "EPSG:27700";
    set.sources.push_back({"sample", "", "generic", "EPSG:27700", sample.incidents.size(), sample.incidents.size(), 0});
    std::vector<KernelPoint> points;
    for (const auto& s : sample.incidents) {
        Incident i;
        i.x = s.x;
        i.y = s.y;
        i.from = s.from;
        i.to = s.to;
        i.category = s.category;
        i.location = set.strings().intern(s.street);
        set.incidents.push_back(i);
        points.push_back({s.x, s.y, 1, 300});
    }
    const Box box = extent_of(set);
    const Grid g = snapped_grid(box, 200, 10);
    const auto values = accumulate_kernels(points, g, Kernel::quartic, 2);
    const auto cut = apply_threshold(values, parse_threshold("top:5%"));
    const auto comps = connected_components(values, g, cut.cut);
    const auto hs = build_hotspots(set, g, comps, {}, {0, 5});
    REQUIRE(hs.hotspots.size() >= sample.hotspots.size());

    std::vector<int> ranks;
    for (const auto& planted : sample.hotspots) {
        INFO(planted.id);
        const auto label = comps.label[static_cast<std::size_t>(g.row_of(planted.y)) * g.cols +
                                       static_cast<std::size_t>(g.col_of(planted.x))];
        REQUIRE(label >= 0);
        const auto it = std::find_if(hs.hotspots.begin(), hs.hotspots.end(),
                                     [&](const Hotspot& h) { return h.component == static_cast<std::size_t>(label); });
        REQUIRE(it != hs.hotspots.end());
        CHECK(std::hypot(it->peak_xy.x - planted.x, it->peak_xy.y - planted.y) < 100);
        // Its dominant category is the planted one.
        REQUIRE(!it->top_categories.empty());
        CHECK(it->top_categories.front().first == planted.category);
        ranks.push_back(it->rank);
    }
    // The planted clusters are the top hotspots, each its own.
    std::sort(ranks.begin(), ranks.end());
    for (std::size_t k = 0; k < ranks.size(); ++k) CHECK(ranks[k] == static_cast<int>(k + 1));
    // Ranks count incidents, and shares add up.
    for (std::size_t k = 1; k < hs.hotspots.size(); ++k) CHECK(hs.hotspots[k - 1].incidents >= hs.hotspots[k].incidents);
    double share = 0;
    std::uint64_t inside = 0;
    for (const auto& h : hs.hotspots) {
        share += h.share_pct;
        inside += h.incidents;
        CHECK(h.first <= h.last);
        CHECK(h.area_m2 > 0);
    }
    CHECK(share == Approx(100.0 * static_cast<double>(inside) / static_cast<double>(set.incidents.size())));
}
