#include "io/qgis_style.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace hotspots::io {

std::string density_style(double max_value, double cut, const std::string& units) {
    if (!(max_value > 0) || !std::isfinite(max_value)) max_value = 1;
    if (!(cut > 0) || !std::isfinite(cut) || cut > max_value) cut = 0.6 * max_value;
    struct Stop {
        double value;
        int alpha;
        const char* color;
    };
    // Transparent below a quarter of the threshold, so the background of a busy area does not
    // cover the map; red from the threshold up.
    const Stop stops[] = {{0.0, 0, "#ffffb2"},          {cut * 0.25, 0, "#ffffb2"}, {cut * 0.5, 120, "#fecc5c"},
                          {cut * 0.75, 170, "#fd8d3c"}, {cut, 210, "#e31a1c"},      {max_value, 235, "#800026"}};
    std::string items;
    for (const auto& s : stops)
        items += fmt::format("          <item alpha=\"{}\" value=\"{:.9g}\" label=\"{:.4g}\" color=\"{}\"/>\n", s.alpha,
                             s.value, s.value, s.color);
    return fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- hotspots density style: {units}; red from the hotspot threshold {cut:.6g} -->
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.85" alphaBand="-1" classificationMin="0" classificationMax="{max:.9g}" nodataColor="">
      <rasterTransparency/>
      <minMaxOrigin>
        <limits>None</limits>
        <extent>WholeRaster</extent>
        <statAccuracy>Estimated</statAccuracy>
        <cumulativeCutLower>0.02</cumulativeCutLower>
        <cumulativeCutUpper>0.98</cumulativeCutUpper>
        <stdDevFactor>2</stdDevFactor>
      </minMaxOrigin>
      <rastershader>
        <colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="0" maximumValue="{max:.9g}" labelPrecision="4">
{items}        </colorrampshader>
      </rastershader>
    </rasterrenderer>
    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
)",
                       fmt::arg("units", units), fmt::arg("cut", cut), fmt::arg("max", max_value), fmt::arg("items", items));
}

std::string hotspot_style() {
    return R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- hotspots polygon style: outline and light fill; the top 20 labelled "H1 Ward" -->
<qgis version="3.22.0" styleCategories="Symbology|Labeling">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="227,26,28,50" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
            <Option name="outline_color" value="128,0,38,255" type="QString"/>
            <Option name="outline_style" value="solid" type="QString"/>
            <Option name="outline_width" value="0.6" type="QString"/>
            <Option name="outline_width_unit" value="MM" type="QString"/>
            <Option name="joinstyle" value="miter" type="QString"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="label" isExpression="0" fontFamily="Sans Serif" fontSize="9" fontSizeUnit="Point" fontWeight="75" textColor="80,0,20,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferJoinStyle="128"/>
      </text-style>
      <text-format wrapChar="" autoWrapLength="0" multilineAlign="3"/>
      <placement placement="0" dist="1" distUnits="MM" priority="8" centroidInside="1" fitInPolygonOnly="0" overrunDistance="0"/>
      <rendering obstacle="1" scaleVisibility="0" displayAll="1" upsidedownLabels="0" drawLabels="1"/>
      <dd_properties>
        <Option type="Map">
          <Option name="name" value="" type="QString"/>
          <Option name="properties" type="Map">
            <Option name="Show" type="Map">
              <Option name="active" value="true" type="bool"/>
              <Option name="expression" value="&quot;rank&quot; &lt;= 20" type="QString"/>
              <Option name="type" value="3" type="int"/>
            </Option>
          </Option>
          <Option name="type" value="collection" type="QString"/>
        </Option>
      </dd_properties>
    </settings>
  </labeling>
</qgis>
)";
}

std::string style_path(const std::string& output) {
    return std::filesystem::path(output).replace_extension(".qml").string();
}

void write_style(const std::string& path, const std::string& qml) {
    AtomicOutput file(path, {});
    std::FILE* f = std::fopen(file.temp_path().c_str(), "wb");
    if (!f) throw IoError(path + ": cannot write");
    const bool ok = std::fwrite(qml.data(), 1, qml.size(), f) == qml.size();
    if (std::fclose(f) != 0 || !ok) throw IoError(path + ": write failed (disk full?)");
    file.commit();
}

}  // namespace hotspots::io
