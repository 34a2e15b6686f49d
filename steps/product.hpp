#pragma once
// What a step makes, declared once beside its options: each product's role (the name the
// writers file it under), its kind, and how a reader is shown it. The report, publishing and
// the pack learn what a product is from this declaration, never from the step's name, so a
// new step touches no shared file.
#include "model/column.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace hotspots::steps {

enum class ProductKind { raster, features, table, text, incidents };

// How the report draws a product on its theme's map.
enum class MapView {
    none,
    surface,   // a raster coloured from 0 to its top (density, rates)
    outlines,  // ranked polygons with their labels (hotspots)
    classes,   // cells or areas coloured by a class column from -3 (cold) to 3 (hot); 0 not drawn
    zones,     // dashed polygons round recent incidents (cocooning)
    points,    // places sized by a count column (repeat locations)
    lines,     // lines coloured light to dark by the numeric column `count` (density along streets);
               // those under a fifth of its largest value not drawn
    change,    // areas outlined by a class column: "increase" or "decrease"; others not drawn
    sites,     // chosen and existing sites (`category` "existing" for those already there), each with
               // its reach (`radius`) drawn as a circle, labelled by `label`
    reach,     // what each site covers when it is not a circle: the streets reached (lines) or the
               // corridor seen (polygons), in the sites' colours by `category` ("existing" or not)
    route,     // a walk's route: its lines in one colour
    stops,     // a walk's stops: points numbered by `label`
};

// A line chart the report draws under a product's table: `y` (times `y_scale`) against the
// numeric `x`, a line for each value of the `series` columns (none: one line), the mean of `y`
// where a line has several rows at one x.
struct Chart {
    std::string x, y, x_title, y_title;
    std::vector<std::string> series;
    double y_scale = 1;
    std::string caption;
};

// How the report lists a product in its theme's section.
enum class TableView {
    none,
    rows,           // the first rows of `columns` (all when empty), in the product's order
    sorted,         // the same, smallest `sort` first
    heat,           // a distance x time table of `ratio` with significance marks (Knox)
    concentration,  // the rows beside a curve: cumulative share of `count` over the rows, busiest first
    board,          // the partnership board, with the monthly trend of product `with`
    tally,          // how many rows hold each value of `category`
};

// The incidents each count of a product counts, column by column (row by row, indexes into the
// step's incidents). Publishing protects a release as a whole from these (docs/publish.md): a
// count column without them is protected by its value alone.
struct Members {
    std::string column;
    std::vector<std::vector<std::uint32_t>> rows;
    // The rows hold the step's own ids of what it counted (the units of a count table), not
    // indexes into its incidents: one id, one unit, in every product of the step.
    bool own_ids = false;
    // Per row, the metres of street its unit is (a street segment's length), and which of the
    // step's segments (or runs of them) it is, or both empty when the rows are not street
    // segments: publishing withholds the counts of short ones, each segment apart from the
    // others (add_street_lengths fills both).
    std::vector<double> street_m;
    std::vector<std::uint32_t> street_unit;
};

// The members of each of `rows` rows from each incident's row (-1: in none).
std::vector<std::vector<std::uint32_t>> members_of(const std::vector<std::int64_t>& row_of, std::size_t rows);

// Rows of street segments, for publishing's --min-street-length: `per_unit` rows for each of
// `units` in turn (indexes into `length`, every segment's metres). Nothing when `length` is
// empty (units that are not street segments).
void add_street_lengths(Members& m, const std::vector<double>& length, const std::vector<std::size_t>& units,
                        std::size_t per_unit = 1);
// The same for one row per unit, every unit in order.
void add_street_lengths(Members& m, const std::vector<double>& length);
// members_of's rows as the count column `column`, one row per unit, with each unit's metres
// of street when they are segments (`length` as above).
Members unit_members(std::string column, const std::vector<std::int64_t>& unit_of, std::size_t units,
                     const std::vector<double>& length);

// A layer's style whose classes are made from the values of its column `column` (a graduated
// style up to the largest count): `make` turns the column's values (blanks left out) into the
// style. Publishing makes it again from the published values, so that no class break or legend
// label shows a figure the layer withholds.
struct ScaledStyle {
    std::string column;
    std::function<std::string(const std::vector<double>& values)> make;
};

// What a key of a step's metadata holds (its .meta.json, a layer's or a raster's metadata), in the
// roles of columns (model/column.hpp): `path` is dotted from the top ("hotspots.polygons"; a
// list's members share the list's path: "means.won"). It covers a value or a list of values,
// not an object's keys: each of those is declared (so that a key an object gains is not
// published until it is). `with`: the path of the count this figure bounds (a number of
// zones, each round one of the recent incidents counted there), which it is published beside:
// as it is where that count is shown, as its marker where it is hidden. Publishing keeps only
// the keys declared (docs/publish.md, "Metadata"): count (below the threshold "<N"), measure,
// identifier, category, area (as they are), rank (orders of counts: only where the product
// shows every count), date (only where the step's count is shown), text (numbers not stated
// elsewhere masked); rate, statistic and place are left out, as is every key not declared.
struct MetadataKey {
    std::string path;
    ColumnRole role;
    std::string with;
};

// Declarations written compactly: for each role, its paths separated by spaces, "PATH<WITH" for
// a figure bounded by the count WITH; "parameters.{a b}" stands for "parameters.a parameters.b".
std::vector<MetadataKey> metadata_roles(const std::vector<std::pair<ColumnRole, std::string>>& lists);

struct Product {
    std::string role;   // "density", "hotspots": the writers' name for it
    ProductKind kind = ProductKind::table;
    std::string title;  // a heading for people: "Hotspots, ranked"
    MapView map = MapView::none;
    TableView table = TableView::none;
    std::vector<std::string> columns;  // what the report's table shows, in order
    std::size_t most = 10;  // rows shown before "N more rows in FILE"
    std::string sort;       // TableView::sorted: the column ranked on, smallest first
    std::string count;      // the column of incidents (points' size, the concentration curve)
    std::string category;   // TableView::tally, MapView::classes and MapView::change: the class column
    std::string label;      // MapView::outlines: the column drawn on the map
    std::string units;      // MapView::surface: what its values are, in the legend ("" : kde's, from its parameters)
    std::string with;       // TableView::board: the role of the monthly series
    std::string title_from; // parameters of the step named in the title ("before", "after")
    // MapView::sites: the step parameter of the sites' reach in metres, drawn as circles only
    // when every "PARAM=VALUE" of `radius_if` holds of the step's parameters (a reach along the
    // streets is not a circle).
    std::string radius;
    std::vector<std::string> radius_if;
    std::optional<Chart> chart;
    // A step parameter naming a line file (a walk's --network) that a command's report draws
    // beneath its map as a --context layer.
    std::string context_from;
    // Its rows are places where incidents happened (repeat addresses, chains, a walk's route,
    // circles drawn round burglaries): publishing leaves it out unless points are kept.
    bool locates_incidents = false;
    // A raster or layer written without a QGIS style whatever the options: nothing is written
    // beside it, so its name may share a NAME.qml with a styled output (the command line's
    // check of styles beside outputs, runner/file_writer.hpp, leaves it out).
    bool unstyled = false;
};

}  // namespace hotspots::steps
