#pragma once
// The reading's merge (io/incident_reader.cpp's alone): each file's, or file part's, incidents
// and rejects joined into one result in file order, while other files are still read.
#include "io/incident_reader.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::io::detail {

// What reading one file (or one part of a file) gives.
struct FileOutput {
    IncidentSet set;
    std::vector<Reject> rejects;
    SourceDetail detail;
    std::vector<std::map<std::string, std::uint64_t>> condition_values;
    std::vector<KeptLonLat> lonlat;  // [row - 1], with ReadOptions::want_lonlat
};

// Merges the files' outputs into one result, in task order whichever thread calls: ready(i)
// says output i is complete, and merges it and every complete output after it, unless another
// thread is merging (which then takes them: it looks again after letting go).
class Merger {
public:
    Merger(const std::vector<std::size_t>& task_files, std::vector<FileOutput>& outputs, std::size_t conditions,
           const std::string& work_crs);
    // Room for this many incidents, and ids of this many characters in all (nullopt: as many
    // a row as the first file's): the lists are sized once (address space only until filled),
    // not regrown and copied file after file.
    void size_for(std::size_t incidents, std::optional<std::size_t> id_chars, std::size_t ids);
    void ready(std::size_t i);
    // Once every reading thread has returned: merges what is left (a try_lock may fail
    // spuriously, leaving a complete output behind).
    void finish();
    // The result, once every output is merged.
    ReadResult take();
    std::vector<std::vector<KeptLonLat>> lonlat;  // [source][row - 1]

private:
    // The next output to merge when it is complete; else the number of outputs.
    std::size_t next();
    void merge(std::size_t i);

    const std::vector<std::size_t>& m_files;  // each output's file
    std::vector<FileOutput>& m_outputs;
    ReadResult m_result;
    std::size_t m_incidents = 0, m_ids = 0;
    std::optional<std::size_t> m_id_chars;
    std::mutex m_state, m_merging;
    std::vector<char> m_done;   // under m_state
    std::size_t m_merged = 0;   // outputs merged (under m_state)
};

}  // namespace hotspots::io::detail
