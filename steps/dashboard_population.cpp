// dashboard: the residents of each area, from --population (by code, else by name) or
// --population-field; a street segment's length in their place.
#include "steps/dashboard.hpp"

#include <fmt/format.h>

#include <map>

namespace hotspots::steps {

void DashboardStep::join_population(DashboardResult& r, Log& log) const {
    r.population.assign(r.areas.size(), {});
    for (std::size_t a = 0; a < r.unit_length.size(); ++a)
        if (r.unit_length[a] > 0) r.population[a] = {{0, r.unit_length[a]}};  // per 100 m (see run)
    if (m_population_areas) {
        std::map<std::string, double> by_code;
        for (const auto& a : m_population_areas->layer.inputs) by_code.emplace(a.code, a.value);
        for (std::size_t a = 0; a < r.areas.size(); ++a) {
            const auto it = by_code.find(r.areas[a].code);
            if (it == by_code.end()) continue;
            if (!(it->second > 0))
                throw std::runtime_error(fmt::format("--population-field {}: {} ({}) has a population of {}; an area "
                                                     "without residents has no rate",
                                                     m_population_field, r.areas[a].name, r.areas[a].code, it->second));
            r.population[a] = {{0, it->second}};
            r.areas[a].has_population = true;
        }
        return;
    }
    if (!m_population_table) return;
    const auto& t = *m_population_table;
    std::map<std::string, std::size_t> by_code;
    for (std::size_t i = 0; i < t.codes.size(); ++i) by_code.emplace(t.codes[i], i);
    std::size_t matched = 0, by_name = 0, reported_without = 0;
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        auto it = by_code.find(r.areas[a].code);
        std::size_t row = it == by_code.end() ? t.codes.size() : it->second;
        // A borough table names its areas (no code): match by name then. Areas with codes
        // match by code only: a ward's name outlives its boundaries (Hendon 2014 is not
        // Hendon 2022), its code does not. A name two rows share (Edgware in Barnet and in
        // Harrow) matches neither: "Edgware (Harrow)" (unique=, docs/areas.md) matches the
        // row of that name and borough.
        const auto& name = r.areas[a].name;
        const bool named_only = r.areas[a].code == name;
        if (named_only && row == t.codes.size()) {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < t.codes.size(); ++i)
                if (same_text(t.names[i], name) || same_text(t.codes[i], name) ||
                    (!t.groups[i].empty() && same_text(t.names[i] + " (" + t.groups[i] + ")", name)))
                    rows.push_back(i);
            if (rows.size() > 1) {
                auto row_text = [&](std::size_t i) {
                    return t.codes[i] + (t.groups[i].empty() ? "" : " in " + t.groups[i]);
                };
                throw std::runtime_error(fmt::format(
                    "--population {}: area '{}' has no code, and {} rows have its name ({}, {}{}): which population is "
                    "its own cannot be told. Give the areas their codes (--areas ...,code=FIELD), or make repeated "
                    "names unique with --areas ...,unique=FIELD or unique=in:LABEL (docs/areas.md)",
                    t.path, name, rows.size(), row_text(rows[0]), row_text(rows[1]), rows.size() > 2 ? ", ..." : ""));
            }
            if (!rows.empty()) {
                row = rows.front();
                ++by_name;
            }
        }
        if (row == t.codes.size()) continue;
        r.population[a] = t.by_year[row];
        r.areas[a].has_population = true;
        ++matched;
    }
    for (std::size_t a : r.reported) reported_without += r.areas[a].has_population ? 0 : 1;
    if (reported_without)
        log.warning(fmt::format("--population {}: {} of the {} areas reported have no population there (by code or name): "
                                "their rates are left empty{}",
                                t.path, reported_without, r.reported.size(),
                                matched == 0 ? "; are the codes of the same boundaries (2022 wards against 2014 codes)?" : ""));
    else if (matched)
        log.note(fmt::format("--population {}: {} areas matched{}", t.path, matched,
                             by_name == matched ? " by name"
                             : by_name        ? fmt::format(" ({} by {}, {} by name)", matched - by_name, t.code_field, by_name)
                                              : " by " + t.code_field));
}

}  // namespace hotspots::steps
