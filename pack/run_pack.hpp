#pragma once
// Running a pack: every step on every theme it names, each input and area layer read once,
// into one output folder that appears whole or not at all (docs/pack.md).
#include "pack/pack_file.hpp"
#include "pack/shard.hpp"
#include "steps/context.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace hotspots::pack {

struct PackOptions {
    std::string output;  // the folder to write
    bool replace = false;
    unsigned threads = 0;
    Shard shard;  // only these themes (docs/scale.md)
    bool check_only = false;  // stop once everything is checked: no incident read, nothing written
};

struct PackSummary {
    std::string folder;
    std::size_t steps = 0, outputs = 0, warnings = 0, skipped = 0;
    double seconds = 0;
    std::string report;  // every step's report, under headings
};

// Checks everything the file names (area layers, side files, every step's options on every
// theme) before reading an incident, then runs (unless options.check_only: the summary then
// has only its steps). Throws steps::UsageError (the file or its
// options), io::IoError (a file) or std::runtime_error (the data).
PackSummary run_pack(const PackFile& pack, const PackOptions& options, steps::Log& log);

}  // namespace hotspots::pack
