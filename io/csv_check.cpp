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
    // A buffer no bigger than the file: most inputs are small, and scans run once per file.
    std::size_t buf_size = 1 << 20;
    VSIStatBufL st;
    if (VSIStatL(path.c_str(), &st) == 0 && st.st_size >= 0 && static_cast<std::uint64_t>(st.st_size) < buf_size &&
        path.rfind("/vsigzip/", 0) != 0)
        buf_size = static_cast<std::size_t>(st.st_size) + 1;
    std::vector<char> buf(buf_size);
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
    bool nul_line = false, nul_text = false;  // in a line that starts with NUL; text after the NUL
    // A line of NULs and blanks is a blank line; one with text was a row GDAL never gave.
    auto end_nul_line = [&] {
        if (nul_text) {
            scan.nul_lines.emplace_back(++record, line);
            ++scan.lines;
        }
        nul_line = nul_text = false;
        line_start = true;
        ++line;
    };
    std::uint64_t read = 0;
    for (std::size_t n; (n = VSIFReadL(buf.data(), 1, buf.size(), f.get())) > 0;) {
        read += n;
        if (max_bytes && read > max_bytes) throw IoError(expansion_error(plain_path(path), max_bytes));
        const char* p = buf.data();
        const char* const end = p + n;
        while (p < end) {
            if (line_start) {
                line_start = false;
                nul_line = *p == '\0' && !in_quote && !header;
            }
            if (nul_line) {
                // GDAL reads the line as empty and skips it whole, quotes included.
                const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
                const char* stop = nl ? nl : end;
                if (std::find_if_not(p, stop, blank) != stop) nul_text = true;
                p = stop;
                if (p == end) break;
                ++p;
                end_nul_line();
                continue;
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
    if (nul_line) end_nul_line();
    else if (!line_start) end_line();
    if (in_quote && !header) {
        scan.unclosed_row = quote_row;
        scan.unclosed_line = quote_line;
        // Lines after the opening line, each a row GDAL never returned.
        scan.swallowed_lines = quote_lines;
    }
    return scan;
}

std::uint64_t physical_row(const CsvScan& scan, std::uint64_t gdal_row) {
    // The k-th NUL line (0-based) at record n comes just before GDAL's row n - k, a sequence
    // that never decreases: count those at or before gdal_row by bisection.
    std::size_t lo = 0, hi = scan.nul_lines.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (scan.nul_lines[mid].first - mid <= gdal_row) lo = mid + 1;
        else hi = mid;
    }
    return gdal_row + lo;
}

}  // namespace hotspots::io
