#include "cli/area_options.hpp"

#include "cli/commands.hpp"
#include "hotspots/parallel.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace hotspots::cli {

std::vector<AreaLayer> build_area_layers(const std::vector<io::AreaSpec>& specs, const std::string& work_crs,
                                         std::vector<io::AreaLayerData>& sources, Reporter& report) {
    sources.resize(specs.size());
    std::vector<std::shared_ptr<const geo::AreaIndex>> indexes(specs.size());
    std::vector<std::vector<geo::AreaNote>> notes(specs.size());
    parallel_items(specs.size(), 0, [&](std::size_t i, unsigned) {
        sources[i] = io::read_area_layer(specs[i], work_crs);
        try {
            indexes[i] = std::make_shared<const geo::AreaIndex>(sources[i].inputs, notes[i]);
        } catch (const geo::AreaError& e) {
            throw geo::AreaError(specs[i].path + ": " + e.what());
        }
    });
    for (std::size_t i = 0; i < specs.size(); ++i) {
        for (const auto& n : notes[i]) report.warning(n.where + ": " + n.message);
        report.note(fmt::format("areas '{}': {} features from {} (code field {}, name field {})", specs[i].label,
                                indexes[i]->size(), specs[i].path, sources[i].code_field,
                                sources[i].name_field.empty() ? "(none)" : sources[i].name_field));
    }
    std::vector<std::string> labels;
    for (const auto& s : specs)
        if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
    std::vector<AreaLayer> layers;
    for (const auto& label : labels) {
        std::vector<AreaGeneration> gens;
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i].label == label) gens.push_back({indexes[i], specs[i].from, specs[i].to, specs[i].text});
        try {
            layers.emplace_back(label, std::move(gens));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    return layers;
}

std::string areas_text(const std::vector<AreaTouched>& areas) {
    std::string s;
    for (const auto& a : areas) {
        const double pct = 100 * a.share;
        s += fmt::format("{}{}{} {}", s.empty() ? "" : "; ", a.name, a.code == a.name ? "" : " (" + a.code + ")",
                         pct < 0.5 ? "<1%" : fmt::format("{:.0f}%", pct));
    }
    return s;
}

}  // namespace hotspots::cli
