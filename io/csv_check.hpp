#pragma once
// GDAL's CSV reader can lose rows without a word: a quote that never closes swallows every
// row after it into one field, and a NUL byte at the start of a line hides that line. The
// physical records of the file, counted here independently of GDAL, are reconciled with the
// rows GDAL gave.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::io {

struct CsvScan {
    std::uint64_t lines = 0;  // non-empty data lines (after the header line)
    // A quoted field that never closes (0: none): the data row where it opens, and the
    // non-empty lines after that row's first line.
    std::uint64_t unclosed_row = 0, swallowed_lines = 0;
    std::uint64_t unclosed_line = 0;  // its line in the file (1: the header)
    // Quoted fields spanning more than `long_span` line breaks (a stray quote that closes much
    // later): the data row where each opens, its line in the file, and its line breaks.
    struct Span {
        std::uint64_t row, line, breaks;
    };
    std::vector<Span> long_spans;
    // Lines that start with a NUL byte and hold text (GDAL reads them as empty, and skips
    // them): the data row each is, and its line in the file.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> nul_lines;
};

// Scans a CSV file (any path GDAL's VSI reads, /vsigzip/ included). Rows are the file's
// records: 1 is the first after the header, and a NUL line counts (GDAL's numbering skips it;
// physical_row converts). Throws IoError when unreadable,
// or when it reads more than `max_bytes` (0: no limit), a bound on a compressed file.
CsvScan scan_csv(const std::string& path, std::uint64_t long_span = 20, std::uint64_t max_bytes = 0);

// The file's record number of the row GDAL numbered `gdal_row`, given the scan's NUL lines.
std::uint64_t physical_row(const CsvScan& scan, std::uint64_t gdal_row);

}  // namespace hotspots::io
