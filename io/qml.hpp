#pragma once
// The pieces every QGIS style (.qml) of ours is made of: symbols (fill, marker, line) and the
// renderers around them (single, categorised, graduated). The styles themselves are in
// qgis_style (areas, cells, points) and street_style (lines along the streets).
#include <string>
#include <utility>
#include <vector>

namespace hotspots::io::qml {

// Symbol number `name` of one QGIS symbol layer (type "fill", "marker" or "line"; class
// "SimpleFill", ...) with its options in order, as (name, value).
using SymbolOptions = std::vector<std::pair<std::string, std::string>>;
std::string symbol(const char* type, const char* layer_class, int name, const SymbolOptions& options);

// Symbol number `name`; colours "r,g,b,a", widths and sizes in millimetres.
std::string fill_symbol(int name, const std::string& fill, const std::string& outline, double width);
std::string marker_symbol(int name, const std::string& fill, double size);
std::string line_symbol(int name, const std::string& colour, double width);

// One symbol for every feature, then `labeling` (a <labeling> element, or "").
std::string single(const std::string& comment, const std::string& symbol, const std::string& labeling = "");

// A category: features whose field is `value`, drawn with `symbol` (numbered as its place).
struct CategoryClass {
    std::string value, label, symbol;
};
std::string categorized(const std::string& comment, const std::string& field, const std::vector<CategoryClass>& classes,
                        const std::string& labeling = "");

// A class of values from `lower` to `upper`, drawn with `symbol` (numbered as its place).
struct GraduatedClass {
    double lower = 0, upper = 0;
    std::string label, symbol;
};
std::string graduated(const std::string& comment, const std::string& field, const std::vector<GraduatedClass>& classes,
                      const std::string& labeling = "");

}  // namespace hotspots::io::qml
