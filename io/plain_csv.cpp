#include "io/plain_csv.hpp"
#include "io/c_file.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace hotspots::io {
namespace {

std::string_view without_cr(std::string_view line) {
    return !line.empty() && line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
}

// The text is looked at 16 bytes at a time: a bit per byte that is a comma, a line feed,
// etc. (A memchr per field cost more than the rest of the splitting: calls on 10-byte spans.)
constexpr std::size_t block_bytes = 16;

// Set bits of a block's marks (__builtin_popcount is a library call without -mpopcnt).
std::size_t bit_count(unsigned m) {
    m = m - ((m >> 1) & 0x5555u);
    m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
    m = (m + (m >> 4)) & 0x0F0Fu;
    return (m + (m >> 8)) & 0x1Fu;
}

struct Marks {
    unsigned comma = 0, newline = 0, cr = 0, odd = 0;  // odd: a quote or a NUL byte
};

// The marks of p[0, n), n <= block_bytes.
Marks marks(const char* p, std::size_t n) {
    Marks m;
#if defined(__SSE2__)
    if (n == block_bytes) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        auto bits = [&](char c) { return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c)))); };
        m.comma = bits(',');
        m.newline = bits('\n');
        m.cr = bits('\r');
        m.odd = bits('"') | bits('\0');
        return m;
    }
#endif
    for (std::size_t k = 0; k < n; ++k) {
        const unsigned bit = 1u << k;
        switch (p[k]) {
        case ',': m.comma |= bit; break;
        case '\n': m.newline |= bit; break;
        case '\r': m.cr |= bit; break;
        case '"':
        case '\0': m.odd |= bit; break;
        default: break;
        }
    }
    return m;
}

// Commas and line feeds of p[0, n), n <= block_bytes.
unsigned field_ends(const char* p, std::size_t n) {
#if defined(__SSE2__)
    if (n == block_bytes) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        return static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
    }
#endif
    unsigned m = 0;
    for (std::size_t k = 0; k < n; ++k)
        if (p[k] == ',' || p[k] == '\n') m |= 1u << k;
    return m;
}

// Whether every record of `text` is plain with `fields` fields: no quote or NUL byte; each
// line (a "\r\n" ends one; a '\r' anywhere else is one of GDAL's line ends too, so such text
// is not plain) neither empty (GDAL skips a blank line) nor longer than plain_csv_max_line,
// with fields - 1 commas.
bool plain_text(std::string_view text, std::size_t fields) {
    const char* p = text.data();
    const std::size_t n = text.size();
    std::size_t line = 0, commas = 0;  // the current line's start, and its commas so far
    auto line_ok = [&](std::size_t end) {  // the line [line, end), its line feed at end
        const std::size_t length = end - line - (end > line && p[end - 1] == '\r' ? 1 : 0);
        return length > 0 && length <= plain_csv_max_line && commas + 1 == fields;
    };
    for (std::size_t at = 0; at < n; at += block_bytes) {
        const std::size_t len = std::min(block_bytes, n - at);
        Marks m = marks(p + at, len);
        if (m.odd) return false;
        for (unsigned cr = m.cr; cr; cr &= cr - 1) {
            const std::size_t after = at + static_cast<std::size_t>(__builtin_ctz(cr)) + 1;
            if (after < n && p[after] != '\n') return false;
        }
        while (m.newline) {
            const unsigned k = static_cast<unsigned>(__builtin_ctz(m.newline));
            const unsigned before = (1u << k) - 1;
            commas += bit_count(m.comma & before);
            m.comma &= ~before;
            if (!line_ok(at + k)) return false;
            line = at + k + 1;
            commas = 0;
            m.newline &= m.newline - 1;
        }
        commas += bit_count(m.comma);
    }
    return line >= n || line_ok(n);
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
    if (!plain_text(csv.m_text, fields)) return std::nullopt;
    return csv;
}

bool PlainCsv::next(std::vector<std::string_view>& fields) {
    const char* p = m_text.data();
    const std::size_t n = m_text.size();
    if (m_at >= n) return false;
    fields.resize(m_fields);
    // load() checked that every line has m_fields - 1 commas and no '\r' but one before its
    // line feed.
    std::size_t k = 0, start = m_at;
    auto last = [&](std::size_t end) {
        if (end > start && p[end - 1] == '\r') --end;
        fields[m_fields - 1] = std::string_view(p + start, end - start);
    };
    for (std::size_t at = m_at; at < n; at += block_bytes) {
        for (unsigned m = field_ends(p + at, std::min(block_bytes, n - at)); m; m &= m - 1) {
            const std::size_t end = at + static_cast<std::size_t>(__builtin_ctz(m));
            if (p[end] == '\n') {
                last(end);
                m_at = end + 1;
                return true;
            }
            if (k + 1 < m_fields) fields[k++] = std::string_view(p + start, end - start);
            start = end + 1;
        }
    }
    last(n);
    m_at = n;
    return true;
}

}  // namespace hotspots::io
