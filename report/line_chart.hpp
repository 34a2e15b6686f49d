#pragma once
// A product's line chart (steps::Chart) as the report's script draws it.
#include "report/report_parts.hpp"
#include "steps/product.hpp"

#include <nlohmann/json.hpp>

namespace hotspots::report {

// {x_title, y_title, lines: [{label, points: [[x, y], ...]}]}: a line for each value of the
// chart's series columns (in the order the rows first give them), x ascending, the mean of y
// (times y_scale) over a line's rows at one x. Rows whose x or y is not a number (hidden, empty)
// are left out. Null when no line has a point, or a column is missing.
nlohmann::json line_chart(const Rows& rows, const steps::Chart& chart);

}  // namespace hotspots::report
