#include "io/qml.hpp"

#include "io/text.hpp"

#include <fmt/format.h>

namespace hotspots::io::qml {
namespace {

std::string header(const std::string& comment) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<!-- " + comment +
           " -->\n<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\">\n";
}

}  // namespace

std::string symbol(const char* type, const char* layer_class, int name, const SymbolOptions& options) {
    std::string out = fmt::format(R"(      <symbol type="{}" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="{}" enabled="1" locked="0" pass="0">
          <Option type="Map">
)",
                                  type, name, layer_class);
    for (const auto& [key, value] : options)
        out += fmt::format("            <Option name=\"{}\" value=\"{}\" type=\"QString\"/>\n", key, value);
    return out + "          </Option>\n        </layer>\n      </symbol>\n";
}

std::string fill_symbol(int name, const std::string& fill, const std::string& outline, double width) {
    return symbol("fill", "SimpleFill", name,
                  {{"color", fill},
                   {"style", "solid"},
                   {"outline_color", outline},
                   {"outline_style", "solid"},
                   {"outline_width", fmt::format("{}", width)},
                   {"outline_width_unit", "MM"},
                   {"joinstyle", "miter"}});
}

std::string marker_symbol(int name, const std::string& fill, double size) {
    return symbol("marker", "SimpleMarker", name,
                  {{"name", "circle"},
                   {"color", fill},
                   {"outline_color", "255,255,255,255"},
                   {"outline_width", "0.2"},
                   {"outline_width_unit", "MM"},
                   {"size", fmt::format("{:.1f}", size)},
                   {"size_unit", "MM"}});
}

std::string line_symbol(int name, const std::string& colour, double width) {
    return symbol("line", "SimpleLine", name,
                  {{"capstyle", "round"},
                   {"joinstyle", "round"},
                   {"line_color", colour},
                   {"line_style", "solid"},
                   {"line_width", fmt::format("{}", width)},
                   {"line_width_unit", "MM"}});
}

std::string single(const std::string& comment, const std::string& symbol, const std::string& labeling) {
    return header(comment) + fmt::format(R"(  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
{}    </symbols>
  </renderer-v2>
{}</qgis>
)",
                                         symbol, labeling);
}

std::string categorized(const std::string& comment, const std::string& field, const std::vector<CategoryClass>& classes,
                        const std::string& labeling) {
    std::string categories, symbols;
    for (std::size_t k = 0; k < classes.size(); ++k) {
        categories += fmt::format("      <category render=\"true\" symbol=\"{}\" value=\"{}\" label=\"{}\"/>\n", k,
                                  xml_escape(classes[k].value), xml_escape(classes[k].label));
        symbols += classes[k].symbol;
    }
    return header(comment) +
           fmt::format(R"(  <renderer-v2 type="categorizedSymbol" attr="{}" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
{}    </categories>
    <symbols>
{}    </symbols>
  </renderer-v2>
{}</qgis>
)",
                       field, categories, symbols, labeling);
}

std::string graduated(const std::string& comment, const std::string& field, const std::vector<GraduatedClass>& classes,
                      const std::string& labeling) {
    std::string ranges, symbols;
    for (std::size_t k = 0; k < classes.size(); ++k) {
        ranges += fmt::format("      <range render=\"true\" symbol=\"{}\" lower=\"{:.17g}\" upper=\"{:.17g}\" label=\"{}\"/>\n",
                              k, classes[k].lower, classes[k].upper, xml_escape(classes[k].label));
        symbols += classes[k].symbol;
    }
    return header(comment) +
           fmt::format(R"(  <renderer-v2 type="graduatedSymbol" attr="{}" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
    <ranges>
{}    </ranges>
    <symbols>
{}    </symbols>
  </renderer-v2>
{}</qgis>
)",
                       field, ranges, symbols, labeling);
}

}  // namespace hotspots::io::qml
