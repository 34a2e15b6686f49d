#pragma once
// An R-tree (Boost.Geometry) of the boxes of straight pieces of lines: the pieces near a
// point or near another piece, for snapping points to streets and for noding crossings.
#include "model/geometry.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace hotspots {

struct Box2 {
    double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
};

// The box of the piece from a to b, grown by `grow` metres on every side.
Box2 piece_box(XY a, XY b, double grow = 0);

class BoxIndex {
public:
    explicit BoxIndex(const std::vector<Box2>& boxes);
    ~BoxIndex();
    BoxIndex(const BoxIndex&) = delete;
    BoxIndex& operator=(const BoxIndex&) = delete;

    // Replaces `hits` with the numbers of the boxes that meet `b`, in increasing order, so
    // that what is built from them never depends on the tree's order.
    void query(const Box2& b, std::vector<std::uint32_t>& hits) const;

private:
    struct Tree;
    std::unique_ptr<Tree> m_tree;
};

}  // namespace hotspots
