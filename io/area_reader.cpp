#include "io/area_reader.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <type_traits>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <regex>

namespace hotspots::io {
namespace {

Seconds spec_date(const std::string& text, const std::string& key, bool end_of) {
    auto when = parse_when(text);
    if (!when) throw IoError("--areas " + key + "=" + text + ": not a date (use YYYY-MM-DD)");
    return end_of ? when->to : when->from;
}

int find_field(OGRFeatureDefnH defn, const std::vector<std::string>& exact, const std::regex& pattern) {
    const int n = OGR_FD_GetFieldCount(defn);
    for (const auto& want : exact)
        for (int i = 0; i < n; ++i)
            if (lower_case(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))) == lower_case(want)) return i;
    for (int i = 0; i < n; ++i)
        if (std::regex_match(std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))), pattern)) return i;
    return -1;
}

std::string field_list(OGRFeatureDefnH defn) {
    std::string s;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) s += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    return s;
}

int named_field(OGRFeatureDefnH defn, const std::string& name, const std::string& path, const char* key) {
    const int i = OGR_FD_GetFieldIndex(defn, name.c_str());
    if (i < 0) throw IoError(path + ": no field '" + name + "' for " + key + "= (fields: " + field_list(defn) + ")");
    return i;
}

struct SrsDeleter {
    void operator()(void* s) const noexcept { OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(s)); }
};
using SrsPtr = std::unique_ptr<void, SrsDeleter>;

SrsPtr srs_from(const std::string& definition) {
    SrsPtr s(OSRNewSpatialReference(nullptr));
    if (OSRSetFromUserInput(static_cast<OGRSpatialReferenceH>(s.get()), definition.c_str()) != OGRERR_NONE)
        throw IoError("unknown CRS '" + definition + "'");
    OSRSetAxisMappingStrategy(static_cast<OGRSpatialReferenceH>(s.get()), OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

}  // namespace

AreaSpec parse_area_spec(const std::string& text) {
    AreaSpec spec;
    spec.text = text;
    std::vector<std::string> parts;
    std::size_t start = 0;
    // A comma starts options only when what follows looks like key=value, so a path may
    // contain commas.
    while (true) {
        const std::size_t comma = text.find(',', start);
        if (comma == std::string::npos) {
            parts.push_back(text.substr(start));
            break;
        }
        parts.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
    spec.path = parts[0];
    std::size_t i = 1;
    while (i < parts.size() && parts[i].find('=') == std::string::npos) spec.path += "," + parts[i++];
    for (; i < parts.size(); ++i) {
        const auto eq = parts[i].find('=');
        if (eq == std::string::npos) throw IoError("--areas " + text + ": '" + parts[i] + "' is not key=value");
        const std::string key = parts[i].substr(0, eq), value = parts[i].substr(eq + 1);
        if (key == "as") spec.label = value;
        else if (key == "layer") spec.layer = value;
        else if (key == "code") spec.code_field = value;
        else if (key == "name") spec.name_field = value;
        else if (key == "crs") spec.crs = value;
        else if (key == "value") spec.value_field = value;
        else if (key == "unique") spec.unique = value;
        else if (key == "from") spec.from = spec_date(value, key, false);
        else if (key == "to") spec.to = spec_date(value, key, true);
        else throw IoError("--areas " + text + ": unknown key '" + key + "' (keys: as, layer, code, name, crs, from, to, value, unique)");
    }
    if (spec.path.empty()) throw IoError("--areas " + text + ": no file");
    if (spec.label.empty()) {
        std::string stem = std::filesystem::path(spec.path).stem().string();
        spec.label = stem;
    }
    if (spec.from && spec.to && *spec.to < *spec.from) throw IoError("--areas " + text + ": to= is before from=");
    if (spec.unique == "in:" || (spec.unique.empty() && text.find(",unique=") != std::string::npos))
        throw IoError("--areas " + text + ": give unique=FIELD (a field of this layer, such as DISTRICT) or "
                      "unique=in:LABEL (another --areas layer, such as in:borough)");
    return spec;
}

namespace {

bool all_finite(OGRGeometryH g) {
    for (int i = 0, n = OGR_G_GetGeometryCount(g); i < n; ++i)
        if (!all_finite(OGR_G_GetGeometryRef(g, i))) return false;
    for (int i = 0, n = OGR_G_GetPointCount(g); i < n; ++i)
        if (!std::isfinite(OGR_G_GetX(g, i)) || !std::isfinite(OGR_G_GetY(g, i))) return false;
    return true;
}

}  // namespace

AreaLayerData read_area_layer(const AreaSpec& spec, const std::string& work_crs) {
    AreaLayerData out;
    out.spec = spec;
    auto ds = open_vector(spec.path);
    OGRLayerH layer = pick_layer(ds.get(), spec.path, spec.layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    if (OGR_FD_GetGeomFieldCount(defn) == 0)
        throw IoError(spec.path + ": a table without geometries (fields: " + field_list(defn) +
                      "); areas need polygons: join its values to the area polygons by code first (in QGIS: Join "
                      "attributes by field value), then give POLYGONS,value=FIELD");
    const int code = spec.code_field.empty()
                         ? find_field(defn, {"GSS_CODE", "ONSWardCode", "code", "area_code"}, std::regex("[A-Za-z]{2,6}[0-9]{2}CD", std::regex::icase))
                         : named_field(defn, spec.code_field, spec.path, "code");
    int name = spec.name_field.empty()
                   ? find_field(defn, {"NAME", "WardName", "ward_name", "area_name"}, std::regex("[A-Za-z]{2,6}[0-9]{2}NM", std::regex::icase))
                   : named_field(defn, spec.name_field, spec.path, "name");
    const int value = spec.value_field.empty() ? -1 : named_field(defn, spec.value_field, spec.path, "value");
    const bool unique_by_field = !spec.unique.empty() && spec.unique.rfind("in:", 0) != 0;
    const int unique = unique_by_field ? named_field(defn, spec.unique, spec.path, "unique") : -1;
    std::vector<std::string> suffixes;
    // A layer without codes (a BCU outline, say) is still usable: its names stand for codes,
    // or, without names, its feature ids. Said, not silent.
    if (code >= 0) out.code_field = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, code));
    else if (name >= 0) {
        out.code_field = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, name));
        out.code_note = "no code field (fields: " + field_list(defn) + "); the " + out.code_field +
                        " field is used as the code; give code=FIELD to choose";
    } else {
        out.code_field = "(feature id)";
        out.code_note = "no code or name field (fields: " + field_list(defn) + "); feature ids are used as codes; give "
                        "code=FIELD to choose";
    }
    out.name_field = name >= 0 ? OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, name)) : "";

    std::string src = spec.crs.empty() ? srs_definition(OGR_L_GetSpatialRef(layer)) : spec.crs;
    if (src.empty()) throw IoError(spec.path + ": the layer has no CRS; give it with crs=EPSG:27700 (for example)");
    out.crs = src;
    auto from = srs_from(src);
    auto to = srs_from(work_crs);
    std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, void (*)(OGRCoordinateTransformationH)> owned(
        nullptr, OCTDestroyCoordinateTransformation);
    if (!OSRIsSame(static_cast<OGRSpatialReferenceH>(from.get()), static_cast<OGRSpatialReferenceH>(to.get()))) {
        owned.reset(OCTNewCoordinateTransformation(static_cast<OGRSpatialReferenceH>(from.get()),
                                                   static_cast<OGRSpatialReferenceH>(to.get())));
        if (!owned) throw IoError(spec.path + ": no transformation from " + src + " to " + work_crs);
    }
    OGRCoordinateTransformationH ct = owned.get();
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        geo::AreaInput in;
        in.code = code >= 0 ? OGR_F_GetFieldAsString(f, code)
                  : name >= 0 ? OGR_F_GetFieldAsString(f, name)
                              : std::to_string(OGR_F_GetFID(f));
        in.name = name >= 0 ? OGR_F_GetFieldAsString(f, name) : in.code;
        in.where = spec.path + " feature " + std::to_string(OGR_F_GetFID(f));
        if (unique >= 0) suffixes.push_back(utf8_safe(OGR_F_GetFieldAsString(f, unique)));
        if (value >= 0) {
            const std::string text = OGR_F_GetFieldAsString(f, value);
            char* end = nullptr;
            in.value = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || !(in.value >= 0))
                throw IoError(in.where + " (" + in.code + "): " + spec.value_field + " '" + text + "' is not a number >= 0");
        }
        if (OGRGeometryH g = OGR_F_GetGeometryRef(f); g && !OGR_G_IsEmpty(g)) {
            OGR_G_FlattenTo2D(g);
            if (!all_finite(g))
                throw IoError(in.where + " (" + in.code + "): a vertex is not a finite number (Infinity or NaN); fix "
                              "or delete that vertex (QGIS: Vertex tool), or remove the feature");
            if (ct && OGR_G_Transform(g, ct) != OGRERR_NONE) {
                throw IoError(in.where + ": cannot reproject to " + work_crs);
            }
            in.wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
            OGR_G_ExportToWkb(g, wkbNDR, in.wkb.data());
        }
        out.inputs.push_back(std::move(in));
    }
    if (out.inputs.empty()) throw IoError(spec.path + ": the layer has no features");
    if (unique >= 0) qualify_repeated_codes(out.inputs, [&](std::size_t i) { return suffixes[i]; });
    return out;
}

std::size_t qualify_repeated_codes(std::vector<geo::AreaInput>& inputs,
                                   const std::function<std::string(std::size_t)>& suffix) {
    std::map<std::string, std::size_t> seen;
    for (const auto& a : inputs) ++seen[a.code];
    std::size_t changed = 0;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        auto& a = inputs[i];
        if (seen[a.code] < 2) continue;
        const std::string s = suffix(i);
        if (s.empty()) continue;
        if (a.name == a.code) a.name += " (" + s + ")";
        a.code += " (" + s + ")";
        ++changed;
    }
    return changed;
}

void check_unique_codes(const AreaLayerData& layer) {
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < layer.inputs.size(); ++i) {
        const auto& a = layer.inputs[i];
        const auto [it, added] = first.emplace(a.code, i);
        if (added) continue;
        const auto& b = layer.inputs[it->second];
        auto id = [](const geo::AreaInput& x) { return x.where.substr(x.where.rfind(' ') + 1); };
        throw IoError(fmt::format(
            "--areas {}: features {} and {} ({}) have the same code '{}' (code field {}): a code must name one area, or counts, "
            "populations and summaries of the two are mixed up. Give code=FIELD with a field whose codes are unique "
            "(GSS_CODE, say); merge the parts of one area into one feature (QGIS: Dissolve by the code field); or add "
            "unique=FIELD (a field such as DISTRICT) or unique=in:LABEL (another --areas layer, such as the "
            "boroughs) to add that name to the repeated codes (docs/areas.md)",
            layer.spec.path, id(b), id(a), a.name == a.code ? b.name : b.name + ", " + a.name, a.code, layer.code_field));
    }
}

}  // namespace hotspots::io
