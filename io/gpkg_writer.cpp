#include "io/gpkg_writer.hpp"

#include <cpl_conv.h>

namespace hotspots::io {
GpkgWriter::GpkgWriter(std::string file, std::string path, std::string timestamp)
    : m_file(std::move(file)), m_path(std::move(path)), m_timestamp(std::move(timestamp)) {
    StableGpkgDate date(m_timestamp);
    m_ds = create_dataset("GPKG", m_file, m_path);
}

GpkgWriter::~GpkgWriter() = default;

void GpkgWriter::add(const FeatureTable& table, const std::string& style) {
    StableGpkgDate date(m_timestamp);
    add_gpkg_layer(m_ds.get(), m_path, table);
    if (!style.empty()) m_styles.push_back({table.layer, style});
}

void GpkgWriter::close() {
    StableGpkgDate date(m_timestamp);
    if (!m_styles.empty()) {
        // The table QGIS itself creates when a style is saved to the database.
        OGRLayerH layer = add_layer(m_ds.get(), m_path, "layer_styles", "", wkbNone);
        for (const char* f : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                              "styleQML", "styleSLD"})
            add_field(layer, f, OFTString, m_path);
        {
            OGRFieldDefnH fd = OGR_Fld_Create("useAsDefault", OFTInteger);
            OGR_Fld_SetSubType(fd, OFSTBoolean);
            const OGRErr e = OGR_L_CreateField(layer, fd, TRUE);
            OGR_Fld_Destroy(fd);
            if (e != OGRERR_NONE) throw IoError(m_path + ": cannot add field useAsDefault (" + last_gdal_error() + ")");
        }
        for (const char* f : {"description", "owner", "ui"}) add_field(layer, f, OFTString, m_path);
        add_field(layer, "update_time", OFTDateTime, m_path);
        GDALDatasetStartTransaction(m_ds.get(), FALSE);
        for (const auto& s : m_styles) {
            FeaturePtr fp(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
            auto* f = static_cast<OGRFeatureH>(fp.get());
            OGR_F_SetFieldString(f, 0, "");
            OGR_F_SetFieldString(f, 1, "");
            OGR_F_SetFieldString(f, 2, s.layer.c_str());
            OGR_F_SetFieldString(f, 3, "geom");
            OGR_F_SetFieldString(f, 4, s.layer.c_str());
            OGR_F_SetFieldString(f, 5, s.qml.c_str());
            OGR_F_SetFieldString(f, 6, "");
            OGR_F_SetFieldInteger(f, 7, 1);
            OGR_F_SetFieldString(f, 8, "written by hotspots");
            OGR_F_SetFieldString(f, 9, "");
            OGR_F_SetFieldString(f, 10, "");
            OGR_F_SetFieldString(f, 11, m_timestamp.c_str());
            write_feature(layer, f, m_path);
        }
        commit(m_ds.get(), m_path);
    }
    close_checked(std::move(m_ds), m_path);
}

}  // namespace hotspots::io
