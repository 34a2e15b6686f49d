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

// Text for an XML attribute or element (QGIS styles and projects).
inline std::string xml_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

}  // namespace hotspots::io
