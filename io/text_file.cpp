#include "io/text_file.hpp"

#include "io/gdal_util.hpp"

#include <fstream>
#include <sstream>

namespace hotspots::io {

std::string read_text(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw IoError(path + ": cannot read");
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace hotspots::io
