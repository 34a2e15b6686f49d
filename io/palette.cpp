#include "io/palette.hpp"

#include <cstdlib>

namespace hotspots::io::palette {

const std::vector<std::string> density = {"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
const std::vector<std::string> lines = {"#f0e442", "#e69f00", "#d55e00"};
const char* const hotspot = "#000000";
const std::vector<std::string> gi_hot = {"#e7d4e8", "#af8dc3", "#762a83"};
const std::vector<std::string> gi_cold = {"#d9f0d3", "#7fbf7b", "#1b7837"};
const char* const repeats = "#0072b2";
const char* const cocoon = "#56b4e9";
const char* const increase = "#cc79a7";
const char* const decrease = "#009e73";
const char* const fine_area = "#6e6e6e";
const char* const coarse_area = "#252525";
const char* const context = "#a6a6a6";
const char* const site = "#8c510a";
const char* const site_existing = "#35978f";
const char* const route = "#543005";
const char* const stops = "#003c30";
const char* const incident = "#525252";

std::string rgba(const std::string& hex, int alpha) {
    const auto part = [&](std::size_t at) { return std::strtol(hex.substr(at, 2).c_str(), nullptr, 16); };
    return std::to_string(part(1)) + "," + std::to_string(part(3)) + "," + std::to_string(part(5)) + "," + std::to_string(alpha);
}

nlohmann::json to_json() {
    return {{"density", density},   {"hotspot", hotspot},   {"gi_hot", gi_hot},         {"gi_cold", gi_cold},
            {"repeats", repeats},   {"cocoon", cocoon},     {"increase", increase},     {"decrease", decrease},
            {"fine_area", fine_area}, {"coarse_area", coarse_area}, {"context", context}, {"lines", lines},
            {"site", site}, {"site_existing", site_existing}, {"route", route}, {"stops", stops}};
}

std::vector<std::string> legend_colours() {
    // The density ramp is one legend entry (a gradient): its top colour stands for it.
    std::vector<std::string> all = {density.back(), lines.back(), hotspot, repeats, cocoon, increase, decrease, fine_area, coarse_area, context, site, site_existing, route, stops, incident};
    all.insert(all.end(), gi_hot.begin(), gi_hot.end());
    all.insert(all.end(), gi_cold.begin(), gi_cold.end());
    return all;
}

}  // namespace hotspots::io::palette
