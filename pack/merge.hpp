#pragma once
// hotspots merge: shard folders of one pack (pack --shard i/N) put together into the folder the
// unsharded pack makes (docs/scale.md).
#include "steps/context.hpp"

#include <string>
#include <vector>

namespace hotspots::pack {

struct MergeSummary {
    std::string folder;
    std::size_t shards = 0, steps = 0, outputs = 0;
    double seconds = 0;
};

// Refuses folders that are not shards, shards of different packs, months or versions, and
// missing or duplicate shards, naming the folder (steps::UsageError); io::IoError for a file.
MergeSummary merge_shards(const std::vector<std::string>& folders, const std::string& output, bool replace, steps::Log& log);

}  // namespace hotspots::pack
