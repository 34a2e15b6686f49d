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

std::size_t layer_labelled(const std::string& per, const Ingested& in) {
    for (std::size_t l = 0; l < in.layers.size(); ++l)
        if (in.layers[l].label() == per) return l;
    throw UsageError("--per " + per + ": no --areas layer has that label (as=" + per + ")");
}

Units area_units(const std::string& per, const std::string& neighbours, const std::string& weights, const Ingested& in,
                 Reporter& report) {
    Units u;
    const auto& layer = in.layers[layer_labelled(per, in)];
    const std::size_t g = layer.generations().size() - 1;  // the latest boundaries
    if (layer.generations().size() > 1)
        report.note(fmt::format("--per {}: using its latest boundaries ({}); incidents under earlier ones are not counted",
                                per, layer.generations()[g].source));
    const auto& index = *layer.generations()[g].index;
    for (std::size_t i = 0; i < index.size(); ++i) {
        u.polygons.push_back(index.wkb(i));
        u.code.push_back(index.code(i));
        u.name.push_back(index.name(i));
    }
    const bool row = weights == "row";
    std::vector<std::vector<std::uint32_t>> lists;
    if (neighbours == "queen" || neighbours == "rook") {
        lists = geo::polygon_contiguity(u.polygons, neighbours == "rook");
    } else {
        // Distance band or k nearest, between centroids.
        std::vector<geo::XY> c;
        for (const auto& p : u.polygons) c.push_back(geo::polygon_facts(p).centroid);
        lists.resize(c.size());
        const bool knn = neighbours.rfind("knn:", 0) == 0;
        const double band = knn ? 0 : band_of(neighbours);
        const int k = knn ? std::atoi(neighbours.c_str() + 4) : 0;
        if (knn && k < 1) throw UsageError("--neighbours knn:K needs K >= 1");
        for (std::size_t i = 0; i < c.size(); ++i) {
            std::vector<std::pair<double, std::uint32_t>> d;
            for (std::size_t j = 0; j < c.size(); ++j)
                if (j != i) d.emplace_back(std::hypot(c[i].x - c[j].x, c[i].y - c[j].y), static_cast<std::uint32_t>(j));
            std::sort(d.begin(), d.end());
            for (std::size_t m = 0; m < d.size(); ++m)
                if (knn ? m < static_cast<std::size_t>(k) : d[m].first <= band) lists[i].push_back(d[m].second);
            std::sort(lists[i].begin(), lists[i].end());
        }
    }
    for (std::size_t i = 0; i < lists.size(); ++i) {
        std::vector<std::uint32_t> js{static_cast<std::uint32_t>(i)};
        js.insert(js.end(), lists[i].begin(), lists[i].end());
        std::sort(js.begin(), js.end());
        u.nb.add_row(js, row);
    }
    return u;
}

std::vector<std::int64_t> area_unit_of_incident(const std::string& per, const Ingested& in) {
    const std::size_t l = layer_labelled(per, in);
    const auto& layer = in.layers[l];
    const std::size_t g = layer.generations().size() - 1;
    const auto offset = static_cast<std::int32_t>(layer.offset(g));
    const auto n = static_cast<std::int32_t>(layer.generations()[g].index->size());
    std::vector<std::int64_t> out(in.read.set.incidents.size(), -1);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto a = in.assignment[l][i] - offset;
        if (a >= 0 && a < n) out[i] = a;
    }
    return out;
}

}  // namespace hotspots::cli
