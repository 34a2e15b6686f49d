#pragma once
// Reading polygon layers (wards, boroughs, a BCU, LSOAs) for point-in-polygon mapping.
#include "geo/area_index.hpp"
#include "model/time.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotspots::io {

// --areas PATH[,key=value...] with keys: as (the layer's label in outputs; default the file
// name without extension), layer, code (field), name (field), crs (when the file has none),
// from and to (the dates the boundaries were in force, inclusive; YYYY-MM-DD).
struct AreaSpec {
    std::string path, label, layer, code_field, name_field, crs;
    std::string value_field;  // value=FIELD: a number per area (population), when a command needs one
    std::optional<Seconds> from, to;
    std::string text;  // as given, for messages and metadata
};
// Throws IoError on an unknown key or a bad date.
AreaSpec parse_area_spec(const std::string& text);

struct AreaLayerData {
    AreaSpec spec;
    std::string code_field, name_field;  // as used (given or detected)
    std::string code_note;               // how codes were found when no code field was, or ""
    std::string crs;                     // the source CRS
    std::vector<geo::AreaInput> inputs;  // in the working CRS
};

// Reads and reprojects a layer. The code field, unless given, is the first of GSS_CODE,
// an ONS-style ..CD field (WD13CD, LSOA11CD, ...), ONSWardCode, code; the name field the
// first of NAME, an ONS-style ..NM field, WardName, name. Without a code field the name field
// gives the codes, and without either the feature ids do (code_note says so). Throws IoError
// naming the file.
AreaLayerData read_area_layer(const AreaSpec& spec, const std::string& work_crs);

}  // namespace hotspots::io
