#pragma once
// Documentation made from the declarations: the option tables of docs/commands.md and the
// JSON schema of a pack file, so neither can drift from what the code accepts.
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace hotspots::pack {

// Markdown tables by section name: "common" (the input, filter, area and run options every
// incident-reading command shares), then one per step (its own and output options).
std::map<std::string, std::string> option_sections();

// `doc` with the text between each "<!-- options:NAME -->" and "<!-- /options:NAME -->" pair
// replaced by section NAME. `stale` gets the sections that changed, `found` every section the
// document has markers for.
std::string refresh_sections(const std::string& doc, const std::map<std::string, std::string>& sections,
                             std::vector<std::string>& stale, std::vector<std::string>& found);

// A JSON Schema (draft 2020-12) of pack files: [inputs], [[areas]], [[theme]] and, for each
// step, the keys a [[step]] table of it accepts, with their types, defaults and help.
nlohmann::json pack_schema();

}  // namespace hotspots::pack
