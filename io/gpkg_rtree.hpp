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

// Fills the R-tree's shadow tables `rtree`_node, _parent and _rowid of `db` (empty but for
// an empty root node; they may be plain tables of the same columns in another database, to
// be copied into the R-tree's own) with the points, in nodes of `node_size` bytes. Inside the
// caller's transaction. Throws IoError naming `path`.
void write_rtree(sqlite3* db, const std::string& path, const std::string& rtree, std::size_t node_size, std::vector<RtreeEntry> entries);

}  // namespace hotspots::io
