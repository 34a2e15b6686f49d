#include "io/point_reader.hpp"

#include "geo/crs.hpp"
#include "io/gdal_util.hpp"

#include <cmath>
#include <filesystem>

namespace hotspots::io {

PointLayer read_points(const std::string& path, const std::string& crs, const std::string& work_crs) {
    const bool csv = std::filesystem::path(path).extension() == ".csv";
    std::vector<std::string> options;
    if (csv)
        options = {"X_POSSIBLE_NAMES=easting,x,longitude,lon,lng", "Y_POSSIBLE_NAMES=northing,y,latitude,lat",
                   "KEEP_GEOM_COLUMNS=NO"};
    auto ds = open_vector(path, options);
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    PointLayer out;
    out.crs = srs_definition(OGR_L_GetSpatialRef(layer));
    if (out.crs.empty()) out.crs = crs.empty() ? work_crs : crs;
    std::vector<double> xs, ys;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        ++out.features;
        OGRGeometryH g = OGR_F_GetGeometryRef(static_cast<OGRFeatureH>(fp.get()));
        if (!g || OGR_G_IsEmpty(g) || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint) {
            ++out.skipped;
            continue;
        }
        xs.push_back(OGR_G_GetX(g, 0));
        ys.push_back(OGR_G_GetY(g, 0));
    }
    if (xs.empty()) throw IoError(path + ": no point features (a CSV needs easting/northing, x/y or longitude/latitude columns)");
    try {
        geo::Transformer t(out.crs, work_crs);
        t.transform(xs.data(), ys.data(), xs.size());
    } catch (const std::exception& e) {
        throw IoError(path + ": " + e.what());
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (std::isnan(xs[i]) || std::isnan(ys[i])) {
            ++out.skipped;
            continue;
        }
        out.points.push_back({xs[i], ys[i]});
    }
    return out;
}

}  // namespace hotspots::io
