#pragma once
// Reading polygon layers (wards, boroughs, a BCU, LSOAs) for point-in-polygon mapping.
#include "geo/area_index.hpp"
#include "model/time.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::io {

// --areas PATH[,key=value...] with keys: as (the layer's label in outputs; default the file
// name without extension), layer, code (field), name (field), crs (when the file has none),
// from and to (the dates the boundaries were in force, inclusive; YYYY-MM-DD), unique (how
// repeated codes are made unique: FIELD, or in:LABEL for another --areas layer).
struct AreaSpec {
    std::string path, label, layer, code_field, name_field, crs;
    std::string unique;       // unique=FIELD or unique=in:LABEL; "" refuses repeated codes
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
// gives the codes, and without either the feature ids do (code_note says so). With
// unique=FIELD, a code that several features share gets that field's value: "Edgware
// (Harrow)" (and so does its name, when the name was the code). Throws IoError naming the
// file. Repeated codes are not refused here (a mask's codes mean nothing): see
// check_unique_codes.
AreaLayerData read_area_layer(const AreaSpec& spec, const std::string& work_crs);

// "CODE (SUFFIX)" for every area whose code another area of `inputs` shares, with
// suffix(i) for area i (an empty suffix leaves the area as it is); a name equal to its code
// follows it. Returns how many areas changed.
std::size_t qualify_repeated_codes(std::vector<geo::AreaInput>& inputs,
                                   const std::function<std::string(std::size_t)>& suffix);

// Throws IoError naming the file, the code field, the code and both features when two areas
// of `layer` share a code, and saying how to make them unique (docs/areas.md).
void check_unique_codes(const AreaLayerData& layer);

}  // namespace hotspots::io
