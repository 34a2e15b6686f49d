#pragma once
// Writing mapped incidents: GeoPackage (working CRS), GeoJSON (RFC 7946: WGS84 lon/lat,
// 6 decimals) or CSV (working-CRS x, y and lon, lat), chosen by the extension.
#include "model/incident.hpp"
#include "geo/area_layer.hpp"
#include "io/input_lonlat.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::io {

struct IncidentOutput {
    const IncidentSet& set;
    const std::vector<AreaLayer>& layers;
    const std::vector<std::vector<std::int32_t>>& assignment;  // [layer][incident]
    nlohmann::json metadata;  // parameters and inputs; GeoJSON top-level "metadata", GPKG
                              // layer metadata, CSV sidecar PATH.meta.json
    unsigned threads = 0;     // threads formatting CSV rows and inserting a GeoPackage's (at most two);
                              // 0: all cores; the bytes are the same
    std::string style;        // QGIS style (.qml text) a GeoPackage keeps as its layer's default
                              // (layer_styles); "" none. GeoJSON and CSV get none.
    // The input's own lon/lat, printed in a CSV's lon/lat columns where they still match the
    // incident's point (InputLonLat::find); the others are x, y transformed. May be null.
    const InputLonLat* lonlat = nullptr;
};

// Atomic: nothing appears at `path` unless the whole file was written.
void write_incidents(const std::string& path, const IncidentOutput& out, const std::vector<std::string>& inputs);

}  // namespace hotspots::io
