#pragma once
// Writing a small table of features (hotspot polygons, repeat locations, cells) with typed
// attributes: GeoJSON (RFC 7946: WGS84 lon/lat, 6 decimals, exterior rings counter-clockwise,
// a top-level "metadata" member) or GeoPackage (working CRS, metadata in the layer's
// "hotspots" item). Atomic, like every output.
#include "geo/partition.hpp"
#include "model/column.hpp"

#include <gdal.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace hotspots::io {

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

enum class FieldType { integer, real, text };

// A layer's field: its name, how it is stored and what it holds (every field says).
struct FieldDef {
    FieldDef(std::string n, FieldType t, ColumnRole r, Derivation d = {})
        : name(std::move(n)), type(t), role(r), derived(std::move(d)) {}
    std::string name;
    FieldType type;
    ColumnRole role;
    Derivation derived;
};

struct FeatureTable {
    std::string layer = "features";
    std::vector<FieldDef> fields;
    std::vector<std::vector<FieldValue>> rows;  // one value per field
    std::vector<geo::Wkb> geometries;           // points, polygons or multipolygons; working CRS
    std::string crs;                            // working CRS
    nlohmann::json metadata;
};

// .geojson/.json, .gpkg, or .csv (the attributes, with PATH.meta.json); throws IoError
// otherwise, or when writing fails.
// `style` (QGIS .qml text, or "") goes inside a GeoPackage, in its layer_styles table; the other
// formats keep theirs beside them (the caller's).
void write_features(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs,
                    const std::string& style = "");

// Adds `table` as a layer of an open GeoPackage (`path` names it in messages).
void add_gpkg_layer(GDALDatasetH dataset, const std::string& path, const FeatureTable& table);

// Throws IoError unless the path ends in an extension write_features accepts.
void check_feature_path(const std::string& path);

}  // namespace hotspots::io
