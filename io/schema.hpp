#pragma once
// Recognising the layout of an incident table from its column names.
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots::io {

struct SchemaError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class SchemaKind { automatic, police_uk, police_uk_api, generic };
std::string to_string(SchemaKind k);
SchemaKind schema_from_name(const std::string& name);  // throws SchemaError

// Column names given on the command line (matched case-insensitively); empty = not given.
struct ColumnOptions {
    std::string x, y, lon, lat, date, date_to, type, id, weight, location, bandwidth, group;
};

// Column indexes into the source's fields; -1 when absent.
struct Schema {
    SchemaKind kind = SchemaKind::generic;
    bool use_geometry = false;  // coordinates come from the layer's point geometry
    bool lonlat_columns = false;
    int x = -1, y = -1;
    int date = -1, date_to = -1, type = -1, id = -1, id_fallback = -1, weight = -1, location = -1, bandwidth = -1, group = -1;
    int lsoa_code = -1, lsoa_name = -1;
    std::vector<std::string> notes;  // what was guessed, for `info` and -v
};

// Finds the columns. `kind` automatic recognises the data.police.uk bulk CSV and API
// layouts, else treats the table as generic. Throws SchemaError naming what is missing and
// listing the columns there are.
Schema detect_schema(const std::vector<std::string>& fields, bool has_point_geometry, const ColumnOptions& columns,
                     SchemaKind kind);

// The index of the column called `name`, case aside, or -1.
int find_column(const std::vector<std::string>& fields, const std::string& name);
// "a, b, c" for messages ("(none)" for no columns).
std::string column_list(const std::vector<std::string>& fields);

// The axis a column's name says it holds: 'x' (easting, x, longitude, lon, lng...), 'y'
// (northing, y, latitude, lat...) or 0 when the name says neither or both. Words of the name
// are split at anything not a letter or digit ("grid_y", "Northing (m)").
char axis_named(const std::string& column);

// Throws SchemaError when a column to be read shares its name (case aside) with another:
// GDAL then reads one or the other, or neither, depending on the driver. `used`: indexes.
void check_unique_columns(const std::vector<std::string>& fields, const std::vector<int>& used);

}  // namespace hotspots::io
