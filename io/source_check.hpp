#pragma once
// What an input path may reach. GDAL opens far more than local files: network paths
// (/vsicurl/, http://), archives (/vsizip/), connection strings, and VRT files that point
// anywhere, and it probes every driver on a file whatever its name. An input is a local file,
// opened only by the drivers for its extension, and a compressed one may expand only so far,
// unless the user allows remote sources.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::io {

// Process-wide, like GDAL's own configuration: set once from --allow-remote before reading.
void allow_remote_sources(bool allow);
bool remote_sources_allowed();

struct Source {
    std::string open_path;             // what GDAL opens (/vsigzip/ added for a .gz file)
    std::string file;                  // the local file (empty for a remote source)
    std::vector<std::string> drivers;  // the GDAL drivers allowed (empty: any, remote only)
    bool compressed = false;
};

// A network or GDAL virtual path, or a connection string: not a local file name.
bool is_remote_path(const std::string& path);

// Checks an input path and says how to open it; throws IoError naming the path and what to
// do (a remote path refused, a folder, an unknown extension, a file that is not what its
// name says: empty, UTF-16, not gzip).
Source check_source(const std::string& path);

// The most bytes a compressed file of `compressed_bytes` may expand to: 100 times its size
// and 64 MB (a CSV compresses 5 to 15 times; a "zip bomb" a thousand).
std::uint64_t expansion_limit(std::uint64_t compressed_bytes);
// Reads a compressed source through and throws IoError when it expands past the limit.
void check_expansion(const Source& source);
// The message for a file past its expansion limit.
std::string expansion_error(const std::string& file, std::uint64_t limit);

// Says why GDAL could not open a file that check_source let through, from its first bytes:
// "" when nothing is known to be wrong.
std::string why_unopenable(const Source& source);

// "/vsigzip/a.csv.gz" -> "a.csv.gz": the name the user gave, for messages and metadata.
std::string plain_path(const std::string& path);

}  // namespace hotspots::io
