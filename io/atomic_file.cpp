#include "io/source_check.hpp"
#include "io/atomic_file.hpp"
#include "io/folder.hpp"

#include "io/cleanup.hpp"
#include "io/gdal_util.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

namespace hotspots::io {
namespace fs = std::filesystem;

namespace {

thread_local CommitTogether* open_batch = nullptr;
constexpr const char* temp_prefix = ".hotspots-tmp-";

// Folders ".hotspots-tmp-PID-XXXXXX" whose process is gone: left by a run that was killed
// (SIGKILL, a power cut) before it could clean up.
void remove_stale(const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.rfind(temp_prefix, 0) != 0) continue;
        const long pid = std::strtol(name.c_str() + std::char_traits<char>::length(temp_prefix), nullptr, 10);
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::error_code rm;
            fs::remove_all(it->path(), rm);
        }
    }
}

void remove_folder(const std::string& folder) {
    std::error_code ec;
    fs::remove_all(folder, ec);
}

}  // namespace

void check_not_input(const std::string& path, const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const auto& in : inputs) {
        std::string plain = plain_path(in);
        const auto comma = plain.find(',');  // PATH,key=value specs name PATH
        if (comma != std::string::npos && !fs::exists(plain, ec)) plain = plain.substr(0, comma);
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
    remove_stale(dir);
    // Made and registered with no interrupt between (io/cleanup.hpp).
    m_folder = make_temporary_folder((dir / fmt::format("{}{}-XXXXXX", temp_prefix, ::getpid())).string());
    if (m_folder.empty())
        throw IoError(m_path + ": cannot create a temporary folder in " + dir.string() + " (is it writable?)");
    m_temp = (fs::path(m_folder) / p.filename()).string();
}

// Removed, then unregistered: an interrupt in between finds it registered and removes the rest.
AtomicOutput::~AtomicOutput() {
    if (m_committed) return;
    remove_folder(m_folder);
    unregister_temporary(m_folder);
}

void AtomicOutput::commit() {
    if (open_batch) {
        open_batch->m_pending.push_back({m_temp, m_path, m_folder});
        m_committed = true;  // the batch owns the folder now
        return;
    }
    std::error_code ec;
    fs::rename(m_temp, m_path, ec);
    if (ec) throw IoError(m_path + ": cannot move the finished file into place (" + ec.message() + ")");
    m_committed = true;
    remove_folder(m_folder);
    unregister_temporary(m_folder);
}

CommitTogether::CommitTogether() : m_outer(open_batch) { open_batch = this; }

CommitTogether::~CommitTogether() {
    open_batch = m_outer;
    for (const auto& p : m_pending) {
        remove_folder(p.folder);
        unregister_temporary(p.folder);
    }
}

bool defer_folder(const std::string& temp, const std::string& path, bool replace) {
    if (!open_batch) return false;
    open_batch->m_pending.push_back({temp, path, temp, true, replace});
    return true;
}

void CommitTogether::commit() {
    open_batch = m_outer;
    // The renames are done whole: an interrupt waits for the last (io/cleanup.hpp).
    Uninterruptible whole;
    std::vector<Pending> pending;
    pending.swap(m_pending);
    for (std::size_t k = 0; k < pending.size(); ++k) {
        const auto& p = pending[k];
        std::error_code ec;
        if (p.whole_folder) {
            try {
                move_folder_into_place(p.temp, p.path, p.replace);
            } catch (const IoError&) {
                m_pending.assign(pending.begin() + static_cast<std::ptrdiff_t>(k), pending.end());
                throw;
            }
        } else {
            fs::rename(p.temp, p.path, ec);
        }
        if (ec) {
            // What is left stays out of place (and is removed): a rename in one folder fails
            // only when the folder itself went away.
            m_pending.assign(pending.begin() + static_cast<std::ptrdiff_t>(k), pending.end());
            throw IoError(p.path + ": cannot move the finished file into place (" + ec.message() + ")");
        }
        remove_folder(p.folder);
        unregister_temporary(p.folder);
    }
}

}  // namespace hotspots::io
