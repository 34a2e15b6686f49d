#pragma once
// A folder of outputs appears whole or not at all: it is filled under a hidden temporary name
// beside its destination, then renamed into place. Destroying an uncommitted folder removes it.
#include <string>

namespace hotspots::io {

class AtomicFolder {
public:
    // Creates the parent folders when needed. Throws IoError when `path` exists and
    // `replace` is false, or cannot be made.
    AtomicFolder(std::string path, bool replace);
    ~AtomicFolder();
    AtomicFolder(const AtomicFolder&) = delete;
    AtomicFolder& operator=(const AtomicFolder&) = delete;

    const std::string& path() const noexcept { return m_path; }
    const std::string& temp_path() const noexcept { return m_temp; }
    // A subfolder of the temporary folder (created if needed); returns its path.
    std::string subfolder(const std::string& name) const;
    void commit();

private:
    std::string m_path, m_temp;
    bool m_replace, m_committed = false;
};

// SHA-256 of a file's bytes, as 64 hex digits. Throws IoError.
std::string sha256_file(const std::string& path);

}  // namespace hotspots::io
