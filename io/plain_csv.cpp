#include "io/plain_csv.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hotspots::io {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

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

void PlainCsv::Unmap::operator()(char* p) const noexcept { ::munmap(p, length); }

std::optional<PlainCsv> PlainCsv::load(const std::string& file, std::uint64_t begin, std::uint64_t end,
                                       std::size_t fields) {
    if (end < begin || fields < 2) return std::nullopt;
    PlainCsv csv;
    csv.m_fields = fields;
    if (end == begin) return csv;
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    struct stat st {};
    // The whole range must be in the file: a page mapped past its end would fault when read.
    const bool whole = ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) >= end;
    const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    const std::uint64_t from = begin / page * page;  // a mapping starts on a page
    const auto length = static_cast<std::size_t>(end - from);
    void* p = whole ? ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, static_cast<off_t>(from)) : MAP_FAILED;
    ::close(fd);
    if (p == MAP_FAILED) return std::nullopt;
    csv.m_map = std::unique_ptr<char, Unmap>(static_cast<char*>(p), Unmap{length});
    csv.m_text = std::string_view(csv.m_map.get() + (begin - from), static_cast<std::size_t>(end - begin));
    // Quotes and NUL bytes are GDAL's to interpret: the whole text is checked before a row is
    // taken, so a file is read one way only.
    // (Two memchr passes: find_first_of of a set calls memchr once per byte of the text.)
    const std::string_view text = csv.m_text;
    if (std::memchr(text.data(), '"', text.size()) || std::memchr(text.data(), '\0', text.size())) return std::nullopt;
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
