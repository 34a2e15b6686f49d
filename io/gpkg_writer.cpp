#include "io/gpkg_writer.hpp"

#include "io/atomic_file.hpp"

#include <cpl_conv.h>
#include <gdal_utils.h>
#include <ogr_api.h>

#include <cstring>
#include <fstream>

namespace hotspots::io {
namespace {

// SQLite counts the write transactions that made a file in its header (the file change
// counter, bytes 24-27, copied to the version-valid-for number, bytes 92-95). A pack's layers
// written in one run and the same layers copied by merge take a different number of
// transactions, so the same tables would differ in these bytes alone. Both are set to 1 once
// the file is closed: equal, so SQLite still trusts the header's page count.
void settle_change_counter(const std::string& file, const std::string& path) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    char magic[16] = {};
    if (!f.read(magic, sizeof magic) || std::memcmp(magic, "SQLite format 3", 16) != 0)
        throw IoError(path + ": not an SQLite file after writing it");
    const char one[4] = {0, 0, 0, 1};
    f.seekp(24);
    f.write(one, 4);
    f.seekp(92);
    f.write(one, 4);
    f.flush();
    if (!f) throw IoError(path + ": cannot write its header");
}

}  // namespace

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

void GpkgWriter::copy(const std::string& source, const std::string& layer) {
    StableGpkgDate date(m_timestamp);
    auto src = open_vector(source);
    OGRLayerH from = GDALDatasetGetLayerByName(src.get(), layer.c_str());
    if (!from) throw IoError(source + ": no layer " + layer);
    if (!layer.empty() && layer.front() == '-') throw IoError(source + ": layer '" + layer + "': a name cannot start with '-'");
    StringList args({"-preserve_fid", "-lco", std::string("GEOMETRY_NAME=") + OGR_L_GetGeometryColumn(from), layer});
    GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(args.get(), nullptr);
    GDALDatasetH s = src.get();
    int error = 0;
    GDALDatasetH out = GDALVectorTranslate(nullptr, m_ds.get(), 1, &s, opts, &error);
    GDALVectorTranslateOptionsFree(opts);
    if (!out || error) throw IoError(m_path + ": cannot copy layer " + layer + " from " + source + " (" + last_gdal_error() + ")");
    // Its default style, where QGIS finds it.
    if (OGRLayerH styles = GDALDatasetGetLayerByName(src.get(), "layer_styles")) {
        OGR_L_ResetReading(styles);
        const int table = OGR_L_FindFieldIndex(styles, "f_table_name", TRUE), qml = OGR_L_FindFieldIndex(styles, "styleQML", TRUE);
        while (OGRFeatureH f = OGR_L_GetNextFeature(styles)) {
            FeaturePtr keep(f);
            if (table >= 0 && qml >= 0 && OGR_F_GetFieldAsString(f, table) == layer)
                m_styles.push_back({layer, OGR_F_GetFieldAsString(f, qml)});
        }
    }
}

std::vector<std::string> gpkg_layers(const std::string& file) {
    auto ds = open_vector(file);
    std::vector<std::string> names;
    for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()); ++i) {
        const std::string name = OGR_L_GetName(GDALDatasetGetLayer(ds.get(), i));
        if (name != "layer_styles") names.push_back(name);
    }
    return names;
}

void GpkgWriter::close() {
    StableGpkgDate date(m_timestamp);
    write_layer_styles(m_ds.get(), m_path, m_styles, m_timestamp);
    close_checked(std::move(m_ds), m_path);
    settle_change_counter(m_file, m_path);
}

void write_layer_styles(GDALDatasetH ds, const std::string& path, const std::vector<LayerStyle>& styles,
                        const std::string& timestamp) {
    if (styles.empty()) return;
    // The table QGIS itself creates when a style is saved to the database.
    OGRLayerH layer = add_layer(ds, path, "layer_styles", "", wkbNone);
    for (const char* f : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                          "styleQML", "styleSLD"})
        add_field(layer, f, OFTString, path);
    {
        OGRFieldDefnH fd = OGR_Fld_Create("useAsDefault", OFTInteger);
        OGR_Fld_SetSubType(fd, OFSTBoolean);
        const OGRErr e = OGR_L_CreateField(layer, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE) throw IoError(path + ": cannot add field useAsDefault (" + last_gdal_error() + ")");
    }
    for (const char* f : {"description", "owner", "ui"}) add_field(layer, f, OFTString, path);
    add_field(layer, "update_time", OFTDateTime, path);
    GDALDatasetStartTransaction(ds, FALSE);
    for (const auto& s : styles) {
        // QGIS matches a style to its layer by table and geometry column.
        OGRLayerH styled = GDALDatasetGetLayerByName(ds, s.layer.c_str());
        const char* geometry = styled ? OGR_L_GetGeometryColumn(styled) : "";
        FeaturePtr fp(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
        auto* f = static_cast<OGRFeatureH>(fp.get());
        OGR_F_SetFieldString(f, 0, "");
        OGR_F_SetFieldString(f, 1, "");
        OGR_F_SetFieldString(f, 2, s.layer.c_str());
        OGR_F_SetFieldString(f, 3, geometry && *geometry ? geometry : "geom");
        OGR_F_SetFieldString(f, 4, s.layer.c_str());
        OGR_F_SetFieldString(f, 5, s.qml.c_str());
        OGR_F_SetFieldString(f, 6, "");
        OGR_F_SetFieldInteger(f, 7, 1);
        OGR_F_SetFieldString(f, 8, "written by hotspots");
        OGR_F_SetFieldString(f, 9, "");
        OGR_F_SetFieldString(f, 10, "");
        OGR_F_SetFieldString(f, 11, timestamp.c_str());
        write_feature(layer, f, path);
    }
    commit(ds, path);
}

void write_gpkg_features(const std::string& path, const FeatureTable& table, const std::vector<std::string>& inputs,
                         const std::string& style) {
    AtomicOutput file(path, inputs);
    {
        StableGpkgDate date(table.metadata);
        // The stamp StableGpkgDate chose for the tables is the style's update_time too.
        const std::string stamp = CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", "");
        CPLErrorReset();
        auto ds = create_dataset("GPKG", file.temp_path(), path);
        add_gpkg_layer(ds.get(), path, table);
        if (!style.empty()) write_layer_styles(ds.get(), path, {{table.layer, style}}, stamp);
        close_checked(std::move(ds), path);
    }
    file.commit();
}

}  // namespace hotspots::io
