#pragma once
// The command line's writer: each product goes to the file named by the step's output option
// for its role (none given: not written), with a QGIS style beside map layers (inside a
// GeoPackage: its layer_styles table).
#include "steps/step.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotspots::runner {

using steps::Log;
using steps::Params;
using steps::Writer;

// Checks the output options that were given, before anything is read: a known extension for
// each, an existing folder, no two options naming one file, none naming a file that is read
// (`inputs`: incident files, area layers, side files), and no two layers whose QGIS styles
// beside them would be one file (x.tif and x.geojson: x.qml). `params`: the step's and the
// front-end's (--report). `styled_roles`: the roles of the products written with a style
// (rasters and feature layers; none with --no-style). Throws UsageError.
void check_outputs(const std::vector<const Params*>& params, const std::vector<std::string>& inputs,
                   const std::vector<std::string>& styled_roles);

class FileWriter : public Writer {
public:
    FileWriter(const Params& params, std::vector<std::string> inputs, bool styles, Log& log);
    void raster(const std::string& role, const io::RasterOutput& out, const std::string& style) override;
    void features(const std::string& role, const io::FeatureTable& table, const std::string& style) override;
    void table(const std::string& role, const std::vector<Column>& header,
               const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) override;
    void csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
             const nlohmann::json& metadata) override;
    void text(const std::string& role, const std::string& text, const std::string& extension) override;
    void incidents(const std::string& role, const io::IncidentOutput& out) override;

    // What it wrote: role and file, in order (a report lists these, never a file an earlier
    // run left in the folder).
    std::vector<std::pair<std::string, std::string>> written;

private:
    std::vector<std::string> paths(const std::string& role);
    void style_beside(const std::string& path, const std::string& style);
    std::multimap<std::string, std::string> m_paths;  // role -> file
    std::vector<std::pair<std::string, std::string>> m_styles_written;  // style file, its output
    std::vector<std::string> m_inputs;
    bool m_styles;
    Log& m_log;
};

}  // namespace hotspots::runner
