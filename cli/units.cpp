#include "cli/units.hpp"

#include "cli/commands.hpp"
#include "cli/kde_plan.hpp"
#include "geo/cells.hpp"
#include "hotspots/kde.hpp"
#include "io/area_reader.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>

#include <charconv>

namespace hotspots::cli {

void check_neighbour_options(const std::string& neighbours, const std::string& weights) {
    if (weights != "binary" && weights != "row") throw UsageError("--weights must be binary or row");
    if (neighbours != "queen" && neighbours != "rook" && neighbours.rfind("band:", 0) != 0 && neighbours.rfind("knn:", 0) != 0)
        throw UsageError("--neighbours must be queen, rook, band:METRES or knn:K");
    if (neighbours.rfind("band:", 0) == 0) band_of(neighbours);
}

double band_of(const std::string& spec) {
    double v = 0;
    const std::string s = spec.substr(5);
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !(v > 0)) throw UsageError("--neighbours band:METRES needs a distance > 0");
    return v;
}

Units grid_units(const GridOptions& o, const IncidentSet& set, Reporter& report) {
    if (!(o.cell > 0)) throw UsageError("--cell must be > 0 metres");
    if (!o.extent.empty() && !o.mask.empty()) throw UsageError("give --extent or --mask, not both");
    if (o.neighbours.rfind("knn:", 0) == 0) throw UsageError("--neighbours knn:K is for areas; use queen, rook or band: on cells");
    Units u;
    Box area = extent_of(set);
    std::vector<geo::Wkb> mask;
    if (!o.mask.empty()) {
        io::AreaLayerData layer;
        try {
            layer = io::read_area_layer(io::parse_area_spec(o.mask), o.work_crs);
        } catch (const io::IoError& e) {
            throw UsageError(std::string("--mask: ") + e.what());
        }
        std::vector<geo::AreaNote> notes;
        geo::AreaIndex index(layer.inputs, notes);
        for (const auto& n : notes) report.warning("--mask " + n.where + ": " + n.message);
        for (std::size_t i = 0; i < index.size(); ++i) mask.push_back(index.wkb(i));
        const auto& e = index.extent();
        area = {e.xmin, e.ymin, e.xmax, e.ymax};
    }
    u.grid = o.extent.empty() ? snapped_grid(area, 0, o.cell) : exact_grid(parse_extent(o.extent), o.cell);
    if (static_cast<double>(u.grid.cells()) > o.max_cells)
        throw std::runtime_error(fmt::format("the grid would be {} x {} cells; use a larger --cell or a smaller --extent",
                                             u.grid.cols, u.grid.rows));
    if (!mask.empty()) u.active = geo::rasterize(mask, u.grid);
    const double band = o.neighbours.rfind("band:", 0) == 0 ? band_of(o.neighbours) : 0;
    u.nb = grid_neighbours(u.grid, u.active, o.neighbours == "rook" ? Contiguity::rook : Contiguity::queen, band,
                           o.weights == "row", u.unit_cell);
    u.unit_of.assign(u.grid.cells(), -1);
    for (std::size_t k = 0; k < u.unit_cell.size(); ++k) u.unit_of[u.unit_cell[k]] = static_cast<std::int64_t>(k);
    return u;
}

std::vector<std::int64_t> unit_of_incident(const Units& u, const IncidentSet& set) {
    std::vector<std::int64_t> out(set.incidents.size(), -1);
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto c = u.grid.col_of(set.incidents[i].x), r = u.grid.row_of(set.incidents[i].y);
        if (u.grid.contains(c, r)) out[i] = u.unit_of[static_cast<std::size_t>(r) * u.grid.cols + static_cast<std::size_t>(c)];
    }
    return out;
}

}  // namespace hotspots::cli
