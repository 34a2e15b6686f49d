#include "hotspots/hotspot_change.hpp"

#include "geo/geos.hpp"
#include "hotspots/change.hpp"
#include "hotspots/gistar.hpp"

#include <cmath>
#include <limits>

namespace hotspots {

const char* class_name(HotspotClass c) {
    switch (c) {
    case HotspotClass::fresh: return "new";
    case HotspotClass::persistent: return "persistent";
    case HotspotClass::intensifying: return "intensifying";
    case HotspotClass::diminishing: return "diminishing";
    default: return "hidden";
    }
}

namespace {

struct Shape {
    geo::GeomPtr geom;
    geo::Envelope box;
};

std::vector<Shape> shapes(const geo::GeosContext& ctx, const std::vector<PeriodHotspot>& h) {
    std::vector<Shape> out;
    for (const auto& x : h) {
        auto g = geo::from_wkb(ctx, x.polygon.data(), x.polygon.size());
        const auto box = geo::envelope_of(ctx, g.get());
        out.push_back({std::move(g), box});
    }
    return out;
}

// Interiors meet: hotspots made of the same grid's cells may share an edge without being the
// same place, so touching is not overlapping.
bool overlap(const geo::GeosContext& ctx, const Shape& a, const Shape& b) {
    if (!a.box.intersects(b.box)) return false;
    const char r = GEOSRelatePattern_r(ctx.get(), a.geom.get(), b.geom.get(), "T********");
    if (r == 2) throw geo::GeosError("hotspot overlap: " + ctx.last_error());
    return r == 1;
}

}  // namespace

std::vector<HotspotChange> hotspot_changes(const std::vector<PeriodHotspot>& now, double days_now,
                                           const std::vector<PeriodHotspot>& before, double days_before, double alpha) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    geo::GeosContext ctx;
    const auto a = shapes(ctx, now), b = shapes(ctx, before);
    std::vector<HotspotChange> out(now.size());
    std::vector<double> tested_p;
    std::vector<std::size_t> tested;
    for (std::size_t i = 0; i < now.size(); ++i) {
        auto& c = out[i];
        for (std::size_t j = 0; j < before.size(); ++j)
            if (overlap(ctx, a[i], b[j])) c.overlaps.push_back(j);
        c.before = c.overlaps.empty() ? nan : 0.0;
        for (auto j : c.overlaps) c.before += before[j].incidents;  // a hidden one makes it NaN
        c.change_pct = nan;
        if (c.overlaps.empty()) continue;
        if (std::isnan(c.before) || std::isnan(now[i].incidents)) {
            c.cls = HotspotClass::unknown;
            continue;
        }
        const auto pc = compare_periods(static_cast<std::uint64_t>(c.before), static_cast<std::uint64_t>(now[i].incidents),
                                        days_before, days_now);
        c.change_pct = c.before > 0 ? 100.0 * (pc.rate_ratio - 1.0) : nan;
        c.p = pc.p;
        tested_p.push_back(pc.p);
        tested.push_back(i);
    }
    const auto adjusted = benjamini_hochberg(tested_p);
    for (std::size_t k = 0; k < tested.size(); ++k) {
        auto& c = out[tested[k]];
        c.p_adjusted = adjusted[k];
        const double rate_now = now[tested[k]].incidents / days_now, rate_before = c.before / days_before;
        c.cls = c.p_adjusted >= alpha        ? HotspotClass::persistent
                : rate_now > rate_before ? HotspotClass::intensifying
                                         : HotspotClass::diminishing;
    }
    return out;
}

std::vector<std::size_t> gone_hotspots(const std::vector<HotspotChange>& changes, std::size_t before) {
    std::vector<bool> met(before, false);
    for (const auto& c : changes)
        for (auto j : c.overlaps) met[j] = true;
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < before; ++j)
        if (!met[j]) out.push_back(j);
    return out;
}

}  // namespace hotspots
