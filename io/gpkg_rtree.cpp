#include "io/gpkg_rtree.hpp"

#include "io/gdal_util.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace hotspots::io {
namespace {

struct Cell {
    std::int64_t id;  // a feature's id in a leaf, a child's index (then its node number) above
    float x0, x1, y0, y1;
};

// The box is stored as floats that contain the double values, as the R-tree module rounds.
float down(double d) {
    float f = static_cast<float>(d);
    return f > d ? std::nextafter(f, -INFINITY) : f;
}
float up(double d) {
    float f = static_cast<float>(d);
    return f < d ? std::nextafter(f, INFINITY) : f;
}

void put16(unsigned char* p, unsigned v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}
void put64(unsigned char* p, std::uint64_t v) {
    for (int k = 7; k >= 0; --k, v >>= 8) p[k] = static_cast<unsigned char>(v);
}
void put_float(unsigned char* p, float f) {
    std::uint32_t v;
    std::memcpy(&v, &f, 4);
    for (int k = 3; k >= 0; --k, v >>= 8) p[k] = static_cast<unsigned char>(v);
}

// Sort-Tile-Recursive: vertical slices by centre x, each cut into nodes by centre y. Returns
// the nodes as ranges of `cells` (which it reorders). Ties go by id, so the tree depends on
// the points alone.
std::vector<std::pair<std::size_t, std::size_t>> pack(std::vector<Cell>& cells, std::size_t per_node) {
    // Each centre is worked out once, not twice per comparison.
    struct Keyed {
        double key;
        Cell cell;
    };
    auto by_key = [](const Keyed& a, const Keyed& b) { return a.key != b.key ? a.key < b.key : a.cell.id < b.cell.id; };
    const std::size_t nodes = (cells.size() + per_node - 1) / per_node;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t per_slice = slices * per_node;
    std::vector<Keyed> keyed(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) keyed[i] = {0.5 * (double(cells[i].x0) + double(cells[i].x1)), cells[i]};
    std::sort(keyed.begin(), keyed.end(), by_key);
    for (auto& k : keyed) k.key = 0.5 * (double(k.cell.y0) + double(k.cell.y1));
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t s = 0; s < keyed.size(); s += per_slice) {
        const std::size_t e = std::min(keyed.size(), s + per_slice);
        std::sort(keyed.begin() + static_cast<std::ptrdiff_t>(s), keyed.begin() + static_cast<std::ptrdiff_t>(e), by_key);
        for (std::size_t n = s; n < e; n += per_node) out.emplace_back(n, std::min(e, n + per_node));
    }
    for (std::size_t i = 0; i < cells.size(); ++i) cells[i] = keyed[i].cell;
    return out;
}

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, const std::string& path) : m_path(path) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_s, nullptr) != SQLITE_OK)
            throw IoError(path + ": spatial index: " + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(m_s); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() { return m_s; }
    void run() {
        const int rc = sqlite3_step(m_s);
        sqlite3_reset(m_s);
        if (rc != SQLITE_DONE)
            throw IoError(m_path + ": writing the spatial index failed (" + sqlite3_errmsg(sqlite3_db_handle(m_s)) +
                          (rc == SQLITE_FULL ? "; disk full?" : "") + ")");
    }

private:
    sqlite3_stmt* m_s = nullptr;
    std::string m_path;
};

std::string shadow(const std::string& rtree, const char* suffix) {
    std::string q = "\"";
    for (char c : rtree + suffix) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::size_t rtree_node_size(sqlite3* db, const std::string& path, const std::string& rtree) {
    Statement q(db, "SELECT length(data) FROM " + shadow(rtree, "_node") + " WHERE nodeno = 1", path);
    return sqlite3_step(q.get()) == SQLITE_ROW ? static_cast<std::size_t>(sqlite3_column_int(q.get(), 0)) : 0;
}

RtreePacked pack_rtree(const std::string& path, const std::string& rtree, std::size_t node_size, std::vector<RtreeEntry> entries) {
    RtreePacked tree;
    tree.node_size = node_size;
    if (entries.empty()) return tree;
    constexpr std::size_t cell_bytes = 8 + 4 * 4;
    const std::size_t per_node = node_size >= 4 ? (node_size - 4) / cell_bytes : 0;
    if (per_node < 2) throw IoError(path + ": unexpected spatial index " + rtree + " (its root node is " + std::to_string(node_size) + " bytes)");

    // The ids 1..n in order (as the writers give them) place each leaf row at its id's index;
    // others are sorted.
    bool dense = true;
    for (std::size_t i = 0; i < entries.size() && dense; ++i) dense = entries[i].id == std::int64_t(i) + 1;
    // Levels from the leaves up: nodes[l][k] is a range of cells[l].
    std::vector<std::vector<Cell>> cells(1);
    cells[0].reserve(entries.size());
    for (const auto& e : entries) cells[0].push_back({e.id, down(e.x), up(e.x), down(e.y), up(e.y)});
    std::vector<RtreeEntry>().swap(entries);
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> nodes;
    for (;;) {
        nodes.push_back(pack(cells.back(), per_node));
        if (nodes.back().size() == 1) break;
        std::vector<Cell> up_cells;
        for (std::size_t k = 0; k < nodes.back().size(); ++k) {
            const auto [b, e] = nodes.back()[k];
            Cell c{static_cast<std::int64_t>(k), INFINITY, -INFINITY, INFINITY, -INFINITY};
            for (std::size_t i = b; i < e; ++i) {
                const Cell& x = cells.back()[i];
                c.x0 = std::min(c.x0, x.x0);
                c.x1 = std::max(c.x1, x.x1);
                c.y0 = std::min(c.y0, x.y0);
                c.y1 = std::max(c.y1, x.y1);
            }
            up_cells.push_back(c);
        }
        cells.push_back(std::move(up_cells));
    }
    // Node numbers: the root is 1, then level by level downwards.
    const std::size_t levels = nodes.size();
    std::vector<std::int64_t> first(levels);  // the number of each level's first node
    std::int64_t next = 1;
    for (std::size_t l = levels; l-- > 0;) {
        first[l] = next;
        next += static_cast<std::int64_t>(nodes[l].size());
    }
    const auto count = static_cast<std::size_t>(next - 1);
    tree.nodes.assign(count * node_size, 0);
    tree.parents.resize(count - 1);  // every node but the root, by number from 2
    tree.leaves.reserve(cells[0].size());
    for (std::size_t l = 0; l < levels; ++l) {
        for (std::size_t k = 0; k < nodes[l].size(); ++k) {
            const auto [b, e] = nodes[l][k];
            const std::int64_t number = first[l] + static_cast<std::int64_t>(k);
            unsigned char* blob = tree.nodes.data() + static_cast<std::size_t>(number - 1) * node_size;
            if (l + 1 == levels) put16(blob, static_cast<unsigned>(levels - 1));  // the tree's depth, in the root
            put16(blob + 2, static_cast<unsigned>(e - b));
            for (std::size_t i = b; i < e; ++i) {
                const Cell& c = cells[l][i];
                unsigned char* p = blob + 4 + (i - b) * cell_bytes;
                const std::int64_t id = l == 0 ? c.id : first[l - 1] + c.id;
                put64(p, static_cast<std::uint64_t>(id));
                put_float(p + 8, c.x0);
                put_float(p + 12, c.x1);
                put_float(p + 16, c.y0);
                put_float(p + 20, c.y1);
                if (l == 0) tree.leaves.emplace_back(id, number);
                else tree.parents[static_cast<std::size_t>(id - 2)] = {id, number};
            }
        }
    }
    if (dense) {
        std::vector<std::pair<std::int64_t, std::int64_t>> by_id(tree.leaves.size());
        for (const auto& leaf : tree.leaves) by_id[static_cast<std::size_t>(leaf.first - 1)] = leaf;
        tree.leaves.swap(by_id);
    } else {
        std::sort(tree.leaves.begin(), tree.leaves.end());
    }
    return tree;
}

namespace {

// `rows` rows of two values each, `batch` a statement (as the table's rows, io/gpkg_bulk: a
// statement's start and its cursor once per batch); bind(statement, first parameter, row).
template <typename Bind>
void insert_rows(sqlite3* db, const std::string& path, const std::string& head, std::size_t rows, std::size_t batch, Bind bind) {
    auto statement = [&](std::size_t n) {
        std::string sql = head + " VALUES (?, ?)";
        for (std::size_t r = 1; r < n; ++r) sql += ", (?, ?)";
        return std::make_unique<Statement>(db, sql, path);
    };
    const auto full = statement(std::min(batch, rows));
    for (std::size_t b = 0; b < rows; b += batch) {
        const std::size_t n = std::min(batch, rows - b);
        const auto part = n < batch && b > 0 ? statement(n) : nullptr;
        Statement& s = part ? *part : *full;
        for (std::size_t r = 0; r < n; ++r) bind(s.get(), int(2 * r + 1), b + r);
        s.run();
    }
}

}  // namespace

void write_rtree(sqlite3* db, const std::string& path, const std::string& rtree, const RtreePacked& tree) {
    if (tree.leaves.empty()) return;
    const std::size_t size = tree.node_size;
    // The root replaces the empty one the module made.
    insert_rows(db, path, "INSERT OR REPLACE INTO " + shadow(rtree, "_node") + " (nodeno, data)", tree.nodes.size() / size, 32,
                [&](sqlite3_stmt* s, int p, std::size_t k) {
                    sqlite3_bind_int64(s, p, static_cast<std::int64_t>(k) + 1);
                    sqlite3_bind_blob(s, p + 1, tree.nodes.data() + k * size, static_cast<int>(size), SQLITE_STATIC);
                });
    auto pairs = [](const std::vector<std::pair<std::int64_t, std::int64_t>>& rows) {
        return [&rows](sqlite3_stmt* s, int p, std::size_t k) {
            sqlite3_bind_int64(s, p, rows[k].first);
            sqlite3_bind_int64(s, p + 1, rows[k].second);
        };
    };
    insert_rows(db, path, "INSERT INTO " + shadow(rtree, "_parent") + " (nodeno, parentnode)", tree.parents.size(), 128, pairs(tree.parents));
    insert_rows(db, path, "INSERT INTO " + shadow(rtree, "_rowid") + " (rowid, nodeno)", tree.leaves.size(), 128, pairs(tree.leaves));
}

}  // namespace hotspots::io
