#include "model/column.hpp"

namespace hotspots {

const char* to_string(ColumnRole r) {
    switch (r) {
    case ColumnRole::count: return "count";
    case ColumnRole::rate: return "rate";
    case ColumnRole::statistic: return "statistic";
    case ColumnRole::rank: return "rank";
    case ColumnRole::identifier: return "identifier";
    case ColumnRole::area: return "area";
    case ColumnRole::place: return "place";
    case ColumnRole::date: return "date";
    case ColumnRole::text: return "text";
    case ColumnRole::measure: return "measure";
    case ColumnRole::category: return "category";
    }
    return "?";
}

std::vector<std::string> column_names(const std::vector<Column>& columns) {
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const auto& c : columns) names.push_back(c.name);
    return names;
}

}  // namespace hotspots
