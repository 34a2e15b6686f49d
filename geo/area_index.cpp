#include "geo/area_index.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hotspots::geo {
namespace {

bool is_polygonal(int type) { return type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON; }

// Keeps the polygonal parts of what make-valid returned (it may add lines or points
// where a ring collapsed).
GeomPtr polygonal_parts(const GeosContext& ctx, GeomPtr g) {
    auto h = ctx.get();
    const int type = GEOSGeomTypeId_r(h, g.get());
    if (is_polygonal(type)) return g;
    if (type != GEOS_GEOMETRYCOLLECTION) return nullptr;
    std::vector<GEOSGeometry*> parts;
    const int n = GEOSGetNumGeometries_r(h, g.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, g.get(), i);
        const int pt = GEOSGeomTypeId_r(h, part);
        if (pt == GEOS_POLYGON) {
            parts.push_back(GEOSGeom_clone_r(h, part));
        } else if (pt == GEOS_MULTIPOLYGON) {
            for (int j = 0; j < GEOSGetNumGeometries_r(h, part); ++j)
                parts.push_back(GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, part, j)));
        }
    }
    if (parts.empty()) return nullptr;
    return checked(ctx,
                   GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, parts.data(), static_cast<unsigned>(parts.size())),
                   "multipolygon");
}

}  // namespace

AreaIndex::AreaIndex(const std::vector<AreaInput>& inputs, std::vector<AreaNote>& notes) {
    if (inputs.empty()) throw AreaError("no areas: the layer has no features");
    auto h = m_ctx.get();
    m_areas.reserve(inputs.size());
    for (const auto& in : inputs) {
        const std::string where = in.where + (in.code.empty() ? "" : " (" + in.code + ")");
        if (in.wkb.empty()) throw AreaError(where + ": no geometry (remove the feature or give it a polygon)");
        GeomPtr g;
        try {
            g = from_wkb(m_ctx, in.wkb.data(), in.wkb.size());
        } catch (const GeosError& e) {
            throw AreaError(where + ": unreadable geometry (" + e.what() + ")");
        }
        if (GEOSisEmpty_r(h, g.get()) == 1) throw AreaError(where + ": empty geometry (give it a polygon)");
        if (!is_polygonal(GEOSGeomTypeId_r(h, g.get()))) {
            // GEOS hands back a copy of the type name for us to free.
            char* type = GEOSGeomType_r(h, g.get());
            const std::string name = type ? type : "unknown";
            GEOSFree_r(h, type);
            throw AreaError(where + ": not a polygon (" + name + "); area layers need polygons");
        }
        if (GEOSisValid_r(h, g.get()) != 1) {
            std::string reason;
            if (char* r = GEOSisValidReason_r(h, g.get())) {
                reason = r;
                GEOSFree_r(h, r);
            }
            g = polygonal_parts(m_ctx, checked(m_ctx, GEOSMakeValid_r(h, g.get()), "make-valid"));
            if (!g || GEOSisEmpty_r(h, g.get()) == 1) {
                throw AreaError(where + ": invalid polygon (" + reason + ") that cannot be repaired");
            }
            notes.push_back({where, "invalid polygon repaired (" + reason + ")"});
        }
        Area a;
        a.code = in.code;
        a.name = in.name;
        a.env = envelope_of(m_ctx, g.get());
        GEOSArea_r(h, g.get(), &a.area);
        a.geom = std::move(g);
        m_areas.push_back(std::move(a));
    }
    std::vector<std::uint32_t> order(m_areas.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return m_areas[a].code < m_areas[b].code; });
    for (std::uint32_t r = 0; r < order.size(); ++r) m_areas[order[r]].rank = r;

    m_extent = m_areas.front().env;
    for (const auto& a : m_areas) {
        m_extent.xmin = std::min(m_extent.xmin, a.env.xmin);
        m_extent.ymin = std::min(m_extent.ymin, a.env.ymin);
        m_extent.xmax = std::max(m_extent.xmax, a.env.xmax);
        m_extent.ymax = std::max(m_extent.ymax, a.env.ymax);
    }
    build_grid();
}

AreaIndex::~AreaIndex() = default;

void AreaIndex::build_grid() {
    // About 160 cells along the longer side: classifying them costs tens of milliseconds
    // and leaves most points of a typical layer to a single array lookup.
    constexpr int cells_long_side = 160;
    const double w = m_extent.xmax - m_extent.xmin;
    const double ht = m_extent.ymax - m_extent.ymin;
    m_cell = std::max(std::max(w, ht) / cells_long_side, 1e-9);
    m_x0 = m_extent.xmin;
    m_y0 = m_extent.ymin;
    m_nx = std::max(1, static_cast<int>(std::ceil(w / m_cell)));
    m_ny = std::max(1, static_cast<int>(std::ceil(ht / m_cell)));
    m_cells.assign(static_cast<std::size_t>(m_nx) * m_ny, -1);

    auto h = m_ctx.get();
    STRtreePtr tree(GEOSSTRtree_create_r(h, 10), STRtreeDeleter{h});
    std::vector<GeomPtr> boxes;
    for (std::size_t i = 0; i < m_areas.size(); ++i) {
        const auto& e = m_areas[i].env;
        boxes.push_back(make_box(m_ctx, e.xmin, e.ymin, e.xmax, e.ymax));
        GEOSSTRtree_insert_r(h, tree.get(), boxes.back().get(), reinterpret_cast<void*>(i));
    }
    std::vector<PreparedPtr> prepared;
    for (const auto& a : m_areas) prepared.emplace_back(GEOSPrepare_r(h, a.geom.get()), PreparedDeleter{h});

    std::vector<std::uint32_t> hits;
    auto collect = [](void* item, void* user) {
        static_cast<std::vector<std::uint32_t>*>(user)->push_back(
            static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(item)));
    };
    for (int r = 0; r < m_ny; ++r) {
        for (int c = 0; c < m_nx; ++c) {
            const double x0 = m_x0 + c * m_cell, y0 = m_y0 + r * m_cell;
            auto box = make_box(m_ctx, x0, y0, x0 + m_cell, y0 + m_cell);
            hits.clear();
            GEOSSTRtree_query_r(h, tree.get(), box.get(), collect, &hits);
            std::sort(hits.begin(), hits.end());
            std::vector<std::uint32_t> touching;
            for (auto i : hits) {
                if (GEOSPreparedIntersects_r(h, prepared[i].get(), box.get()) == 1) touching.push_back(i);
            }
            std::int32_t state = -1;
            if (touching.size() == 1 && GEOSPreparedContainsProperly_r(h, prepared[touching[0]].get(), box.get()) == 1) {
                state = static_cast<std::int32_t>(touching[0]);
            } else if (!touching.empty()) {
                state = -2 - static_cast<std::int32_t>(m_candidates.size());
                m_candidates.push_back(std::move(touching));
            }
            m_cells[static_cast<std::size_t>(r) * m_nx + c] = state;
        }
    }
}

double AreaIndex::interior_share() const noexcept {
    if (m_cells.empty()) return 0;
    return 1.0 - static_cast<double>(m_candidates.size()) / static_cast<double>(m_cells.size());
}

std::vector<unsigned char> AreaIndex::wkb(std::size_t i) const { return to_wkb(m_ctx, m_areas[i].geom.get()); }

int AreaIndex::find_code(const std::string& code) const {
    for (std::size_t i = 0; i < m_areas.size(); ++i)
        if (m_areas[i].code == code) return static_cast<int>(i);
    return -1;
}

AreaLocator::AreaLocator(const AreaIndex& index) : m_index(index) {
    auto h = m_ctx.get();
    for (const auto& a : index.m_areas) m_prepared.emplace_back(GEOSPrepare_r(h, a.geom.get()), PreparedDeleter{h});
}

AreaLocator::~AreaLocator() = default;

int AreaLocator::locate(double x, double y) {
    const auto& ix = m_index;
    if (!(x >= ix.m_extent.xmin && x <= ix.m_extent.xmax && y >= ix.m_extent.ymin && y <= ix.m_extent.ymax)) return -1;
    const int c = std::min(ix.m_nx - 1, static_cast<int>((x - ix.m_x0) / ix.m_cell));
    const int r = std::min(ix.m_ny - 1, static_cast<int>((y - ix.m_y0) / ix.m_cell));
    const std::int32_t state = ix.m_cells[static_cast<std::size_t>(r) * ix.m_nx + c];
    if (state >= -1) return state;
    // Candidates were found against the closed cell box, so every area covering a point of
    // the cell, even one on the cell's edge, is among them.
    return exact(x, y, ix.m_candidates[static_cast<std::size_t>(-2 - state)]);
}

int AreaLocator::exact(double x, double y, const std::vector<std::uint32_t>& candidates) {
    auto h = m_ctx.get();
    auto pt = make_point(m_ctx, x, y);
    int best = -1;
    std::uint32_t best_rank = 0;
    for (auto i : candidates) {
        const auto& a = m_index.m_areas[i];
        if (x < a.env.xmin || x > a.env.xmax || y < a.env.ymin || y > a.env.ymax) continue;
        if (best >= 0 && a.rank > best_rank) continue;
        if (GEOSPreparedCovers_r(h, m_prepared[i].get(), pt.get()) == 1) {
            best = static_cast<int>(i);
            best_rank = a.rank;
        }
    }
    return best;
}

}  // namespace hotspots::geo
