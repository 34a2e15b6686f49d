#include "io/weight_table.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace hotspots::io {
namespace {

// Lower case without surrounding spaces: how keys are compared.
std::string lower(std::string s) {
    s = lower_case(std::move(s));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    return s;
}

}  // namespace

WeightTable read_weight_table(const std::string& path) {
    auto ds = open_vector(path, {"AUTODETECT_TYPE=NO"});
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int key = -1, value = -1;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        const std::string name = lower(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        if (key < 0 && (name == "category" || name == "crime_type" || name == "type")) key = i;
        if (value < 0 && name == "weight") value = i;
    }
    if (key < 0 || value < 0)
        throw IoError(path + ": a weights table needs a 'category' (or 'crime_type') column and a 'weight' column");
    WeightTable t;
    t.path = path;
    std::uint64_t row = 0;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        ++row;
        const std::string k = lower(OGR_F_GetFieldAsString(f, key));
        const std::string v = OGR_F_GetFieldAsString(f, value);
        double w = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), w);
        if (k.empty()) throw IoError(path + ": row " + std::to_string(row) + " has no category");
        if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(w) || w < 0 || w > max_weight)
            throw IoError(path + ": row " + std::to_string(row) + ": weight '" + v +
                          "' is not a number from 0 to 1000000");
        if (k == "*") {
            if (t.fallback) throw IoError(path + ": row " + std::to_string(row) + ": '*' is given twice");
            t.fallback = w;
        } else if (!t.by_key.emplace(k, w).second) {
            throw IoError(path + ": row " + std::to_string(row) + ": '" + k + "' is given twice");
        }
    }
    if (t.by_key.empty() && !t.fallback) throw IoError(path + ": the weights table has no rows");
    return t;
}

std::optional<double> weight_for(const WeightTable& t, const IncidentSet& set, const Incident& i) {
    if (auto it = t.by_key.find(lower(set.text(i.crime_type))); it != t.by_key.end()) return it->second;
    if (auto it = t.by_key.find(std::string(slug(i.category))); it != t.by_key.end()) return it->second;
    return t.fallback;
}

}  // namespace hotspots::io
