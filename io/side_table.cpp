#include "io/side_table.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"

namespace hotspots::io {

int SideTable::column(const std::string& name) const {
    for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i] == name) return static_cast<int>(i);
    return -1;
}

SideTable read_side_table(const std::string& path) {
    auto ds = open_vector(path, {"AUTODETECT_TYPE=NO"});
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    SideTable t;
    t.path = path;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) t.columns.push_back(lower_case(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))));
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        std::vector<std::string> row;
        for (int i = 0; i < static_cast<int>(t.columns.size()); ++i) row.emplace_back(OGR_F_GetFieldAsString(f, i));
        t.rows.push_back(std::move(row));
    }
    if (t.rows.empty()) throw IoError(path + ": the table has no rows");
    return t;
}

}  // namespace hotspots::io
