#include "io/qgis_style.hpp"

#include "io/atomic_file.hpp"
#include "io/gdal_util.hpp"
#include "io/palette.hpp"
#include "io/qml.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace hotspots::io {

namespace {

// A raster layer's style: the renderer given, in QGIS's pipe with its neutral filters.
std::string raster_qml(const std::string& comment, const std::string& renderer) {
    return fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- hotspots {} -->
<qgis version="3.22.0" styleCategories="AllStyleCategories">
  <pipe>
{}    <brightnesscontrast brightness="0" contrast="0" gamma="1"/>
    <huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100" invertColors="0"/>
    <rasterresampler maxOversampling="2"/>
  </pipe>
  <blendMode>0</blendMode>
</qgis>
)",
                       comment, renderer);
}

}  // namespace

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
                          {cut * 0.75, 170, "#fd8d3c"}, {cut, 210, palette::density[3].c_str()}, {max_value, 235, palette::density[4].c_str()}};
    std::string items;
    for (const auto& s : stops)
        items += fmt::format("          <item alpha=\"{}\" value=\"{:.9g}\" label=\"{:.4g}\" color=\"{}\"/>\n", s.alpha,
                             s.value, s.value, s.color);
    return raster_qml(fmt::format("density style: {}; red from the hotspot threshold {:.6g}", units, cut),
                      fmt::format(R"(    <rasterrenderer type="singlebandpseudocolor" band="1" opacity="0.85" alphaBand="-1" classificationMin="0" classificationMax="{max:.9g}" nodataColor="">
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
)",
                                  fmt::arg("max", max_value), fmt::arg("items", items)));
}

std::string hotspot_style() {
    const std::string outline = palette::rgba(palette::hotspot, 255);
    const std::string symbol = qml::symbol("fill", "SimpleFill", 0,
                                           {{"color", "0,0,0,0"},
                                            {"style", "no"},
                                            {"outline_color", outline},
                                            {"outline_style", "solid"},
                                            {"outline_width", "0.7"},
                                            {"outline_width_unit", "MM"},
                                            {"joinstyle", "miter"}});
    return qml::single("hotspots polygon style: black outline, no fill; the top 20 labelled \"H1 Ward\"", symbol,
                       fmt::format(R"(  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="label" isExpression="0" fontFamily="Sans Serif" fontSize="9" fontSizeUnit="Point" fontWeight="75" textColor="{outline}" textOpacity="1" multilineHeight="1">
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
)",
                                   fmt::arg("outline", outline)));
}

namespace {

struct Category {
    std::string value, label, fill, outline;
    double width = 0.26;
};

// Polygons filled by category, or (with `markers`) points: circles of `width` millimetres.
std::string categorized(const std::string& comment, const std::string& field, const std::vector<Category>& cats,
                        const std::string& labeling = "", bool markers = false) {
    std::vector<qml::CategoryClass> classes;
    for (std::size_t k = 0; k < cats.size(); ++k) {
        const int n = static_cast<int>(k);
        classes.push_back({cats[k].value, cats[k].label,
                           markers ? qml::marker_symbol(n, cats[k].fill, cats[k].width)
                                   : qml::fill_symbol(n, cats[k].fill, cats[k].outline, cats[k].width)});
    }
    return qml::categorized(comment, field, classes, labeling);
}

// Simple labels from a field or an expression.
std::string labels(const std::string& field, bool expression, const std::string& colour) {
    return fmt::format(R"(  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="{}" isExpression="{}" fontFamily="Sans Serif" fontSize="8" fontSizeUnit="Point" fontWeight="75" textColor="{}" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferJoinStyle="128"/>
      </text-style>
      <text-format wrapChar="" autoWrapLength="0" multilineAlign="3"/>
      <placement placement="0" dist="1" distUnits="MM" priority="5" centroidInside="1" fitInPolygonOnly="0" overrunDistance="0"/>
      <rendering obstacle="1" scaleVisibility="0" displayAll="0" upsidedownLabels="0" drawLabels="1"/>
    </settings>
  </labeling>
)",
                       xml_escape(field), expression ? 1 : 0, colour);
}

}  // namespace

std::string choropleth_style(const std::string& title, const std::string& field, double lowest,
                             const std::vector<double>& bounds, const std::string& label_field) {
    static const char* fills[] = {"255,255,204,200", "254,217,118,200", "253,141,60,200", "227,26,28,200", "128,0,38,200"};
    std::vector<qml::GraduatedClass> classes;
    double from = lowest;
    for (std::size_t k = 0; k < bounds.size(); ++k) {
        const auto fill = fills[std::min<std::size_t>(k * 5 / std::max<std::size_t>(bounds.size(), 1), 4)];
        classes.push_back({from, bounds[k], fmt::format("{:.4g} - {:.4g}", from, bounds[k]),
                           qml::fill_symbol(static_cast<int>(k), fill, "120,120,120,255", 0.2)});
        from = bounds[k];
    }
    return qml::graduated(xml_escape(title), xml_escape(field), classes, labels(label_field, false, "50,50,50,255"));
}

std::string gistar_style() {
    using palette::gi_cold, palette::gi_hot, palette::rgba;
    return categorized("hotspots Gi* style: bins of FDR-adjusted significance", "bin",
                       {{"-3", "Cold spot, 99% confidence", rgba(gi_cold[2], 200), rgba(gi_cold[2], 255)},
                        {"-2", "Cold spot, 95% confidence", rgba(gi_cold[1], 180), rgba(gi_cold[1], 255)},
                        {"-1", "Cold spot, 90% confidence", rgba(gi_cold[0], 150), rgba(gi_cold[0], 255)},
                        {"0", "Not significant", "255,255,255,0", "190,190,190,0", 0},
                        {"1", "Hot spot, 90% confidence", rgba(gi_hot[0], 150), rgba(gi_hot[0], 255)},
                        {"2", "Hot spot, 95% confidence", rgba(gi_hot[1], 180), rgba(gi_hot[1], 255)},
                        {"3", "Hot spot, 99% confidence", rgba(gi_hot[2], 200), rgba(gi_hot[2], 255)}});
}

std::string gistar_raster_style(int band) {
    using palette::gi_cold, palette::gi_hot;
    struct Entry {
        int value, alpha;
        std::string color;
        const char* label;
    };
    const Entry entries[] = {{-3, 200, gi_cold[2], "Cold spot, 99% confidence"}, {-2, 180, gi_cold[1], "Cold spot, 95% confidence"},
                             {-1, 150, gi_cold[0], "Cold spot, 90% confidence"}, {0, 0, "#ffffff", "Not significant"},
                             {1, 150, gi_hot[0], "Hot spot, 90% confidence"},    {2, 180, gi_hot[1], "Hot spot, 95% confidence"},
                             {3, 200, gi_hot[2], "Hot spot, 99% confidence"}};
    std::string items;
    for (const auto& e : entries)
        items += fmt::format("        <paletteEntry value=\"{}\" alpha=\"{}\" color=\"{}\" label=\"{}\"/>\n", e.value, e.alpha,
                             e.color, e.label);
    return raster_qml(fmt::format("Gi* style: bins of adjusted significance (band {})", band),
                      fmt::format(R"(    <rasterrenderer type="paletted" band="{band}" opacity="1" alphaBand="-1" nodataColor="">
      <rasterTransparency/>
      <colorPalette>
{items}      </colorPalette>
    </rasterrenderer>
)",
                                  fmt::arg("band", band), fmt::arg("items", items)));
}

std::string gistar_hotspot_style() {
    return categorized("hotspots merged Gi* hot and cold spots (95% or better)", "type",
                       {{"hot", "Hot spot", palette::rgba(palette::gi_hot[2], 60), palette::rgba(palette::gi_hot[2], 255), 0.6},
                        {"cold", "Cold spot", palette::rgba(palette::gi_cold[2], 60), palette::rgba(palette::gi_cold[2], 255), 0.6}},
                       labels("label", false, palette::rgba(palette::gi_hot[2], 255)));
}

std::string lisa_style() {
    return categorized("hotspots local Moran's I: clusters and outliers (adjusted p below alpha)", "quadrant",
                       {{"HH", "High among high (cluster)", "215,25,28,200", "215,25,28,255"},
                        {"LL", "Low among low (cluster)", "44,123,182,200", "44,123,182,255"},
                        {"HL", "High among low (outlier)", "253,174,97,200", "253,174,97,255"},
                        {"LH", "Low among high (outlier)", "171,217,233,200", "171,217,233,255"},
                        {"not significant", "Not significant", "255,255,255,0", "190,190,190,0", 0}});
}

std::string trend_style() {
    const char* hot[] = {"new", "consecutive", "intensifying", "persistent", "diminishing", "sporadic", "oscillating",
                         "historical"};
    const char* reds[] = {"103,0,13,210", "165,15,21,200", "203,24,29,200", "239,59,44,190",
                          "251,106,74,180", "252,146,114,170", "252,187,161,160", "254,224,210,150"};
    const char* blues[] = {"8,48,107,210", "8,81,156,200", "33,113,181,200", "66,146,198,190",
                           "107,174,214,180", "158,202,225,170", "198,219,239,160", "222,235,247,150"};
    std::vector<Category> cats;
    for (int k = 0; k < 8; ++k) {
        const std::string name = std::string(hot[k]) + " hot spot";
        cats.push_back({name, name, reds[k], "120,0,0,120", 0.1});
    }
    for (int k = 0; k < 8; ++k) {
        const std::string name = std::string(hot[k]) + " cold spot";
        cats.push_back({name, name, blues[k], "0,0,120,120", 0.1});
    }
    cats.push_back({"no pattern detected", "No pattern detected", "255,255,255,0", "190,190,190,0", 0});
    return categorized("hotspots emerging hot spots: ArcGIS categories", "arcgis_category", cats);
}

std::string change_style() {
    return categorized("hotspots change: significant increases and decreases (FDR-adjusted p < 0.05)", "direction",
                       {{"increase", "Significant increase", palette::rgba(palette::increase, 150), palette::rgba(palette::increase, 255), 0.4},
                        {"decrease", "Significant decrease", palette::rgba(palette::decrease, 150), palette::rgba(palette::decrease, 255), 0.4},
                        {"", "No significant change", "255,255,255,0", "150,150,150,255", 0.2}});
}

std::string cocoon_style() {
    return qml::single("hotspots cocooning zones: outlined, labelled with the zone and the day it expires",
                       qml::fill_symbol(0, palette::rgba(palette::cocoon, 30), palette::rgba(palette::cocoon, 255), 0.6),
                       labels("'Zone ' || \"zone\" || ' until ' || \"expires\"", true, "40,40,40,255"));
}

std::string site_style() {
    return categorized("hotspots sites: existing sites grey, chosen ones red, labelled with their rank", "status",
                       {{"existing", "Existing site", "150,150,150,230", "", 2.4},
                        {"chosen", "Chosen site", "215,25,28,240", "", 3.4}},
                       labels("CASE WHEN \"status\" = 'chosen' THEN \"rank\" || ' ' || \"site\" ELSE '' END", true,
                              "120,0,10,255"),
                       true);
}

std::string area_style(bool coarse) {
    return qml::single("hotspots area boundaries: outline only, labelled with the name",
                       qml::fill_symbol(0, "255,255,255,0", palette::rgba(coarse ? palette::coarse_area : palette::fine_area, 255),
                                        coarse ? 0.9 : 0.3),
                       labels("name", false, coarse ? "20,20,20,255" : "70,70,70,255"));
}

std::string context_style(const std::string& geometry, bool named) {
    const std::string grey = palette::rgba(palette::context, 255);
    const std::string symbol = geometry == "Point"     ? qml::marker_symbol(0, grey, 1.2)
                               : geometry == "Polygon" ? qml::fill_symbol(0, "255,255,255,0", grey, 0.26)
                                                       : qml::line_symbol(0, grey, 0.26);
    std::string labeling;
    if (named) {
        labeling = labels("name", false, "102,102,102,255");
        // Street names run along their streets (QGIS placement 2: parallel to the line).
        if (geometry == "Line") labeling.replace(labeling.find("placement=\"0\""), 13, "placement=\"2\"");
        labeling.replace(labeling.find("fontWeight=\"75\""), 15, "fontWeight=\"50\"");
    }
    return qml::single("hotspots context layer: grey beneath the analysis, named where it has names", symbol, labeling);
}

std::string incident_style() {
    return qml::single("hotspots incidents: one small point each",
                       qml::marker_symbol(0, palette::rgba(palette::incident, 200), 1.6));
}

std::string walk_stops_style() {
    const std::string teal = palette::rgba(palette::stops, 255);
    return categorized("hotspots walk: the start, the stops and the end, numbered in walking order", "kind",
                       {{"start", "Start", teal, "", 3.6}, {"stop", "Stop", teal, "", 2.8}, {"end", "End", teal, "", 3.6}},
                       labels("order", false, teal), true);
}

std::string walk_route_style() {
    return qml::single("hotspots walk: the route along the streets", qml::line_symbol(0, palette::rgba(palette::route, 230), 1.2));
}

std::string repeats_style(std::size_t least, std::size_t most) {
    if (most < least) most = least;
    // Up to five classes of equal width over the counts, each a bigger circle.
    const std::size_t classes = std::min<std::size_t>(5, most - least + 1);
    const double width = static_cast<double>(most - least + 1) / static_cast<double>(classes);
    std::string ranges, symbols;
    // One colour (io/palette: no other layer's), the size telling the count.
    const std::string fill = palette::rgba(palette::repeats, 220);
    for (std::size_t k = 0; k < classes; ++k) {
        const double lo = static_cast<double>(least) + width * static_cast<double>(k);
        const double hi = k + 1 == classes ? static_cast<double>(most) : static_cast<double>(least) + width * static_cast<double>(k + 1) - 1;
        const auto a = static_cast<long>(std::ceil(lo)), b = std::max(a, static_cast<long>(std::floor(hi)));
        ranges += fmt::format("      <range render=\"true\" symbol=\"{}\" lower=\"{}\" upper=\"{}\" label=\"{}\"/>\n", k,
                              static_cast<double>(a) - 0.5, static_cast<double>(b) + 0.5,
                              a == b ? fmt::format("{} incidents", a) : fmt::format("{} - {} incidents", a, b));
        symbols += qml::marker_symbol(static_cast<int>(k), fill, 2.0 + 1.2 * static_cast<double>(k));
    }
    return fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- hotspots repeat locations: circles sized by the number of incidents -->
<qgis version="3.22.0" styleCategories="Symbology">
  <renderer-v2 type="graduatedSymbol" attr="incidents" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="1" forceraster="0">
    <ranges>
{}    </ranges>
    <symbols>
{}    </symbols>
    <orderby>
      <orderByClause asc="1" nullsFirst="0">"incidents"</orderByClause>
    </orderby>
  </renderer-v2>
</qgis>
)",
                       ranges, symbols);
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
