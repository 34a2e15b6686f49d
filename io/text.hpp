#pragma once
// Small text helpers shared by the readers and writers.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <string>
#include <string_view>
#include <vector>

namespace hotspots::io {

// ASCII lower case: column names, file extensions and table keys compare without case.
inline std::string lower_case(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A number's shortest text (std::to_chars) in `buffer`, returned as a view of it.
template <typename T>
std::string_view number_text(T v, std::string& buffer) {
    buffer.resize(32);
    const auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v);
    buffer.resize(static_cast<std::size_t>(r.ptr - buffer.data()));
    return buffer;
}

// Text encodings of input files (--encoding).
enum class Encoding { automatic, utf8, windows1252, latin1 };

// Whether `s` is well-formed UTF-8 (no overlong forms, no surrogates).
bool valid_utf8(std::string_view s);
// `s` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string utf8_safe(std::string_view s);
// Text in Windows-1252 (or Latin-1) as UTF-8.
std::string from_single_byte(std::string_view s, Encoding e);

// A text value of an input in UTF-8: as it is when it is valid UTF-8 (and the encoding is
// automatic or UTF-8), else converted (automatic: from Windows-1252; UTF-8: bad bytes
// replaced by U+FFFD) into `scratch`. `recoded` is set when it was converted.
std::string_view to_utf8(std::string_view s, Encoding e, std::string& scratch, bool& recoded);

// The items of a comma-separated list, spaces round them trimmed, empty ones left out.
std::vector<std::string> split_commas(const std::string& s);

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
