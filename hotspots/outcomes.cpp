#include "hotspots/outcomes.hpp"

#include "model/condition.hpp"
#include "model/theme.hpp"

#include <stdexcept>

namespace hotspots {

OutcomeGroups default_outcome_groups() {
    // data.police.uk's outcome categories (docs/outcome-groups.csv, where each is explained):
    // a charge or summons whatever the court later decided, and the out-of-court disposals,
    // are the positive outcomes (the Home Office's "positive outcome" types 1-8).
    return outcome_groups_from({
        {"Awaiting court outcome", "charged or summonsed", true},
        {"Court result unavailable", "charged or summonsed", true},
        {"Suspect charged", "charged or summonsed", true},
        {"Suspect charged as part of another case", "charged or summonsed", true},
        {"Offender sent to prison", "charged or summonsed", true},
        {"Offender given suspended prison sentence", "charged or summonsed", true},
        {"Offender given community sentence", "charged or summonsed", true},
        {"Offender fined", "charged or summonsed", true},
        {"Offender given conditional discharge", "charged or summonsed", true},
        {"Offender given absolute discharge", "charged or summonsed", true},
        {"Offender otherwise dealt with", "charged or summonsed", true},
        {"Offender deprived of property", "charged or summonsed", true},
        {"Offender ordered to pay compensation", "charged or summonsed", true},
        {"Defendant sent to Crown Court", "charged or summonsed", true},
        {"Defendant found not guilty", "charged or summonsed", true},
        {"Court case unable to proceed", "charged or summonsed", true},
        {"Offender given a caution", "out-of-court disposal", true},
        {"Offender given penalty notice", "out-of-court disposal", true},
        {"Offender given a drugs possession warning", "out-of-court disposal", true},
        {"Local resolution", "out-of-court disposal", true},
        {"Investigation complete; no suspect identified", "no suspect identified", false},
        {"Unable to prosecute suspect", "unable to prosecute", false},
        {"Formal action is not in the public interest", "not in the public interest", false},
        {"Further action is not in the public interest", "not in the public interest", false},
        {"Further investigation is not in the public interest", "not in the public interest", false},
        {"Action to be taken by another organisation", "another organisation", false},
        {"Under investigation", "under investigation", false},
        {"Status update unavailable", "status update unavailable", false},
    });
}

OutcomeGroups outcome_groups_from(std::vector<OutcomeGroups::Row> rows) {
    OutcomeGroups g;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& r = rows[i];
        if (r.group.empty()) throw std::invalid_argument("'" + r.category + "' has no group");
        for (std::size_t j = 0; j < i; ++j)
            if (same_text(rows[j].category, r.category)) throw std::invalid_argument("'" + r.category + "' is given twice");
        std::size_t k = 0;
        while (k < g.groups.size() && !same_text(g.groups[k], r.group)) ++k;
        if (k == g.groups.size()) {
            g.groups.push_back(r.group);
            g.positive.push_back(r.positive);
        } else if (g.positive[k] != r.positive) {
            throw std::invalid_argument("group '" + r.group + "' is positive in one row and not in another");
        }
    }
    g.rows = std::move(rows);
    return g;
}

int outcome_group_of(const OutcomeGroups& g, std::string_view category) {
    if (trim_blanks(category).empty()) return -1;
    for (const auto& r : g.rows)
        if (same_text(r.category, category))
            for (std::size_t k = 0; k < g.groups.size(); ++k)
                if (same_text(g.groups[k], r.group)) return static_cast<int>(k);
    return -2;
}

int unavailable_group(const OutcomeGroups& g) {
    for (std::size_t k = 0; k < g.groups.size(); ++k)
        if (same_text(g.groups[k], "status update unavailable")) return static_cast<int>(k);
    return -1;
}

}  // namespace hotspots
