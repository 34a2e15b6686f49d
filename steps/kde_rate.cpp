// kde's rates (--denominator, --denominator-points): the dual kernel rate on one grid and in
// tiles (docs/kde.md, "Rates" and "Rates in tiles").
#include "hotspots/kde.hpp"
#include "hotspots/rate.hpp"
#include "steps/kde.hpp"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

namespace hotspots::steps {

namespace {

constexpr const char* no_residents = "--denominator: no area with a population above 0, and no point (give the population "
                                     "field with value=FIELD)";

// --denominator-points as kernel points counting 1 each.
std::vector<KernelPoint> denominator_points(const KdeParams& o, const KdePlan& plan, const IncidentSet& set, Context& ctx) {
    const auto& pts = ctx.points(o.denominator_points, "", "--denominator-points");
    warn_if_far(pts.points, set, "--denominator-points " + o.denominator_points, ctx.log());
    std::vector<KernelPoint> residents;
    residents.reserve(pts.points.size());
    for (const auto& p : pts.points) residents.push_back({p.x, p.y, 1.0, plan.bandwidth});
    return residents;
}

}  // namespace

// Dual kernel rate: residents spread evenly over the cells of their area, smoothed with the
// same kernel and bandwidth; rate = incidents' surface / residents' surface x 1,000.
void kde_divide_by_denominator(const KdeParams& o, const KdePlan& plan, const IncidentSet& set, std::vector<double>& values,
                               Context& ctx) {
    std::vector<KernelPoint> residents;
    double total = 0;
    if (!o.denominator_points.empty()) {
        residents = denominator_points(o, plan, set, ctx);
        total = static_cast<double>(residents.size());
    }
    if (!o.denominator.empty())
        residents = spread_over_cells(ctx.polygons(o.denominator, "--denominator", "population").layer.inputs, plan.grid,
                                      plan.bandwidth, total);
    if (residents.empty()) throw std::runtime_error(no_residents);
    const auto den = accumulate_kernels(residents, plan.grid, o.kde.kernel, ctx.threads());
    RateCut cut;
    try {
        cut = divide_by(values, den, o.min_denominator);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("--denominator: ") + e.what());
    }
    ctx.log().note(fmt::format("denominator: {:.0f} in all; {} cells where its kernel sum is under {:.4g} are nodata",
                               total, cut.blank, cut.minimum));
}

// The same rate in tiles (docs/kde.md, "Rates in tiles"): the residents kept as runs per row
// of each area (or as points), the denominator summed per tile as the incidents are, and the
// floor's median selected over every tile, so every tile is the single raster's window.
std::shared_ptr<const TiledRate> kde_tiled_rate(const KdeParams& o, const KdeResult& r, const IncidentSet& set, Context& ctx) {
    const KdePlan& plan = r.plan;
    const auto& layout = r.tiled->layout();
    TileValues den;
    double total = 0;
    if (!o.denominator_points.empty()) {
        auto pts = std::make_shared<const std::vector<KernelPoint>>(denominator_points(o, plan, set, ctx));
        if (pts->empty()) throw std::runtime_error(no_residents);
        total = static_cast<double>(pts->size());
        auto tiles = std::make_shared<const TiledKde>(
            pts->size(), [pts](std::size_t i) { return (*pts)[i]; }, layout, o.kde.kernel, ctx.threads());
        den = [tiles](std::size_t t) { return tiles->tile(t); };
    } else {
        auto spread = std::make_shared<const SpreadRuns>(
            ctx.polygons(o.denominator, "--denominator", "population").layer.inputs, plan.grid, plan.bandwidth);
        if (spread->empty()) throw std::runtime_error(no_residents);
        total = spread->total();
        den = spread_tiles(spread, layout, o.kde.kernel, plan.bandwidth, ctx.threads());
    }
    std::shared_ptr<const TiledRate> rate;
    try {
        rate = std::make_shared<const TiledRate>(r.tiled, std::move(den), o.min_denominator);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("--denominator: ") + e.what());
    }
    if (rate->passes() > 0)
        ctx.log().stage(fmt::format("the denominator's median over the tiles ({} passes)", rate->passes()));
    ctx.log().note(fmt::format("denominator: {:.0f} in all; cells where its kernel sum is under {:.4g} are nodata", total,
                               rate->minimum()));
    return rate;
}

}  // namespace hotspots::steps
