// The shared option groups declared once: input files and layout, filters, area layers, run
// options, harm weights and side files.
#include "steps/input.hpp"

#include "geo/crs.hpp"
#include "io/gdal_util.hpp"
#include "io/schema.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>

namespace hotspots::steps {

void declare_input(Params& p, InputParams& o) {
    p.start_group(ParamGroup::input);
    auto& in = p.list("inputs", o.inputs, "Incident files, folders or glob patterns (CSV, GeoJSON, GeoPackage, Shapefile)");
    in.positional = true;
    in.required = true;
    p.text("schema", o.schema, "Input layout").one_of({"auto", "police-uk", "police-uk-api", "generic"}).def("auto");
    // A column whose name says the other axis (--x northing, --lon lat) is refused: swapped x
    // and y put NW London in the Irish Sea, and without --areas nothing else would notice.
    auto axis = [](char want) {
        return [want](const std::string& v) {
            const char named = io::axis_named(v);
            if (named && named != want)
                throw UsageError(fmt::format(
                    "'{}' is by its name a{} column, the other axis; --x and --lon take the east-west coordinate "
                    "(easting, longitude), --y and --lat the north-south one (northing, latitude): give {}",
                    v, named == 'x' ? "n east-west (easting or longitude)" : " north-south (northing or latitude)",
                    want == 'x' ? "--x EASTING --y NORTHING, or --lon LONGITUDE --lat LATITUDE"
                                : "--y NORTHING with --x EASTING, or --lat LATITUDE with --lon LONGITUDE"));
            return v;
        };
    };
    p.value("x", o.columns.x, "Column of x/easting (with --y and --crs)", axis('x'));
    p.value("y", o.columns.y, "Column of y/northing", axis('y'));
    p.value("lon", o.columns.lon, "Column of longitude (with --lat; EPSG:4326 unless --crs)", axis('x'));
    p.value("lat", o.columns.lat, "Column of latitude", axis('y'));
    p.text("date", o.columns.date, "Column of the date, date-time or month (the start of a range)");
    p.text("date-to", o.columns.date_to, "Column of the end of a from/to range");
    p.text("type", o.columns.type, "Column of the crime type or offence");
    p.text("id", o.columns.id, "Column of the incident id or reference");
    p.text("weight", o.columns.weight, "Column of a weight (0 to 1000000; default 1)").alias("weight-field");
    p.text("location", o.columns.location, "Column of location text (street, address)");
    p.text("layer", o.layer, "Layer to read in multi-layer sources (default: the first)");
    p.value("crs", o.crs, "CRS of the input coordinates when the source does not say (e.g. EPSG:27700)",
            [](const std::string& v) {
                try {
                    geo::describe_crs(v);
                } catch (const geo::CrsError& e) {
                    throw UsageError(e.what());
                }
                return v;
            });
    p.value("work-crs", o.work_crs, "Working CRS for analysis, in metres", [](const std::string& v) {
         geo::CrsInfo info;
         try {
             info = geo::describe_crs(v);
         } catch (const geo::CrsError& e) {
             throw UsageError(e.what());
         }
         if (info.geographic) throw UsageError(v + " is in degrees; analysis needs metres (e.g. EPSG:27700)");
         return v;
     }).def("EPSG:27700");
    p.value("encoding", o.encoding,
            "Text encoding of the inputs: auto (UTF-8, else Windows-1252 value by value, with a warning), utf-8 "
            "(bad bytes become U+FFFD), windows-1252 or latin-1",
            [](const std::string& v) {
                if (v == "auto") return io::Encoding::automatic;
                if (v == "utf-8" || v == "utf8") return io::Encoding::utf8;
                if (v == "windows-1252" || v == "cp1252") return io::Encoding::windows1252;
                if (v == "latin-1" || v == "iso-8859-1") return io::Encoding::latin1;
                throw UsageError("'" + v + "' is not one of auto, utf-8, windows-1252, latin-1");
            })
        .one_of({"auto", "utf-8", "windows-1252", "latin-1"})
        .def("auto");
    p.output("rejects", o.rejects, "Write rejected rows (file, row, reason, values) to this CSV", "rejects", ".csv")
        .in_group(ParamGroup::input);
    p.number("max-reject-rate", o.max_reject_rate, "Fail when more than this percentage of rows is rejected",
             Range::between(0, 100))
        .def("5")
        .in_unit("%");
}

namespace {

std::optional<Seconds> date_value(const std::string& text, bool end) {
    auto when = parse_when(text);
    if (!when) throw UsageError(text + ": not a date (use YYYY-MM-DD or YYYY-MM)");
    return end ? when->to : when->from;
}

// "18-06": hours 18 to 05 (the end hour is not kept); wraps midnight.
std::array<bool, 24> hours_value(const std::string& v) {
    const auto dash = v.find('-');
    int a = -1, b = -1;
    if (dash != std::string::npos) {
        std::from_chars(v.data(), v.data() + dash, a);
        std::from_chars(v.data() + dash + 1, v.data() + v.size(), b);
    }
    if (a < 0 || a > 23 || b < 0 || b > 24 || a == b % 24)
        throw UsageError("'" + v + "': give hours as FROM-TO, 0-24, e.g. 18-06 (6 pm to 6 am) or 22-02");
    std::array<bool, 24> h{};
    for (int k = a; k != b % 24; k = (k + 1) % 24) h[static_cast<std::size_t>(k)] = true;
    return h;
}

// A comma list of names (the first three letters of each, any case) or numbers from 1.
template <std::size_t N>
std::array<bool, N> names_value(const std::string& v, std::array<const char*, N> names, const char* option,
                                const char* shown) {
    std::array<bool, N> out{};
    std::size_t start = 0;
    while (start <= v.size()) {
        const auto comma = v.find(',', start);
        std::string part = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        for (auto& c : part) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        int n = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), n);
        bool found = false;
        if (ec == std::errc() && end == part.data() + part.size() && n >= 1 && n <= static_cast<int>(N)) {
            out[static_cast<std::size_t>(n - 1)] = found = true;
        } else if (part.size() >= 3) {
            for (std::size_t k = 0; k < N; ++k)
                if (part.compare(0, 3, names[k]) == 0) out[k] = found = true;
        }
        if (!found) throw UsageError(std::string(option) + " '" + part + "': give " + shown);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

}  // namespace

void declare_filters(Params& p, FilterParams& o) {
    p.start_group(ParamGroup::filters);
    p.value("from", o.from, "Keep incidents starting on or after this date (YYYY-MM-DD or YYYY-MM)",
            [&o](const std::string& v) {
                o.from_text = v;
                return date_value(v, false);
            })
        .dated(Temporal::date);
    p.value("to", o.to, "Keep incidents starting on or before this date (inclusive; YYYY-MM means its last day)",
            [&o](const std::string& v) {
                o.to_text = v;
                return date_value(v, true);
            })
        .dated(Temporal::date);
    p.value("period", o.from, "Keep incidents starting in this period FROM..TO (both inclusive): --from and --to at once",
            [&o](const std::string& v) {
                const auto dots = v.find("..");
                if (dots == std::string::npos || !parse_period(v))
                    throw UsageError("'" + v + "': give a period as FROM..TO, e.g. 2024-01..2024-03");
                o.from_text = v.substr(0, dots);
                o.to_text = v.substr(dots + 2);
                o.to = date_value(o.to_text, true);
                return date_value(o.from_text, false);
            })
        .dated(Temporal::period)
        .shown_as("FROM..TO");
    p.list("crime-type", o.crime_types, "Keep this category or raw crime type (repeatable; see docs/categories.md)");
    p.text("within", o.within, "Keep incidents inside the area with this code (in any --areas layer)");
    p.value("hours", o.hours, "Keep incidents in these hours of the day, FROM-TO (18-06 wraps midnight; see docs/time.md)",
            [&o](const std::string& v) {
                o.hours_text = v;
                return hours_value(v);
            })
        .shown_as("H-H");
    // --weekdays, not --days: cocoon's --days is how long a zone lasts.
    p.value("weekdays", o.days, "Keep incidents on these weekdays: mon,tue,... (see docs/time.md)", [&o](const std::string& v) {
         o.days_text = v;
         return names_value<7>(v, {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}, "--weekdays", "mon,tue,wed,thu,fri,sat,sun");
     }).shown_as("DAYS");
    p.value("months", o.months, "Keep incidents in these months: jan,feb,... or 1-12 (see docs/time.md)",
            [&o](const std::string& v) {
                o.months_text = v;
                return names_value<12>(v, {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
                                       "--months", "jan,...,dec or 1-12");
            })
        .shown_as("MONTHS");
    p.text("time-rule", o.time_rule,
           "With --hours, --weekdays, --months: start (the range's start is inside), whole (all of it is) or aoristic "
           "(each incident counts with the share of its range inside)")
        .def("start")
        .one_of({"start", "whole", "aoristic"});
    auto& w = p.list("where", o.where,
                     "Keep incidents whose column FIELD has one of the values (FIELD=A,B), none of them (FIELD!=A) or "
                     "matches a pattern (FIELD~PATTERN); repeatable, all must hold (see docs/time.md)");
    w.value_name = "CONDITION";
    w.parse = [&o](const std::string& v) {
        try {
            parse_condition(v);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--where ") + e.what());
        }
        o.where.push_back(v);
    };
    w.clear = [&o] { o.where.clear(); };
}

void declare_areas(Params& p, AreaParams& o, bool required) {
    p.start_group(ParamGroup::areas);
    auto& a = p.list("areas", o.areas,
                     "Area layer PATH[,as=LABEL,layer=L,code=FIELD,name=FIELD,crs=CRS,from=DATE,to=DATE,unique=FIELD|in:LABEL] "
                     "(repeatable; see docs/areas.md)");
    a.kind = ParamKind::path;
    a.file_in = file_before(',');
    a.required = required;
    a.parse = [&o](const std::string& v) {
        try {
            io::parse_area_spec(v);
        } catch (const io::IoError& e) {
            throw UsageError(e.what());
        }
        o.areas.push_back(v);
    };
    a.clear = [&o] { o.areas.clear(); };
    p.text("code-field", o.code_field, "Area code field for --areas layers that do not give code= (default: detected)");
    p.text("name-field", o.name_field, "Area name field for --areas layers that do not give name= (default: detected)");
}

void declare_run(Params& p, RunParams& o) {
    p.start_group(ParamGroup::run);
    p.integer("threads", o.threads, "Threads to use (0 = all cores)", Range::between(0, 1024)).def("0");
    p.flag("quiet", o.quiet, "No progress or notes on stderr").short_form("q");
    p.count("verbose", o.verbose, "Timed stages and details on stderr").short_form("v");
    p.flag("allow-remote", o.allow_remote,
           "Also read network paths (/vsicurl/, http://), GDAL virtual paths and connection strings, and VRT files, "
           "and lift the bound on what a .gz input may expand to (see docs/input-formats.md)");
}

Param& declare_harm_weights(Params& p, std::string& path) {
    return p.path("harm-weights", path, "Weigh incidents by crime type: a CSV of category (or crime_type) and weight, "
                                        "e.g. a harm index");
}

Param& declare_side_file(Params& p, const std::string& name, std::string& path, std::string& crs, const std::string& help) {
    auto& file = p.path(name, path, help);
    p.text(name + "-crs", crs, "CRS of --" + name + " when the file has none (default: --work-crs)");
    return file;
}

}  // namespace hotspots::steps
