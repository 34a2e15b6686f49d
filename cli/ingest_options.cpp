#include "cli/ingest_options.hpp"

#include "cli/area_options.hpp"
#include "cli/commands.hpp"
#include "geo/crs.hpp"
#include "hotspots/parallel.hpp"
#include "hotspots/version.hpp"
#include "io/atomic_file.hpp"
#include "io/file_list.hpp"
#include "io/gdal_util.hpp"
#include "io/table_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace hotspots::cli {

void add_ingest_options(CLI::App& app, IngestOptions& o, bool areas_required) {
    app.add_option("inputs", o.inputs, "Incident files, folders or glob patterns (CSV, GeoJSON, GeoPackage, Shapefile)")
        ->required();
    app.add_option("--schema", o.schema, "Input layout: auto, police-uk, police-uk-api or generic")
        ->check(CLI::IsMember({"auto", "police-uk", "police-uk-api", "generic"}))
        ->capture_default_str();
    app.add_option("--x", o.columns.x, "Column of x/easting (with --y and --crs)");
    app.add_option("--y", o.columns.y, "Column of y/northing");
    app.add_option("--lon", o.columns.lon, "Column of longitude (with --lat; EPSG:4326 unless --crs)");
    app.add_option("--lat", o.columns.lat, "Column of latitude");
    app.add_option("--date", o.columns.date, "Column of the date, date-time or month (the start of a range)");
    app.add_option("--date-to", o.columns.date_to, "Column of the end of a from/to range");
    app.add_option("--type", o.columns.type, "Column of the crime type or offence");
    app.add_option("--id", o.columns.id, "Column of the incident id or reference");
    app.add_option("--weight,--weight-field", o.columns.weight, "Column of a weight (a number >= 0; default 1)");
    app.add_option("--location", o.columns.location, "Column of location text (street, address)");
    app.add_option("--layer", o.layer, "Layer to read in multi-layer sources (default: the first)");
    app.add_option("--crs", o.crs, "CRS of the input coordinates when the source does not say (e.g. EPSG:27700)");
    app.add_option("--work-crs", o.work_crs, "Working CRS for analysis, in metres")->capture_default_str();
    app.add_option("--rejects", o.rejects, "Write rejected rows (file, row, reason, values) to this CSV");
    app.add_option("--max-reject-rate", o.max_reject_rate, "Fail when more than this percentage of rows is rejected")
        ->check(CLI::Range(0.0, 100.0))
        ->capture_default_str();
    app.add_option("--from", o.from, "Keep incidents starting on or after this date (YYYY-MM-DD or YYYY-MM)");
    app.add_option("--to", o.to, "Keep incidents starting on or before this date (inclusive; YYYY-MM means its last day)");
    app.add_option("--crime-type", o.crime_types, "Keep this category or raw crime type (repeatable; see docs/categories.md)");
    app.add_option("--within", o.within, "Keep incidents inside the area with this code (in any --areas layer)");
    auto* areas = app.add_option("--areas", o.areas,
                                 "Area layer PATH[,as=LABEL,layer=L,code=FIELD,name=FIELD,crs=CRS,from=DATE,to=DATE] "
                                 "(repeatable; see docs/areas.md)");
    if (areas_required) areas->required();
    app.add_option("--code-field", o.code_field, "Area code field for --areas layers that do not give code= (default: detected)");
    app.add_option("--name-field", o.name_field, "Area name field for --areas layers that do not give name= (default: detected)");
    app.add_option("--threads", o.threads, "Threads to use (0 = all cores)")->capture_default_str();
    app.add_flag("-q,--quiet", o.quiet, "No progress or notes on stderr");
    app.add_flag("-v,--verbose", o.verbose, "Timed stages and details on stderr");
}

namespace {

std::optional<Seconds> date_option(const std::string& text, const char* name, bool end) {
    if (text.empty()) return std::nullopt;
    auto when = parse_when(text);
    if (!when) throw UsageError(fmt::format("--{} {}: not a date (use YYYY-MM-DD or YYYY-MM)", name, text));
    return end ? when->to : when->from;
}

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

std::string rows_line(const Ingested& in) {
    std::string s = fmt::format("read {} rows: {} loaded, {} rejected", in.rows, in.loaded, in.rejected);
    if (in.rejected) s += " (" + reasons_text(in.read.rejects) + ")";
    return s;
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

Ingested ingest(const IngestOptions& o, Reporter& report) {
    // Parse: check every option before opening anything.
    const auto from = date_option(o.from, "from", false);
    const auto to = date_option(o.to, "to", true);
    if (from && to && *to < *from) throw UsageError("--to is before --from");
    io::ReadOptions ro;
    ro.schema = io::schema_from_name(o.schema);
    ro.columns = o.columns;
    ro.crs = o.crs;
    ro.work_crs = o.work_crs;
    ro.layer = o.layer;
    ro.threads = o.threads;
    ro.want_ids = o.need_ids;
    ro.want_location = o.need_location;
    ro.want_lsoa = o.need_lsoa;
    // --crime-type filters on the type, so it is read whatever the command needs.
    ro.want_type = o.need_type || !o.crime_types.empty();
    try {
        if (!o.crs.empty()) geo::describe_crs(o.crs);
        const auto work = geo::describe_crs(o.work_crs);
        if (work.geographic) throw UsageError("--work-crs " + o.work_crs + " is in degrees; analysis needs metres (e.g. EPSG:27700)");
    } catch (const geo::CrsError& e) {
        throw UsageError(e.what());
    }
    if (!o.within.empty() && o.areas.empty()) throw UsageError("--within needs --areas (the layer holding that code)");
    std::vector<io::AreaSpec> specs;
    for (const auto& a : o.areas) {
        try {
            specs.push_back(io::parse_area_spec(a));
            if (specs.back().code_field.empty()) specs.back().code_field = o.code_field;
            if (specs.back().name_field.empty()) specs.back().name_field = o.name_field;
        } catch (const io::IoError& e) {
            throw UsageError(e.what());
        }
    }

    Ingested in;
    in.inputs = io::expand_inputs(o.inputs);
    if (!o.rejects.empty()) io::check_not_input(o.rejects, in.inputs);
    report.stage("options checked");
    ro.progress = [&](std::uint64_t rows, std::size_t done, std::size_t files) {
        report.progress(fmt::format("reading {}/{} files, {} rows", done, files, rows));
    };
    in.read = io::read_incidents(in.inputs, ro);
    report.done_progress();
    for (const auto& s : in.read.set.sources) {
        in.rows += s.rows;
        in.loaded += s.loaded;
        in.rejected += s.rejected;
    }
    report.stage(fmt::format("read {} files", in.inputs.size()));
    report.note(rows_line(in));
    if (report.verbose() > 0) {
        for (std::size_t i = 0; i < in.read.set.sources.size(); ++i) {
            const auto& s = in.read.set.sources[i];
            const auto& d = in.read.details[i];
            report.note(fmt::format("{}: {} ({}), {} rows, {} loaded, {} rejected; {}{}", s.path, s.schema, s.crs, s.rows,
                                    s.loaded, s.rejected, d.transform, d.schema_notes.empty() ? "" : "; " + d.schema_notes));
        }
    }
    if (!o.rejects.empty()) {
        io::write_rejects(o.rejects, in.read.set, in.read.rejects, in.inputs);
        report.note(fmt::format("wrote {} rejected rows to {}", in.read.rejects.size(), o.rejects));
    }
    if (in.rows == 0) throw std::runtime_error("the inputs have no rows");
    const double rate = 100.0 * static_cast<double>(in.rejected) / static_cast<double>(in.rows);
    if (rate > o.max_reject_rate) {
        std::string hint;
        for (const auto& r : in.read.rejects)
            if (!io::advice(r.reason).empty()) {
                hint = std::string("; ") + std::string(io::advice(r.reason));
                break;
            }
        throw std::runtime_error(fmt::format("{:.1f}% of rows rejected, above --max-reject-rate {}% ({}){}{}", rate,
                                             o.max_reject_rate, reasons_text(in.read.rejects), hint,
                                             o.rejects.empty() ? "; list them with --rejects FILE" : ""));
    }

    FilterOptions fo;
    fo.from = from;
    fo.to = to;
    fo.crime_types = o.crime_types;
    std::vector<bool> keep;
    try {
        keep = select(in.read.set, fo, in.filtered);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    keep_selected(in.read.set, keep, in.assignment);

    if (!specs.empty()) {
        in.layers = build_area_layers(specs, o.work_crs, in.area_sources, report);
        report.stage("areas loaded and indexed");
        in.assignment = map_to_areas(in.read.set, in.layers, o.threads);
        report.stage("incidents mapped to areas");
    }
    if (!o.within.empty()) {
        std::vector<bool> inside(in.read.set.incidents.size(), false);
        bool code_known = false;
        for (std::size_t l = 0; l < in.layers.size(); ++l) {
            const auto& layer = in.layers[l];
            std::vector<bool> match(layer.area_count());
            for (std::size_t a = 0; a < match.size(); ++a) {
                match[a] = layer.code(static_cast<std::int32_t>(a)) == o.within;
                code_known = code_known || match[a];
            }
            for (std::size_t i = 0; i < inside.size(); ++i) {
                const auto a = in.assignment[l][i];
                if (a >= 0 && match[static_cast<std::size_t>(a)]) inside[i] = true;
            }
        }
        if (!code_known) throw UsageError("--within " + o.within + ": no area has this code in the --areas layers");
        in.filtered.outside_within = static_cast<std::uint64_t>(std::count(inside.begin(), inside.end(), false));
        keep_selected(in.read.set, inside, in.assignment);
    }
    if (in.filtered.total() > 0) {
        report.note(fmt::format("kept {} incidents; filtered out {} (before --from {}, after --to {}, other type {}, "
                                "outside --within {})",
                                in.read.set.incidents.size(), in.filtered.total(), in.filtered.before_from,
                                in.filtered.after_to, in.filtered.other_type, in.filtered.outside_within));
    }
    return in;
}

nlohmann::json metadata(const std::string& command, const IngestOptions& o, const Ingested& in,
                        const nlohmann::json& extra_parameters) {
    nlohmann::json inputs = nlohmann::json::array();
    for (const auto& s : in.read.set.sources) {
        inputs.push_back({{"path", s.path}, {"layer", s.layer}, {"schema", s.schema}, {"crs", s.crs}, {"rows", s.rows},
                          {"loaded", s.loaded}, {"rejected", s.rejected}});
    }
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : in.area_sources) {
        areas.push_back({{"spec", a.spec.text}, {"label", a.spec.label}, {"code_field", a.code_field},
                         {"name_field", a.name_field}, {"crs", a.crs}, {"features", a.inputs.size()}});
    }
    nlohmann::json params = {{"schema", o.schema},         {"work_crs", o.work_crs}, {"crs", o.crs},
                             {"from", o.from},             {"to", o.to},             {"crime_types", o.crime_types},
                             {"within", o.within},         {"max_reject_rate", o.max_reject_rate}};
    for (auto& [k, v] : extra_parameters.items()) params[k] = v;
    return {{"generator", std::string("hotspots ") + version},
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
            {"incidents", in.read.set.incidents.size()},
            {"period", period_text(in.read.set)},
            {"crs", o.work_crs}};
}

}  // namespace hotspots::cli
