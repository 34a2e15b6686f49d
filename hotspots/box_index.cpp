#include "hotspots/box_index.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <iterator>

namespace hotspots {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Entry = std::pair<BBox, std::uint32_t>;

struct BoxIndex::Tree {
    bgi::rtree<Entry, bgi::quadratic<16>> tree;
};

namespace {
BBox to_bbox(const Box2& b) { return {BPoint(b.xmin, b.ymin), BPoint(b.xmax, b.ymax)}; }
}  // namespace

Box2 piece_box(XY a, XY b, double grow) {
    return {std::min(a.x, b.x) - grow, std::min(a.y, b.y) - grow, std::max(a.x, b.x) + grow, std::max(a.y, b.y) + grow};
}

BoxIndex::BoxIndex(const std::vector<Box2>& boxes) {
    std::vector<Entry> entries;
    entries.reserve(boxes.size());
    for (std::uint32_t i = 0; i < boxes.size(); ++i) entries.emplace_back(to_bbox(boxes[i]), i);
    m_tree = std::make_unique<Tree>(Tree{{entries.begin(), entries.end()}});
}

BoxIndex::~BoxIndex() = default;

void BoxIndex::query(const Box2& b, std::vector<std::uint32_t>& hits) const {
    std::vector<Entry> found;  // a query of its own: const queries may run in parallel
    m_tree->tree.query(bgi::intersects(to_bbox(b)), std::back_inserter(found));
    hits.clear();
    for (const auto& e : found) hits.push_back(e.second);
    std::sort(hits.begin(), hits.end());
}

}  // namespace hotspots
