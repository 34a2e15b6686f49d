#pragma once
// Headless Chromium (Debian's `chromium`) for what a report needs beyond its HTML: a PDF
// and PNG images of its maps. Each output is written to a temporary name, then renamed.
#include <string>
#include <vector>

namespace hotspots::io {

// The browser's path, or "" when none is installed.
std::string chromium_path();

// Prints the page `html` (its text; a copy goes to a temporary file for the browser) to `pdf`,
// A4 landscape as the page's CSS says. Throws IoError.
void print_pdf(const std::string& html, const std::string& pdf);

// For each map id, a PNG of the page showing that map alone (#only=ID), 1600 x 1000 pixels,
// as FOLDER/ID.png. Throws IoError.
void map_screenshots(const std::string& html, const std::string& folder, const std::vector<std::string>& ids);

}  // namespace hotspots::io
