#include "io/outcome_table.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"


namespace hotspots::io {

std::vector<OutcomeRow> read_outcome_groups(const std::string& path) {
    auto ds = open_vector(path, {"AUTODETECT_TYPE=NO"});
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int category = -1, group = -1, positive = -1;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        const std::string name = lower_case(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        if (name == "category") category = i;
        if (name == "group") group = i;
        if (name == "positive") positive = i;
    }
    if (category < 0 || group < 0 || positive < 0)
        throw IoError(path + ": an outcome groups table needs the columns category, group and positive (yes or no); "
                             "docs/outcome-groups.csv is one");
    std::vector<OutcomeRow> rows;
    std::uint64_t row = 0;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        ++row;
        OutcomeRow r{OGR_F_GetFieldAsString(f, category), OGR_F_GetFieldAsString(f, group), false};
        const std::string p = lower_case(OGR_F_GetFieldAsString(f, positive));
        if (r.category.empty() || r.group.empty())
            throw IoError(path + ": row " + std::to_string(row) + ": give a category and its group");
        if (p != "yes" && p != "no") throw IoError(path + ": row " + std::to_string(row) + ": positive is yes or no, not '" + p + "'");
        r.positive = p == "yes";
        rows.push_back(std::move(r));
    }
    if (rows.empty()) throw IoError(path + ": the outcome groups table has no rows");
    return rows;
}

}  // namespace hotspots::io
