#pragma once
// The report's style sheet and script, as text to embed.

namespace hotspots::report {

const char* report_css();
const char* report_script();

}  // namespace hotspots::report
