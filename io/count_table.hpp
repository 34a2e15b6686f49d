#pragma once
// Tables of counts already aggregated by area and month: the MPS "recorded crime" tables
// (wide: one column per month YYYYMM, with major and minor category text, at borough, ward or
// LSOA level) and long tables (area, month, category, count). See docs/dashboard.md.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hotspots::io {

struct CountSeries {
    std::string code, name, group;  // the area (code = name where the table has no code), its borough
    std::string major, minor;       // category texts ("" when the table has one category column: minor)
    std::vector<double> values;     // by month from CountTable::first_month
};

struct CountTable {
    std::string path, layout;  // "wide" or "long"
    std::string code_field, name_field, group_field, major_field, minor_field;
    int first_month = 0, months = 0;  // month numbers (year x 12 + month - 1)
    std::vector<CountSeries> series;
    std::uint64_t rows = 0;  // data rows read (each one series, or one value of a long table)
    // By month from first_month: whether the table has data for it (a wide table's every
    // column; a long table's months with a row: one with none between two is left out).
    std::vector<char> has_month;
};

// Whether the file's header looks like a count table (a YYYYMM column, or month and count
// columns). Opens the file; throws IoError when it cannot be read.
bool is_count_table(const std::string& path);

// Residents by area and year: columns code (or wardcode, area_code, gss_code, lsoa_code), an
// optional name and borough, year (optional: one figure for every year) and population (or residents,
// value). The GLA ward tables read as they are.
struct PopulationTable {
    std::string path, code_field, name_field, group_field, year_field, value_field;
    std::vector<std::string> codes, names, groups;  // groups: the borough column, when there is one
    std::vector<std::vector<std::pair<int, double>>> by_year;  // per code: (year, residents)
};
// Throws IoError naming the row of a population that is not a number above 0, or a code and
// year given twice.
PopulationTable read_population(const std::string& path);

// Reads a count table. Every row is taken or stops the read with its row number: a count
// that is not a whole number of 0 or more, an area with no name, a month out of order.
// Throws IoError.
// A large wide table is read in parts on up to `threads` threads; the result is the same.
CountTable read_count_table(const std::string& path, unsigned threads = 1);

}  // namespace hotspots::io
