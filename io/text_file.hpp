#pragma once
// Reading a whole text file (docs, a schema) for the commands that compare or update them.
#include <string>

namespace hotspots::io {

// Throws IoError naming the file when it cannot be read.
std::string read_text(const std::string& path);

}  // namespace hotspots::io
