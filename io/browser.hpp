#pragma once
// Headless Chromium (Debian's `chromium`) for what a report needs beyond its HTML: a PDF
// and PNG images of its maps. Each output is written to a temporary name, then renamed.
#include <string>
#include <vector>

namespace hotspots::io {

// The browser's path, or "" when none is installed.
std::string chromium_path();

// Prints the page `html` (its text; a copy goes to a temporary file for the browser) to `pdf`,
// A4 landscape as the page's CSS says. Throws IoError when the browser fails or what it wrote
// is not a whole PDF (check_pdf); nothing is then left under the name.
void print_pdf(const std::string& html, const std::string& pdf);

// For each map id, a slide: a PNG of the page showing that map alone (#only=ID) with its title
// block and legend, 1920 x 1080 pixels (16:9),
// as FOLDER/ID.png. Every image is checked (check_png) before any is moved into place: all
// of them appear, or none (and a FOLDER this made is removed). Throws IoError.
void map_screenshots(const std::string& html, const std::string& folder, const std::vector<std::string>& ids);

// Whether the file holds a whole PDF (starts "%PDF-", ends "%%EOF") or a whole PNG (the PNG
// signature, and the IEND chunk last); `what` says which in the message. Chromium exits 0 when
// the disk fills under it, leaving a cut PDF or a PNG of 0 bytes. Throws IoError.
void check_pdf(const std::string& path, const std::string& what);
void check_png(const std::string& path, const std::string& what);

}  // namespace hotspots::io
