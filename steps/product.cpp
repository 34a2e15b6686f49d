#include "steps/product.hpp"

namespace hotspots::steps {

std::vector<std::vector<std::uint32_t>> members_of(const std::vector<std::int64_t>& row_of, std::size_t rows) {
    std::vector<std::vector<std::uint32_t>> out(rows);
    for (std::size_t i = 0; i < row_of.size(); ++i)
        if (row_of[i] >= 0 && static_cast<std::size_t>(row_of[i]) < rows) out[static_cast<std::size_t>(row_of[i])].push_back(static_cast<std::uint32_t>(i));
    return out;
}

}  // namespace hotspots::steps
