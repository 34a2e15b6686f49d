// libFuzzer target: an area layer as GeoJSON bytes, read, reprojected, repaired and indexed.
// Any error must be a message (std::runtime_error), never a crash or another exception.
#include "geo/area_index.hpp"
#include "io/area_reader.hpp"
#include "io/source_check.hpp"

#include <cpl_vsi.h>

#include <cstdint>
#include <stdexcept>

using namespace hotspots;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool once = [] {
        io::allow_remote_sources(true);  // the file lives in GDAL's memory file system
        return true;
    }();
    (void)once;
    const char* path = "/vsimem/areas.geojson";
    VSIFCloseL(VSIFileFromMemBuffer(path, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
    try {
        io::AreaSpec spec;
        spec.path = path;
        spec.crs = "EPSG:27700";
        const auto layer = io::read_area_layer(spec, "EPSG:27700");
        std::vector<geo::AreaNote> notes;
        const geo::AreaIndex index(layer.inputs, notes);
        (void)index.size();
    } catch (const std::runtime_error&) {
    }
    VSIUnlink(path);
    return 0;
}
