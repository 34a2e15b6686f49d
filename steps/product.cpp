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

}  // namespace hotspots::steps
