#include "hotspots/components.hpp"

#include <algorithm>

namespace hotspots {

Components connected_components(const std::vector<double>& values, const Grid& g, double cut) {
    Components out;
    out.label.assign(g.cells(), -1);
    auto hot = [&](std::size_t i) { return values[i] > 0 && values[i] >= cut; };
    std::vector<std::size_t> stack;
    for (std::size_t start = 0; start < g.cells(); ++start) {
        if (out.label[start] >= 0 || !hot(start)) continue;
        const auto id = static_cast<std::int32_t>(out.list.size());
        CellComponent c;
        c.row0 = c.row1 = start / g.cols;
        c.col0 = c.col1 = start % g.cols;
        c.peak_cell = start;
        c.peak = values[start];
        out.label[start] = id;
        stack.push_back(start);
        while (!stack.empty()) {
            const std::size_t i = stack.back();
            stack.pop_back();
            const std::size_t r = i / g.cols, col = i % g.cols;
            ++c.cells;
            c.sum += values[i];
            if (values[i] > c.peak || (values[i] == c.peak && i < c.peak_cell)) {
                c.peak = values[i];
                c.peak_cell = i;
            }
            c.row0 = std::min(c.row0, r);
            c.row1 = std::max(c.row1, r);
            c.col0 = std::min(c.col0, col);
            c.col1 = std::max(c.col1, col);
            for (int dr = -1; dr <= 1; ++dr) {
                for (int dc = -1; dc <= 1; ++dc) {
                    const auto nr = static_cast<std::int64_t>(r) + dr, nc = static_cast<std::int64_t>(col) + dc;
                    if ((dr == 0 && dc == 0) || !g.contains(nc, nr)) continue;
                    const std::size_t j = static_cast<std::size_t>(nr) * g.cols + static_cast<std::size_t>(nc);
                    if (out.label[j] < 0 && hot(j)) {
                        out.label[j] = id;
                        stack.push_back(j);
                    }
                }
            }
        }
        out.list.push_back(c);
    }
    return out;
}

}  // namespace hotspots
