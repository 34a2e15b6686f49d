#pragma once
// Leaflet (maps) and Chart.js (charts) for self-contained HTML reports: Debian's packaged
// files, embedded in the program at build time (cmake/web_assets.cpp.in).
#include <string_view>

namespace hotspots::io {

std::string_view leaflet_js();
std::string_view leaflet_css();
std::string_view chart_js();

}  // namespace hotspots::io
