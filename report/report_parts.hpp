#pragma once
// The report's tables and chart data (report/report_html.cpp puts them on its pages).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::report {

using Rows = std::vector<std::vector<std::string>>;  // header first

// The index of a header name; past the end when the table has no such column.
std::size_t column(const Rows& rows, const char* name);

bool numeric(const std::string& v);

// A table of the first `most` rows (columns picked by name, all when `columns` is empty);
// says how many more `file` holds. Decimals are shown to 4 significant digits unless `as_given`.
std::string html_table(const Rows& rows, const std::vector<std::string>& columns, std::size_t most, const std::string& file,
                       const std::string& css = "", bool as_given = false);

// A distance x time table (columns distance, time, knox_ratio, p_value: the Knox test's) as a
// heat table of observed over expected, with significance marks.
std::string heat_table(const Rows& rows);

// Cumulative share of the `count` column against cumulative share of rows, busiest first.
nlohmann::json concentration(const Rows& rows, const std::string& count);

// The dashboard's figures: the board's areas by 12-month rate (`board`), and the monthly rate
// per 1,000 residents (`series`) as chart data: the whole area and its busiest areas.
struct BoardSection {
    std::string html;
    nlohmann::json trend;  // {months, lines: [{label, data, whole}]}, null without a series
};
// The chart holds the last `recent` months of the series (all for 0); the table shows figures to
// one decimal and ranks as "7 of 32".
BoardSection board_section(const Rows& board, const Rows& series, const std::string& id, const std::string& board_file,
                           int recent);

}  // namespace hotspots::report
