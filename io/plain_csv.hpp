#pragma once
// A plain comma-separated file read without GDAL. GDAL's CSV driver makes, checks and frees
// a feature per row (a quarter of a map's time on a million rows); a file with nothing GDAL
// would interpret (no quotes, NUL bytes, blank lines, lone carriage returns, ragged rows or
// very long lines) splits at its commas into exactly the fields GDAL gives, so its records
// are read here instead. Anything else is left to GDAL (docs/input-formats.md says which
// files take which path).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotspots::io {

// The first line of a local file split at commas, and where the records start, when the
// line is plain (no quote, NUL or lone carriage return, no byte-order mark, at least two
// fields). Not plain or unreadable: nullopt.
struct PlainHeader {
    std::vector<std::string> names;
    std::uint64_t records = 0;  // offset of the first record
};
std::optional<PlainHeader> plain_csv_header(const std::string& file);

// Bytes [begin, end) of a local file, records only, held in memory and split into rows of
// `fields` fields.
class PlainCsv {
public:
    // Loads the bytes and checks them; nullopt when they are not plain (see above) or cannot
    // be read, so that GDAL reads them. `reuse`: memory to load into, its text overwritten (a
    // thread's buffer from its file before: fresh memory costs a page fault every 4 kB, 5,000
    // for a month of police.uk rows); take it back with release().
    static std::optional<PlainCsv> load(const std::string& file, std::uint64_t begin, std::uint64_t end,
                                        std::size_t fields, std::string&& reuse = {});
    // The next record's fields (views into the loaded bytes, valid while this lives), or
    // false at the end.
    bool next(std::vector<std::string_view>& fields);
    // The loaded bytes' memory, for the next load; this holds no records after.
    std::string release() {
        m_at = 0;
        return std::move(m_text);
    }

private:
    std::string m_text;
    std::size_t m_at = 0, m_fields = 0;
};

// The longest record read here; GDAL refuses lines over 10 MB and says so: those files keep
// GDAL's message.
inline constexpr std::size_t plain_csv_max_line = std::size_t{1} << 20;

}  // namespace hotspots::io
