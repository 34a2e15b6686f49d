#pragma once
// A theme of the partnership board ("Residential burglary"): which rows of each kind of source
// it counts. Count tables match on the MPS category texts; incidents on the engine's
// categories or their raw crime types. A theme with no rule for a source's kind is not
// available from that source (never a count of 0). See docs/dashboard.md.
#include "model/category.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hotspots {

struct Theme {
    std::string key, name;             // "residential-burglary", "Residential burglary"
    std::vector<std::string> major;    // count tables: MPS major texts (every minor of them)
    std::vector<std::string> minor;    // count tables: MPS minor texts
    std::vector<std::string> categories;  // incidents: category slugs (docs/categories.md)
    std::vector<std::string> types;       // incidents: raw crime types
    // incidents: conditions on the export's columns ("knife_enabled=Y"), as --where; every one
    // must hold. Alone they select every incident meeting them; with categories or types, those
    // incidents that also meet them. Count tables have no such columns: their rules are major
    // and minor only.
    std::vector<std::string> where = {};
    bool everything = false;              // every row the filters kept (--themes all; a pack's theme)
    bool for_counts() const { return everything || !major.empty() || !minor.empty(); }
    bool for_incidents() const { return everything || !categories.empty() || !types.empty() || !where.empty(); }
};

// The board's themes (docs/dashboard.md lists them and their rules).
std::vector<Theme> default_themes();

// Text compared without case and surrounding spaces.
bool same_text(std::string_view a, std::string_view b);

// Whether a count table's row (major and minor texts) belongs to the theme.
bool theme_counts(const Theme& t, std::string_view major, std::string_view minor);
// Whether an incident (its category and raw type) belongs to the theme; `meets_where`: whether
// every one of the theme's conditions holds for it.
bool theme_takes(const Theme& t, Category category, std::string_view raw_type, bool meets_where = true);

}  // namespace hotspots
