#pragma once
// The report's parts as its files share them (report/report_*.cpp): the front page and appendix,
// a theme's section, the map's area and context layers. Not for other files.
#include "report/lead.hpp"
#include "report/manifest.hpp"
#include "steps/context.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace hotspots::report::detail {

// A manifest's value as text: a string as it is, anything else as JSON.
inline std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// The front page leads with what the reader acts on: the themes and their sections (each
// opens with its ranked hotspots); how the pack was made is in the appendix at the end.
std::string front_page(const Manifest& m, const std::string& title, const std::string& leads);
// The appendix: inputs, warnings (a heading only when there are some), each step's
// parameters, paths relative to `base`.
std::string appendix(const Manifest& m, const std::filesystem::path& base);

// One theme's page: its map (a surface and a layer of each kind, the first of each) and a
// table of each listed product, in the order the steps ran.
struct ThemeSection {
    std::string html;
    nlohmann::json data;
    bool mapped = false;
};
ThemeSection theme_section(const ThemeEntry& t, const std::vector<Item>& items, const std::string& folder, std::size_t places,
                           int trend_months);

// Every area layer with only its features' names, finest first (most features).
nlohmann::json area_layers(const Manifest& m, const std::string& folder, steps::Log& log);
// The area a map covers, for its title block.
std::string area_name(const nlohmann::json& layer);
// The --context layers, each refused (io/context_layer) when it lies away from the data.
nlohmann::json context_layers(const std::vector<std::string>& files, const nlohmann::json& report, steps::Log& log);

}  // namespace hotspots::report::detail
