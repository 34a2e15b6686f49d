#include "geo/crs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>

namespace hotspots::geo {
namespace {

struct ContextDeleter {
    void operator()(PJ_CONTEXT* c) const noexcept { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

PjPtr create_crs(PJ_CONTEXT* ctx, const std::string& definition) {
    PjPtr crs(proj_create(ctx, definition.c_str()));
    if (!crs) {
        throw CrsError("unknown CRS '" + definition + "' (use e.g. EPSG:27700, EPSG:4326 or WKT)");
    }
    const auto type = proj_get_type(crs.get());
    if (type == PJ_TYPE_BOUND_CRS) {
        PjPtr base(proj_get_source_crs(ctx, crs.get()));
        if (base) return base;
    }
    if (!proj_is_crs(crs.get())) throw CrsError("'" + definition + "' is not a coordinate reference system");
    return crs;
}

bool is_geographic(PJ* crs) {
    const auto t = proj_get_type(crs);
    return t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS || t == PJ_TYPE_GEOGRAPHIC_CRS;
}

CrsInfo describe(PJ_CONTEXT* ctx, PJ* crs, const std::string& definition) {
    CrsInfo info;
    info.definition = definition;
    if (const char* n = proj_get_name(crs)) info.name = n;
    const char* auth = proj_get_id_auth_name(crs, 0);
    const char* code = proj_get_id_code(crs, 0);
    if (auth && code) info.id = std::string(auth) + ":" + code;
    info.geographic = is_geographic(crs);
    double w, s, e, n;
    if (proj_get_area_of_use(ctx, crs, &w, &s, &e, &n, nullptr) && w > -1000) {
        info.has_area = true;
        info.west = w;
        info.south = s;
        info.east = e;
        info.north = n;
    }
    return info;
}

constexpr double inf = std::numeric_limits<double>::infinity();

// Box of an area of use (degrees) in the target CRS, or everything when unknown.
Envelope area_in(PJ_CONTEXT* ctx, PJ* target, const CrsInfo& area) {
    if (!area.has_area || area.west > area.east) return {-inf, -inf, inf, inf};
    PjPtr lonlat(proj_create(ctx, "EPSG:4326"));
    PjPtr op(proj_create_crs_to_crs_from_pj(ctx, lonlat.get(), target, nullptr, nullptr));
    if (!op) return {-inf, -inf, inf, inf};
    PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
    Envelope e;
    if (!norm || !proj_trans_bounds(ctx, norm.get(), PJ_FWD, area.west, area.south, area.east, area.north,
                                    &e.xmin, &e.ymin, &e.xmax, &e.ymax, 21)) {
        return {-inf, -inf, inf, inf};
    }
    return e;
}

}  // namespace

CrsInfo describe_crs(const std::string& definition) {
    // Every step's --work-crs default is described as the command line is built, and each
    // file read describes its CRS: a PROJ context and database search each time (tens of ms in
    // all, before anything else can start). PROJ's database does not change while we run,
    // so a definition is described once; errors are not kept (they are thrown again).
    static std::mutex lock;
    static std::map<std::string, CrsInfo> known;
    {
        const std::lock_guard guard(lock);
        if (const auto it = known.find(definition); it != known.end()) return it->second;
    }
    ContextPtr ctx(proj_context_create());
    auto crs = create_crs(ctx.get(), definition);
    auto info = describe(ctx.get(), crs.get(), definition);
    const std::lock_guard guard(lock);
    known.emplace(definition, info);
    return info;
}

Transformer::Transformer(const std::string& from, const std::string& to) {
    ContextPtr ctx(proj_context_create());
    auto src = create_crs(ctx.get(), from);
    auto dst = create_crs(ctx.get(), to);
    m_identity = proj_is_equivalent_to(src.get(), dst.get(), PJ_COMP_EQUIVALENT) != 0;
    PjPtr op(proj_create_crs_to_crs_from_pj(ctx.get(), src.get(), dst.get(), nullptr, nullptr));
    if (!op) throw CrsError("PROJ has no transformation from '" + from + "' to '" + to + "'");
    PjPtr norm(proj_normalize_for_visualization(ctx.get(), op.get()));
    if (!norm) throw CrsError("cannot normalise axis order from '" + from + "' to '" + to + "'");
    const auto src_info = describe(ctx.get(), src.get(), from);
    const auto dst_info = describe(ctx.get(), dst.get(), to);
    // Intersect the areas of use in degrees, then project once: projecting a world-wide
    // area into a national grid gives nonsense.
    CrsInfo both = dst_info;
    if (src_info.has_area) {
        if (!both.has_area) {
            both = src_info;
        } else {
            both.west = std::max(both.west, src_info.west);
            both.south = std::max(both.south, src_info.south);
            both.east = std::min(both.east, src_info.east);
            both.north = std::min(both.north, src_info.north);
        }
    }
    m_valid = area_in(ctx.get(), dst.get(), both);
    // Name the operation PROJ ranks first for these areas (what proj_trans will use where
    // that operation applies).
    if (m_identity) {
        m_operation = "none (same CRS)";
    } else if (PJ_OPERATION_FACTORY_CONTEXT* fc = proj_create_operation_factory_context(ctx.get(), nullptr)) {
        proj_operation_factory_context_set_spatial_criterion(ctx.get(), fc, PROJ_SPATIAL_CRITERION_PARTIAL_INTERSECTION);
        proj_operation_factory_context_set_grid_availability_use(ctx.get(), fc, PROJ_GRID_AVAILABILITY_DISCARD_OPERATION_IF_MISSING_GRID);
        if (PJ_OBJ_LIST* ops = proj_create_operations(ctx.get(), src.get(), dst.get(), fc)) {
            if (proj_list_get_count(ops) > 0) {
                PjPtr first(proj_list_get(ctx.get(), ops, 0));
                if (const char* n = proj_get_name(first.get())) m_operation = n;
                const double acc = proj_coordoperation_get_accuracy(ctx.get(), first.get());
                if (acc >= 0) m_operation += " (accuracy " + std::to_string(static_cast<int>(std::lround(acc))) + " m)";
            }
            proj_list_destroy(ops);
        }
        proj_operation_factory_context_destroy(fc);
    }
    m_pj = norm.release();
    m_ctx = ctx.release();
}

std::unique_ptr<Transformer> Transformer::clone() const {
    ContextPtr ctx(proj_context_create());
    PjPtr pj(proj_clone(ctx.get(), m_pj));
    if (!ctx || !pj) return nullptr;
    std::unique_ptr<Transformer> t(new Transformer());
    t->m_identity = m_identity;
    t->m_valid = m_valid;
    t->m_operation = m_operation;
    t->m_pj = pj.release();
    t->m_ctx = ctx.release();
    return t;
}

Transformer::~Transformer() {
    proj_destroy(m_pj);
    proj_context_destroy(m_ctx);
}

void Transformer::transform(double* x, double* y, std::size_t n) const {
    if (m_identity || n == 0) return;
    proj_trans_generic(m_pj, PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
            x[i] = y[i] = std::numeric_limits<double>::quiet_NaN();
        }
    }
}

}  // namespace hotspots::geo
