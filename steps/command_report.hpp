#pragma once
// --report FILE on an analysis command: the report of the files the command wrote, built as a
// pack's is (steps/report_html.hpp) from a manifest of one theme and one step.
#include "steps/report_html.hpp"
#include "steps/step.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps {

// `warnings`: what the command warned of; `removed`: incidents --publish took out of
// sensitive sites. Reads the outputs, so call it once they are in place.
ReportPage command_report(Step& step, const Ingested& in, const std::vector<std::string>& warnings, std::uint64_t removed,
                          Log& log);

}  // namespace hotspots::steps
