#pragma once
// A GeoPackage of many layers (a pack's), each with its QGIS style stored as the layer's
// default in the `layer_styles` table, where QGIS finds it when it opens the layer.
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

class GpkgWriter {
public:
    // Creates `file`; `path` names it in messages. `timestamp` (ISO 8601) is written as every
    // table's last change, so the same content gives the same bytes.
    GpkgWriter(std::string file, std::string path, std::string timestamp);
    ~GpkgWriter();
    GpkgWriter(const GpkgWriter&) = delete;
    GpkgWriter& operator=(const GpkgWriter&) = delete;

    // table.layer names the layer; `style` (.qml text) may be "".
    void add(const FeatureTable& table, const std::string& style);
    // Copies layer `layer` of the GeoPackage `source` as it is (fields, features with their
    // ids, metadata) with its default style: `hotspots merge` puts shards' layers together.
    void copy(const std::string& source, const std::string& layer);
    // Writes the styles and closes the file; throws IoError.
    void close();

private:
    struct Style {
        std::string layer, qml;
    };
    std::string m_file, m_path, m_timestamp;
    DatasetPtr m_ds;
    std::vector<Style> m_styles;
};

// The layers of a GeoPackage in its own order, without layer_styles. Throws IoError.
std::vector<std::string> gpkg_layers(const std::string& file);

}  // namespace hotspots::io
