#include "io/csv_check.hpp"

#include "io/gdal_util.hpp"
#include "io/source_check.hpp"

#include <cpl_vsi.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace hotspots::io {

CsvScan scan_csv(const std::string& path, std::uint64_t long_span, std::uint64_t max_bytes) {
    std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> f(VSIFOpenL(path.c_str(), "rb"), VSIFCloseL);
    if (!f) throw IoError(path + ": cannot read");
    CsvScan scan;
    std::vector<char> buf(1 << 20);
    bool in_quote = false;
    bool header = true;        // the first record is the header
    bool line_start = true;    // at the first byte of a physical line
    bool line_has_text = false;
    std::uint64_t record = 0;  // data rows so far (as GDAL numbers them)
    std::uint64_t quote_row = 0, quote_line = 0, quote_breaks = 0;  // an open quote: where, line breaks inside
    std::uint64_t quote_lines = 0;  // non-empty lines after the open quote's own line
    std::uint64_t line = 1;  // the file's line, 1-based
    bool record_has_text = false;
    auto end_line = [&] {
        if (line_has_text && !header) ++scan.lines;
        if (in_quote && line != quote_line && line_has_text) ++quote_lines;
        line_has_text = false;
        line_start = true;
    };
    auto blank = [](char c) { return c == '\r' || c == ' ' || c == '\t' || c == '\0'; };
    std::uint64_t read = 0;
    for (std::size_t n; (n = VSIFReadL(buf.data(), 1, buf.size(), f.get())) > 0;) {
        read += n;
        if (max_bytes && read > max_bytes) throw IoError(expansion_error(plain_path(path), max_bytes));
        const char* p = buf.data();
        const char* const end = p + n;
        while (p < end) {
            if (line_start) {
                line_start = false;
                if (*p == '\0' && !in_quote && !header) scan.nul_lines.emplace_back(record + 1, line);
            }
            // Most of a line is plain text: jump to its next quote or line break (memchr).
            const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            const char* stop = nl ? nl : end;
            const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<std::size_t>(stop - p)));
            const char* until = q ? q : stop;
            if (!line_has_text && std::find_if_not(p, until, blank) != until) {
                line_has_text = true;
                record_has_text = true;
            }
            p = until;
            if (p == end) break;
            if (*p == '"') {
                line_has_text = record_has_text = true;
                in_quote = !in_quote;
                if (in_quote) {
                    quote_row = record + 1;
                    quote_line = line;
                    quote_breaks = 0;
                    quote_lines = 0;
                } else if (quote_breaks > long_span && !header) {
                    scan.long_spans.push_back({quote_row, quote_line, quote_breaks});
                }
                ++p;
                continue;
            }
            // A line break.
            ++p;
            end_line();
            ++line;
            if (in_quote) {
                ++quote_breaks;
                continue;
            }
            if (record_has_text) {
                if (header) header = false;
                else ++record;
            }
            record_has_text = false;
        }
    }
    // A last line without a line break.
    if (!line_start) end_line();
    if (in_quote && !header) {
        scan.unclosed_row = quote_row;
        scan.unclosed_line = quote_line;
        // Lines after the opening line, each a row GDAL never returned.
        scan.swallowed_lines = quote_lines;
    }
    return scan;
}

}  // namespace hotspots::io
