#include "io/secret.hpp"

#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"
#include "io/text_file.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <random>

namespace hotspots::io {
namespace fs = std::filesystem;

std::string default_secret_path() {
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    const char* home = std::getenv("HOME");
    const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home && *home ? home : ".") / ".config";
    return (base / "hotspots" / "publish.key").string();
}

std::string read_or_make_secret(const std::string& path, bool make, bool& made) {
    made = false;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        if (!make) throw IoError(path + ": no such file (the secret of the record keys; give an existing file)");
        fs::create_directories(fs::path(path).parent_path(), ec);
        std::random_device rd;
        std::string hex;
        for (int k = 0; k < 32; ++k) hex += fmt::format("{:02x}", rd() & 0xff);
        write_text(path, hex + "\n", {});
        fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
        made = true;
    }
    std::string s = read_text(path);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    if (s.size() < 16) throw IoError(path + ": a secret of at least 16 characters is needed (it has " + std::to_string(s.size()) + ")");
    return s;
}

}  // namespace hotspots::io
