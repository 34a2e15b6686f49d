// kde --aggregate hex:SIZE: the surface's mean per hexagon as a polygon layer (docs/kde.md).
#include "hotspots/hex_units.hpp"
#include "steps/kde.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {

io::FeatureTable hexagon_table(const HexMeans& h, const std::string& crs, const std::string& units, const nlohmann::json& meta) {
    using io::FieldType;
    using R = ColumnRole;
    io::FeatureTable t;
    t.layer = "hexagons";
    t.crs = crs;
    t.metadata = meta;
    t.metadata["units"] = units;
    // The value is smoothed like the raster, not a count: a rate without a derivation, so
    // publishing withholds it as it does the lixels' density.
    t.fields = {{"code", FieldType::text, R::area},       {"q", FieldType::integer, R::identifier},
                {"r", FieldType::integer, R::identifier}, {"cells", FieldType::integer, R::measure},
                {"area_m2", FieldType::real, R::measure}, {"value", FieldType::real, R::rate}};
    const double area = std::sqrt(3.0) / 2 * h.hex.size * h.hex.size;
    for (std::size_t k = 0; k < h.cells.size(); ++k) {
        const auto c = h.cells[k];
        t.rows.push_back({fmt::format("{},{}", c.q, c.r), std::int64_t(c.q), std::int64_t(c.r), std::int64_t(h.count[k]), area,
                          h.mean[k]});
        t.geometries.push_back(polygon_wkb(h.hex.corners(c)));
    }
    return t;
}

}  // namespace hotspots::steps
