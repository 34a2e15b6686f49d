#pragma once
// Small text helpers shared by the readers and writers.
#include <algorithm>
#include <cctype>
#include <string>

namespace hotspots::io {

// ASCII lower case: column names, file extensions and table keys compare without case.
inline std::string lower_case(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace hotspots::io
