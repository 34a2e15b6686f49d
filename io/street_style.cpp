#include "io/street_style.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace hotspots::io {
namespace {

std::string line_symbol(std::size_t name, const std::string& colour, double width) {
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

std::string header(const std::string& comment) {
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<!-- " + comment +
           " -->\n<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\">\n";
}

}  // namespace

std::string segment_style() {
    struct Cat {
        const char *value, *label, *colour;
        double width;
    };
    const std::vector<Cat> cats = {{"-3", "Cold street, 99% confidence", "33,102,172,255", 1.2},
                                   {"-2", "Cold street, 95% confidence", "103,169,207,255", 1.0},
                                   {"-1", "Cold street, 90% confidence", "146,197,222,255", 0.8},
                                   {"0", "Not significant", "170,170,170,255", 0.4},
                                   {"1", "Hot street, 90% confidence", "244,165,130,255", 0.8},
                                   {"2", "Hot street, 95% confidence", "214,96,77,255", 1.2},
                                   {"3", "Hot street, 99% confidence", "178,24,43,255", 1.6}};
    std::string categories, symbols;
    for (std::size_t k = 0; k < cats.size(); ++k) {
        categories += fmt::format("      <category render=\"true\" symbol=\"{}\" value=\"{}\" label=\"{}\"/>\n", k,
                                  cats[k].value, cats[k].label);
        symbols += line_symbol(k, cats[k].colour, cats[k].width);
    }
    return header("hotspots street segments: Gi* bins along the streets") +
           fmt::format(R"(  <renderer-v2 type="categorizedSymbol" attr="bin" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
{}    </categories>
    <symbols>
{}    </symbols>
  </renderer-v2>
</qgis>
)",
                       categories, symbols);
}

std::string hot_street_style() {
    return header("hotspots hot streets: merged hot segments, labelled with the street") +
           fmt::format(R"(  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
{}    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="street" isExpression="0" fontFamily="Sans Serif" fontSize="8" fontSizeUnit="Point" fontWeight="75" textColor="100,0,20,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8"/>
      </text-style>
      <placement placement="2" dist="1" distUnits="MM"/>
      <rendering obstacle="1" scaleVisibility="0" upsidedownLabels="0"/>
    </settings>
  </labeling>
</qgis>
)",
                       line_symbol(0, "165,0,38,255", 2.0));
}

std::string lixel_style(double max_value, const std::string& units) {
    if (!(max_value > 0) || !std::isfinite(max_value)) max_value = 1;
    const char* colours[] = {"200,200,200,255", "254,204,92,255", "253,141,60,255", "227,26,28,255", "128,0,38,255"};
    const double widths[] = {0.3, 0.7, 1.0, 1.4, 1.8};
    std::string ranges, symbols;
    for (std::size_t k = 0; k < 5; ++k) {
        const double lo = max_value * static_cast<double>(k) / 5, hi = max_value * static_cast<double>(k + 1) / 5;
        // The top class reaches past the maximum so that a shared scale cannot leave it out.
        ranges += fmt::format("      <range render=\"true\" symbol=\"{}\" lower=\"{:.9g}\" upper=\"{:.9g}\" label=\"{:.3g} - {:.3g}\"/>\n",
                              k, lo, k == 4 ? hi * 1000 : hi, lo, hi);
        symbols += line_symbol(k, colours[k], widths[k]);
    }
    return header("hotspots network density: " + units) +
           fmt::format(R"(  <renderer-v2 type="graduatedSymbol" attr="density" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">
    <ranges>
{}    </ranges>
    <symbols>
{}    </symbols>
  </renderer-v2>
</qgis>
)",
                       ranges, symbols);
}

}  // namespace hotspots::io
