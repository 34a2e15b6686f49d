#pragma once
// Outputs appear whole or not at all: writers write to a temporary file beside the
// destination, and commit() renames it into place. Destroying an uncommitted output
// removes the temporary file.
#include <string>
#include <vector>

namespace hotspots::io {

class AtomicOutput {
public:
    // Throws IoError when `path` is one of `inputs` or its folder does not exist.
    AtomicOutput(std::string path, const std::vector<std::string>& inputs);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& path() const noexcept { return m_path; }
    // Keeps the destination's extension, so GDAL picks the same driver.
    const std::string& temp_path() const noexcept { return m_temp; }
    void commit();

private:
    std::string m_path, m_temp;
    bool m_committed = false;
};

// Throws IoError when `path` names the same file as one of `inputs`.
void check_not_input(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace hotspots::io
