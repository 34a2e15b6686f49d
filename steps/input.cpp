#include "steps/input.hpp"

#include "geo/crs.hpp"
#include "geo/land.hpp"
#include "geo/partition.hpp"
#include "hotspots/hotspot_polygons.hpp"
#include "model/version.hpp"
#include "io/source_check.hpp"
#include "io/atomic_file.hpp"
#include "io/file_list.hpp"
#include "io/gdal_util.hpp"
#include "io/schema.hpp"
#include "io/table_writer.hpp"
#include "io/text.hpp"
#include "model/parallel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

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

namespace {

std::vector<std::string> labels_of(const std::vector<io::AreaSpec>& specs) {
    std::vector<std::string> labels;
    for (const auto& s : specs)
        if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
    return labels;
}

// The name of the area of `outer` holding a point inside `area` ("" when none does).
std::string containing_name(const geo::AreaInput& area, const std::vector<const io::AreaLayerData*>& outer) {
    if (area.wkb.empty()) return "";
    XY p;
    try {
        p = geo::point_inside(area.wkb);
    } catch (const std::exception&) {
        return "";
    }
    for (const auto* layer : outer)
        for (const auto& o : layer->inputs)
            if (!o.wkb.empty() && geo::covers(o.wkb, p)) return o.name;
    return "";
}

}  // namespace

AreaLayers read_area_layers(const AreaParams& o, Context& ctx) {
    std::vector<io::AreaSpec> specs;
    for (const auto& a : o.areas) {
        try {
            specs.push_back(io::parse_area_spec(a));
        } catch (const io::IoError& e) {
            throw UsageError(e.what());
        }
        if (specs.back().code_field.empty()) specs.back().code_field = o.code_field;
        if (specs.back().name_field.empty()) specs.back().name_field = o.name_field;
    }
    AreaLayers out;
    if (specs.empty()) return out;
    std::vector<io::AreaLayerData> sources(specs.size());
    std::vector<std::shared_ptr<const geo::AreaIndex>> indexes(specs.size());
    std::vector<std::vector<geo::AreaNote>> notes(specs.size());
    parallel_items(specs.size(), 0, [&](std::size_t i, unsigned) { sources[i] = io::read_area_layer(specs[i], ctx.work_crs()); });
    // unique=in:LABEL: a repeated code takes the name of the LABEL area holding the feature.
    for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].unique.rfind("in:", 0) != 0) continue;
        const std::string label = specs[i].unique.substr(3);
        std::vector<const io::AreaLayerData*> outer;
        for (std::size_t k = 0; k < specs.size(); ++k)
            if (specs[k].label == label && specs[k].label != specs[i].label) outer.push_back(&sources[k]);
        if (outer.empty())
            throw UsageError(fmt::format("--areas {}: unique=in:{} names no other --areas layer (labels: {})", specs[i].text,
                                         label, fmt::join(labels_of(specs), ", ")));
        io::qualify_repeated_codes(sources[i].inputs, [&](std::size_t a) { return containing_name(sources[i].inputs[a], outer); });
    }
    for (const auto& s : sources) io::check_unique_codes(s);
    parallel_items(specs.size(), 0, [&](std::size_t i, unsigned) {
        indexes[i] = std::make_shared<const geo::AreaIndex>(sources[i].inputs, notes[i]);  // errors name the file
    });
    for (std::size_t i = 0; i < specs.size(); ++i) {
        for (const auto& n : notes[i]) ctx.log().warning(n.where + ": " + n.message);
        if (!sources[i].code_note.empty()) ctx.log().warning(specs[i].path + ": " + sources[i].code_note);
        ctx.log().note(fmt::format("areas '{}': {} features from {} (code field {}, name field {})", specs[i].label,
                                   indexes[i]->size(), specs[i].path, sources[i].code_field,
                                   sources[i].name_field.empty() ? "(none)" : sources[i].name_field));
        out.sources.push_back({specs[i].text, specs[i].label, sources[i].code_field, sources[i].name_field,
                               sources[i].crs, sources[i].inputs.size()});
        out.files.push_back(specs[i].path);
    }
    std::vector<std::string> labels;
    for (const auto& s : specs)
        if (std::find(labels.begin(), labels.end(), s.label) == labels.end()) labels.push_back(s.label);
    for (const auto& label : labels) {
        std::vector<AreaGeneration> gens;
        for (std::size_t i = 0; i < specs.size(); ++i)
            if (specs[i].label == label) gens.push_back({indexes[i], specs[i].from, specs[i].to, specs[i].text});
        try {
            out.layers.emplace_back(label, std::move(gens));
        } catch (const std::invalid_argument& e) {
            throw UsageError(e.what());
        }
    }
    ctx.log().stage("areas loaded and indexed");
    return out;
}

void check_filters(const FilterParams& f, const AreaLayers& areas, bool weighs) {
    if (f.from && f.to && *f.to < *f.from) throw UsageError("--to is before --from");
    if (f.time_rule != "start" && f.hours_text.empty() && f.days_text.empty() && f.months_text.empty())
        throw UsageError("--time-rule " + f.time_rule + " says how --hours, --weekdays and --months take a from/to range; "
                         "give one of them (without them every incident is kept whole)");
    if (f.time_rule == "aoristic" && !weighs)
        throw UsageError("--time-rule aoristic counts an incident with the share of its range in the time window; this "
                         "command counts whole incidents. Use --time-rule start or whole here, or kde, gistar, trend "
                         "or map, which weigh incidents");
    if (f.where.size() > max_conditions)
        throw UsageError(fmt::format("{} --where conditions; at most {} can be tested", f.where.size(), max_conditions));
    if (!f.within.empty()) {
        if (areas.layers.empty()) throw UsageError("--within needs --areas (the layer holding that code)");
        std::vector<std::string> codes;
        for (const auto& layer : areas.layers)
            for (std::size_t a = 0; a < layer.area_count(); ++a) codes.push_back(layer.code(static_cast<std::int32_t>(a)));
        if (std::find(codes.begin(), codes.end(), f.within) == codes.end()) {
            const std::string near = closest(f.within, codes);
            throw UsageError("--within " + f.within + ": no area has this code in the --areas layers" +
                             (near.empty() ? "" : "; did you mean " + near + "?"));
        }
    }
    check_crime_types(f.crime_types);
}

void check_crime_types(const std::vector<std::string>& types) {
    // A value that is no category but close to one is a misspelling, not a raw crime type.
    std::vector<std::string> names;
    for (const auto& c : categories()) names.emplace_back(c.slug);
    for (const auto& t : types) {
        if (category_from_name(t)) continue;
        const std::string near = closest(t, names);
        if (!near.empty())
            throw UsageError(fmt::format("--crime-type {}: not a category; did you mean {}? (categories: {}; a raw "
                                         "crime type of the data is matched exactly)",
                                         t, near, fmt::join(names, ", ")));
    }
}

std::vector<std::string> expand(const InputParams& o) {
    auto files = io::expand_inputs(o.inputs);
    if (!o.rejects.empty()) io::check_not_input(o.rejects, files);
    return files;
}

namespace {

std::string reasons_text(const std::vector<io::Reject>& rejects) {
    std::array<std::uint64_t, io::reject_reason_count> counts{};
    for (const auto& r : rejects) ++counts[static_cast<std::size_t>(r.reason)];
    std::string s;
    for (int i = 0; i < io::reject_reason_count; ++i) {
        if (!counts[static_cast<std::size_t>(i)]) continue;
        s += fmt::format("{}{}: {}", s.empty() ? "" : ", ", io::to_string(static_cast<io::RejectReason>(i)),
                         counts[static_cast<std::size_t>(i)]);
    }
    return s;
}

}  // namespace

namespace {

// Incidents in the sea: the x and y columns swapped, or a wrong --crs, that no --areas layer
// is there to catch (geo/land.hpp: the British Isles only). A sample of up to 1,000 points.
void warn_off_land(const Ingested& in, Log& log) {
    const auto& incs = in.set.incidents;
    if (incs.empty() || in.set.crs.empty()) return;
    const std::size_t step = std::max<std::size_t>(1, incs.size() / 1000);
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < incs.size(); i += step) {
        xs.push_back(incs[i].x);
        ys.push_back(incs[i].y);
    }
    auto share_at_sea = [&](std::vector<double> x, std::vector<double> y, std::size_t& judged) {
        try {
            geo::Transformer(in.set.crs, "EPSG:4326").transform(x.data(), y.data(), x.size());
        } catch (const std::exception&) {
            judged = 0;
            return 0.0;
        }
        std::size_t sea = 0;
        judged = 0;
        for (std::size_t k = 0; k < x.size(); ++k) {
            const auto where = geo::land_at(x[k], y[k]);
            if (where == geo::Land::unknown) continue;
            ++judged;
            sea += where == geo::Land::sea ? 1 : 0;
        }
        return judged ? static_cast<double>(sea) / static_cast<double>(judged) : 0.0;
    };
    std::size_t judged = 0, judged_swapped = 0;
    const double at_sea = share_at_sea(xs, ys, judged);
    if (judged < 10 || at_sea <= 0.5) return;
    const double swapped_at_sea = share_at_sea(ys, xs, judged_swapped);
    const Box b = extent_of(in.set);
    std::string message = fmt::format(
        "{:.0f}% of the incidents lie in the sea off the British Isles: their points run from ({:.0f}, {:.0f}) to "
        "({:.0f}, {:.0f}) in {}",
        100 * at_sea, b.xmin, b.ymin, b.xmax, b.ymax, in.set.crs);
    if (judged_swapped >= 10 && swapped_at_sea < 0.5)
        message += "; with x and y swapped they would be on land: the x and y columns look swapped (give --x EASTING "
                   "--y NORTHING, or --lon LONGITUDE --lat LATITUDE); a map of these would be of the sea";
    else
        message += "; check --crs and the coordinate columns (--x/--y or --lon/--lat) before using the outputs";
    log.warning(message);
}

}  // namespace

std::string rows_line(const Ingested& in) {
    std::string s = fmt::format("read {} rows: {} loaded, {} rejected", in.rows, in.loaded, in.rejected);
    if (in.rejected) s += " (" + reasons_text(in.rejects) + ")";
    return s;
}

Ingested read_incidents(const InputParams& o, const std::vector<std::string>& files, const Needs& needs, Context& ctx) {
    Log& log = ctx.log();
    io::ReadOptions ro;
    ro.schema = io::schema_from_name(o.schema);
    ro.columns = o.columns;
    if (!needs.group_column.empty()) ro.columns.group = needs.group_column;
    ro.crs = o.crs;
    ro.work_crs = o.work_crs;
    ro.layer = o.layer;
    ro.threads = ctx.threads();
    ro.want_ids = needs.ids;
    ro.want_location = needs.location;
    ro.want_lsoa = needs.lsoa;
    ro.want_type = needs.type;
    ro.encoding = o.encoding;
    for (const auto& c : needs.conditions) ro.conditions.push_back(parse_condition(c));
    ro.progress = [&](std::uint64_t rows, std::size_t done, std::size_t count) {
        log.progress(fmt::format("reading {}/{} files, {} rows", done, count, rows));
    };
    Ingested in;
    in.inputs = files;
    auto read = io::read_incidents(in.inputs, ro);
    log.done_progress();
    in.set = std::move(read.set);
    in.rejects = std::move(read.rejects);
    in.details = std::move(read.details);
    in.conditions = needs.conditions;
    in.condition_values = std::move(read.condition_values);
    for (const auto& s : in.set.sources) {
        in.rows += s.rows;
        in.loaded += s.loaded;
        in.rejected += s.rejected;
    }
    if (!in.set.incidents.empty()) {
        // A flag per month of the span: two passes, no tree of a million months.
        int lo = std::numeric_limits<int>::max(), hi = std::numeric_limits<int>::min();
        for (const auto& i : in.set.incidents) {
            const int m = month_number(i.from);
            lo = std::min(lo, m);
            hi = std::max(hi, m);
        }
        std::vector<char> seen(static_cast<std::size_t>(hi - lo) + 1, 0);
        for (const auto& i : in.set.incidents) seen[static_cast<std::size_t>(month_number(i.from) - lo)] = 1;
        for (std::size_t k = 0; k < seen.size(); ++k)
            if (seen[k]) in.months_read.push_back(lo + static_cast<int>(k));
    }
    log.stage(fmt::format("read {} files", in.inputs.size()));
    log.note(rows_line(in));
    warn_off_land(in, log);
    const bool automatic = o.encoding == io::Encoding::automatic || o.encoding == io::Encoding::utf8;
    for (const auto& s : in.set.sources)
        if (s.recoded && automatic)
            log.warning(fmt::format("{}: {} text values were not UTF-8 and were read as {} (give --encoding to choose)",
                                    s.path, s.recoded,
                                    o.encoding == io::Encoding::utf8 ? "UTF-8 with U+FFFD for the bad bytes"
                                    : o.encoding == io::Encoding::latin1 ? "Latin-1"
                                                                         : "Windows-1252"));
    if (log.verbose() > 0) {
        for (std::size_t i = 0; i < in.set.sources.size(); ++i) {
            const auto& s = in.set.sources[i];
            const auto& d = in.details[i];
            log.note(fmt::format("{}: {} ({}), {} rows, {} loaded, {} rejected; {}{}", s.path, s.schema, s.crs, s.rows,
                                 s.loaded, s.rejected, d.transform, d.schema_notes.empty() ? "" : "; " + d.schema_notes));
        }
    }
    if (!o.rejects.empty()) {
        io::write_rejects(o.rejects, in.set, in.rejects, in.inputs);
        log.note(fmt::format("wrote {} rejected rows to {}", in.rejects.size(), o.rejects));
    }
    if (in.rows == 0) {
        std::string names;
        for (std::size_t k = 0; k < in.set.sources.size() && k < 3; ++k) names += (k ? ", " : "") + in.set.sources[k].path;
        if (in.set.sources.size() > 3) names += fmt::format(" and {} more", in.set.sources.size() - 3);
        throw std::runtime_error(fmt::format("{}: no data rows (only a header, or empty){}", names,
                                             in.set.sources.size() > 1 ? " in any of these files" : ""));
    }
    const double rate = 100.0 * static_cast<double>(in.rejected) / static_cast<double>(in.rows);
    if (rate > o.max_reject_rate) {
        std::string hint;
        for (const auto& r : in.rejects)
            if (!io::advice(r.reason).empty()) {
                hint = std::string("; ") + std::string(io::advice(r.reason));
                break;
            }
        // Name the file with the most rejects, and its first rejected row.
        std::size_t worst = 0;
        for (std::size_t k = 1; k < in.set.sources.size(); ++k)
            if (in.set.sources[k].rejected > in.set.sources[worst].rejected) worst = k;
        std::string where;
        for (const auto& r : in.rejects)
            if (r.source == worst) {
                const auto& s = in.set.sources[worst];
                where = fmt::format("{}: {} of {} rows rejected, the first row {} ({}{}{}); ", s.path, s.rejected, s.rows,
                                    r.row, io::to_string(r.reason), r.detail.empty() ? "" : ": ", r.detail);
                break;
            }
        throw std::runtime_error(fmt::format("{}{:.1f}% of rows rejected, above --max-reject-rate {}% ({}){}{}", where, rate,
                                             o.max_reject_rate, reasons_text(in.rejects), hint,
                                             o.rejects.empty() ? "; list them with --rejects FILE" : ""));
    }
    return in;
}

namespace {

// For a --crime-type that is neither a category nor a type of the data: the category whose
// name or label it is close to or starts ("violence": violent-crime), or the closest raw type.
std::string type_hint(const IncidentSet& set, const std::vector<std::string>& wanted) {
    for (const auto& t : wanted) {
        if (category_from_name(t)) continue;
        const std::string lower = io::lower_case(t);
        std::vector<std::string> raw;
        bool present = false;
        for (std::uint32_t k = 1; k < set.strings().size(); ++k) {
            present = present || io::lower_case(set.strings()[k]) == lower;
            raw.push_back(set.strings()[k]);
        }
        if (present) continue;
        for (const auto& c : categories()) {
            const std::string label = io::lower_case(std::string(c.label));
            if ((lower.size() >= 4 && label.rfind(lower, 0) == 0) || closest(lower, {std::string(c.slug), label}) != "")
                return fmt::format("; did you mean {} ({})?", c.slug, c.label);
        }
        const std::string near = closest(t, raw);
        if (!near.empty()) return "; did you mean the crime type '" + near + "'?";
        return "; `hotspots info` lists the crime types of the data";
    }
    return "";
}

}  // namespace

// The filters as the algorithm takes them; hours and weekdays need dated incidents, and
// every --where condition must hold for some incident.
static FilterOptions filter_options(const FilterParams& f, const Ingested& in) {
    const IncidentSet& set = in.set;
    FilterOptions fo;
    fo.from = f.from;
    fo.to = f.to;
    fo.crime_types = f.crime_types;
    fo.hours = f.hours;
    fo.days = f.days;
    fo.months = f.months;
    fo.whole_range = f.time_rule == "whole";
    fo.aoristic = f.time_rule == "aoristic";
    if (fo.hours != FilterOptions::all<24>() || fo.days != FilterOptions::all<7>())
        for (const auto& i : set.incidents)
            if (i.precision == TimePrecision::month)
                throw UsageError("--hours and --weekdays need incidents with dates and times; these have months only "
                                 "(data.police.uk). --months works on them; use a police export for hours");
    for (const auto& w : f.where) {
        const auto at = std::find(in.conditions.begin(), in.conditions.end(), w);
        if (at == in.conditions.end()) throw std::logic_error("--where " + w + " was not tested while reading");
        const auto k = static_cast<std::size_t>(at - in.conditions.begin());
        const std::uint32_t bit = std::uint32_t{1} << k;
        fo.required_flags |= bit;
        if (std::any_of(set.incidents.begin(), set.incidents.end(), [&](const Incident& i) { return (i.flags & bit) != 0; }))
            continue;
        // Matching nothing is a misspelt value (Y for Yes), not an empty map to print.
        std::vector<std::pair<std::string, std::uint64_t>> seen;
        if (k < in.condition_values.size()) seen.assign(in.condition_values[k].begin(), in.condition_values[k].end());
        std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string values;
        for (std::size_t v = 0; v < seen.size() && v < 12; ++v)
            values += fmt::format("{}'{}' ({})", v ? ", " : "", seen[v].first, seen[v].second);
        if (seen.size() > 12) values += ", ...";
        const auto c = parse_condition(w);
        throw std::runtime_error(fmt::format("--where {}: none of the {} incidents read has it; the column '{}' holds {}",
                                             w, set.incidents.size(), c.field, values.empty() ? "no values" : values));
    }
    return fo;
}

// With --time-rule aoristic, the kept incidents' weights take their shares.
static void apply_shares(IncidentSet& set, const std::vector<bool>& keep, const std::vector<double>& shares) {
    if (shares.empty()) return;
    for (std::size_t i = 0; i < keep.size(); ++i)
        if (keep[i]) set.incidents[i].weight *= shares[i];
}

void filter_period_type(Ingested& in, const FilterParams& f) {
    const FilterOptions fo = filter_options(f, in);
    std::vector<bool> keep;
    std::vector<double> shares;
    try {
        keep = select(in.set, fo, in.filtered, &shares);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(e.what()) + type_hint(in.set, f.crime_types));
    }
    apply_shares(in.set, keep, shares);
    keep_selected(in.set, keep, in.assignment);
}

Ingested select_period_type(const Ingested& base, const FilterParams& f) {
    const FilterOptions fo = filter_options(f, base);
    Ingested out;
    out.filtered = base.filtered;
    std::vector<bool> keep;
    std::vector<double> shares;
    try {
        keep = select(base.set, fo, out.filtered, &shares);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(e.what()) + type_hint(base.set, f.crime_types));
    }
    out.set = base.set.empty_like();
    out.rejects = base.rejects;
    out.details = base.details;
    out.inputs = base.inputs;
    out.layers = base.layers;
    out.area_sources = base.area_sources;
    out.rows = base.rows;
    out.loaded = base.loaded;
    out.rejected = base.rejected;
    out.months_read = base.months_read;
    out.conditions = base.conditions;
    out.condition_values = base.condition_values;
    const auto kept = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
    out.set.incidents.reserve(kept);
    out.assignment.assign(base.assignment.size(), {});
    for (auto& a : out.assignment) a.reserve(kept);
    for (std::size_t i = 0; i < keep.size(); ++i) {
        if (!keep[i]) continue;
        out.set.incidents.push_back(base.set.incidents[i]);
        if (!shares.empty()) out.set.incidents.back().weight *= shares[i];
        for (std::size_t l = 0; l < base.assignment.size(); ++l) out.assignment[l].push_back(base.assignment[l][i]);
    }
    return out;
}

namespace {

void check_inside(const Ingested& in, bool strict, Log& log) {
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        const std::uint64_t under = c.inside + c.outside;  // those with boundaries in force
        if (under < 10 || c.inside * 100 >= under) continue;
        const auto& layer = in.layers[l];
        const auto& index = *layer.generations().back().index;
        // Would the incidents fall inside with x and y swapped? A sample answers.
        geo::AreaLocator locator(index);
        const std::size_t n = in.set.incidents.size(), step = std::max<std::size_t>(1, n / 1000);
        std::size_t tried = 0, swapped_inside = 0;
        for (std::size_t i = 0; i < n; i += step, ++tried)
            if (locator.locate(in.set.incidents[i].y, in.set.incidents[i].x) >= 0) ++swapped_inside;
        const Box b = extent_of(in.set);
        const auto& e = index.extent();
        std::string message = fmt::format(
            "{} of {} incidents fall inside an area of '{}': the incidents lie in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}), "
            "the areas in ({:.0f}, {:.0f}) .. ({:.0f}, {:.0f}) ({})",
            c.inside, under, layer.label(), b.xmin, b.ymin, b.xmax, b.ymax, e.xmin, e.ymin, e.xmax, e.ymax, in.set.crs);
        if (swapped_inside * 2 >= tried)
            message += "; with x and y swapped they would be inside: the x and y columns look swapped (give "
                       "--x EASTING --y NORTHING, or --lon LONGITUDE --lat LATITUDE)";
        else
            message += "; check the CRS of the inputs (--crs) and their coordinate columns, and that the areas are "
                       "the right ones";
        if (strict) throw std::runtime_error(message);
        log.warning(message);
    }
}

}  // namespace

void map_areas(Ingested& in, AreaLayers areas, Context& ctx, bool strict) {
    in.layers = std::move(areas.layers);
    in.area_sources = std::move(areas.sources);
    if (in.layers.empty()) return;
    in.assignment = map_to_areas(in.set, in.layers, ctx.threads());
    ctx.log().stage("incidents mapped to areas");
    check_inside(in, strict, ctx.log());
}

void filter_within(Ingested& in, const FilterParams& f) {
    if (f.within.empty()) return;
    std::vector<bool> inside(in.set.incidents.size(), false);
    bool code_known = false;
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto& layer = in.layers[l];
        std::vector<bool> match(layer.area_count());
        for (std::size_t a = 0; a < match.size(); ++a) {
            match[a] = layer.code(static_cast<std::int32_t>(a)) == f.within;
            code_known = code_known || match[a];
        }
        for (std::size_t i = 0; i < inside.size(); ++i) {
            const auto a = in.assignment[l][i];
            if (a >= 0 && match[static_cast<std::size_t>(a)]) inside[i] = true;
        }
    }
    if (!code_known) throw UsageError("--within " + f.within + ": no area has this code in the --areas layers");
    in.filtered.outside_within = static_cast<std::uint64_t>(std::count(inside.begin(), inside.end(), false));
    keep_selected(in.set, inside, in.assignment);
}

void log_filtered(const Ingested& in, Log& log) {
    if (in.filtered.total() == 0) return;
    const auto& f = in.filtered;
    std::string more;
    if (f.outside_time) more += fmt::format(", outside --hours/--weekdays/--months {}", f.outside_time);
    if (f.outside_where) more += fmt::format(", not --where {}", f.outside_where);
    log.note(fmt::format("kept {} incidents; filtered out {} (before --from {}, after --to {}, other type {}, "
                         "outside --within {}{})",
                         in.set.incidents.size(), f.total(), f.before_from, f.after_to, f.other_type, f.outside_within, more));
}

Ingested ingest(const InputParams& o, const std::vector<std::string>& files, const FilterParams& f, AreaLayers areas,
                const Needs& needs, Context& ctx) {
    Needs wanted = needs;
    // --crime-type filters on the type, so it is read whatever the step needs.
    wanted.type = needs.type || !f.crime_types.empty();
    // The filters' conditions, then those the step tests itself (a dashboard's flag themes).
    wanted.conditions = f.where;
    for (const auto& c : needs.conditions)
        if (std::find(wanted.conditions.begin(), wanted.conditions.end(), c) == wanted.conditions.end())
            wanted.conditions.push_back(c);
    if (wanted.conditions.size() > max_conditions)
        throw UsageError(fmt::format("{} different conditions (--where and the themes' where); at most {} can be tested "
                                     "in one reading",
                                     wanted.conditions.size(), max_conditions));
    Ingested in = read_incidents(o, files, wanted, ctx);
    filter_period_type(in, f);
    map_areas(in, std::move(areas), ctx, needs.strict_areas);
    filter_within(in, f);
    log_filtered(in, ctx.log());
    return in;
}

Param& declare_harm_weights(Params& p, std::string& path) {
    return p.path("harm-weights", path, "Weigh incidents by crime type: a CSV of category (or crime_type) and weight, "
                                        "e.g. a harm index");
}

void check_harm_weights(const std::string& path, Context& ctx) {
    if (!path.empty()) ctx.weights(path, "--harm-weights");
}

int field_index(const io::PointLayer& layer, const std::string& field, const std::string& option, const std::string& path) {
    if (field.empty()) return -1;
    const int i = io::find_column(layer.fields, field);
    if (i < 0)
        throw UsageError(fmt::format("{} {}: {} has no column '{}'; its columns are {}", option, field, path, field,
                                     io::column_list(layer.fields)));
    return i;
}

void apply_harm_weights(IncidentSet& set, const std::string& path, Context& ctx) {
    if (!path.empty()) apply_harm_weights(set, ctx.weights(path, "--harm-weights"), path);
}

Param& declare_side_file(Params& p, const std::string& name, std::string& path, std::string& crs, const std::string& help) {
    auto& file = p.path(name, path, help);
    p.text(name + "-crs", crs, "CRS of --" + name + " when the file has none (default: --work-crs)");
    return file;
}

void apply_harm_weights(IncidentSet& set, const io::WeightTable& table, const std::string& path) {
    std::unordered_map<std::uint32_t, std::optional<double>> by_type;  // crime type -> weight
    for (auto& i : set.incidents) {
        auto it = by_type.find(i.crime_type);
        if (it == by_type.end()) it = by_type.emplace(i.crime_type, io::weight_for(table, set, i)).first;
        if (!it->second)
            throw std::runtime_error(fmt::format("{}: no weight for crime type '{}' (category {}); add a row for it, "
                                                 "or a '*' row for every other type",
                                                 path, set.text(i.crime_type), slug(i.category)));
        i.weight *= *it->second;
    }
}

std::string period_text(const IncidentSet& set) {
    if (set.incidents.empty()) return "";
    const unsigned workers = thread_count(0);
    std::vector<Seconds> los(workers, set.incidents.front().from), his(workers, set.incidents.front().to);
    parallel_chunks(set.incidents.size(), workers, [&](std::size_t i0, std::size_t i1, unsigned w) {
        for (std::size_t i = i0; i < i1; ++i) {
            los[w] = std::min(los[w], set.incidents[i].from);
            his[w] = std::max(his[w], set.incidents[i].to);
        }
    });
    const Seconds lo = *std::min_element(los.begin(), los.end()), hi = *std::max_element(his.begin(), his.end());
    return format_date(lo) + " .. " + format_date(hi);
}

namespace {

// Every file with its counts; beyond ten files, one entry per folder (a GeoTIFF's metadata
// line, or a GeoJSON's, stays readable for 171 monthly files).
nlohmann::json input_entries(const IncidentSet& set) {
    nlohmann::json inputs = nlohmann::json::array();
    if (set.sources.size() <= 10) {
        for (const auto& s : set.sources)
            inputs.push_back({{"path", s.path}, {"layer", s.layer}, {"schema", s.schema}, {"crs", s.crs}, {"rows", s.rows},
                              {"loaded", s.loaded}, {"rejected", s.rejected}});
        return inputs;
    }
    std::vector<std::string> folders;
    std::map<std::string, std::vector<const SourceSummary*>> by_folder;
    for (const auto& s : set.sources) {
        const std::string plain = io::plain_path(s.path);
        const std::string folder = std::filesystem::path(plain).parent_path().string();
        if (!by_folder.count(folder)) folders.push_back(folder);
        by_folder[folder].push_back(&s);
    }
    for (const auto& folder : folders) {
        const auto& list = by_folder[folder];
        std::uint64_t rows = 0, loaded = 0, rejected = 0;
        std::set<std::string> schemas, crss;
        for (const auto* s : list) {
            rows += s->rows;
            loaded += s->loaded;
            rejected += s->rejected;
            schemas.insert(s->schema);
            crss.insert(s->crs);
        }
        auto name = [](const SourceSummary* s) { return std::filesystem::path(s->path).filename().string(); };
        inputs.push_back({{"folder", folder.empty() ? "." : folder},
                          {"files", list.size()},
                          {"first", name(list.front())},
                          {"last", name(list.back())},
                          {"schema", fmt::format("{}", fmt::join(schemas, ", "))},
                          {"crs", fmt::format("{}", fmt::join(crss, ", "))},
                          {"rows", rows},
                          {"loaded", loaded},
                          {"rejected", rejected}});
    }
    return inputs;
}

}  // namespace

nlohmann::json metadata(const std::string& command, const InputParams& o, const FilterParams& f, const Ingested& in,
                        const nlohmann::json& extra_parameters) {
    const nlohmann::json inputs = input_entries(in.set);
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : in.area_sources) {
        areas.push_back({{"spec", a.spec}, {"label", a.label}, {"code_field", a.code_field},
                         {"name_field", a.name_field}, {"crs", a.crs}, {"features", a.features}});
    }
    nlohmann::json params = {{"schema", o.schema},         {"work_crs", o.work_crs}, {"crs", o.crs},
                             {"from", f.from_text},        {"to", f.to_text},        {"crime_types", f.crime_types},
                             {"within", f.within},         {"max_reject_rate", o.max_reject_rate}};
    // The time filters are recorded when given (outputs made without them stay as they were).
    if (!f.hours_text.empty()) params["hours"] = f.hours_text;
    if (!f.days_text.empty()) params["weekdays"] = f.days_text;
    if (!f.months_text.empty()) params["months"] = f.months_text;
    if (!f.hours_text.empty() || !f.days_text.empty() || !f.months_text.empty()) params["time_rule"] = f.time_rule;
    if (!f.where.empty()) params["where"] = f.where;
    for (auto& [k, v] : extra_parameters.items()) params[k] = v;
    nlohmann::json result = {{"generator", std::string("hotspots ") + version},
            {"command", command},
            {"parameters", params},
            {"inputs", inputs},
            {"areas", areas},
            {"rows", {{"read", in.rows}, {"loaded", in.loaded}, {"rejected", in.rejected}}},
            {"filtered_out",
             {{"before_from", in.filtered.before_from},
              {"after_to", in.filtered.after_to},
              {"other_type", in.filtered.other_type},
              {"outside_within", in.filtered.outside_within}}},
            {"incidents", in.set.incidents.size()},
            {"period", period_text(in.set)},
            {"crs", o.work_crs}};
    if (in.filtered.outside_time) result["filtered_out"]["outside_time"] = in.filtered.outside_time;
    if (in.filtered.outside_where) result["filtered_out"]["outside_where"] = in.filtered.outside_where;
    return result;
}

std::string areas_text(const std::vector<AreaTouched>& areas) {
    std::string s;
    for (const auto& a : areas) {
        const double pct = 100 * a.share;
        s += fmt::format("{}{}{} {}", s.empty() ? "" : "; ", a.name, a.code == a.name ? "" : " (" + a.code + ")",
                         pct < 0.5 ? "<1%" : fmt::format("{:.0f}%", pct));
    }
    return s;
}

}  // namespace hotspots::steps
