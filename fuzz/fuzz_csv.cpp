// libFuzzer target: a CSV file as bytes, read as incidents (GDAL's parse, the reconciling
// scan, the row parser). Every row must be accounted for; any error must be one the command
// line reports (std::runtime_error), never a crash or another exception.
#include "fuzz/require.hpp"
#include "io/incident_reader.hpp"
#include "io/source_check.hpp"
#include "io/text.hpp"

#include <cpl_vsi.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

using namespace hotspots;

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool once = [] {
        io::allow_remote_sources(true);  // the file lives in GDAL's memory file system
        return true;
    }();
    (void)once;
    const char* path = "/vsimem/fuzz.csv";
    VSIFCloseL(VSIFileFromMemBuffer(path, const_cast<GByte*>(data), static_cast<vsi_l_offset>(size), FALSE));
    io::ReadOptions options;
    options.crs = "EPSG:27700";
    options.threads = 1;
    try {
        const auto result = io::read_incidents({path}, options);
        std::uint64_t rows = 0, loaded = 0, rejected = 0;
        for (const auto& s : result.set.sources) {
            require(s.loaded + s.rejected == s.rows, "loaded + rejected == rows");
            rows += s.rows;
            loaded += s.loaded;
            rejected += s.rejected;
        }
        require(result.set.incidents.size() == loaded, "incidents == loaded");
        require(result.rejects.size() == rejected, "rejects listed == rejected");
        for (const auto& r : result.rejects) require(io::valid_utf8(r.detail), "reject details are UTF-8");
        (void)rows;
    } catch (const std::runtime_error&) {
        // A message for the user: fine.
    }
    VSIUnlink(path);
    return 0;
}
