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
// and as, its inputs are published (docs/publish.md):
//   ratio       of / per x scale
//   change      (of - per) / per x 100
//   difference  of - per
//   ci_low, ci_high  the exact Poisson interval (at `level`) of the count `of`, / per x scale
//   rank        the row's place by `of` among the rows with one (1 = lowest, or the highest
//               when `descending`), within the rows sharing the values of the columns listed
//               in `per` (comma-separated; all rows when empty)
//   rank_of     how many rows that rank is among.
//   words       a text stating the columns listed in `of` (comma-separated): published only where
//               all of them are; a text without it is withheld from a row with a hidden count.
// `per` "@incidents" is the step's count of incidents. In `of`, "{col}" stands for the value of
// the row's column col (a board ranks by "{rank_basis_3m}_3m": rate_3m or count_3m). A rate or
// rank without a derivation is not published.
struct Derivation {
    enum class Kind { none, ratio, change, difference, ci_low, ci_high, rank, rank_of, words };
    Kind kind = Kind::none;
    std::string of, per;
    double scale = 1;
    double level = 0.95;
    bool descending = false;

    static Derivation ratio(std::string of, std::string per, double scale = 1) { return {Kind::ratio, std::move(of), std::move(per), scale}; }
    static Derivation change(std::string of, std::string per) { return {Kind::change, std::move(of), std::move(per)}; }
    static Derivation difference(std::string of, std::string per) { return {Kind::difference, std::move(of), std::move(per)}; }
    static Derivation interval(bool high, std::string count, std::string per, double scale, double level) {
        return {high ? Kind::ci_high : Kind::ci_low, std::move(count), std::move(per), scale, level};
    }
    static Derivation words(std::string of) { return {Kind::words, std::move(of), ""}; }
    static Derivation rank(std::string of, std::string within = "", bool descending = false) {
        return {Kind::rank, std::move(of), std::move(within), 1, 0.95, descending};
    }
    static Derivation rank_of(std::string of, std::string within = "", bool descending = false) {
        return {Kind::rank_of, std::move(of), std::move(within), 1, 0.95, descending};
    }
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
