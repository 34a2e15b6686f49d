#include "io/source_check.hpp"

#include "io/gdal_util.hpp"
#include "io/text.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

namespace hotspots::io {
namespace fs = std::filesystem;

namespace {

std::atomic<bool> remote_allowed{false};

constexpr const char* gzip_prefix = "/vsigzip/";
constexpr const char* known_extensions = ".csv, .tsv, .geojson, .json, .gpkg, .shp, .tab, .mif, .fgb, .kml, .gml, .osm, .pbf (any of "
                                         "them gzip-compressed as .gz)";

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The drivers for a file name's extension (a .gz ending set aside); empty when unknown.
std::vector<std::string> drivers_for_name(const std::string& name) {
    static const std::map<std::string, std::vector<std::string>> table = {
        {".csv", {"CSV"}},           {".tsv", {"CSV"}},
        {".geojson", {"GeoJSON"}},   {".json", {"GeoJSON"}},
        {".gpkg", {"GPKG"}},         {".shp", {"ESRI Shapefile"}},
        {".dbf", {"ESRI Shapefile"}}, {".tab", {"MapInfo File"}},
        {".mif", {"MapInfo File"}},  {".fgb", {"FlatGeobuf"}},
        {".kml", {"KML"}},           {".gml", {"GML"}},
        {".osm", {"OSM"}},           {".pbf", {"OSM"}},
    };
    std::string lower = lower_case(name);
    if (lower.ends_with(".gz")) lower.resize(lower.size() - 3);
    const auto it = table.find(lower_case(fs::path(lower).extension().string()));
    return it == table.end() ? std::vector<std::string>{} : it->second;
}

std::string refused(const std::string& path, const std::string& what) {
    return path + ": " + what +
           "; hotspots reads local files only, so that an input cannot reach further than the files named. Download "
           "or extract the file first, or give --allow-remote";
}

// The first bytes of what GDAL would read (decompressed for a .gz).
std::string head_of(const std::string& vsi_path, std::size_t n) {
    std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> f(VSIFOpenL(vsi_path.c_str(), "rb"), VSIFCloseL);
    if (!f) return {};
    std::string buf(n, '\0');
    buf.resize(VSIFReadL(buf.data(), 1, n, f.get()));
    return buf;
}

bool is_utf16(const std::string& head) {
    if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
        return true;
    // Without a byte-order mark: ASCII text in UTF-16 has a NUL in every other byte.
    if (head.size() < 8) return false;
    int nul_odd = 0, nul_even = 0;
    for (std::size_t i = 0; i < 8; ++i) (i % 2 ? nul_odd : nul_even) += head[i] == '\0';
    return nul_odd == 4 || nul_even == 4;
}

std::string utf16_advice(const std::string& path) {
    return path + ": is UTF-16 text, which GDAL does not read: save it as UTF-8 (in Excel, \"CSV UTF-8\"), or convert "
                  "it with: iconv -f UTF-16 -t UTF-8 '" + path + "' > converted.csv";
}

}  // namespace

void allow_remote_sources(bool allow) { remote_allowed = allow; }
bool remote_sources_allowed() { return remote_allowed; }

std::string plain_path(const std::string& path) { return starts_with(path, gzip_prefix) ? path.substr(9) : path; }

namespace {

// "PG:dbname=..", "WFS:http://..": a GDAL connection string, when no such file exists.
bool is_connection(const std::string& path) {
    const auto colon = path.find(':');
    std::error_code ec;
    return colon != std::string::npos && colon > 1 && path.find('/') > colon && !fs::exists(path, ec);
}

}  // namespace

bool is_remote_path(const std::string& path) {
    const std::string inner = plain_path(path);
    return starts_with(inner, "/vsi") || inner.find("://") != std::string::npos || is_connection(inner);
}

Source check_source(const std::string& path) {
    Source s;
    const std::string inner = plain_path(path);
    const bool virtual_path = starts_with(inner, "/vsi");
    const bool web = inner.find("://") != std::string::npos;
    const auto colon = inner.find(':');
    if (is_remote_path(path)) {
        const std::string what = virtual_path ? "a GDAL virtual path (" + inner.substr(0, inner.find('/', 1) + 1) + ")"
                                 : web        ? std::string("a web address")
                                              : "a GDAL connection string (" + inner.substr(0, colon + 1) + ")";
        if (!remote_allowed) throw IoError(refused(path, what));
        s.open_path = path;
        s.drivers = drivers_for_name(inner);
        return s;
    }
    std::error_code ec;
    if (!fs::exists(inner, ec)) throw IoError(inner + ": no such file");
    if (fs::is_directory(inner, ec))
        throw IoError(inner + ": is a folder; give a file in it (a .gpkg, .geojson, .shp or .csv)");
    // A FIFO, a socket or a device named .csv would block the read for ever (or never end).
    if (!fs::is_regular_file(inner, ec))
        throw IoError(inner + ": is not a regular file (a pipe, a socket or a device); copy what it holds to a file "
                              "and give that");
    s.file = inner;
    s.drivers = drivers_for_name(inner);
    if (s.drivers.empty()) {
        const std::string ext = fs::path(inner).extension().string();
        throw IoError(inner + ": " + (ext.empty() ? std::string("has no extension") : "'" + ext + "' is not a format read") +
                      " (hotspots reads " + known_extensions + "); convert it with ogr2ogr, or rename it if it is one "
                      "of these");
    }
    s.compressed = lower_case(inner).ends_with(".gz");
    s.open_path = s.compressed ? gzip_prefix + inner : inner;
    if (fs::file_size(inner, ec) == 0 && !ec)
        throw IoError(inner + ": is empty (0 bytes): it holds no header and no rows; export or download it again");
    if (s.compressed) {
        const std::string magic = head_of(inner, 2);
        if (magic != "\x1f\x8b")
            throw IoError(inner + ": is named .gz but is not gzip-compressed" +
                          (is_utf16(head_of(inner, 8)) || magic.find('\0') != std::string::npos
                               ? std::string()
                               : std::string(" (it starts like text: rename it without .gz)")));
    }
    if (s.drivers.front() == "CSV" || s.drivers.front() == "GeoJSON")
        if (is_utf16(head_of(s.open_path, 8))) throw IoError(utf16_advice(inner));
    return s;
}

std::uint64_t expansion_limit(std::uint64_t compressed_bytes) { return compressed_bytes * 100 + (std::uint64_t{64} << 20); }

void check_expansion(const Source& source) {
    if (!source.compressed || remote_allowed) return;
    std::error_code ec;
    const std::uint64_t limit = expansion_limit(fs::file_size(source.file, ec));
    std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> f(VSIFOpenL(source.open_path.c_str(), "rb"), VSIFCloseL);
    if (!f) throw IoError(source.file + ": cannot read");
    std::vector<char> buf(std::size_t{1} << 20);
    std::uint64_t total = 0;
    for (std::size_t n; (n = VSIFReadL(buf.data(), 1, buf.size(), f.get())) > 0;) {
        total += n;
        if (total > limit) throw IoError(expansion_error(source.file, limit));
    }
}

std::string expansion_error(const std::string& file, std::uint64_t limit) {
    return fmt::format("{}: expands to more than {} MB, over 100 times its compressed size: it is damaged or built to "
                       "exhaust memory (a \"zip bomb\"). If it is genuine, decompress it yourself (gunzip -k '{}') and "
                       "give the plain file",
                       file, limit >> 20, file);
}

std::string why_unopenable(const Source& source) {
    if (source.file.empty()) return "";
    const std::string head = head_of(source.open_path, 4096);
    if (head.empty()) return source.file + (source.compressed ? ": decompresses to nothing" : ": is empty") +
                             ": it holds no header and no rows; export or download it again";
    if (is_utf16(head)) return utf16_advice(source.file);
    if (source.drivers.front() == "CSV" && head.find('\n') == std::string::npos && head.size() == 4096)
        return source.file + ": its first line is over 4 kB long with no line break: is it a CSV file?";
    return "";
}

}  // namespace hotspots::io
