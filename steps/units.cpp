#include "steps/units.hpp"

#include "geo/cells.hpp"
#include "geo/geos.hpp"

#include <fmt/format.h>

namespace hotspots::steps {

void declare_grid(Params& p, GridParams& o, const GridDeclare& what) {
    // One meaning everywhere: the cell size in metres, or auto where the step has a rule.
    const bool can_auto = what.cell_auto, can_hex = what.hex;
    const std::string hex_help = can_hex ? "; or hexagons, hex:SIZE[:flat] (SIZE the metres between opposite edges, "
                                           "pointy-topped unless :flat)" : "";
    auto& cell = p.value("cell", o.cell,
                         (what.cell_default.empty() ? "Cell size in metres (instead of --per)"
                         : can_auto ? "Cell size in metres (grid aligned like kde), or auto (see --auto)"
                                    : "Cell size in metres (grid aligned like kde)") + hex_help,
                         [&o, can_auto, can_hex](const std::string& v) {
                             try {
                                 o.is_hex = parse_hex_spec(v, o.hex);
                             } catch (const std::invalid_argument& e) {
                                 throw UsageError(std::string("--cell ") + e.what());
                             }
                             if (o.is_hex && !can_hex)
                                 throw UsageError("--cell " + v + ": this step takes square cells only (hexagons: gistar, trend, lisa, change and map)");
                             if (o.is_hex) return o.hex.size;
                             o.cell_auto = v == "auto";
                             if (o.cell_auto && !can_auto)
                                 throw UsageError("'auto': this step has no rule for the cell size; give metres (> 0)");
                             return o.cell_auto ? 0.0 : *parse_metres_or(v, can_auto ? "auto" : "a number");
                         })
                     .in_unit("metres");
    if (what.cell_default.empty()) o.cell = 0;
    else cell.def(what.cell_default);
    if (what.extent_and_mask) {
        declare_grid_area(p, o.area);
    }
    if (what.per) p.text("per", o.per, "Areas of this --areas layer (its as= label) instead of cells");
    if (what.neighbours) {
        p.value("neighbours", o.neighbours, "queen, rook, band:METRES or knn:K (areas)", [](const std::string& v) {
             try {
                 return parse_neighbours(v);
             } catch (const std::invalid_argument& e) {
                 throw UsageError(e.what());
             }
         }).def("queen");
        p.text("spatial-weights", o.spatial_weights, "binary or row (row-standardised)")
            .one_of({"binary", "row"})
            .alias("weights")
            .def("binary");
    }
    if (what.streets) {
        p.value("units", o.streets, "cells (or --per areas), or streets: the street segments of --network (docs/streets.md)",
                [](const std::string& v) {
                    if (v != "cells" && v != "streets") throw UsageError("'" + v + "': use cells or streets");
                    return v == "streets";
                });
        if (what.declared_defaults) p.find("units")->def("cells");
        declare_network(p, o.network, "Streets for --units streets: any GDAL line layer (an OpenStreetMap .osm/.pbf "
                                      "extract, OS Open Roads, a GeoPackage)",
                        {.snaps_incidents = true, .declared_defaults = what.declared_defaults});
    }
}

std::size_t layer_labelled(const std::string& per, const std::vector<AreaLayer>& layers) {
    std::vector<std::string> labels;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        if (layers[l].label() == per) return l;
        labels.push_back(layers[l].label());
    }
    const std::string near = closest(per, labels);
    throw UsageError("--per " + per + ": no --areas layer has that label (as=" + per + ")" +
                     (near.empty() ? "" : "; did you mean " + near + "?"));
}

void check_grid(GridParams& o, const Params& p, const AreaLayers& areas, Context& ctx) {
    if (o.streets) {
        if (o.network.path.empty()) throw UsageError("--units streets needs the streets: give --network FILE");
        if (!o.per.empty()) throw UsageError("--units streets and --per: give one");
        if (o.neighbours.kind == NeighbourSpec::Kind::knn)
            throw UsageError("--neighbours knn:K is for areas; on streets use queen (a shared junction) or band:METRES (walking)");
        for (const char* name : {"cell", "extent", "mask"})
            if (const auto* q = p.find(name); q && q->given) throw UsageError(fmt::format("--{} is for cells; --units streets counts on the streets", name));
    } else if (!o.network.path.empty()) {
        throw UsageError("--network gives street segments as units: add --units streets");
    }
    read_network(p, o.network, ctx);
    check_grid(static_cast<const GridParams&>(o), areas, ctx);
}

void check_grid(const GridParams& o, const AreaLayers& areas, Context& ctx) {
    if (!o.per.empty()) layer_labelled(o.per, areas.layers);
    if (o.per.empty() && o.neighbours.kind == NeighbourSpec::Kind::knn)
        throw UsageError("--neighbours knn:K is for areas; use queen, rook or band: on cells");
    check_grid_area(o.area, ctx);
    if (o.is_hex && !o.per.empty()) throw UsageError("--cell hex:SIZE and --per: give one (hexagons or areas)");
    if (o.is_hex && !o.area.mask.empty())
        throw UsageError("--mask with hexagons is not done yet; give --extent, or square cells (--cell METRES)");
}

Units hex_grid_units(const GridParams& o, const IncidentSet& set, Context& ctx) {
    const Coverage covered = coverage(o.area, extent_of(set), ctx);
    // A hexagon has (sqrt(3) / 2) size^2 of area: about as many as square cells of that size.
    const double cells = covered.area.width() * covered.area.height() / (o.hex.size * o.hex.size * 0.866);
    if (cells > o.max_cells)
        throw std::runtime_error(fmt::format("the grid would be about {:.0f} hexagons; use a larger hex:SIZE or a smaller --extent", cells));
    try {
        return hex_units(o.hex, covered.area, o.neighbours, o.spatial_weights == "row");
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--neighbours ") + e.what());
    }
}

Units grid_units(const GridParams& o, const IncidentSet& set, Context& ctx, std::optional<double> cell,
                 std::optional<NeighbourSpec> neighbours) {
    const double size = cell ? *cell : o.cell;
    const Coverage covered = coverage(o.area, extent_of(set), ctx);
    const Grid grid = o.area.extent ? exact_grid(covered.area, size) : snapped_grid(covered.area, 0, size);
    if (static_cast<double>(grid.cells()) > o.max_cells)
        throw std::runtime_error(fmt::format("the grid would be {} x {} cells; use a larger --cell or a smaller --extent",
                                             grid.cols, grid.rows));
    std::vector<std::uint8_t> active;
    if (!covered.mask.empty()) active = geo::rasterize(covered.mask, grid);
    check_in_mask(set, grid, active);
    try {
        return cell_units(grid, std::move(active), neighbours ? *neighbours : o.neighbours, o.spatial_weights == "row",
                          o.weights);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--neighbours ") + e.what());
    }
}

Units street_units(const GridParams& o, const IncidentSet& set, Log& log, std::vector<std::int64_t>& unit_of) {
    std::vector<XY> points;
    points.reserve(set.incidents.size());
    for (const auto& i : set.incidents) points.push_back({i.x, i.y});
    const auto places = place_on_streets(o.network, points, "--units streets", log);
    Units u;
    const auto& segs = places.streets.segments;
    geo::GeosContext ctx;
    for (std::size_t k = 0; k < segs.size(); ++k) {
        u.code.push_back(std::to_string(k + 1));
        u.name.push_back(segs[k].name);
        u.length.push_back(segs[k].length);
        auto line = geo::make_line(ctx, segs[k].points);
        u.polygons.push_back(geo::to_wkb(ctx, line.get()));
    }
    const double band = o.neighbours.kind == NeighbourSpec::Kind::band ? o.neighbours.band : 0;
    u.nb = segment_neighbours(places.streets, band, o.spatial_weights == "row");
    unit_of.assign(points.size(), -1);
    for (std::size_t i = 0; i < points.size(); ++i) unit_of[i] = places.snaps[i].segment;
    return u;
}

CountedUnits counted_units(const GridParams& o, const Ingested& in, Context& ctx, std::optional<double> cell,
                           std::optional<NeighbourSpec> neighbours) {
    const auto& set = in.set;
    CountedUnits c;
    auto& u = c.units;
    if (o.streets) {
        u = street_units(o, set, ctx.log(), c.unit_of);
    } else if (o.is_hex) {
        u = hex_grid_units(o, set, ctx);
        c.unit_of = hex_unit_of_incident(u, set);
    } else if (!o.per.empty()) {
        u = per_area_units(o, in, ctx.log());
        c.unit_of = area_unit_of_incident(o.per, in);
    } else {
        u = grid_units(o, set, ctx, cell, neighbours);
        c.unit_of = unit_of_incident(u, set);
        c.cells = true;
    }
    u.counts.assign(c.cells ? u.unit_cell.size() : u.code.size(), 0.0);
    for (std::size_t i = 0; i < c.unit_of.size(); ++i) {
        if (c.unit_of[i] < 0) ++c.outside;
        else u.counts[static_cast<std::size_t>(c.unit_of[i])] += set.incidents[i].weight;
    }
    // Street units log their unsnapped themselves.
    if (c.outside && !o.streets)
        ctx.log().note(fmt::format("{} incidents fall outside the units and are not counted", c.outside));
    return c;
}

std::vector<io::FieldValue> unit_identity(const Units& u, std::size_t k, bool cells, geo::GeosContext& ctx,
                                          std::vector<Wkb>& geometries) {
    if (!cells) {
        geometries.push_back(u.polygons[k]);
        return {u.code[k], u.name[k]};
    }
    const std::size_t at = u.unit_cell[k], row = at / u.grid.cols, col = at % u.grid.cols;
    const double top = u.grid.ymax - static_cast<double>(row) * u.grid.cell;
    const double left = u.grid.xmin + static_cast<double>(col) * u.grid.cell;
    auto box = geo::make_box(ctx, left, top - u.grid.cell, left + u.grid.cell, top);
    geometries.push_back(geo::to_wkb(ctx, box.get()));
    return {std::int64_t(k + 1), std::int64_t(row), std::int64_t(col)};
}

Units per_area_units(const GridParams& o, const Ingested& in, Log& log) {
    const auto& layer = in.layers[layer_labelled(o.per, in.layers)];
    const std::size_t g = layer.generations().size() - 1;  // the latest boundaries
    if (layer.generations().size() > 1)
        log.note(fmt::format("--per {}: using its latest boundaries ({}); incidents under earlier ones are not counted",
                             o.per, layer.generations()[g].source));
    const auto& index = *layer.generations()[g].index;
    std::vector<Wkb> polygons;
    std::vector<std::string> code, name;
    for (std::size_t i = 0; i < index.size(); ++i) {
        polygons.push_back(index.wkb(i));
        code.push_back(index.code(i));
        name.push_back(index.name(i));
    }
    return area_units(std::move(polygons), std::move(code), std::move(name), o.neighbours, o.spatial_weights == "row");
}

std::vector<std::int64_t> area_unit_of_incident(const std::string& per, const Ingested& in) {
    const std::size_t l = layer_labelled(per, in.layers);
    const auto& layer = in.layers[l];
    const std::size_t g = layer.generations().size() - 1;
    const auto offset = static_cast<std::int32_t>(layer.offset(g));
    const auto n = static_cast<std::int32_t>(layer.generations()[g].index->size());
    std::vector<std::int64_t> out(in.set.incidents.size(), -1);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto a = in.assignment[l][i] - offset;
        if (a >= 0 && a < n) out[i] = a;
    }
    return out;
}

namespace {

// The area coded `within`, in the latest boundaries that have it.
geo::GeomPtr area_coded(geo::GeosContext& ctx, const std::string& within, const std::vector<AreaLayer>& layers) {
    for (const auto& l : layers)
        for (auto g = l.generations().size(); g-- > 0;) {
            const auto& index = *l.generations()[g].index;
            if (const int i = index.find_code(within); i >= 0) {
                const auto wkb = index.wkb(static_cast<std::size_t>(i));
                return geo::from_wkb(ctx, wkb.data(), wkb.size());
            }
        }
    throw UsageError("--within " + within + ": no area has this code in the --areas layers");
}

}  // namespace

std::vector<bool> areas_within(const AreaLayer& layer, const std::string& within, const std::vector<AreaLayer>& layers) {
    geo::GeosContext ctx;
    const auto outer = area_coded(ctx, within, layers);
    std::vector<bool> inside(layer.area_count(), false);
    for (std::size_t g = 0; g < layer.generations().size(); ++g) {
        const auto& index = *layer.generations()[g].index;
        for (std::size_t i = 0; i < index.size(); ++i) {
            const auto wkb = index.wkb(i);
            auto area = geo::from_wkb(ctx, wkb.data(), wkb.size());
            auto point = geo::checked(ctx, GEOSPointOnSurface_r(ctx.get(), area.get()), "point on surface");
            inside[layer.offset(g) + i] = GEOSContains_r(ctx.get(), outer.get(), point.get()) == 1;
        }
    }
    return inside;
}

std::vector<XY> unit_points(const Units& u, bool cells) {
    std::vector<XY> out;
    if (cells) {
        for (const std::size_t at : u.unit_cell) {
            const double row = static_cast<double>(at / u.grid.cols), col = static_cast<double>(at % u.grid.cols);
            out.push_back({u.grid.xmin + (col + 0.5) * u.grid.cell, u.grid.ymax - (row + 0.5) * u.grid.cell});
        }
        return out;
    }
    geo::GeosContext ctx;
    for (const auto& wkb : u.polygons) {
        auto g = geo::from_wkb(ctx, wkb.data(), wkb.size());
        const bool line = GEOSGeomTypeId_r(ctx.get(), g.get()) == GEOS_LINESTRING;
        auto p = geo::checked(ctx, line ? GEOSInterpolateNormalized_r(ctx.get(), g.get(), 0.5) : GEOSGetCentroid_r(ctx.get(), g.get()),
                              "a unit's point");
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx.get(), p.get(), &x);
        GEOSGeomGetY_r(ctx.get(), p.get(), &y);
        out.push_back({x, y});
    }
    return out;
}

std::vector<bool> points_within(const std::vector<XY>& points, const std::string& within,
                                const std::vector<AreaLayer>& layers) {
    geo::GeosContext ctx;
    const auto outer = area_coded(ctx, within, layers);
    const geo::PreparedPtr prepared(GEOSPrepare_r(ctx.get(), outer.get()), geo::PreparedDeleter{ctx.get()});
    std::vector<bool> inside(points.size(), false);
    for (std::size_t i = 0; i < points.size(); ++i) {
        const auto p = geo::make_point(ctx, points[i].x, points[i].y);
        inside[i] = GEOSPreparedIntersects_r(ctx.get(), prepared.get(), p.get()) == 1;
    }
    return inside;
}

}  // namespace hotspots::steps
