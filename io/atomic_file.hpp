#pragma once
// Outputs appear whole or not at all: writers write to a temporary file in a private folder
// (mode 0700, made with mkdtemp) beside the destination, and commit() renames it into place,
// so nothing planted under a guessable name can redirect a write. Destroying an uncommitted
// output removes its folder. While a CommitTogether is open on the thread, commits wait for
// it: a command's outputs appear together, or none does.
#include <string>
#include <vector>

namespace hotspots::io {

class AtomicOutput {
public:
    // Throws IoError when `path` is one of `inputs` or its folder does not exist. Removes the
    // temporary folders that runs which no longer exist left beside it.
    AtomicOutput(std::string path, const std::vector<std::string>& inputs);
    ~AtomicOutput();
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;

    const std::string& path() const noexcept { return m_path; }
    // Keeps the destination's name and extension, so GDAL picks the same driver.
    const std::string& temp_path() const noexcept { return m_temp; }
    void commit();

private:
    std::string m_path, m_temp, m_folder;
    bool m_committed = false;
};

// Holds the commits of this thread's AtomicOutputs and AtomicFolders until commit(), then
// makes them in the order they were committed; without it (an error), none of them is moved
// into place and their temporaries are removed.
class CommitTogether {
public:
    CommitTogether();
    ~CommitTogether();
    CommitTogether(const CommitTogether&) = delete;
    CommitTogether& operator=(const CommitTogether&) = delete;
    void commit();

private:
    friend class AtomicOutput;
    friend bool defer_folder(const std::string& temp, const std::string& path, bool replace);
    struct Pending {
        std::string temp, path, folder;
        bool whole_folder = false, replace = false;  // an AtomicFolder's: temp is the folder itself
    };
    std::vector<Pending> m_pending;
    CommitTogether* m_outer;
};

// When a CommitTogether is open on this thread, it takes the finished folder `temp` (registered
// as a temporary) to move to `path` with its files, and owns it from now on: returns true.
bool defer_folder(const std::string& temp, const std::string& path, bool replace);

// Throws IoError when `path` names the same file as one of `inputs`.
void check_not_input(const std::string& path, const std::vector<std::string>& inputs);

}  // namespace hotspots::io
