// Harm weights and side files' columns, applied to the incidents read.
#include "steps/input.hpp"

#include "io/schema.hpp"

#include <fmt/format.h>

#include <unordered_map>

namespace hotspots::steps {

void check_harm_weights(const std::string& path, Context& ctx) {
    if (!path.empty()) ctx.weights(path, "--harm-weights");
}

int field_index(const io::PointLayer& layer, const std::string& field, const std::string& option, const std::string& path) {
    if (field.empty()) return -1;
    const int i = io::find_column(layer.fields, field);
    if (i < 0)
        throw UsageError(fmt::format("{} {}: {} has no column '{}'; its columns are {}", option, field, path, field,
                                     io::column_list(layer.fields)));
    return i;
}

void apply_harm_weights(IncidentSet& set, const std::string& path, Context& ctx) {
    if (!path.empty()) apply_harm_weights(set, ctx.weights(path, "--harm-weights"), path);
}

void apply_harm_weights(IncidentSet& set, const io::WeightTable& table, const std::string& path) {
    std::unordered_map<std::uint32_t, std::optional<double>> by_type;  // crime type -> weight
    for (auto& i : set.incidents) {
        auto it = by_type.find(i.crime_type);
        if (it == by_type.end()) it = by_type.emplace(i.crime_type, io::weight_for(table, set, i)).first;
        if (!it->second)
            throw std::runtime_error(fmt::format("{}: no weight for crime type '{}' (category {}); add a row for it, "
                                                 "or a '*' row for every other type",
                                                 path, set.text(i.crime_type), slug(i.category)));
        i.weight *= *it->second;
    }
}

}  // namespace hotspots::steps
