// Reading the incidents: the input files expanded, every row loaded or rejected with its reason,
// the months read, and the warnings on what was read (the sea, the encoding, the reject rate).
#include "steps/input.hpp"

#include "geo/crs.hpp"
#include "geo/land.hpp"
#include "io/atomic_file.hpp"
#include "io/file_list.hpp"
#include "io/schema.hpp"
#include "io/table_writer.hpp"
#include "model/months.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace hotspots::steps {

std::vector<std::string> expand(const InputParams& o) {
    auto files = io::expand_inputs(o.inputs);
    if (!o.rejects.empty()) io::check_not_input(o.rejects, files);
    return files;
}

void prepare_reading(const InputParams& o, Context& ctx) {
    // The inputs' CRS is known only once a file is opened: a CSV's lon/lat (police.uk's) are
    // EPSG:4326 unless --crs says otherwise. A wrong guess costs only the idle core's time.
    const std::string from = o.crs.empty() ? "EPSG:4326" : o.crs;
    // The reading's first thread, then the check for incidents in the sea (warn_off_land).
    ctx.transformers().prepare({{from, o.work_crs}, {o.work_crs, "EPSG:4326"}});
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
void warn_off_land(const Ingested& in, Context& ctx) {
    Log& log = ctx.log();
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
            ctx.transformers().take(in.set.crs, "EPSG:4326")->transform(x.data(), y.data(), x.size());
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
    if (in.extent) s += fmt::format("; {} of the loaded left out at once, outside the study extent", in.filtered.outside_extent);
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
    ro.want_lonlat = needs.lonlat;
    ro.encoding = o.encoding;
    ro.extent = needs.extent;
    ro.transformers = &ctx.transformers();
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
    if (needs.lonlat) in.lonlat = std::make_shared<const io::InputLonLat>(std::move(read.lonlat));
    in.conditions = needs.conditions;
    in.condition_values = std::move(read.condition_values);
    for (const auto& s : in.set.sources) {
        in.rows += s.rows;
        in.loaded += s.loaded;
        in.rejected += s.rejected;
        in.filtered.outside_extent += s.outside;
    }
    in.extent = needs.extent.has_value();
    in.months_read = months_of(in.set.incidents, ctx.threads());
    log.stage(fmt::format("read {} files", in.inputs.size()));
    log.note(rows_line(in));
    warn_off_land(in, ctx);
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
            log.note(fmt::format("{}: {} ({}), {} rows, {} loaded, {} rejected{}; {}{}", s.path, s.schema, s.crs, s.rows,
                                 s.loaded, s.rejected,
                                 in.extent ? fmt::format(", {} outside the study extent", s.outside) : std::string(),
                                 d.transform, d.schema_notes.empty() ? "" : "; " + d.schema_notes));
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

}  // namespace hotspots::steps
