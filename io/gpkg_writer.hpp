#pragma once
// A GeoPackage of many layers (a pack's), each with its QGIS style stored as the layer's
// default in the `layer_styles` table, where QGIS finds it when it opens the layer.
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

struct LayerStyle {
    std::string layer, qml;  // the layer's name, its .qml text
};

// Stores each style as its layer's default in the `layer_styles` table of an open GeoPackage
// (`path` names it in messages), the table QGIS itself writes when a style is saved to the
// database. QGIS applies it when it opens the layer, before any NAME.qml beside the file.
// `timestamp` (ISO 8601): each style's update_time. Nothing for no styles; throws IoError.
void write_layer_styles(GDALDatasetH dataset, const std::string& path, const std::vector<LayerStyle>& styles,
                        const std::string& timestamp);

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
    std::string m_file, m_path, m_timestamp;
    DatasetPtr m_ds;
    std::vector<LayerStyle> m_styles;
};

// A GeoPackage of one layer, `table`, written atomically (write_features' .gpkg), with `style`
// (.qml text; "" none) stored inside as the layer's default: QGIS applies it when it opens the
// layer, so no NAME.qml is needed beside it. Throws IoError.
void write_gpkg_features(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs,
                         const std::string& style);

// The layers of a GeoPackage in its own order, without layer_styles. Throws IoError.
std::vector<std::string> gpkg_layers(const std::string& file);

}  // namespace hotspots::io
