#pragma once
// The one colour scheme of every map: the report's (Leaflet), its slides and the QGIS styles
// written beside the outputs. No two layers share a colour, and every layer's colours come
// from palettes that stay apart for colour-blind readers: ColorBrewer's YlOrRd (density) and
// PRGn (Gi*: purple hot, green cold), and Okabe and Ito's eight colours for the single-colour
// layers (docs/report.md, "Colours").
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::io::palette {

// The density ramp, lowest to highest (ColorBrewer YlOrRd, 5 classes).
extern const std::vector<std::string> density;
// Density along the streets (lixels), lowest to highest (Okabe-Ito yellow, orange, vermillion).
extern const std::vector<std::string> lines;
extern const char* const hotspot;              // kde hotspot outlines and their labels
extern const std::vector<std::string> gi_hot;  // Gi* hot spots at 90, 95, 99% (PRGn purples)
extern const std::vector<std::string> gi_cold; // Gi* cold spots at 90, 95, 99% (PRGn greens)
extern const char* const repeats;              // repeat places (Okabe-Ito blue)
extern const char* const cocoon;               // cocooning zones (Okabe-Ito sky blue, dashed)
extern const char* const increase;             // significant increase (Okabe-Ito reddish purple)
extern const char* const decrease;             // significant decrease (Okabe-Ito bluish green)
extern const char* const fine_area;            // the finest area layer's lines and names (wards)
extern const char* const coarse_area;          // coarser area layers (boroughs), heavier lines
extern const char* const context;              // context layers drawn beneath (roads, streets)
extern const char* const site;                 // sites chosen (ColorBrewer BrBG brown), with their reach
extern const char* const site_existing;        // sites already there (BrBG teal)
extern const char* const route;                // a walk's route (BrBG darkest brown) ...
extern const char* const stops;                // ... and its numbered stops (BrBG darkest teal)
extern const char* const incident;             // mapped incidents, one small point each (ColorBrewer Greys)

// "#rrggbb" as QGIS writes a colour: "r,g,b,alpha".
std::string rgba(const std::string& hex, int alpha);

// The scheme as the report's script reads it: {"density": [...], "hotspot": "#000000", ...}.
nlohmann::json to_json();

// Every colour of every layer's legend entry, for the check that none is used twice.
std::vector<std::string> legend_colours();

}  // namespace hotspots::io::palette
