#pragma once
// --weights table.csv: a weight per category or per raw crime type (a harm index, say).
#include "model/incident.hpp"

#include <map>
#include <string>

namespace hotspots::io {

struct WeightTable {
    std::string path;
    std::map<std::string, double> by_key;  // category slug or raw crime type, lower case
    std::optional<double> fallback;        // the row whose key is "*"
};

// A CSV with a key column (named category, crime_type or type) and a weight column.
// Throws IoError naming the file and row for a missing column, a bad or negative weight,
// or a key given twice.
WeightTable read_weight_table(const std::string& path);

// The weight for an incident: its raw crime type if listed, else its category, else the
// "*" row. Returns nullopt when none applies.
std::optional<double> weight_for(const WeightTable& t, const IncidentSet& set, const Incident& i);

}  // namespace hotspots::io
