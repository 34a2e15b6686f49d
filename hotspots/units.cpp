#include "hotspots/units.hpp"

#include "geo/cells.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace hotspots {

NeighbourSpec parse_neighbours(const std::string& text) {
    NeighbourSpec s;
    s.text = text;
    if (text == "queen") return s;
    if (text == "rook") {
        s.kind = NeighbourSpec::Kind::rook;
        return s;
    }
    const bool band = text.rfind("band:", 0) == 0, knn = text.rfind("knn:", 0) == 0;
    if (!band && !knn) throw std::invalid_argument("'" + text + "': give queen, rook, band:METRES or knn:K");
    const std::string v = text.substr(band ? 5 : 4);
    double x = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
    if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(x) || !(x > 0))
        throw std::invalid_argument(band ? "band:METRES needs a distance > 0" : "knn:K needs K >= 1");
    if (band) {
        s.kind = NeighbourSpec::Kind::band;
        s.band = x;
    } else {
        if (x != std::floor(x) || x > 1000) throw std::invalid_argument("knn:K needs a whole K from 1 to 1000");
        s.kind = NeighbourSpec::Kind::knn;
        s.k = static_cast<int>(x);
    }
    return s;
}

Units cell_units(const Grid& grid, std::vector<std::uint8_t> active, const NeighbourSpec& nb, bool row_standardise,
                 bool weights) {
    if (nb.kind == NeighbourSpec::Kind::knn)
        throw std::invalid_argument("knn:K is for areas; use queen, rook or band: on cells");
    Units u;
    u.grid = grid;
    u.active = std::move(active);
    const double band = nb.kind == NeighbourSpec::Kind::band ? nb.band : 0;
    if (!weights) {
        u.unit_of = detail::grid_units(u.grid, u.active, u.unit_cell);
        return u;
    }
    u.nb = grid_neighbours(u.grid, u.active, nb.kind == NeighbourSpec::Kind::rook ? Contiguity::rook : Contiguity::queen,
                           band, row_standardise, u.unit_cell);
    u.unit_of.assign(u.grid.cells(), -1);
    for (std::size_t k = 0; k < u.unit_cell.size(); ++k) u.unit_of[u.unit_cell[k]] = static_cast<std::int64_t>(k);
    return u;
}

Units area_units(std::vector<Wkb> polygons, std::vector<std::string> code, std::vector<std::string> name,
                 const NeighbourSpec& nb, bool row_standardise) {
    Units u;
    u.polygons = std::move(polygons);
    u.code = std::move(code);
    u.name = std::move(name);
    std::vector<std::vector<std::uint32_t>> lists;
    if (nb.kind == NeighbourSpec::Kind::queen || nb.kind == NeighbourSpec::Kind::rook) {
        lists = geo::polygon_contiguity(u.polygons, nb.kind == NeighbourSpec::Kind::rook);
    } else {
        // Distance band or k nearest, between centroids.
        std::vector<geo::XY> c;
        for (const auto& p : u.polygons) c.push_back(geo::polygon_facts(p).centroid);
        lists.resize(c.size());
        const bool knn = nb.kind == NeighbourSpec::Kind::knn;
        for (std::size_t i = 0; i < c.size(); ++i) {
            std::vector<std::pair<double, std::uint32_t>> d;
            for (std::size_t j = 0; j < c.size(); ++j)
                if (j != i) d.emplace_back(std::hypot(c[i].x - c[j].x, c[i].y - c[j].y), static_cast<std::uint32_t>(j));
            std::sort(d.begin(), d.end());
            for (std::size_t m = 0; m < d.size(); ++m)
                if (knn ? m < static_cast<std::size_t>(nb.k) : d[m].first <= nb.band) lists[i].push_back(d[m].second);
            std::sort(lists[i].begin(), lists[i].end());
        }
    }
    for (std::size_t i = 0; i < lists.size(); ++i) {
        std::vector<std::uint32_t> js{static_cast<std::uint32_t>(i)};
        js.insert(js.end(), lists[i].begin(), lists[i].end());
        std::sort(js.begin(), js.end());
        u.nb.add_row(js, row_standardise);
    }
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

AutoCell auto_cell(const IncidentSet& set) {
    std::vector<std::pair<double, double>> pts;
    for (const auto& i : set.incidents) pts.emplace_back(i.x, i.y);
    auto nn = nearest_neighbour_distances(pts);
    if (nn.empty()) throw std::invalid_argument("--auto needs incidents at two or more places");
    AutoCell a;
    for (double d : nn) a.mean += d / static_cast<double>(nn.size());
    std::nth_element(nn.begin(), nn.begin() + static_cast<std::ptrdiff_t>(nn.size() / 2), nn.end());
    a.median = nn[nn.size() / 2];
    a.cell = std::max(1.0, std::round(std::max(a.mean, a.median)));
    return a;
}

std::size_t first_peak(const std::vector<double>& z, bool& peak) {
    std::size_t pick = static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin());
    peak = false;
    for (std::size_t k = 0; k < z.size() && !peak; ++k)
        if ((k == 0 || z[k] > z[k - 1]) && k + 1 < z.size() && z[k] > z[k + 1]) {
            pick = k;
            peak = true;
        }
    return pick;
}

}  // namespace hotspots
