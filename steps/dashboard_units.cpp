// dashboard: street segments, hexagons or square cells as the board's rows (--units streets,
// --cell METRES or hex:SIZE), from the one units builder the statistics steps use.
#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "steps/dashboard.hpp"

#include <fmt/format.h>

namespace hotspots::steps {

void DashboardStep::check_units(Context& ctx, const AreaLayers& areas, bool tables) {
    // Refuses the network's options without --units streets, --per with it, and reads --network.
    check_grid(m_grid, m_params, areas, ctx);
    if (!units_mode()) return;
    const std::string what = m_grid.streets ? "--units streets" : m_grid.is_hex ? "--cell hex:SIZE" : "--cell";
    if (tables)
        throw UsageError(what + " counts incidents on street segments or cells; count tables hold areas: give incident files");
    // Residents live in areas: a segment or a cell has none, and a rate made up for it would be
    // a silent wrong answer.
    const std::string instead = m_grid.streets ? "rates on streets are per 100 m of street"
                                               : "hexagons and cells are all of one size, so their counts are their rates";
    if (!m_population.empty() || !m_population_field.empty())
        throw UsageError(fmt::format("{}: residents are counted by area, not by {}; {}. Drop it, or report areas (without {})",
                                     m_population.empty() ? "--population-field" : "--population",
                                     m_grid.streets ? "street segment" : "cell", instead, what));
    if (m_smooth != "none" && !m_grid.streets)
        throw UsageError("--smooth " + m_smooth + " smooths rates; " + instead + ": drop --smooth");
    if (!m_compare_with.empty())
        throw UsageError("--compare-with: Most Similar Groups are groups of areas; " + what +
                         " ranks every unit among all (rank_12m) and among those --within an area");
    if (!m_per.empty() && areas.layers.empty())
        throw UsageError("--per names the --areas layer giving each unit's ward: give --areas");
}

void DashboardStep::unit_rows(DashboardResult& r, const Ingested& in, Context& ctx) const {
    auto counted = counted_units(m_grid, in, ctx);
    auto& u = counted.units;
    auto& unit = r.unit;
    unit.streets = m_grid.streets;
    unit.grid = !m_grid.streets;
    unit.kind = m_grid.streets ? "streets" : m_grid.is_hex ? "hexagons" : "cells";
    unit.code = m_grid.streets ? "segment" : m_grid.is_hex ? "hexagon" : "cell";
    unit.name = m_grid.streets ? "street" : "name";
    unit.group = "ward";
    r.unit_points = unit_points(u, counted.cells);
    // Each unit's ward: the area of the --per layer (or the first) holding its middle.
    const AreaLayer* wards = nullptr;
    if (!in.layers.empty()) wards = &in.layers[m_per.empty() ? 0 : layer_labelled(m_per, in.layers)];
    std::unique_ptr<geo::AreaLocator> locate;
    if (wards) locate = std::make_unique<geo::AreaLocator>(*wards->generations().back().index);
    geo::GeosContext gctx;
    const std::size_t n = counted.cells ? u.unit_cell.size() : u.code.size();
    for (std::size_t k = 0; k < n; ++k) {
        DashboardArea a;
        std::vector<Wkb> geometry;
        const auto identity = unit_identity(u, k, counted.cells, gctx, geometry);
        a.polygon = std::move(geometry.front());
        if (counted.cells) {
            a.code = std::to_string(std::get<std::int64_t>(identity[0]));
            a.name = fmt::format("cell {} (row {}, col {})", a.code, std::get<std::int64_t>(identity[1]),
                                 std::get<std::int64_t>(identity[2]));
        } else {
            a.code = u.code[k];
            a.name = m_grid.is_hex ? "hexagon " + u.code[k] : u.name[k];
        }
        if (locate) {
            const int w = locate->locate(r.unit_points[k].x, r.unit_points[k].y);
            if (w >= 0) a.group = wards->generations().back().index->name(static_cast<std::size_t>(w));
        }
        // A segment's length stands for its residents: the rates are per 100 m (compute_dashboard).
        a.has_population = m_grid.streets;
        r.areas.push_back(std::move(a));
    }
    if (m_grid.streets) r.unit_length = u.length;
    r.unit_of = std::move(counted.unit_of);
    if (m_grid.streets)
        r.unit_note = {{"kind", "streets"},
                       {"network", m_grid.network.path},
                       {"street_tolerance_m", m_grid.network.tolerance},
                       {"segments", n},
                       {"unsnapped", counted.outside}};
    else if (m_grid.is_hex)
        r.unit_note = {{"kind", "hexagons"}, {"cell_m", m_grid.hex.size},
                       {"shape", m_grid.hex.flat ? "flat-topped" : "pointy-topped"}, {"hexagons", n},
                       {"outside", counted.outside}};
    else
        r.unit_note = {{"kind", "cells"}, {"cell_m", m_grid.cell}, {"cells", n}, {"outside", counted.outside}};
    if (wards) r.unit_note["wards"] = wards->label();
}

void DashboardStep::units_within(DashboardResult& r, const Ingested& in, std::vector<bool>& keep) const {
    const auto inside = points_within(r.unit_points, m_within.front(), in.layers);
    for (std::size_t a = 0; a < r.areas.size(); ++a) keep[a] = inside[a];
}

}  // namespace hotspots::steps
