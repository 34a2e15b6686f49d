#include "io/plain_csv.hpp"
#include "io/c_file.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

namespace hotspots::io {
namespace {

// A line's end without its terminator: a "\r\n" counts as one; a '\r' anywhere else is one
// of GDAL's line ends too, so such text is not plain.
bool plain_line(std::string_view line, std::size_t fields) {
    if (line.empty() || line.size() > plain_csv_max_line) return false;  // GDAL skips a blank line
    if (line.find('\r') != std::string_view::npos) return false;
    return static_cast<std::size_t>(std::count(line.begin(), line.end(), ',')) + 1 == fields;
}

std::string_view without_cr(std::string_view line) {
    return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

}  // namespace

std::optional<PlainHeader> plain_csv_header(const std::string& file) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    if (!f) return std::nullopt;
    std::string head(std::size_t{64} << 10, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), f.get()));
    const auto eol = head.find('\n');
    if (eol == std::string::npos) return std::nullopt;
    const std::string_view line = without_cr(std::string_view(head).substr(0, eol));
    if (line.empty() || line.find_first_of(std::string_view("\"\r\0", 3)) != std::string_view::npos ||
        line.starts_with("\xEF\xBB\xBF"))
        return std::nullopt;
    PlainHeader h;
    for (std::size_t at = 0;;) {
        const auto comma = line.find(',', at);
        h.names.emplace_back(line.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at));
        if (comma == std::string_view::npos) break;
        at = comma + 1;
    }
    if (h.names.size() < 2) return std::nullopt;  // one column: GDAL may have split at ';' or a tab
    h.records = eol + 1;
    return h;
}

std::optional<PlainCsv> PlainCsv::load(const std::string& file, std::uint64_t begin, std::uint64_t end,
                                       std::size_t fields, std::string&& reuse) {
    if (end < begin || fields < 2) return std::nullopt;
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    if (!f || std::fseek(f.get(), static_cast<long>(begin), SEEK_SET) != 0) return std::nullopt;
    PlainCsv csv;
    csv.m_fields = fields;
    // Not cleared first: resizing keeps the old bytes and zeroes only what is added.
    csv.m_text = std::move(reuse);
    csv.m_text.resize(static_cast<std::size_t>(end - begin));
    if (std::fread(csv.m_text.data(), 1, csv.m_text.size(), f.get()) != csv.m_text.size()) return std::nullopt;
    // Quotes and NUL bytes are GDAL's to interpret: the whole text is checked before a row is
    // taken, so a file is read one way only.
    // (Two memchr passes: find_first_of of a set calls memchr once per byte of the text.)
    if (std::memchr(csv.m_text.data(), '"', csv.m_text.size()) || std::memchr(csv.m_text.data(), '\0', csv.m_text.size()))
        return std::nullopt;
    const std::string_view text = csv.m_text;
    for (std::size_t at = 0; at < text.size();) {
        auto eol = text.find('\n', at);
        if (eol == std::string_view::npos) eol = text.size();
        if (!plain_line(without_cr(text.substr(at, eol - at)), fields)) return std::nullopt;
        at = eol + 1;
    }
    return csv;
}

bool PlainCsv::next(std::vector<std::string_view>& fields) {
    const std::string_view text = m_text;
    if (m_at >= text.size()) return false;
    auto eol = text.find('\n', m_at);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = without_cr(text.substr(m_at, eol - m_at));
    m_at = eol + 1;
    fields.resize(m_fields);
    std::size_t at = 0;
    for (std::size_t k = 0; k + 1 < m_fields; ++k) {
        const auto comma = line.find(',', at);  // load() checked the count
        fields[k] = line.substr(at, comma - at);
        at = comma + 1;
    }
    fields[m_fields - 1] = line.substr(at);
    return true;
}

}  // namespace hotspots::io
