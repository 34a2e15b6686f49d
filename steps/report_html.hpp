#pragma once
// The report's HTML, built from a pack's folder (steps/report.cpp writes it).
#include "steps/context.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::steps {

struct ReportOptions {
    std::string folder, marking, tiles;
    std::string title;  // when the manifest has no pack title
};

struct ReportPage {
    std::string html;
    std::vector<std::string> map_ids;  // "map-burglary", one per theme with a map
};

// Throws io::IoError for a folder that is not a pack's, or a file of it that cannot be read.
ReportPage report_html(const ReportOptions& o, Log& log);

// The same from a manifest (a pack's, or one a command makes for --report) whose files are
// relative to `folder`.
ReportPage report_html(const nlohmann::json& manifest, const std::string& folder, const ReportOptions& o, Log& log);

}  // namespace hotspots::steps
