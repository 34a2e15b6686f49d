#pragma once
// One large CSV file read by several threads at once: GDAL's CSV reader goes a feature at a
// time on one thread, so a file of a million rows is cut into parts of whole records (quoted
// fields respected), each read by its own GDAL dataset through a virtual file that repeats
// the header line. Row numbers are made global again when the parts are merged.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::io {

class CsvParts {
public:
    // Splits `path` into up to `parts` parts, or leaves it whole (paths() empty) when it is not
    // worth it or not safe: under `min_bytes`, compressed, with a .csvt or .prj sidecar
    // (column types or a CRS the parts would not see), or no place to cut.
    CsvParts(const std::string& path, unsigned parts, std::uint64_t min_bytes = std::uint64_t{32} << 20);
    ~CsvParts();
    CsvParts(const CsvParts&) = delete;
    CsvParts& operator=(const CsvParts&) = delete;
    CsvParts(CsvParts&&) noexcept;
    CsvParts& operator=(CsvParts&&) = delete;

    // What to give GDAL for each part, in file order.
    const std::vector<std::string>& paths() const noexcept { return m_paths; }
    // Bytes of records in each part (for sizing).
    const std::vector<std::uint64_t>& sizes() const noexcept { return m_sizes; }
    // Where each part's records start in the file (the first part's after the header).
    const std::vector<std::uint64_t>& starts() const noexcept { return m_starts; }

private:
    std::vector<std::string> m_paths;
    std::vector<std::uint64_t> m_sizes, m_starts;
    std::vector<std::string> m_memory_files;  // /vsimem/ descriptions to remove
};

}  // namespace hotspots::io
