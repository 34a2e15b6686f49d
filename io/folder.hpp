#pragma once
// A folder of outputs appears whole or not at all: it is filled under a hidden temporary name
// beside its destination, then renamed into place. Destroying an uncommitted folder removes it.
#include <string>
#include <string_view>
#include <vector>

namespace hotspots::io {

class AtomicFolder {
public:
    // Creates the parent folders when needed. Throws IoError when `path` exists and
    // `replace` is false, or cannot be made; and, with `replace`, before touching anything,
    // when it is apart from the folders of `keep` (the inputs, the pack file, the side files)
    // in neither direction (check_apart).
    AtomicFolder(std::string path, bool replace, const std::vector<std::string>& keep = {});
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

// Moves the finished folder `temp` to `path`; an existing `path` is swapped with it when
// `replace` (the old folder is then at `temp`, for the caller to remove), else IoError.
void move_folder_into_place(const std::string& temp, const std::string& path, bool replace);

// Throws IoError when the folder `folder` holds one of `files` (at any depth), or is or lies
// inside one of them that is a folder (a folder of inputs, or a glob's folder: "data/*.csv"):
// replacing such a folder would delete an input (pack -o X --replace, with X/areas/wards.gpkg
// among the inputs), and one inside a folder of inputs would be read as inputs next time. A
// folder beside a file it reads (out/2025-02 beside monthly.toml) is fine. Paths are compared
// made absolute, with symbolic links and ".." resolved; a file named by a GDAL virtual path
// counts by its file.
void check_apart(const std::string& folder, const std::vector<std::string>& files);

// SHA-256 of a file's bytes, as 64 hex digits. Throws IoError.
std::string sha256_file(const std::string& path);

// SHA-256 of `bytes` in base64 (44 characters): the form of a content-security policy's
// 'sha256-...' source for an inline script. Throws IoError.
std::string sha256_base64(std::string_view bytes);

}  // namespace hotspots::io
