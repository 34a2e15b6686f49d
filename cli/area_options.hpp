#pragma once
#include "cli/progress.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/mapping.hpp"
#include "io/area_reader.hpp"

#include <vector>

namespace hotspots::cli {

// Reads each --areas layer, repairs and indexes it (reporting repairs as warnings), and
// groups layers with the same label into boundary generations. Layers keep the order of
// their first --areas.
std::vector<AreaLayer> build_area_layers(const std::vector<io::AreaSpec>& specs, const std::string& work_crs,
                                         std::vector<io::AreaLayerData>& sources, Reporter& report);

// "Kilburn (E05000094) 56%; Queens Park (E05000098) <1%" (the code is left out when it is
// the name).
std::string areas_text(const std::vector<AreaTouched>& areas);

}  // namespace hotspots::cli
