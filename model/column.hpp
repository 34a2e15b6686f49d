#pragma once
// What a product's column holds. Every table and layer column declares its role; publishing,
// the report and the styles decide by the role, never by a column's name or type, so a new
// step's columns are treated right without any shared list naming them.
#include <string>
#include <utility>
#include <vector>

namespace hotspots {

enum class ColumnRole {
    count,       // incidents counted, or their summed weight: hidden below the publishing threshold
    rate,        // a figure made from counts (share, rate, change, density, mean, ratio): left out
                 // of a published row whose count is hidden
    statistic,   // a test statistic or p-value from counts (z, p, Gi*, Knox ratio)
    rank,        // a position among others (1 = first); never hidden as a count
    identifier,  // a code, id, index or label that is not a count, whatever its value
    area,        // the unit a row stands for: an area's name or code, a cell, a hotspot's label or
                 // centre (its polygon is the row's geometry)
    place,       // a place finer than the row's unit: an incident's or address's coordinates, a
                 // street, the peak of a surface
    date,        // when incidents happened: dates, hours, weekdays
    text,        // free text that may hold counts ("burglary (4)")
    measure,     // a quantity that is not incidents: area, residents, length, a parameter's value
    category,    // a class made from the figures (hot 99%, rising, new)
};

const char* to_string(ColumnRole r);

// How a column is made from others of its row, so that a published row carries it only when,
// and as, its inputs are published (docs/publish.md): of / per x scale (ratio),
// (of - per) / per x 100 (change), of - per (difference); rank: the row's place by `of` among
// the rows with one, 1 = lowest (within the rows of the same `per` when given); rank_of: how
// many rows that rank is among. `per` "@incidents" is the step's count of incidents. A rate
// or rank without a derivation is not published.
struct Derivation {
    enum class Kind { none, ratio, change, difference, rank, rank_of };
    Kind kind = Kind::none;
    std::string of, per;
    double scale = 1;
};

// A column of a table or layer: its name, what it holds and, for a rate or rank, how it is made.
struct Column {
    Column(std::string n, ColumnRole r, Derivation d = {}) : name(std::move(n)), role(r), derived(std::move(d)) {}
    std::string name;
    ColumnRole role;
    Derivation derived;
};

// The columns' names, in order.
std::vector<std::string> column_names(const std::vector<Column>& columns);

}  // namespace hotspots
