#pragma once
// Outcomes of crimes (docs/dashboard.md, "Outcomes"): each outcome category (data.police.uk's
// "Last outcome category", a police export's outcome) belongs to a group (charged or
// summonsed, out-of-court disposal, no suspect identified, ...), and some groups are positive
// outcomes. The table is docs/outcome-groups.csv, built in; a file of the same form replaces it.
#include <string>
#include <string_view>
#include <vector>

namespace hotspots {

struct OutcomeGroups {
    struct Row {
        std::string category, group;  // as written
        bool positive = false;
    };
    std::vector<Row> rows;
    std::vector<std::string> groups;  // in order of first appearance
    std::vector<bool> positive;       // by group
    std::string source = "built in (docs/outcome-groups.csv)";
};

// The built-in table (docs/outcome-groups.csv holds the same rows).
OutcomeGroups default_outcome_groups();
// Groups from rows (category, group, positive); throws std::invalid_argument for a category
// given twice, an empty group, or a group positive in one row and not in another.
OutcomeGroups outcome_groups_from(std::vector<OutcomeGroups::Row> rows);

// The group index of an outcome category (compared without case or surrounding spaces):
// -1 for an empty category (no outcome recorded: anti-social behaviour, or files from before
// outcomes were published), -2 for a category the table does not have.
int outcome_group_of(const OutcomeGroups& g, std::string_view category);

// The index of the group that stands for "no known outcome" (status update unavailable), or
// -1 when the table has none.
int unavailable_group(const OutcomeGroups& g);

}  // namespace hotspots
