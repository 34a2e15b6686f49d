#include "io/file_list.hpp"

#include "io/gdal_util.hpp"
#include "io/source_check.hpp"

#include <glob.h>

#include <algorithm>
#include <filesystem>

namespace hotspots::io {
namespace fs = std::filesystem;

namespace {

bool is_vector_file(const fs::path& p) {
    const std::string name = p.filename().string();
    auto ends = [&](const std::string& suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends(".csv") || ends(".geojson") || ends(".json") || ends(".gpkg") || ends(".shp") || ends(".csv.gz") ||
           ends(".CSV");
}

// GDAL reads gzip-compressed files through its /vsigzip/ virtual file system.
std::string gdal_path(const fs::path& p) {
    return p.extension() == ".gz" ? "/vsigzip/" + p.string() : p.string();
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (const auto& arg : args) {
        if (is_remote_path(arg)) {
            out.push_back(arg);  // refused when read, unless remote sources are allowed
        } else if (arg.find_first_of("*?[") != std::string::npos && !fs::exists(arg)) {
            glob_t g{};
            const int rc = ::glob(arg.c_str(), 0, nullptr, &g);
            std::vector<std::string> found;
            if (rc == 0)
                for (std::size_t i = 0; i < g.gl_pathc; ++i) found.push_back(gdal_path(g.gl_pathv[i]));
            globfree(&g);
            if (found.empty()) throw IoError(arg + ": no file matches this pattern");
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_directory(arg)) {
            std::vector<std::string> found;
            for (const auto& e : fs::directory_iterator(arg))
                if (e.is_regular_file() && is_vector_file(e.path())) found.push_back(gdal_path(e.path()));
            if (found.empty()) throw IoError(arg + ": folder has no .csv, .geojson, .gpkg or .shp files");
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::exists(arg)) {
            out.push_back(gdal_path(arg));
        } else {
            throw IoError(arg + ": no such file or folder");
        }
    }
    return out;
}

}  // namespace hotspots::io
