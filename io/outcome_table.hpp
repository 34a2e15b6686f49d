#pragma once
// --outcome-groups FILE.csv: the outcome categories' groups (docs/outcome-groups.csv's form).
#include <string>
#include <vector>

namespace hotspots::io {

struct OutcomeRow {
    std::string category, group;
    bool positive = false;
};

// Columns category, group, positive (yes or no). Throws IoError naming the file and row of a
// missing column, an empty category or group, or a positive that is not yes or no.
std::vector<OutcomeRow> read_outcome_groups(const std::string& path);

}  // namespace hotspots::io
