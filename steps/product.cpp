#include "steps/product.hpp"

#include <numeric>

namespace hotspots::steps {

std::vector<std::vector<std::uint32_t>> members_of(const std::vector<std::int64_t>& row_of, std::size_t rows) {
    std::vector<std::vector<std::uint32_t>> out(rows);
    for (std::size_t i = 0; i < row_of.size(); ++i)
        if (row_of[i] >= 0 && static_cast<std::size_t>(row_of[i]) < rows) out[static_cast<std::size_t>(row_of[i])].push_back(static_cast<std::uint32_t>(i));
    return out;
}

void add_street_lengths(Members& m, const std::vector<double>& length, const std::vector<std::size_t>& units,
                        std::size_t per_unit) {
    m.street_m.clear();
    m.street_unit.clear();
    if (length.empty()) return;
    for (auto a : units) {
        m.street_m.insert(m.street_m.end(), per_unit, length[a]);
        m.street_unit.insert(m.street_unit.end(), per_unit, static_cast<std::uint32_t>(a));
    }
}

void add_street_lengths(Members& m, const std::vector<double>& length) {
    std::vector<std::size_t> all(length.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    add_street_lengths(m, length, all);
}

Members unit_members(std::string column, const std::vector<std::int64_t>& unit_of, std::size_t units,
                     const std::vector<double>& length) {
    Members m{std::move(column), members_of(unit_of, units)};
    add_street_lengths(m, length);
    return m;
}


std::vector<MetadataKey> metadata_roles(const std::vector<std::pair<ColumnRole, std::string>>& lists) {
    std::vector<MetadataKey> out;
    for (const auto& [role, list] : lists) {
        std::string prefix;  // inside "parameters.{ ... }"
        std::size_t i = 0;
        while (i < list.size()) {
            if (list[i] == ' ') {
                ++i;
                continue;
            }
            if (list[i] == '}') {
                prefix.clear();
                ++i;
                continue;
            }
            std::size_t end = list.find_first_of(" }", i);
            if (end == std::string::npos) end = list.size();
            std::string word = list.substr(i, end - i);
            i = end;
            if (const auto open = word.find(".{"); open != std::string::npos) {
                prefix = word.substr(0, open + 1);
                word = word.substr(open + 2);
                if (word.empty()) continue;
            }
            const auto bound = word.find('<');
            MetadataKey k{prefix + word.substr(0, bound), role, ""};
            if (bound != std::string::npos) k.with = word.substr(bound + 1);
            out.push_back(std::move(k));
        }
    }
    return out;
}

}  // namespace hotspots::steps
