#include "report/line_chart.hpp"

#include <cmath>
#include <cstdlib>
#include <map>

namespace hotspots::report {

using nlohmann::json;

json line_chart(const Rows& rows, const steps::Chart& chart) {
    if (rows.size() < 2) return nullptr;
    const auto x = column(rows, chart.x.c_str()), y = column(rows, chart.y.c_str());
    std::vector<std::size_t> by;
    for (const auto& s : chart.series) by.push_back(column(rows, s.c_str()));
    for (auto c : by)
        if (c >= rows[0].size()) return nullptr;
    if (x >= rows[0].size() || y >= rows[0].size()) return nullptr;
    std::vector<std::string> order;  // the lines in the order of their first row
    std::map<std::string, std::map<double, std::pair<double, int>>> sums;  // line -> x -> (sum of y, rows)
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (x >= row.size() || y >= row.size() || !numeric(row[x]) || !numeric(row[y])) continue;
        std::string label;
        for (auto c : by) label += (label.empty() ? "" : ", ") + (c < row.size() ? row[c] : std::string());
        if (!sums.count(label)) order.push_back(label);
        auto& cell = sums[label][std::strtod(row[x].c_str(), nullptr)];
        cell.first += std::strtod(row[y].c_str(), nullptr);
        ++cell.second;
    }
    if (order.empty()) return nullptr;
    json lines = json::array();
    for (const auto& label : order) {
        json points = json::array();
        for (const auto& [at, s] : sums[label])
            points.push_back({at, std::round(1e4 * chart.y_scale * s.first / s.second) / 1e4});
        lines.push_back({{"label", label}, {"points", std::move(points)}});
    }
    return {{"x_title", chart.x_title}, {"y_title", chart.y_title}, {"lines", std::move(lines)}};
}

}  // namespace hotspots::report
