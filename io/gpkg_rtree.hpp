#pragma once
// A GeoPackage's spatial index (an SQLite R*Tree virtual table) packed in one go from its
// points, instead of one R*-tree insert per feature (about 10 microseconds each in SQLite
// 3.40: 10 s for 1,000,000 points). The nodes are written straight into the virtual table's
// shadow tables in the R-tree module's own format (sqlite/ext/rtree/rtree.c: a node is a
// 2-byte depth (root only) and a 2-byte cell count, then per cell a 64-bit id and the box as
// 32-bit floats, all big-endian), filled by Sort-Tile-Recursive packing (Leutenegger, Lopez
// and Edgington 1997). `SELECT rtreecheck(...)` accepts the result (tests/io).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace hotspots::io {

struct RtreeEntry {
    std::int64_t id;
    double x, y;
};

// The node size of the empty 2-D R-tree `rtree` (made by GDAL: columns id, minx, maxx, miny,
// maxy): that of the root the module made (1228 bytes, 51 cells, in pages of 4 kB).
std::size_t rtree_node_size(sqlite3* db, const std::string& path, const std::string& rtree);

// A packed tree, made apart from any database (on any thread): node k (from 0) is node
// number k + 1, the root first and then level by level downwards, `node_size` bytes each.
struct RtreePacked {
    std::size_t node_size = 0;
    std::vector<unsigned char> nodes;
    std::vector<std::pair<std::int64_t, std::int64_t>> parents;  // (node, its parent), by node
    std::vector<std::pair<std::int64_t, std::int64_t>> leaves;   // (feature id, its leaf), by id
};

// Packs the points into nodes of `node_size` bytes. Throws IoError naming `path` when the
// node size is unusable.
RtreePacked pack_rtree(const std::string& path, const std::string& rtree, std::size_t node_size, std::vector<RtreeEntry> entries);

// Fills the R-tree's shadow tables `rtree`_node, _parent and _rowid of `db` (empty but for
// an empty root node) with a packed tree, each in its key order, so that every row is
// appended at the end of its table. Inside the caller's transaction. Throws IoError naming
// `path`.
void write_rtree(sqlite3* db, const std::string& path, const std::string& rtree, const RtreePacked& tree);

}  // namespace hotspots::io
