#include "io/csv_parts.hpp"
#include "io/c_file.hpp"

#include "io/text.hpp"

#include <cpl_vsi.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace hotspots::io {
namespace {

// Positions just after the record terminators that follow each target (a '\n' outside
// quotes; a doubled quote inside a field toggles twice, so counting quotes keeps the state).
// targets must be increasing; a target with no terminator after it gets the file size.
std::vector<std::uint64_t> record_starts(std::FILE* f, std::uint64_t size, const std::vector<std::uint64_t>& targets) {
    std::vector<std::uint64_t> found;
    std::vector<char> block(std::size_t{4} << 20);
    std::uint64_t at = 0;
    bool quoted = false;
    std::size_t next = 0;
    std::fseek(f, 0, SEEK_SET);
    while (next < targets.size() && at < size) {
        const std::size_t n = std::fread(block.data(), 1, block.size(), f);
        if (n == 0) break;
        std::size_t i = 0;
        while (i < n && next < targets.size()) {
            const std::uint64_t target = targets[next];
            if (at + i < target) {
                // Before the target only the quote state matters: count quotes in bulk.
                const std::size_t upto = static_cast<std::size_t>(std::min<std::uint64_t>(n, target - at));
                quoted ^= (std::count(block.data() + i, block.data() + upto, '"') & 1) != 0;
                i = upto;
                continue;
            }
            const char c = block[i++];
            if (c == '"') quoted = !quoted;
            else if (c == '\n' && !quoted) {
                found.push_back(at + i);
                ++next;
            }
        }
        at += n;
    }
    while (found.size() < targets.size()) found.push_back(size);
    return found;
}

std::atomic<unsigned> counter{0};

}  // namespace

CsvParts::CsvParts(const std::string& path, unsigned parts, std::uint64_t min_bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (parts < 2 || path.rfind("/vsi", 0) == 0) return;
    if (!lower_case(path).ends_with(".csv")) return;
    const std::uint64_t size = fs::file_size(path, ec);
    if (ec || size < min_bytes) return;
    for (const char* sidecar : {".csvt", ".prj"}) {
        fs::path p(path);
        p.replace_extension(sidecar);
        if (fs::exists(p, ec)) return;
    }
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) return;

    // The header ends at the first terminator; then cut the records into equal shares.
    const std::uint64_t header = record_starts(f.get(), size, {0}).front();
    if (header >= size) return;
    std::vector<std::uint64_t> targets;
    for (unsigned k = 1; k < parts; ++k) targets.push_back(header + (size - header) * k / parts);
    std::vector<std::uint64_t> starts = record_starts(f.get(), size, targets);
    starts.insert(starts.begin(), header);
    starts.push_back(size);
    starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
    if (starts.size() < 3) return;  // one part: read it whole

    const unsigned id = counter++;
    for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
        const std::uint64_t begin = starts[k], end = starts[k + 1];
        m_sizes.push_back(end - begin);
        m_starts.push_back(begin);
        if (k == 0) {
            // The first part is a prefix of the file, header included.
            m_paths.push_back(fmt::format("CSV:/vsisubfile/0_{},{}", end, path));
            continue;
        }
        // The header, then this part's records, with nothing copied: GDAL reads the regions
        // from the file.
        const std::string xml = fmt::format(
            "<VSISparseFile><Length>{}</Length>"
            "<SubfileRegion><Filename relative=\"0\">{}</Filename><DestinationOffset>0</DestinationOffset>"
            "<SourceOffset>0</SourceOffset><RegionLength>{}</RegionLength></SubfileRegion>"
            "<SubfileRegion><Filename relative=\"0\">{}</Filename><DestinationOffset>{}</DestinationOffset>"
            "<SourceOffset>{}</SourceOffset><RegionLength>{}</RegionLength></SubfileRegion></VSISparseFile>",
            header + (end - begin), xml_escape(path), header, xml_escape(path), header, begin, end - begin);
        const std::string memory = fmt::format("/vsimem/hotspots_csv_{}_{}.xml", id, k);
        VSILFILE* w = VSIFOpenL(memory.c_str(), "wb");
        if (!w) {
            m_paths.clear();
            m_sizes.clear();
            m_starts.clear();
            return;
        }
        VSIFWriteL(xml.data(), 1, xml.size(), w);
        VSIFCloseL(w);
        m_memory_files.push_back(memory);
        m_paths.push_back("CSV:/vsisparse/" + memory);
    }
}

CsvParts::CsvParts(CsvParts&& other) noexcept
    : m_paths(std::move(other.m_paths)), m_sizes(std::move(other.m_sizes)), m_starts(std::move(other.m_starts)),
      m_memory_files(std::move(other.m_memory_files)) {
    other.m_memory_files.clear();
}

CsvParts::~CsvParts() {
    for (const auto& m : m_memory_files) VSIUnlink(m.c_str());
}

}  // namespace hotspots::io
