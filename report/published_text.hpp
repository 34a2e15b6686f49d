#pragma once
// What a published release says in words and metadata: texts that state only published
// figures, metadata without the counts a release protects, and CSV lines split back into
// cells (a step may hand over its rows already formatted).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::steps {
struct MetadataKey;
}

namespace hotspots::report {

struct PublishParams;

// `text` with every number that is not one of `figures` (the row's published counts, rates
// and measures, as "{:.6g}"), a date, a length of time ("3 months", 2024-12) or a unit ("per
// 1,000") replaced by the marker a hidden count would have: "<N" for a whole number below
// `threshold`, else "x". A whole number must be a figure exactly; a percentage or a number with
// decimals may be one rounded.
std::string published_text(const std::string& text, const std::vector<std::string>& figures, std::int64_t threshold);

// Whether a count's published text gives the count: a whole number. A marker ("<N", "x") or
// nothing (a count the release never published) is hidden, so what leans on it is left out.
bool count_shown(const std::string& published);

// A product's metadata as published (docs/publish.md, "Metadata"): only the keys whose role is
// declared (steps::metadata_keys() and the step's `keys`), each as its role says (counts below
// the threshold as "<N", orders only where `every_count` of the product is shown, dates only
// where the step's count is, rates, statistics and places left out); its "incidents" the step's
// count as the release publishes it (`incidents`: a number or a marker), and where that is
// hidden, or `input_shown` is false (another step on its input has a hidden count), no rows read
// or loaded; parameters as published_parameters leaves them.
void published_metadata(nlohmann::json& meta, const std::string& incidents, const PublishParams& o,
                        const std::vector<steps::MetadataKey>& keys, bool every_count, bool input_shown);

// A step's parameters as a published release records them (its metadata, a manifest): without
// the figures of the counts a step may be given as a parameter (a pack's shared colour scale).
void published_parameters(nlohmann::json& parameters);

// CSV lines as our writers make them (quotes doubled inside quoted fields), split into cells.
std::vector<std::vector<std::string>> split_csv_lines(const std::string& lines);

}  // namespace hotspots::report
