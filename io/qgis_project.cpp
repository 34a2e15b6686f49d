#include "io/qgis_project.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <ogr_srs_api.h>

#include <filesystem>

namespace hotspots::io {
namespace {

std::string srs_xml(const std::string& crs, int indent) {
    ensure_gdal();
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    std::string wkt;
    if (OSRSetFromUserInput(srs, crs.c_str()) == OGRERR_NONE) {
        char* text = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        if (OSRExportToWktEx(srs, &text, options) == OGRERR_NONE && text) wkt = text;
        CPLFree(text);
    }
    OSRRelease(srs);
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    return fmt::format("{0}<spatialrefsys>\n{0}  <wkt>{1}</wkt>\n{0}  <authid>{2}</authid>\n{0}</spatialrefsys>\n", pad,
                       xml_escape(wkt), xml_escape(crs));
}

// The children of a style's <qgis> root: what a <maplayer> holds of its style.
std::string style_body(const std::string& qml) {
    const auto open = qml.find("<qgis");
    if (open == std::string::npos) return "";
    const auto start = qml.find('>', open);
    const auto end = qml.rfind("</qgis>");
    if (start == std::string::npos || end == std::string::npos || end < start) return "";
    return qml.substr(start + 1, end - start - 1);
}

// QGIS keeps a layer id only in its own form, NAME_ then a UUID with underscores; the UUID
// here is made from the group and position (FNV-1a), so the same pack gives the same ids.
std::string layer_id(const ProjectGroup& g, std::size_t k, const std::string& name) {
    auto fnv = [](const std::string& s, std::uint64_t h) {
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
        return h;
    };
    const std::string key = g.name + "\n" + std::to_string(k);
    const std::uint64_t a = fnv(key, 14695981039346656037ULL), b = fnv(key + "\n", a);
    std::string id = name;
    for (auto& c : id)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return fmt::format("{}_{:08x}_{:04x}_{:04x}_{:04x}_{:012x}", id, a >> 32, (a >> 16) & 0xffff, a & 0xffff, b >> 48,
                       b & 0xffffffffffffULL);
}

}  // namespace

std::string project_xml(const Project& p) {
    std::string tree, layers, order;
    for (const auto& g : p.groups) {
        tree += fmt::format("    <layer-tree-group name=\"{}\" checked=\"{}\" expanded=\"{}\">\n", xml_escape(g.name),
                            g.visible ? "Qt::Checked" : "Qt::Unchecked", g.expanded ? 1 : 0);
        for (std::size_t k = 0; k < g.layers.size(); ++k) {
            const auto& l = g.layers[k];
            const std::string id = layer_id(g, k, l.name);
            const char* provider = l.raster ? "gdal" : "ogr";
            order += "      <item>" + id + "</item>\n";
            tree += fmt::format("      <layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"{}\" "
                                "checked=\"{}\" expanded=\"0\"/>\n",
                                id, xml_escape(l.name), xml_escape(l.source), provider,
                                l.visible ? "Qt::Checked" : "Qt::Unchecked");
            const std::string attrs =
                l.raster ? "type=\"raster\""
                         : fmt::format("type=\"vector\" geometry=\"{}\" wkbType=\"{}\" labelsEnabled=\"1\"", l.geometry,
                                       l.geometry == "Point" ? "Point" : l.geometry == "Line" ? "MultiLineString" : "MultiPolygon");
            layers += fmt::format("    <maplayer {} styleCategories=\"AllStyleCategories\">\n"
                                  "      <id>{}</id>\n      <datasource>{}</datasource>\n      <layername>{}</layername>\n"
                                  "      <srs>\n{}      </srs>\n      <provider{}>{}</provider>\n{}\n    </maplayer>\n",
                                  attrs, id, xml_escape(l.source), xml_escape(l.name), srs_xml(p.crs, 8),
                                  l.raster ? "" : " encoding=\"UTF-8\"", provider, style_body(l.style));
        }
        tree += "    </layer-tree-group>\n";
    }
    return fmt::format(R"(<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis projectname="{title}" version="3.22.0">
  <title>{title}</title>
  <projectCrs>
{crs}  </projectCrs>
  <layer-tree-group>
{tree}    <custom-order enabled="0">
{order}    </custom-order>
  </layer-tree-group>
  <projectlayers>
{layers}  </projectlayers>
  <ProjectViewSettings UseProjectScales="0" rotation="0">
    <Scales/>
    <DefaultViewExtent xmin="{xmin}" ymin="{ymin}" xmax="{xmax}" ymax="{ymax}">
{crs}    </DefaultViewExtent>
  </ProjectViewSettings>
  <properties>
    <SpatialRefSys>
      <ProjectionsEnabled type="int">1</ProjectionsEnabled>
    </SpatialRefSys>
    <Paths>
      <Absolute type="bool">false</Absolute>
    </Paths>
  </properties>
</qgis>
)",
                       fmt::arg("title", xml_escape(p.title)), fmt::arg("crs", srs_xml(p.crs, 4)), fmt::arg("tree", tree), fmt::arg("order", order),
                       fmt::arg("layers", layers), fmt::arg("xmin", p.extent.xmin), fmt::arg("ymin", p.extent.ymin),
                       fmt::arg("xmax", p.extent.xmax), fmt::arg("ymax", p.extent.ymax));
}

void write_qgz(const std::string& path, const Project& project) {
    ensure_gdal();
    const std::string xml = project_xml(project);
    const std::string inner = std::filesystem::path(path).stem().string() + ".qgs";
    void* zip = CPLCreateZip(path.c_str(), nullptr);
    if (!zip) throw IoError(path + ": cannot create (" + last_gdal_error() + ")");
    bool ok = CPLCreateFileInZip(zip, inner.c_str(), nullptr) == CE_None &&
              CPLWriteFileInZip(zip, xml.data(), static_cast<int>(xml.size())) == CE_None &&
              CPLCloseFileInZip(zip) == CE_None;
    ok = CPLCloseZip(zip) == CE_None && ok;
    if (!ok) throw IoError(path + ": write failed (" + last_gdal_error() + ")");
}

}  // namespace hotspots::io
