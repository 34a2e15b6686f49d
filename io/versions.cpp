#include "io/versions.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

namespace hotspots::io {

nlohmann::json library_versions() {
    return {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"geos", GEOSversion()}, {"proj", proj_info().release}};
}

}  // namespace hotspots::io
