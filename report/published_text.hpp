#pragma once
// What a published release says in words and metadata: texts that state only published
// figures, metadata without the counts a release protects, and CSV lines split back into
// cells (a step may hand over its rows already formatted).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::report {

struct PublishParams;

// `text` with every number that is not one of `figures` (the row's published counts, rates
// and measures, as "{:.6g}"), a date, a length of time ("3 months", 2024-12) or a unit ("per
// 1,000") replaced by the marker a hidden count would have: "<N" for a whole number below
// `threshold`, else "x". A whole number must be a figure exactly; a percentage or a number with
// decimals may be one rounded.
std::string published_text(const std::string& text, const std::vector<std::string>& figures, std::int64_t threshold);

// A product's metadata as published: its "incidents" the step's count as the release publishes
// it (`incidents`: a number or a marker), no "filtered_out" (with the rows read it gives a
// step's count back), no statistics of the counts (mean, sd, total_weight, max_value), no means of rates
// (mean_*), no "period" of a hidden count, parameters as published_parameters leaves them, and the
// other counts below the threshold as "<N".
void published_metadata(nlohmann::json& meta, const std::string& incidents, const PublishParams& o);

// A step's parameters as a published release records them (its metadata, a manifest): without
// the figures of the counts a step may be given as a parameter (a pack's shared colour scale).
void published_parameters(nlohmann::json& parameters);

// CSV lines as our writers make them (quotes doubled inside quoted fields), split into cells.
std::vector<std::vector<std::string>> split_csv_lines(const std::string& lines);

}  // namespace hotspots::report
