#pragma once
#include "model/sample.hpp"

#include <string>
#include <vector>

namespace hotspots::io {

// Writes the sample into `folder` (created if needed); returns the files written.
// See docs/sample-data.md for the layout.
std::vector<std::string> write_sample(const Sample& sample, const std::string& folder, std::uint64_t seed);

}  // namespace hotspots::io
