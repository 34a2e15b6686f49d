#pragma once
// A small CSV side table read whole as text (--compare-with, --targets): its column names in
// lower case and its rows.
#include <string>
#include <vector>

namespace hotspots::io {

struct SideTable {
    std::string path;
    std::vector<std::string> columns;            // lower case, as in the file's header
    std::vector<std::vector<std::string>> rows;  // one text per column

    // The index of a column, or -1.
    int column(const std::string& name) const;
};

// Throws IoError naming the file when it cannot be read or has no rows.
SideTable read_side_table(const std::string& path);

}  // namespace hotspots::io
