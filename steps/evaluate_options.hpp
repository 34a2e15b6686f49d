#pragma once
// evaluate's option values parsed (docs/evaluate.md): the methods with every combination of
// their values, the training and test lengths in months, the shares of the study area. Each
// throws UsageError naming the option and what to give.
#include "hotspots/forecast.hpp"

#include <string>
#include <vector>

namespace hotspots::steps {

// "kde:h=100,200 grid:cell=50,250 repeats prospective:decay=14d,radius=200": every combination
// of each method's values; a grid's cell must be a multiple of `study_cell`.
std::vector<MethodConfig> parse_methods(const std::string& text, double study_cell);
// "3m,12m" or "1y": whole months, 1 to 120 each.
std::vector<int> parse_months(const std::string& text, const char* option);
// "1%,3%,5%": shares above 0 and up to 50%, as fractions.
std::vector<double> parse_shares(const std::string& text);

}  // namespace hotspots::steps
