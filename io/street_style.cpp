#include "io/street_style.hpp"

#include "io/palette.hpp"
#include "io/qml.hpp"
#include "io/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace hotspots::io {

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
    std::vector<qml::CategoryClass> classes;
    for (std::size_t k = 0; k < cats.size(); ++k)
        classes.push_back({cats[k].value, cats[k].label, qml::line_symbol(static_cast<int>(k), cats[k].colour, cats[k].width)});
    return qml::categorized("hotspots street segments: Gi* bins along the streets", "bin", classes);
}

std::string segment_lisa_style() {
    const std::vector<qml::CategoryClass> classes = {
        {"HH", "High among high (cluster)", qml::line_symbol(0, "215,25,28,255", 1.4)},
        {"LL", "Low among low (cluster)", qml::line_symbol(1, "44,123,182,255", 1.0)},
        {"HL", "High among low (outlier)", qml::line_symbol(2, "253,174,97,255", 1.2)},
        {"LH", "Low among high (outlier)", qml::line_symbol(3, "171,217,233,255", 0.8)},
        {"not significant", "Not significant", qml::line_symbol(4, "170,170,170,255", 0.4)}};
    return qml::categorized("hotspots local Moran's I along the streets: clusters and outliers", "quadrant", classes);
}

std::string segment_change_style() {
    const std::vector<qml::CategoryClass> classes = {
        {"increase", "Significant increase", qml::line_symbol(0, palette::rgba(palette::increase, 255), 1.4)},
        {"decrease", "Significant decrease", qml::line_symbol(1, palette::rgba(palette::decrease, 255), 1.4)},
        {"", "No significant change", qml::line_symbol(2, "170,170,170,255", 0.3)}};
    return qml::categorized("hotspots change along the streets: significant increases and decreases", "direction", classes);
}

std::string site_reach_style(bool lines) {
    auto symbol = [&](int k, const char* colour) {
        return lines ? qml::line_symbol(k, palette::rgba(colour, 220), 1.4) : qml::fill_symbol(k, palette::rgba(colour, 60), palette::rgba(colour, 230), 0.5);
    };
    return qml::categorized(std::string("hotspots sites' reach: ") + (lines ? "the streets each site reaches walking" : "the street corridor each camera sees") +
                                ", chosen sites in their colour, existing ones in theirs",
                            "status", {{"chosen", "Chosen site", symbol(0, palette::site)}, {"existing", "Existing site", symbol(1, palette::site_existing)}});
}

std::string hot_street_style() {
    return qml::single("hotspots hot streets: merged hot segments, labelled with the street",
                       qml::line_symbol(0, "165,0,38,255", 2.0), R"(  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="street" isExpression="0" fontFamily="Sans Serif" fontSize="8" fontSizeUnit="Point" fontWeight="75" textColor="100,0,20,255" textOpacity="1" multilineHeight="1">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.8"/>
      </text-style>
      <placement placement="2" dist="1" distUnits="MM"/>
      <rendering obstacle="1" scaleVisibility="0" upsidedownLabels="0"/>
    </settings>
  </labeling>
)");
}

std::string segment_count_style(double max_value, const std::string& field, const std::string& title) {
    if (!(max_value > 0) || !std::isfinite(max_value)) max_value = 1;
    const char* colours[] = {"200,200,200,255", "254,204,92,255", "253,141,60,255", "227,26,28,255", "128,0,38,255"};
    const double widths[] = {0.4, 0.7, 1.0, 1.4, 1.8};
    std::vector<qml::GraduatedClass> classes;
    for (std::size_t k = 0; k < 5; ++k) {
        // The first class starts just above 0: segments without incidents are left undrawn.
        const double lo = k == 0 ? 1e-9 : max_value * static_cast<double>(k) / 5;
        const double hi = max_value * static_cast<double>(k + 1) / 5;
        classes.push_back({lo, hi, fmt::format("{:.3g} - {:.3g}", k == 0 ? 0.0 : lo, hi),
                           qml::line_symbol(static_cast<int>(k), colours[k], widths[k])});
    }
    return qml::graduated(xml_escape(title), xml_escape(field), classes);
}

std::string lixel_style(double max_value, const std::string& units) {
    if (!(max_value > 0) || !std::isfinite(max_value)) max_value = 1;
    const char* colours[] = {"200,200,200,255", "254,204,92,255", "253,141,60,255", "227,26,28,255", "128,0,38,255"};
    const double widths[] = {0.3, 0.7, 1.0, 1.4, 1.8};
    std::vector<qml::GraduatedClass> classes;
    for (std::size_t k = 0; k < 5; ++k) {
        const double lo = max_value * static_cast<double>(k) / 5, hi = max_value * static_cast<double>(k + 1) / 5;
        // The top class reaches past the maximum so that a shared scale cannot leave it out.
        classes.push_back({lo, k == 4 ? hi * 1000 : hi, fmt::format("{:.3g} - {:.3g}", lo, hi),
                           qml::line_symbol(static_cast<int>(k), colours[k], widths[k])});
    }
    return qml::graduated("hotspots network density: " + units, "density", classes);
}

}  // namespace hotspots::io
