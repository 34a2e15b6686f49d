#include "io/atomic_file.hpp"

#include "io/cleanup.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace hotspots::io {
namespace fs = std::filesystem;

void check_not_input(const std::string& path, const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const auto& in : inputs) {
        std::string plain = in.rfind("/vsigzip/", 0) == 0 ? in.substr(9) : in;
        if (fs::exists(path, ec) && fs::exists(plain, ec) && fs::equivalent(path, plain, ec)) {
            throw IoError(path + ": is an input; choose another output name (inputs are never overwritten)");
        }
    }
}

AtomicOutput::AtomicOutput(std::string path, const std::vector<std::string>& inputs) : m_path(std::move(path)) {
    check_not_input(m_path, inputs);
    const fs::path p(m_path);
    const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) throw IoError(m_path + ": folder " + dir.string() + " does not exist");
    if (fs::is_directory(p)) throw IoError(m_path + ": is a folder; give a file name");
    m_temp = (dir / fmt::format(".{}.tmp-{}{}", p.stem().string(), ::getpid(), p.extension().string())).string();
    std::error_code ec;
    fs::remove(m_temp, ec);
    register_temporary(m_temp);
}

AtomicOutput::~AtomicOutput() {
    unregister_temporary(m_temp);
    if (m_committed) return;
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(m_temp + suffix, ec);
}

void AtomicOutput::commit() {
    std::error_code ec;
    fs::rename(m_temp, m_path, ec);
    if (ec) throw IoError(m_path + ": cannot move the finished file into place (" + ec.message() + ")");
    m_committed = true;
}

}  // namespace hotspots::io
