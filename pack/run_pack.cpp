// Running a pack: plan (every step on every theme checked, before any incident is read), read
// each input once, run each theme's steps side by side through the runner, write the folder
// with its QGIS project and manifest.
#include "pack/run_pack.hpp"

#include "io/folder.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/raster_tiles.hpp"
#include "io/source_check.hpp"
#include "io/table_writer.hpp"
#include "io/versions.hpp"
#include "model/parallel.hpp"
#include "model/version.hpp"
#include "pack/pack_context.hpp"
#include "pack/pack_writer.hpp"
#include "pack/period_checks.hpp"
#include "pack/step_log.hpp"
#include "report/publish.hpp"
#include "report/published_text.hpp"
#include "runner/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>

namespace hotspots::pack {
namespace fs = std::filesystem;
using steps::UsageError;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }
double ms(double seconds) { return std::round(seconds * 1000) / 1000; }

// One step on one theme.
struct Job {
    const PackTheme* theme = nullptr;
    const PackStep* step = nullptr;
    std::size_t input = 0;
    std::shared_ptr<steps::Step> s;  // the step the file made for this theme
    std::unique_ptr<runner::StepRun> run;
    std::unique_ptr<StepLog> log;
    std::string label() const { return "step " + step->name + " on theme " + theme->name + ": "; }
};

// What the pack reads, checked: the areas, each input's files and the union of what its steps
// need, and every job configured and checked.
struct Plan {
    steps::AreaLayers areas;
    std::vector<steps::InputParams> inputs;
    std::vector<std::vector<std::string>> files;
    std::vector<steps::Needs> needs;
    std::vector<bool> used;
    std::vector<Job> jobs;
    std::map<const PackStep*, std::vector<std::string>> area_warnings;  // boundaries partly outside a period
};

// The extension a pack gives an output it names: a map layer where the option allows one.
std::string pack_extension(const std::string& list) {
    for (const char* ext : {".gpkg", ".tif", ".csv", ".json"})
        if ((" " + list + " ").find(std::string(" ") + ext + " ") != std::string::npos) return ext;
    return list.substr(0, list.find(' '));
}

steps::InputParams input_params(const PackFile& pack, const PackInput& in) {
    steps::Params params;
    steps::InputParams o;
    steps::declare_input(params, o);
    params.apply_defaults();
    for (const auto& s : in.options) params.set(*params.find(s.key), s.values, s.key);
    o.inputs = in.files;
    o.work_crs = pack.work_crs;
    return o;
}

// The job's step with the theme's filters and the pack's output names; checked against the
// area layers, its side files read (through ctx, once for the whole pack).
void configure(Job& job, const PackFile& pack, const steps::InputParams& input, const steps::AreaLayers& areas,
               steps::Context& ctx) {
    auto& step = *job.s;
    step.input() = input;
    step.filters().crime_types = job.theme->crime_types;
    if (step.filters().within.empty()) step.filters().within = job.theme->within;
    auto& conditions = step.filters().where;
    conditions.insert(conditions.begin(), job.theme->where.begin(), job.theme->where.end());
    for (auto& p : step.params().all())
        if (p.kind == steps::ParamKind::output && p.group == steps::ParamGroup::output && !p.role.empty() && step.makes(p.role)) {
            step.params().set(p, {p.role + pack_extension(p.extensions)});
            p.named_by_pack = true;
        }
    job.run = std::make_unique<runner::StepRun>(step);
    try {
        job.run->check(ctx, areas);
        if (!job.theme->harm_weights.empty()) ctx.weights(job.theme->harm_weights, "harm-weights");
    } catch (const UsageError& e) {
        throw UsageError(where(pack, job.step->line) + job.label() + e.what());
    } catch (const io::IoError& e) {
        throw io::IoError(where(pack, job.step->line) + job.label() + e.what());
    }
}

// Adds what `step` needs of its input to `u`, the union of its input's steps.
void merge_needs(steps::Needs& u, const Job& j, const PackFile& pack) {
    const auto n = j.s->needs();
    u.ids = u.ids || n.ids;
    u.location = u.location || n.location;
    u.lsoa = u.lsoa || n.lsoa;
    u.type = u.type || n.type || !j.theme->crime_types.empty();
    u.lonlat = u.lonlat || n.lonlat;
    for (const auto& w : j.s->filters().where)
        if (std::find(u.conditions.begin(), u.conditions.end(), w) == u.conditions.end()) u.conditions.push_back(w);
    for (const auto& w : n.conditions)  // conditions the step tests itself (a dashboard's flag themes)
        if (std::find(u.conditions.begin(), u.conditions.end(), w) == u.conditions.end()) u.conditions.push_back(w);
    if (u.conditions.size() > max_conditions)
        throw UsageError(where(pack, j.step->line) + j.label() +
                         fmt::format("the steps on input {} have {} different where conditions; at most {} can be "
                                     "tested in one reading",
                                     pack.inputs[j.input].name, u.conditions.size(), max_conditions));
    if (!n.group_column.empty()) {
        if (!u.group_column.empty() && u.group_column != n.group_column)
            throw UsageError(where(pack, j.step->line) + j.label() + "groups by column " + n.group_column +
                             " while another step groups by " + u.group_column + "; a pack reads one grouping column");
        u.group_column = n.group_column;
    }
}

Plan plan_pack(const PackFile& pack, steps::Context& ctx, steps::Log& log) {
    Plan plan;
    // The boundaries' dates against the periods: from the file alone, before reading a polygon.
    plan.area_warnings = check_area_dates(pack, log);
    steps::AreaParams area_params;
    area_params.areas = pack.areas;
    try {
        plan.areas = steps::read_area_layers(area_params, ctx);
    } catch (const std::exception& e) {
        // Name the [[areas]] table whose file failed.
        const std::string message = e.what();
        for (std::size_t i = 0; i < pack.areas.size(); ++i)
            if (message.find(io::parse_area_spec(pack.areas[i]).path) != std::string::npos)
                throw io::IoError(where(pack, pack.area_lines[i]) + "[[areas]] " + message);
        throw;
    }
    check_context(pack, plan.areas);
    for (const auto& in : pack.inputs) {
        plan.inputs.push_back(input_params(pack, in));
        try {
            plan.files.push_back(steps::expand(plan.inputs.back()));
        } catch (const io::IoError& e) {
            throw io::IoError(where(pack, in.line) + "inputs " + in.name + ": " + e.what());
        }
    }
    for (const auto& theme : pack.themes)
        for (const auto& step : pack.steps)
            for (std::size_t t = 0; t < step.themes.size(); ++t) {
                if (step.themes[t] != theme.name) continue;
                Job j;
                j.theme = &theme;
                j.step = &step;
                j.s = step.made[t];
                for (std::size_t i = 0; i < pack.inputs.size(); ++i)
                    if (pack.inputs[i].name == theme.input) j.input = i;
                j.log = std::make_unique<StepLog>(log, theme.name + "/" + step.name + ": ");
                // Said once on stderr (check_area_dates), kept with every theme's step in the manifest.
                if (const auto w = plan.area_warnings.find(&step); w != plan.area_warnings.end()) j.log->warnings = w->second;
                plan.jobs.push_back(std::move(j));
            }
    plan.needs.assign(pack.inputs.size(), steps::Needs{false, false, false, false, "", {}});
    plan.used.assign(pack.inputs.size(), false);
    for (auto& j : plan.jobs) {
        configure(j, pack, plan.inputs[j.input], plan.areas, ctx);
        merge_needs(plan.needs[j.input], j, pack);
        plan.used[j.input] = true;
        const auto& bw = j.s->input().columns.bandwidth;
        if (!bw.empty()) plan.inputs[j.input].columns.bandwidth = bw;
    }
    if (pack.publish.on && !pack.publish.sensitive_sites.empty()) {
        try {
            ctx.polygons(pack.publish.sensitive_sites, "sensitive-sites");
        } catch (const std::exception& e) {
            throw io::IoError(where(pack, pack.publish_line) + e.what());
        }
    }
    return plan;
}

// The maps of one theme share one colour scale per kind of value: the largest maximum. A
// surface in tiles keeps its own: its top is known only once its tiles are made, and a shard by
// tile makes them without the theme's other maps.
void share_scales(const std::vector<Job*>& jobs) {
    std::map<std::string, double> top;
    for (auto* j : jobs)
        if (j->run->ran() && !j->s->tiled())
            for (const auto& [units, v] : j->s->scales(j->run->result())) top[units] = std::max(top[units], v);
    for (auto* j : jobs)
        if (j->run->ran() && !j->s->tiled())
            for (const auto& [units, v] : top) j->s->share_scale(units, v);
}

io::FeatureTable area_table(const AreaLayer& layer, std::size_t g, const std::string& crs) {
    io::FeatureTable t;
    t.layer = "areas_" + layer.label();
    if (layer.generations().size() > 1) t.layer += fmt::format("_{}", g + 1);
    t.crs = crs;
    t.fields = {{"code", io::FieldType::text, ColumnRole::area}, {"name", io::FieldType::text, ColumnRole::area}};
    const auto& gen = layer.generations()[g];
    t.metadata = {{"generator", std::string("hotspots ") + version}, {"source", gen.source}};
    for (std::size_t i = 0; i < gen.index->size(); ++i) {
        t.rows.push_back({gen.index->code(i), gen.index->name(i)});
        t.geometries.push_back(gen.index->wkb(i));
    }
    return t;
}

// A shard by tile on a theme of another shard: the tiles of its tiled surfaces, nothing else.
void write_tiles_only(const std::vector<Job*>& jobs, PackOutputs& outputs) {
    for (auto* j : jobs) {
        if (j->run->ran()) {
            PackWriter writer(outputs, j->theme->name, j->theme->title, j->step->name, *j->log, false, true);
            j->run->write(writer);
        }
        j->log->flush();
        j->run->release();
    }
}

// The area layers under everything in the GeoPackage and the project; returns the extent the
// project opens on.
Box write_areas(PackOutputs& outputs, const Plan& plan, const std::vector<steps::Ingested*>& read, const PackFile& pack) {
    io::ProjectGroup group{"Areas", {}, false, true, ""};
    Box extent = Box::nothing();
    // The layer of most areas (wards) is drawn thin, the others (boroughs) heavier, as in the report.
    std::size_t finest = 0;
    for (const auto& layer : plan.areas.layers)
        for (const auto& gen : layer.generations()) finest = std::max(finest, gen.index->size());
    for (const auto& layer : plan.areas.layers)
        for (std::size_t g = 0; g < layer.generations().size(); ++g) {
            const auto table = area_table(layer, g, pack.work_crs);
            const bool coarse = layer.generations()[g].index->size() < finest;
            outputs.gpkg().add(table, io::area_style(coarse));
            const bool newest = g + 1 == layer.generations().size();
            group.layers.push_back({layer.label() + (newest ? "" : " (" + std::to_string(g + 1) + ")"),
                                    std::string("./") + PackOutputs::gpkg_name + "|layername=" + table.layer, false,
                                    "Polygon", io::area_style(coarse), newest});
            const auto& e = layer.generations()[g].index->extent();
            extent.include(e.xmin, e.ymin);
            extent.include(e.xmax, e.ymax);
        }
    outputs.gpkg().close();
    if (!group.layers.empty()) outputs.groups.push_back(group);
    if (!(extent.xmax > extent.xmin))  // no area layers: the incidents' extent
        for (const auto* b : read) {
            if (!b || b->set.incidents.empty()) continue;
            const Box e = extent_of(b->set);
            extent.include(e.xmin, e.ymin);
            extent.include(e.xmax, e.ymax);
        }
    return extent;
}

// The manifest's description of what was read and what was asked.
void describe_inputs(report::Manifest& m, const PackFile& pack, const Plan& plan, const std::vector<steps::Ingested*>& read,
                     const std::vector<std::string>& rejects_files, const report::Release* release) {
    // An input a step with a hidden count read says no count of its rows: a file holding one
    // theme's 3 robberies has 3 rows, and with several themes its rows less the shown ones'
    // counts are the hidden one's.
    std::vector<bool> hidden(pack.inputs.size(), false);
    if (release)
        for (const auto& j : plan.jobs)
            if (release->step_incidents(j.theme->name + "/" + j.step->name).is_string()) hidden[j.input] = true;
    m.generator = std::string("hotspots ") + version;
    m.versions = io::library_versions();
    m.pack = report::PackEntry{pack.path,
                               io::sha256_file(pack.path),
                               pack.title,
                               pack.month >= 0 ? fmt::format("{:04d}-{:02d}", pack.month / 12, pack.month % 12 + 1) : "",
                               pack.period,
                               pack.work_crs};
    for (std::size_t i = 0; i < pack.inputs.size(); ++i) {
        if (!plan.used[i]) continue;
        const auto& b = *read[i];
        std::vector<report::SourceEntry> files;
        for (const auto& s : b.set.sources)
            files.push_back({s.path, io::sha256_file(io::plain_path(s.path)), s.schema, s.crs, s.rows, s.loaded, s.rejected});
        m.inputs.push_back({pack.inputs[i].name, files, b.rows, b.loaded, b.rejected, rejects_files[i], std::nullopt,
                            hidden[i] ? "x" : ""});
    }
    if (release) m.published = report::publish_statement(pack.publish, release->audit().to_json());
    for (const auto& a : plan.areas.sources) {
        report::AreaEntry e;
        e.label = a.label;
        e.spec = a.spec;
        e.code_field = a.code_field;
        e.name_field = a.name_field;
        e.crs = a.crs;
        e.features = a.features;
        m.areas.push_back(std::move(e));
    }
    for (const auto& t : pack.themes) m.themes.push_back({t.name, t.title, t.input, t.within, t.harm_weights, t.crime_types});
}

// Every output with its size and checksum (many layers share the GeoPackage: one sum a file).
void list_outputs(report::Manifest& m, const PackOutputs& outputs, const std::string& folder, bool published) {
    for (const auto& r : outputs.records) {
        report::OutputEntry o;
        o.file = r.file;
        o.layer = r.layer;
        o.theme = r.theme;
        o.step = r.step;
        o.role = r.role;
        o.rows = r.rows;
        m.outputs.push_back(std::move(o));
    }
    for (const char* fixed : {"pack.gpkg", "pack.qgz", "report.txt"})
        if (std::string(fixed) != "report.txt" || !published) m.outputs.push_back({fixed, {}, {}, {}, {}, {}, {}, {}});
    for (const auto& c : m.context) m.outputs.push_back({c.copy, {}, {}, {}, {}, {}, {}, {}});
    std::map<std::string, std::string> sums;
    for (auto& o : m.outputs) {
        const auto path = fs::path(folder) / o.file;
        // A shard by tile has the tiles of a mosaic, not its VRT: merge sums it.
        if (!fs::exists(path)) continue;
        std::error_code ec;
        o.bytes = fs::file_size(path, ec);
        auto [it, added] = sums.emplace(o.file, "");
        if (added) it->second = io::sha256_file(path.string());
        o.sha256 = it->second;
    }
}

// Which shard the folder is, for the manifest and for merge: by tile, also the tiles it made
// of each tiled surface (their index, row by row from the north-west, and how many there are).
nlohmann::json shard_entry(const PackFile& pack, const Shard& shard, const std::vector<nlohmann::json>& mosaics) {
    nlohmann::json themes = nlohmann::json::array();
    for (std::size_t t = 0; t < pack.themes.size(); ++t)
        if (shard.holds(t)) themes.push_back(pack.themes[t].name);
    nlohmann::json entry = {{"index", shard.index}, {"count", shard.count}, {"by", shard.by()}, {"themes", themes}};
    if (!shard.by_tile) return entry;
    entry["tiles"] = nlohmann::json::array();
    for (const auto& m : mosaics)
        entry["tiles"].push_back({{"file", m.at("file")}, {"of", io::part_tile_count(m)}, {"made", io::part_tiles(m)}});
    return entry;
}

// By tile: a pack needs a surface made in tiles.
void check_tiled(const PackFile& pack, const Plan& plan, const Shard& shard) {
    if (!shard.by_tile) return;
    for (const auto& j : plan.jobs)
        if (j.s->tiled()) return;
    throw UsageError("--shard-by tile: no step of " + pack.path +
                     " makes its surface in tiles; give a kde step a tile size (tile-size = \"10km\", its density then a "
                     "VRT mosaic of tiles), or shard by theme (--shard-by theme)");
}

}  // namespace

PackSummary run_pack(const PackFile& pack, const PackOptions& options, steps::Log& log) {
    const auto start = Clock::now();
    steps::Context ctx(pack.work_crs, options.threads, log);

    // Everything the file names, checked before any incident is read.
    if (options.shard.on() && pack.publish.on)
        throw UsageError("--shard: a published pack is protected as a whole (docs/publish.md); publish the unsharded pack");
    Plan plan = plan_pack(pack, ctx, log);
    check_tiled(pack, plan, options.shard);
    for (const auto& j : plan.jobs) {
        try {
            report::check_publish_tiles(pack.publish, *j.s);
        } catch (const UsageError& e) {
            throw UsageError(where(pack, j.step->line) + j.label() + e.what());
        }
    }
    log.stage(fmt::format("pack checked: {} steps on {} themes", plan.jobs.size(), pack.themes.size()));
    const double checks_s = since(start);
    if (options.check_only) {
        PackSummary checked;
        checked.steps = plan.jobs.size();
        checked.seconds = checks_s;
        return checked;
    }

    std::vector<std::string> read_files;
    for (const auto& f : plan.files) read_files.insert(read_files.end(), f.begin(), f.end());
    read_files.insert(read_files.end(), plan.areas.files.begin(), plan.areas.files.end());
    read_files.insert(read_files.end(), ctx.files_read().begin(), ctx.files_read().end());
    read_files.insert(read_files.end(), pack.context.begin(), pack.context.end());  // --replace must not delete them
    std::vector<std::string> kept = read_files;
    kept.push_back(pack.path);
    for (const auto& in : pack.inputs) kept.insert(kept.end(), in.files.begin(), in.files.end());  // folders and globs as given
    io::AtomicFolder folder(options.output, options.replace, kept);

    // Each input read once and mapped to the areas once.
    auto t_read = Clock::now();
    std::vector<runner::SharedReading> readings(pack.inputs.size());
    std::vector<steps::Ingested*> base(pack.inputs.size(), nullptr);
    std::vector<std::string> rejects_files(pack.inputs.size());
    for (std::size_t i = 0; i < pack.inputs.size(); ++i) {
        if (!plan.used[i]) continue;
        auto ip = plan.inputs[i];
        // Rejected rows are incident records: a published pack lists none.
        if (!pack.publish.on) {
            rejects_files[i] = "rejects-" + pack.inputs[i].name + ".csv";
            ip.rejects = (fs::path(folder.temp_path()) / rejects_files[i]).string();
        }
        log.note(fmt::format("inputs {}: {} files", pack.inputs[i].name, plan.files[i].size()));
        base[i] = &readings[i].read(ip, plan.files[i], plan.needs[i], plan.areas, pack.publish, ctx);
    }
    const double reading_s = since(t_read);

    // The steps, theme by theme; a theme's products are written once all its steps ran (its
    // density maps share a colour scale).
    auto t_steps = Clock::now();
    const std::string stamp = pack.month >= 0 ? format_date(days_from_civil(pack.month / 12, pack.month % 12 + 1, 1) *
                                                            seconds_per_day) + "T00:00:00.000Z"
                                              : "2000-01-01T00:00:00.000Z";
    PackOutputs outputs(folder, stamp, pack.geojson, read_files);
    if (options.shard.by_tile) {
        outputs.tile_index = options.shard.index;
        outputs.tile_count = options.shard.count;
    }
    PackSummary summary;
    report::Manifest manifest;
    // Published: every product of every theme is one release, protected as a whole.
    std::unique_ptr<report::Release> release;
    if (pack.publish.on) release = std::make_unique<report::Release>(pack.publish, log);
    const unsigned threads = thread_count(options.threads);
    // A shard checks and reads as the whole pack does (the same rejects, the same manifest of
    // inputs) and runs its themes only.
    ShardParts parts;
    std::size_t shard_jobs = 0;
    for (std::size_t theme_index = 0; theme_index < pack.themes.size(); ++theme_index) {
        // By tile, a theme of another shard: its tiled surfaces only, for their tiles.
        const bool tiles_only = !options.shard.holds(theme_index);
        if (tiles_only && !options.shard.by_tile) continue;
        const auto& theme = pack.themes[theme_index];
        const auto report_start = summary.report.size();
        std::vector<Job*> theme_jobs;
        for (auto& j : plan.jobs)
            if (j.theme == &theme && (!tiles_only || j.s->tiled())) theme_jobs.push_back(&j);
        if (!tiles_only) shard_jobs += theme_jobs.size();
        // A theme's steps run side by side, the threads shared out between them: most steps
        // use one core for part of their work. Each step's result does not depend on its
        // threads, so the products are the same whatever runs with what.
        const auto side_by_side =
            static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, theme_jobs.size())));
        try {
            parallel_items(theme_jobs.size(), side_by_side, [&](std::size_t k, unsigned) {
                Job* j = theme_jobs[k];
                steps::Context step_ctx = ctx.with_threads(std::max(1u, threads / side_by_side));
                step_ctx.set_log(*j->log);
                steps::Ingested in;
                try {
                    in = runner::SharedReading::select(*base[j->input], j->s->filters(), j->theme->harm_weights, step_ctx, *j->log);
                } catch (const UsageError& e) {
                    throw UsageError("theme " + j->theme->name + ": " + e.what());
                }
                // No incidents in its periods (an input that ends before the pack month, a
                // theme quiet that month): the step is skipped and says why; the rest of the
                // pack is made.
                const auto reason = skip_reason(*j->s, *base[j->input], in, pack.inputs[j->input].name);
                if (!reason.empty()) {
                    j->log->warning("skipped: " + reason);
                    j->run->skip(std::move(in), reason);
                    return;
                }
                try {
                    j->run->run(std::move(in), step_ctx, j->label());
                } catch (const UsageError& e) {
                    throw UsageError(where(pack, j->step->line) + e.what());
                }
            });
        } catch (...) {
            for (auto* j : theme_jobs) j->log->flush();
            throw;
        }
        for (auto* j : theme_jobs) j->log->flush();
        if (tiles_only) {
            write_tiles_only(theme_jobs, outputs);
            continue;
        }
        if (pack.shared_scale) share_scales(theme_jobs);
        const auto first_ran = std::find_if(theme_jobs.begin(), theme_jobs.end(), [](const Job* j) { return j->run->ran(); });
        for (auto* j : theme_jobs) {
            if (j->run->skipped()) {
                auto entry = j->run->entry(j->step->name, theme.name);
                entry.line = j->step->line;
                entry.warnings = j->log->warnings;
                summary.report += fmt::format("== {} / {} ==\nskipped: {}\n\n", theme.name, j->step->name, *entry.skipped);
                manifest.steps.push_back(std::move(entry));
                summary.warnings += j->log->warnings.size();
                ++summary.skipped;
                j->run->release();
                continue;
            }
            auto writer = std::make_unique<PackWriter>(outputs, theme.name, theme.title, j->step->name, *j->log,
                                                       first_ran != theme_jobs.end() && j == *first_ran);
            if (release)
                j->run->write(release->step(std::move(writer), j->s->info(), j->run->data(), j->input,
                                            theme.name + "/" + j->step->name, *j->log));
            else
                j->run->write(*writer);
            j->log->flush();
            const std::string text = j->run->summary();
            if (!text.empty()) summary.report += fmt::format("== {} / {} ==\n{}\n", theme.name, j->step->name, text);
            auto entry = j->run->entry(j->step->name, theme.name);
            entry.line = j->step->line;
            entry.warnings = j->log->warnings;
            if (release) {
                entry.headline.reset();  // its figures come from counts before suppression
                report::published_parameters(entry.parameters);
            }
            manifest.steps.push_back(std::move(entry));
            summary.warnings += j->log->warnings.size();
            j->run->release();
        }
        parts.reports.emplace_back(theme.name, summary.report.substr(report_start));
    }
    if (summary.skipped == shard_jobs && shard_jobs > 0) {
        // Nothing to make: an error, not an empty pack.
        std::vector<const steps::Step*> made;
        for (const auto& j : plan.jobs) made.push_back(j.s.get());
        throw std::runtime_error(nothing_in_period(pack, made, {base.begin(), base.end()}));
    }
    if (release) {
        release->commit();
        // The steps' counts of incidents as the release publishes them; what they filtered out
        // would give them back.
        for (auto& e : manifest.steps) {
            if (!e.skipped) e.incidents = release->step_incidents(e.theme + "/" + e.name);
            e.filtered_out.reset();
        }
    }
    const double steps_s = since(t_steps);

    // The area layers under everything, then the project, then the manifest.
    auto t_write = Clock::now();
    const Box extent = write_areas(outputs, plan, base, pack);
    write_context(pack, extent, folder.temp_path(), stamp, outputs.groups, manifest, log);
    io::Project project{pack.title.empty() ? "hotspots pack" : pack.title, pack.work_crs, extent, outputs.groups};
    io::write_qgz((fs::path(folder.temp_path()) / "pack.qgz").string(), project);
    if (options.shard.on()) {
        parts.project = project;
        parts.mosaics = outputs.mosaics;
        for (const auto& g : project.groups) parts.group_themes.push_back(g.theme);
        io::write_text((fs::path(folder.temp_path()) / shard_file).string(), to_json(parts).dump(1) + "\n", read_files);
    }
    // The steps' printed summaries show counts before suppression: a published pack has none.
    if (!pack.publish.on) io::write_text((fs::path(folder.temp_path()) / "report.txt").string(), summary.report, read_files);

    describe_inputs(manifest, pack, plan, base, rejects_files, release.get());
    list_outputs(manifest, outputs, folder.temp_path(), pack.publish.on);
    manifest.seconds = report::Seconds{ms(checks_s), ms(reading_s), ms(steps_s), ms(since(t_write)), ms(since(start))};
    auto manifest_json = report::to_json(manifest);
    if (options.shard.on()) manifest_json["shard"] = shard_entry(pack, options.shard, outputs.mosaics);
    io::write_text((fs::path(folder.temp_path()) / "manifest.json").string(),
                   manifest_json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", read_files);
    folder.commit();

    summary.folder = folder.path();
    summary.steps = options.shard.on() ? shard_jobs : plan.jobs.size();
    summary.outputs = manifest.outputs.size() + 1;
    summary.seconds = since(start);
    return summary;
}

}  // namespace hotspots::pack
