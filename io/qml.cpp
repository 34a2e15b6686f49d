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

std::string fill_symbol(int name, const std::string& fill, const std::string& outline, double width) {
    return fmt::format(R"(      <symbol type="fill" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="{}" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
            <Option name="outline_color" value="{}" type="QString"/>
            <Option name="outline_style" value="solid" type="QString"/>
            <Option name="outline_width" value="{}" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
            <Option name="joinstyle" value="miter" type="QString"/>
          </Option>
        </layer>
      </symbol>
)",
                       name, fill, outline, width);
}

std::string marker_symbol(int name, const std::string& fill, double size) {
    return fmt::format(R"(      <symbol type="marker" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="name" value="circle" type="QString"/>
            <Option name="color" value="{}" type="QString"/>
            <Option name="outline_color" value="255,255,255,255" type="QString"/>
            <Option name="outline_width" value="0.2" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
            <Option name="size" value="{:.1f}" type="QString"/>
            <Option name="size_unit" value="MM" type="QString"/>
          </Option>
        </layer>
      </symbol>
)",
                       name, fill, size);
}

std::string line_symbol(int name, const std::string& colour, double width) {
    return fmt::format(R"(      <symbol type="line" name="{}" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="capstyle" value="round" type="QString"/>
            <Option name="joinstyle" value="round" type="QString"/>
            <Option name="line_color" value="{}" type="QString"/>
            <Option name="line_style" value="solid" type="QString"/>
            <Option name="line_width" value="{}" type="QString"/>
            <Option name="line_width_unit" value="MM" type="QString"/>
          </Option>
        </layer>
      </symbol>
)",
                       name, colour, width);
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
