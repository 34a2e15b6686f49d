#include "hotspots/gistar_tiles.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hotspots {

GiStar grid_gi_star_tiled(const Grid& g, const std::vector<std::uint8_t>& active, const std::vector<double>& x,
                          std::size_t tile, const GridGiOptions& o, std::vector<std::size_t>& unit_cell) {
    const TileLayout layout = tile_layout(g, tile);
    const auto unit_of = detail::grid_units(g, active, unit_cell);
    if (unit_cell.size() != x.size()) throw std::invalid_argument("Gi* in tiles: one value per active cell");
    GiStar out;
    detail::gi_moments(x, out);  // the first pass: every unit
    out.z.assign(x.size(), 0.0);
    out.p.assign(x.size(), 1.0);
    std::vector<double> permuted(o.permutations > 0 ? x.size() : 0, 1.0);
    const auto window = detail::neighbour_window(g, o.contiguity, o.band_m);
    std::vector<std::uint32_t> js;
    std::vector<std::size_t> units;
    for (std::size_t t = 0; t < layout.tiles(); ++t) {
        const GridWindow w = layout.window(t);
        units.clear();
        Neighbours nb;
        for (std::size_t r = w.row0; r < w.row0 + w.rows; ++r)
            for (std::size_t c = w.col0; c < w.col0 + w.cols; ++c) {
                const std::size_t cell = r * g.cols + c;
                if (unit_of[cell] < 0) continue;
                units.push_back(static_cast<std::size_t>(unit_of[cell]));
                // The row reaches the band's cells around the tile: its halo.
                detail::add_grid_row(nb, g, unit_of, window, cell, o.row_standardise, js);
            }
        detail::gi_rows(x, nb, &units, out);
        if (o.permutations > 0) detail::permutation_rows(x, nb, &units, o.permutations, o.seed, o.threads, permuted);
    }
    out.bin.resize(x.size());
    set_p_values(out, o.permutations > 0 ? std::move(permuted) : out.p, o.adjustment);
    return out;
}

namespace {

// Tile t's cells: value(unit) at each unit's cell, `empty` elsewhere.
template <class Value>
std::vector<double> fill_tile(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, std::size_t t, double empty,
                              Value value) {
    const GridWindow w = layout.window(t);
    const std::size_t cols = layout.grid.cols;
    std::vector<double> out(w.rows * w.cols, empty);
    for (std::size_t r = 0; r < w.rows; ++r) {
        const std::size_t first = (w.row0 + r) * cols + w.col0, last = first + w.cols;
        auto it = std::lower_bound(unit_cell.begin(), unit_cell.end(), first);
        for (; it != unit_cell.end() && *it < last; ++it)
            out[r * w.cols + (*it - first)] = value(static_cast<std::size_t>(it - unit_cell.begin()));
    }
    return out;
}

}  // namespace

std::vector<double> tile_of_units(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, std::size_t t,
                                  const std::vector<double>& value, double empty) {
    return fill_tile(layout, unit_cell, t, empty, [&value](std::size_t k) { return value[k]; });
}

std::vector<double> gi_tile(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, const GiStar& gi,
                            std::size_t t) {
    std::vector<double> out;
    for (const auto* band : {&gi.z, &gi.p, &gi.p_adjusted}) {
        const auto v = tile_of_units(layout, unit_cell, t, *band, NAN);
        out.insert(out.end(), v.begin(), v.end());
    }
    const auto bin = fill_tile(layout, unit_cell, t, NAN, [&gi](std::size_t k) { return static_cast<double>(gi.bin[k]); });
    out.insert(out.end(), bin.begin(), bin.end());
    return out;
}

std::vector<double> gi_spot_tile(const TileLayout& layout, const std::vector<std::size_t>& unit_cell, const GiStar& gi,
                                 int sign, std::size_t t) {
    return fill_tile(layout, unit_cell, t, 0.0,
                     [&gi, sign](std::size_t k) { return sign * gi.bin[k] >= 2 ? std::abs(gi.z[k]) : 0.0; });
}

}  // namespace hotspots
