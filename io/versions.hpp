#pragma once
// The versions of the libraries a run used, for manifests.
#include <nlohmann/json.hpp>

namespace hotspots::io {

// {"gdal": "3.6.2", "geos": "3.11.1", "proj": "9.1.1"}
nlohmann::json library_versions();

}  // namespace hotspots::io
