#include "io/schema.hpp"

#include "io/text.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace hotspots::io {

int find_column(const std::vector<std::string>& fields, const std::string& name) {
    const std::string want = lower_case(name);
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (lower_case(fields[i]) == want) return static_cast<int>(i);
    return -1;
}

std::string column_list(const std::vector<std::string>& fields) {
    std::string s;
    for (const auto& f : fields) s += (s.empty() ? "" : ", ") + f;
    return s.empty() ? "(none)" : s;
}

char axis_named(const std::string& column) {
    static const char* const xs[] = {"x", "easting", "eastings", "east", "lon", "lng", "long", "longitude", "xcoord",
                                     "xcoords", "xcoordinate", "gridx", "xcord", "xcords"};
    static const char* const ys[] = {"y", "northing", "northings", "north", "lat", "latitude", "ycoord",
                                     "ycoords", "ycoordinate", "gridy", "ycord", "ycords"};
    bool x = false, y = false;
    std::string word;
    auto judge = [&] {
        for (const char* w : xs) x = x || word == w;
        for (const char* w : ys) y = y || word == w;
        word.clear();
    };
    for (char c : column + " ") {
        if (std::isalnum(static_cast<unsigned char>(c))) word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else judge();
    }
    return x == y ? 0 : x ? 'x' : 'y';
}

namespace {

int find_any(const std::vector<std::string>& fields, std::initializer_list<const char*> names) {
    for (const char* n : names)
        if (int i = find_column(fields, n); i >= 0) return i;
    return -1;
}

// A column the user named must exist.
int named(const std::vector<std::string>& fields, const std::string& option, const std::string& name) {
    const int i = find_column(fields, name);
    if (i < 0) throw SchemaError("--" + option + " " + name + ": no such column (columns: " + column_list(fields) + ")");
    return i;
}

bool has_all(const std::vector<std::string>& fields, std::initializer_list<const char*> names) {
    return std::all_of(names.begin(), names.end(), [&](const char* n) { return find_column(fields, n) >= 0; });
}

}  // namespace

std::string to_string(SchemaKind k) {
    switch (k) {
        case SchemaKind::automatic: return "auto";
        case SchemaKind::police_uk: return "police-uk";
        case SchemaKind::police_uk_api: return "police-uk-api";
        case SchemaKind::generic: return "generic";
    }
    return "?";
}

SchemaKind schema_from_name(const std::string& name) {
    for (auto k : {SchemaKind::automatic, SchemaKind::police_uk, SchemaKind::police_uk_api, SchemaKind::generic})
        if (to_string(k) == name) return k;
    throw SchemaError("--schema " + name + ": expected auto, police-uk, police-uk-api or generic");
}

Schema detect_schema(const std::vector<std::string>& fields, bool has_point_geometry, const ColumnOptions& columns,
                     SchemaKind kind) {
    if (kind == SchemaKind::automatic) {
        if (has_all(fields, {"Month", "Longitude", "Latitude", "Crime type"}))
            kind = SchemaKind::police_uk;
        else if (has_all(fields, {"month", "category", "latitude", "longitude", "persistent_id"}))
            kind = SchemaKind::police_uk_api;
        else
            kind = SchemaKind::generic;
    }
    Schema s;
    s.kind = kind;
    if (kind == SchemaKind::police_uk) {
        if (!has_all(fields, {"Month", "Longitude", "Latitude", "Crime type"}))
            throw SchemaError("not a data.police.uk street CSV: needs Month, Longitude, Latitude and Crime type (columns: " +
                              column_list(fields) + ")");
        s.lonlat_columns = true;
        s.x = find_column(fields, "Longitude");
        s.y = find_column(fields, "Latitude");
        s.date = find_column(fields, "Month");
        s.type = find_column(fields, "Crime type");
        s.id = find_column(fields, "Crime ID");
        s.location = find_column(fields, "Location");
        s.lsoa_code = find_column(fields, "LSOA code");
        s.lsoa_name = find_column(fields, "LSOA name");
    } else if (kind == SchemaKind::police_uk_api) {
        if (!has_all(fields, {"month", "category", "latitude", "longitude"}))
            throw SchemaError("not a data.police.uk API table: needs month, category, latitude and longitude (columns: " +
                              column_list(fields) + ")");
        s.lonlat_columns = true;
        s.x = find_column(fields, "longitude");
        s.y = find_column(fields, "latitude");
        s.date = find_column(fields, "month");
        s.type = find_column(fields, "category");
        s.id = find_column(fields, "persistent_id");
        s.id_fallback = find_column(fields, "id");
        s.location = find_column(fields, "street_name");
    }
    // Options override what the layout implies, for every kind.
    if (!columns.x.empty() || !columns.y.empty()) {
        if (columns.x.empty() || columns.y.empty()) throw SchemaError("--x and --y go together");
        s.x = named(fields, "x", columns.x);
        s.y = named(fields, "y", columns.y);
        s.lonlat_columns = false;
    } else if (!columns.lon.empty() || !columns.lat.empty()) {
        if (columns.lon.empty() || columns.lat.empty()) throw SchemaError("--lon and --lat go together");
        s.x = named(fields, "lon", columns.lon);
        s.y = named(fields, "lat", columns.lat);
        s.lonlat_columns = true;
    }
    if (!columns.date.empty()) s.date = named(fields, "date", columns.date);
    if (!columns.date_to.empty()) s.date_to = named(fields, "date-to", columns.date_to);
    if (!columns.type.empty()) s.type = named(fields, "type", columns.type);
    if (!columns.id.empty()) {
        s.id = named(fields, "id", columns.id);
        s.id_fallback = -1;
    }
    if (!columns.weight.empty()) s.weight = named(fields, "weight", columns.weight);
    if (!columns.bandwidth.empty()) s.bandwidth = named(fields, "bandwidth", columns.bandwidth);
    if (!columns.group.empty()) s.group = named(fields, "group", columns.group);
    if (!columns.location.empty()) s.location = named(fields, "location", columns.location);

    if (kind == SchemaKind::generic) {
        auto guess = [&](int& slot, const char* what, std::initializer_list<const char*> names) {
            if (slot >= 0) return;
            slot = find_any(fields, names);
            if (slot >= 0) s.notes.push_back(std::string(what) + " from column '" + fields[slot] + "'");
        };
        if (s.x < 0) {
            const int ex = find_any(fields, {"easting", "x", "x_coord", "grid_x"});
            const int ny = find_any(fields, {"northing", "y", "y_coord", "grid_y"});
            const int lo = find_any(fields, {"longitude", "lon", "lng", "long"});
            const int la = find_any(fields, {"latitude", "lat"});
            if (ex >= 0 && ny >= 0) {
                s.x = ex;
                s.y = ny;
                s.notes.push_back("coordinates from columns '" + fields[ex] + "', '" + fields[ny] + "' (needs --crs)");
            } else if (lo >= 0 && la >= 0) {
                s.x = lo;
                s.y = la;
                s.lonlat_columns = true;
                s.notes.push_back("longitude/latitude from columns '" + fields[lo] + "', '" + fields[la] + "'");
            }
        }
        guess(s.date, "date", {"date", "datetime", "date_from", "from_date", "committed_from", "month"});
        guess(s.date_to, "date-to", {"date_to", "to_date", "committed_to"});
        guess(s.type, "crime type", {"crime_type", "crime type", "category", "offence", "type"});
        guess(s.id, "id", {"id", "crime_id", "crime id", "reference", "crime_ref", "ref", "urn"});
        guess(s.location, "location", {"location", "address", "street", "street_name"});
        guess(s.lsoa_code, "LSOA code", {"lsoa_code", "lsoa code", "lsoa11cd", "lsoa21cd"});
    }
    if (s.x < 0) {
        if (!has_point_geometry)
            throw SchemaError("no coordinates: give --x/--y (with --crs) or --lon/--lat (columns: " + column_list(fields) +
                              ")");
        s.use_geometry = true;
    }
    if (s.date < 0)
        throw SchemaError("no date column: give --date (a date, date-time or month column; columns: " + column_list(fields) +
                          ")");
    return s;
}

void check_unique_columns(const std::vector<std::string>& fields, const std::vector<int>& used) {
    for (int i : used) {
        if (i < 0 || static_cast<std::size_t>(i) >= fields.size()) continue;
        const std::string want = lower_case(fields[static_cast<std::size_t>(i)]);
        std::string where;
        int copies = 0;
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (lower_case(fields[k]) == want) {
                ++copies;
                where += (where.empty() ? "" : " and ") + std::to_string(k + 1);
            }
        if (copies > 1)
            throw SchemaError("column '" + fields[static_cast<std::size_t>(i)] + "' appears " + std::to_string(copies) +
                              " times (columns " + where + "): remove or rename the copies so that it is clear which "
                              "to read");
    }
}

}  // namespace hotspots::io
