#pragma once
// The report's HTML, built from a manifest and the files it lists (a pack's folder, or a
// command's outputs): a front page, then a page per theme with its map, tables and charts.
// What each output is comes from its step's declared products (steps/product.hpp), never
// from the step's name.
#include "report/manifest.hpp"
#include "steps/context.hpp"
#include "steps/input.hpp"
#include "steps/params.hpp"

#include <string>
#include <vector>

namespace hotspots::report {

// --report FILE.html and --marking on a command (the front-ends declare them; steps never see
// them): the same report of the command's own outputs.
struct ReportParams {
    std::string file, marking = "OFFICIAL-SENSITIVE";
    std::vector<std::string> context;  // vector files drawn beneath the analysis in grey
    int places = 50;                   // repeat places drawn on a map: the busiest N
    int trend_months = 24;             // a board's trend chart: the last N months (0: all)
};
void declare_report(steps::Params& p, ReportParams& o);

// Opens each --context file and checks it can be drawn (a layer, a CRS) before anything is
// read; throws io::IoError naming the file. Its place is checked when the report is made.
void check_report_context(const std::vector<std::string>& files);

// `hotspots report FOLDER`'s options (cli/command_report.cpp runs it).
struct ReportCommandParams {
    std::string folder, output, marking = "OFFICIAL-SENSITIVE", tiles, pdf, png;
    std::vector<std::string> context;
    int places = 50;
    int trend_months = 24;
    steps::RunParams run;
};
void declare_report_command(steps::Params& p, ReportCommandParams& o);

struct ReportOptions {
    std::string folder, marking, tiles;
    std::string title;  // when the manifest has no pack title
    std::vector<std::string> context;  // --context files, read through io/context_layer
    int places = 50;                   // --map-places
    int trend_months = 24;             // --trend-months
};

struct ReportPage {
    std::string html;
    std::vector<std::string> map_ids;  // "map-burglary", one per theme with a map
};

// The manifest of the folder a pack wrote. Throws io::IoError for a folder that is not a
// pack's, or a manifest that is not one.
Manifest read_pack_manifest(const std::string& folder);

// From FOLDER/manifest.json. Throws io::IoError for a folder that is not a pack's, or a file
// of it that cannot be read.
ReportPage report_html(const ReportOptions& o, steps::Log& log);

// The same from a manifest whose files are relative to `o.folder`.
ReportPage report_html(const Manifest& manifest, const ReportOptions& o, steps::Log& log);

}  // namespace hotspots::report
