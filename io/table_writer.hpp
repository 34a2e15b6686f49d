#pragma once
// Plain CSV tables (RFC 4180 quoting, '.' decimals whatever the locale), written atomically.
#include "model/incident.hpp"
#include "io/row_parser.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::io {

// Appends a CSV field (quoted when it holds a comma, quote or line break) and no separator.
// Text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
// return) gets a leading ' so that it stays text; a number (-3, -0.5, +1e-5) is left as it is.
void append_csv_field(std::string& line, std::string_view value);

// True for text that append_csv_field neutralises: it starts with = @ tab or carriage return,
// or with + or - and is not a plain decimal number.
bool formula_like(std::string_view value);

// A decimal number as we write them: an optional sign, digits with an optional point, an
// optional exponent ("-3", "-0.5", "1e-05"); not "inf", "nan" or "-".
bool plain_number(std::string_view value);

// source_file,row,reason,detail - one line per reject, in source then row order.
void write_rejects(const std::string& path, const IncidentSet& set, const std::vector<Reject>& rejects,
                   const std::vector<std::string>& inputs);

// A whole text file (JSON, say), atomically.
void write_text(const std::string& path, const std::string& text, const std::vector<std::string>& inputs);

// A table with a header row; `metadata` (unless null) goes beside it as PATH.meta.json.
void write_table(const std::string& path, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata,
                 const std::vector<std::string>& inputs);

// The same with the rows already formatted as CSV lines (each ending in a line break).
void write_csv_lines(const std::string& path, const std::vector<std::string>& header, const std::string& lines,
                     const nlohmann::json& metadata, const std::vector<std::string>& inputs);

}  // namespace hotspots::io
