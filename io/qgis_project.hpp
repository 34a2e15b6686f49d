#pragma once
// A QGIS project (.qgz: a zip holding one .qgs XML file) that opens a pack's layers, grouped
// and styled, with paths relative to the project so the folder can be moved or shared.
#include "model/grid.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

struct ProjectLayer {
    std::string name;      // as shown in the layers panel
    std::string source;    // relative to the project: "./pack.gpkg|layername=x" or "./burglary/kde.tif"
    bool raster = false;
    std::string geometry;  // vectors: "Point", "Line" or "Polygon"
    std::string style;     // a QGIS style (.qml text) applied to the layer, or ""
    bool visible = true;
};

struct ProjectGroup {
    std::string name;
    std::vector<ProjectLayer> layers;  // drawn top first
    bool expanded = true;
    bool visible = true;
    // The pack theme (its name) the group holds, "" for the areas and context: how merge tells
    // them apart whatever the titles. Not written to the project.
    std::string theme;
};

struct Project {
    std::string title;
    std::string crs = "EPSG:27700";
    Box extent;  // opened at this extent (the project's CRS)
    std::vector<ProjectGroup> groups;  // top first
};

// The .qgs XML.
std::string project_xml(const Project& project);

// Writes the .qgz at `path` (a temporary name; the caller moves it into place). Throws IoError.
void write_qgz(const std::string& path, const Project& project);

}  // namespace hotspots::io
