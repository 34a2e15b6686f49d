#pragma once
// A kernel density surface in tiles (docs/kde.md, "Tiles"): the grid cut into square tiles
// of `size` cells from its top-left corner (the last column and row of tiles may be
// narrower), each tile summed from the points whose kernel reaches it (the tile plus a halo
// of the kernel's support: h, or 4 h for the gaussian), so that the mosaic of the tiles is
// bit for bit the surface accumulate_kernels makes over the whole grid, and memory holds one
// tile at a time, never the grid.
#include "hotspots/kde.hpp"

#include <cstdint>
#include <vector>

namespace hotspots {

struct TileLayout {
    Grid grid;
    std::size_t size = 0;  // cells per tile side
    std::size_t tile_rows = 0, tile_cols = 0;

    std::size_t tiles() const { return tile_rows * tile_cols; }
    // Tile t, row by row from the north-west corner.
    GridWindow window(std::size_t t) const;
};

// Throws std::invalid_argument when `size` is 0.
TileLayout tile_layout(const Grid& grid, std::size_t size);

// The points bucketed by the tiles their kernels reach; tile(t) sums one tile.
class TiledKde {
public:
    // Reads every point once (point(i) for i < n) and keeps, per tile, the indices of the
    // points whose support (with one cell of slack) meets it, in input order: 4 bytes per
    // point and tile it reaches. Points of weight 0 or without finite coordinates are left out.
    TiledKde(std::size_t n, PointSource point, const TileLayout& layout, Kernel kernel, unsigned threads);

    const TileLayout& layout() const { return m_layout; }
    // The tile's cells, row-major (window(t).rows x window(t).cols).
    std::vector<double> tile(std::size_t t) const;
    // How many points tile t sums (the halo's included).
    std::size_t points_in(std::size_t t) const { return m_offsets[t + 1] - m_offsets[t]; }

private:
    PointSource m_point;
    TileLayout m_layout;
    Kernel m_kernel;
    unsigned m_threads;
    std::vector<std::size_t> m_offsets;   // tile t holds m_index[m_offsets[t] .. m_offsets[t + 1])
    std::vector<std::uint32_t> m_index;
};

}  // namespace hotspots
