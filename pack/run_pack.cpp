#include "pack/run_pack.hpp"

#include "model/version.hpp"
#include "io/source_check.hpp"
#include "io/folder.hpp"
#include "io/gdal_util.hpp"
#include "io/qgis_style.hpp"
#include "io/table_writer.hpp"
#include "io/versions.hpp"
#include "model/parallel.hpp"
#include "pack/pack_writer.hpp"
#include "steps/kde.hpp"
#include "steps/publish.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <map>

namespace hotspots::pack {
namespace fs = std::filesystem;
using steps::UsageError;

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Messages of one step on one theme: prefixed, held while steps run side by side and passed
// on in the pack's order (flush), and the warnings kept for the manifest.
class StepLog : public steps::Log {
public:
    StepLog(steps::Log& out, std::string prefix) : m_out(out), m_prefix(std::move(prefix)) {}
    void note(const std::string& text) override { m_held.push_back({Kind::note, m_prefix + text}); }
    void warning(const std::string& text) override {
        m_held.push_back({Kind::warning, m_prefix + text});
        warnings.push_back(text);
    }
    void stage(const std::string& name) override { m_held.push_back({Kind::stage, m_prefix + name}); }
    int verbose() const override { return m_out.verbose(); }
    void flush() {
        for (const auto& [kind, text] : m_held) {
            if (kind == Kind::note) m_out.note(text);
            else if (kind == Kind::warning) m_out.warning(text);
            else m_out.stage(text);
        }
        m_held.clear();
    }
    std::vector<std::string> warnings;

private:
    enum class Kind { note, warning, stage };
    steps::Log& m_out;
    std::string m_prefix;
    std::vector<std::pair<Kind, std::string>> m_held;
};

struct Job {
    const PackTheme* theme = nullptr;
    const PackStep* step = nullptr;
    std::size_t input = 0;
    std::unique_ptr<steps::Step> s;
    std::unique_ptr<StepLog> log;
    steps::Ingested data;
    std::unique_ptr<steps::Result> result;
    double seconds = 0;
    std::string label() const { return "step " + step->name + " on theme " + theme->name + ": "; }
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

// Makes the step of `job` with the pack's settings; checks it against the area layers and
// reads its side files (through ctx, once for the whole pack).
void configure(Job& job, const PackFile& pack, const steps::InputParams& input, const steps::AreaLayers& areas,
               steps::Context& ctx) {
    auto& step = job.s;
    step = steps::make_step(job.step->run);
    auto& params = step->params();
    step->input() = input;
    const auto fail = [&](int line, const std::string& message) { throw UsageError(where(pack, line) + job.label() + message); };
    for (const auto& s : job.step->options) {
        try {
            params.set(*params.find(s.key), s.values, s.key);
        } catch (const UsageError& e) {
            fail(s.line, e.what());
        }
    }
    step->filters().crime_types = job.theme->crime_types;
    if (step->filters().within.empty()) step->filters().within = job.theme->within;
    auto& conditions = step->filters().where;
    conditions.insert(conditions.begin(), job.theme->where.begin(), job.theme->where.end());
    for (auto& p : params.all())
        if (p.kind == steps::ParamKind::output && p.group == steps::ParamGroup::output && !p.role.empty() &&
            step->makes(p.role))
            params.set(p, {p.role + pack_extension(p.extensions)});
    try {
        step->check(ctx, areas);
        steps::check_filters(step->filters(), areas, step->weighs_incidents());
        if (!job.theme->harm_weights.empty()) ctx.weights(job.theme->harm_weights, "harm-weights");
    } catch (const UsageError& e) {
        fail(job.step->line, e.what());
    } catch (const io::IoError& e) {
        throw io::IoError(where(pack, job.step->line) + job.label() + e.what());
    }
}

// The incidents of one step on one theme: the theme's types, the step's period and area.
steps::Ingested subset(const steps::Ingested& base, Job& job, steps::Context& ctx) {
    steps::Ingested in;
    try {
        in = steps::select_period_type(base, job.s->filters());
    } catch (const UsageError& e) {
        throw UsageError("theme " + job.theme->name + ": " + e.what());
    }
    steps::filter_within(in, job.s->filters());
    if (!job.theme->harm_weights.empty())
        steps::apply_harm_weights(in.set, ctx.weights(job.theme->harm_weights, "harm-weights"), job.theme->harm_weights);
    steps::log_filtered(in, *job.log);
    return in;
}

// Maps of one theme share one colour scale per kind of value: the largest maximum.
void share_scales(std::vector<Job*>& jobs) {
    std::map<std::string, double> top;
    for (auto* j : jobs)
        if (const auto* r = dynamic_cast<const steps::KdeResult*>(j->result.get())) top[r->units] = std::max(top[r->units], r->max_value);
    for (auto* j : jobs)
        if (const auto* r = dynamic_cast<const steps::KdeResult*>(j->result.get())) {
            auto* p = j->s->params().find("scale-max");
            if (p && !p->given && top[r->units] > 0) j->s->params().set(*p, {fmt::format("{}", top[r->units])});
        }
}

io::FeatureTable area_table(const AreaLayer& layer, std::size_t g, const std::string& crs) {
    io::FeatureTable t;
    t.layer = "areas_" + layer.label();
    if (layer.generations().size() > 1) t.layer += fmt::format("_{}", g + 1);
    t.crs = crs;
    t.fields = {{"code", io::FieldType::text}, {"name", io::FieldType::text}};
    const auto& gen = layer.generations()[g];
    t.metadata = {{"generator", std::string("hotspots ") + version}, {"source", gen.source}};
    for (std::size_t i = 0; i < gen.index->size(); ++i) {
        t.rows.push_back({gen.index->code(i), gen.index->name(i)});
        t.geometries.push_back(gen.index->wkb(i));
    }
    return t;
}

}  // namespace

PackSummary run_pack(const PackFile& pack, const PackOptions& options, steps::Log& log) {
    const auto start = Clock::now();
    steps::Context ctx(pack.work_crs, options.threads, log);

    // Everything the file names, checked before any incident is read.
    steps::AreaParams area_params;
    area_params.areas = pack.areas;
    const steps::AreaLayers areas = [&] {
        try {
            return steps::read_area_layers(area_params, ctx);
        } catch (const std::exception& e) {
            // Name the [[areas]] table whose file failed.
            const std::string message = e.what();
            for (std::size_t i = 0; i < pack.areas.size(); ++i)
                if (message.find(io::parse_area_spec(pack.areas[i]).path) != std::string::npos)
                    throw io::IoError(where(pack, pack.area_lines[i]) + "[[areas]] " + message);
            throw;
        }
    }();
    std::vector<steps::InputParams> inputs;
    std::vector<std::vector<std::string>> files;
    for (const auto& in : pack.inputs) {
        inputs.push_back(input_params(pack, in));
        try {
            files.push_back(steps::expand(inputs.back()));
        } catch (const io::IoError& e) {
            throw io::IoError(where(pack, in.line) + "inputs " + in.name + ": " + e.what());
        }
    }
    std::vector<Job> jobs;
    for (const auto& theme : pack.themes)
        for (const auto& step : pack.steps)
            if (std::find(step.themes.begin(), step.themes.end(), theme.name) != step.themes.end()) {
                Job j;
                j.theme = &theme;
                j.step = &step;
                for (std::size_t i = 0; i < pack.inputs.size(); ++i)
                    if (pack.inputs[i].name == theme.input) j.input = i;
                j.log = std::make_unique<StepLog>(log, theme.name + "/" + step.name + ": ");
                jobs.push_back(std::move(j));
            }
    std::vector<steps::Needs> needs(pack.inputs.size(), steps::Needs{false, false, false, false, "", {}});
    std::vector<bool> used(pack.inputs.size(), false);
    for (auto& j : jobs) {
        configure(j, pack, inputs[j.input], areas, ctx);
        const auto n = j.s->needs();
        auto& u = needs[j.input];
        used[j.input] = true;
        u.ids = u.ids || n.ids;
        u.location = u.location || n.location;
        u.lsoa = u.lsoa || n.lsoa;
        u.type = u.type || n.type || !j.theme->crime_types.empty();
        for (const auto& w : j.s->filters().where)
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
        const auto& bw = j.s->input().columns.bandwidth;
        if (!bw.empty()) inputs[j.input].columns.bandwidth = bw;
    }
    if (pack.publish.on && !pack.publish.sensitive_sites.empty()) {
        try {
            ctx.polygons(pack.publish.sensitive_sites, "sensitive-sites");
        } catch (const std::exception& e) {
            throw io::IoError(where(pack, pack.publish_line) + e.what());
        }
    }
    log.stage(fmt::format("pack checked: {} steps on {} themes", jobs.size(), pack.themes.size()));
    const double checks_s = since(start);

    std::vector<std::string> read_files;
    for (const auto& f : files) read_files.insert(read_files.end(), f.begin(), f.end());
    read_files.insert(read_files.end(), areas.files.begin(), areas.files.end());
    read_files.insert(read_files.end(), ctx.files_read().begin(), ctx.files_read().end());
    read_files.push_back(pack.path);
    io::AtomicFolder folder(options.output, options.replace, read_files);

    // Each input read once and mapped to the areas once.
    auto t_read = Clock::now();
    std::vector<steps::Ingested> base(pack.inputs.size());
    std::vector<std::string> rejects_files(pack.inputs.size());
    std::vector<std::uint64_t> removed(pack.inputs.size(), 0);  // in sensitive sites, when publishing
    for (std::size_t i = 0; i < pack.inputs.size(); ++i) {
        if (!used[i]) continue;
        auto ip = inputs[i];
        // Rejected rows are incident records: a published pack lists none.
        if (!pack.publish.on) {
            rejects_files[i] = "rejects-" + pack.inputs[i].name + ".csv";
            ip.rejects = (fs::path(folder.temp_path()) / rejects_files[i]).string();
        }
        log.note(fmt::format("inputs {}: {} files", pack.inputs[i].name, files[i].size()));
        base[i] = steps::read_incidents(ip, files[i], needs[i], ctx);
        steps::map_areas(base[i], areas, ctx);
        removed[i] = steps::remove_sensitive(base[i], pack.publish, ctx);
    }
    const double reading_s = since(t_read);

    // The steps, theme by theme; a theme's products are written once all its steps ran (its
    // density maps share a colour scale).
    auto t_steps = Clock::now();
    const std::string stamp = pack.month >= 0 ? format_date(days_from_civil(pack.month / 12, pack.month % 12 + 1, 1) *
                                                            seconds_per_day) + "T00:00:00.000Z"
                                              : "2000-01-01T00:00:00.000Z";
    PackOutputs outputs(folder, stamp, pack.geojson, read_files);
    PackSummary summary;
    nlohmann::json step_entries = nlohmann::json::array();
    const unsigned threads = thread_count(options.threads);
    for (const auto& theme : pack.themes) {
        std::vector<Job*> theme_jobs;
        for (auto& j : jobs)
            if (j.theme == &theme) theme_jobs.push_back(&j);
        // A theme's steps run side by side, the threads shared out between them: most steps
        // use one core for part of their work. Each step's result does not depend on its
        // threads, so the products are the same whatever runs with what.
        const auto side_by_side =
            static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, theme_jobs.size())));
        try {
            parallel_items(theme_jobs.size(), side_by_side, [&](std::size_t k, unsigned) {
                Job* j = theme_jobs[k];
                const auto t = Clock::now();
                steps::Context step_ctx = ctx.with_threads(std::max(1u, threads / side_by_side));
                step_ctx.set_log(*j->log);
                j->data = subset(base[j->input], *j, step_ctx);
                try {
                    j->result = j->s->run(j->data, step_ctx);
                } catch (const UsageError& e) {
                    throw UsageError(where(pack, j->step->line) + j->label() + e.what());
                } catch (const std::exception& e) {
                    throw std::runtime_error(j->label() + e.what());
                }
                j->seconds = since(t);
            });
        } catch (...) {
            for (auto* j : theme_jobs) j->log->flush();
            throw;
        }
        for (auto* j : theme_jobs) j->log->flush();
        if (pack.shared_scale) share_scales(theme_jobs);
        for (auto* j : theme_jobs) {
            const auto t = Clock::now();
            PackWriter writer(outputs, theme.name, theme.title, j->step->name, j == theme_jobs.front());
            steps::PublishWriter published(writer, pack.publish, removed[j->input], *j->log);
            j->s->write(*j->result, pack.publish.on ? static_cast<steps::Writer&>(published) : writer);
            j->log->flush();
            const std::string text = j->s->report(*j->result);
            if (!text.empty()) summary.report += fmt::format("== {} / {} ==\n{}\n", theme.name, j->step->name, text);
            j->seconds += since(t);
            step_entries.push_back({{"name", j->step->name},
                                    {"run", j->step->run},
                                    {"theme", theme.name},
                                    {"line", j->step->line},
                                    {"parameters", steps::params_json(j->s->params())},
                                    {"incidents", steps::published_count(j->data.set.incidents.size(), pack.publish)},
                                    {"filtered_out",
                                     {{"before_from", j->data.filtered.before_from},
                                      {"after_to", j->data.filtered.after_to},
                                      {"other_type", j->data.filtered.other_type},
                                      {"outside_within", j->data.filtered.outside_within}}},
                                    {"seconds", std::round(j->seconds * 1000) / 1000},
                                    {"warnings", j->log->warnings}});
            summary.warnings += j->log->warnings.size();
            j->result.reset();
            j->data = {};
        }
    }
    const double steps_s = since(t_steps);

    // The area layers under everything, then the project, then the manifest.
    auto t_write = Clock::now();
    io::ProjectGroup area_group{"Areas", {}, false, true};
    Box extent = Box::nothing();
    for (const auto& layer : areas.layers)
        for (std::size_t g = 0; g < layer.generations().size(); ++g) {
            const auto table = area_table(layer, g, pack.work_crs);
            outputs.gpkg().add(table, io::area_style());
            const bool latest = g + 1 == layer.generations().size();
            area_group.layers.push_back({layer.label() + (latest ? "" : " (" + std::to_string(g + 1) + ")"),
                                         std::string("./") + PackOutputs::gpkg_name + "|layername=" + table.layer, false,
                                         "Polygon", io::area_style(), latest});
            const auto& e = layer.generations()[g].index->extent();
            extent.include(e.xmin, e.ymin);
            extent.include(e.xmax, e.ymax);
        }
    outputs.gpkg().close();
    if (!area_group.layers.empty()) outputs.groups.push_back(area_group);
    if (!(extent.xmax > extent.xmin))  // no area layers: the incidents' extent
        for (const auto& b : base) {
            if (b.set.incidents.empty()) continue;
            const Box e = extent_of(b.set);
            extent.include(e.xmin, e.ymin);
            extent.include(e.xmax, e.ymax);
        }
    io::Project project{pack.title.empty() ? "hotspots pack" : pack.title, pack.work_crs, extent, outputs.groups};
    io::write_qgz((fs::path(folder.temp_path()) / "pack.qgz").string(), project);
    // The steps' printed summaries show counts before suppression: a published pack has none.
    if (!pack.publish.on) io::write_text((fs::path(folder.temp_path()) / "report.txt").string(), summary.report, read_files);

    nlohmann::json manifest;
    manifest["generator"] = std::string("hotspots ") + version;
    manifest["versions"] = io::library_versions();
    manifest["pack"] = {{"file", pack.path},
                        {"sha256", io::sha256_file(pack.path)},
                        {"title", pack.title},
                        {"month", pack.month >= 0 ? fmt::format("{:04d}-{:02d}", pack.month / 12, pack.month % 12 + 1) : ""},
                        {"period", pack.period},
                        {"work_crs", pack.work_crs}};
    nlohmann::json input_entries = nlohmann::json::array();
    for (std::size_t i = 0; i < pack.inputs.size(); ++i) {
        if (!used[i]) continue;
        nlohmann::json file_entries = nlohmann::json::array();
        for (const auto& s : base[i].set.sources)
            file_entries.push_back({{"path", s.path}, {"sha256", io::sha256_file(io::plain_path(s.path))}, {"schema", s.schema},
                                    {"crs", s.crs}, {"rows", s.rows}, {"loaded", s.loaded}, {"rejected", s.rejected}});
        input_entries.push_back({{"name", pack.inputs[i].name},
                                 {"files", file_entries},
                                 {"rows", base[i].rows},
                                 {"loaded", base[i].loaded},
                                 {"rejected", base[i].rejected},
                                 {"rejects_file", rejects_files[i]}});
        if (pack.publish.on && !pack.publish.sensitive_sites.empty())
            input_entries.back()["removed_in_sensitive_sites"] = removed[i];
    }
    manifest["inputs"] = input_entries;
    if (pack.publish.on) {
        std::uint64_t total = 0;
        for (auto r : removed) total += r;
        manifest["published"] = steps::publish_statement(pack.publish, total);
    }
    nlohmann::json area_entries = nlohmann::json::array();
    for (const auto& a : areas.sources)
        area_entries.push_back({{"spec", a.spec}, {"label", a.label}, {"code_field", a.code_field},
                                {"name_field", a.name_field}, {"crs", a.crs}, {"features", a.features}});
    manifest["areas"] = area_entries;
    nlohmann::json theme_entries = nlohmann::json::array();
    for (const auto& t : pack.themes)
        theme_entries.push_back({{"name", t.name}, {"title", t.title}, {"input", t.input}, {"crime_types", t.crime_types},
                                 {"within", t.within}, {"harm_weights", t.harm_weights}});
    manifest["themes"] = theme_entries;
    manifest["steps"] = step_entries;
    nlohmann::json output_entries = nlohmann::json::array();
    for (const auto& r : outputs.records)
        output_entries.push_back({{"file", r.file}, {"layer", r.layer}, {"theme", r.theme}, {"step", r.step},
                                  {"role", r.role}, {"rows", r.rows}});
    output_entries.push_back({{"file", "pack.gpkg"}});
    output_entries.push_back({{"file", "pack.qgz"}});
    if (!pack.publish.on) output_entries.push_back({{"file", "report.txt"}});
    std::map<std::string, std::string> sums;  // many layers share the GeoPackage: one sum a file
    for (auto& o : output_entries) {
        const std::string name = o["file"].get<std::string>();
        const auto path = fs::path(folder.temp_path()) / name;
        std::error_code ec;
        o["bytes"] = fs::file_size(path, ec);
        auto [it, added] = sums.emplace(name, "");
        if (added) it->second = io::sha256_file(path.string());
        o["sha256"] = it->second;
    }
    manifest["outputs"] = output_entries;
    manifest["seconds"] = {{"checks", std::round(checks_s * 1000) / 1000},
                           {"reading", std::round(reading_s * 1000) / 1000},
                           {"steps", std::round(steps_s * 1000) / 1000},
                           {"writing", std::round(since(t_write) * 1000) / 1000},
                           {"total", std::round(since(start) * 1000) / 1000}};
    io::write_text((fs::path(folder.temp_path()) / "manifest.json").string(), manifest.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", read_files);
    folder.commit();

    summary.folder = folder.path();
    summary.steps = jobs.size();
    summary.outputs = output_entries.size() + 1;
    summary.seconds = since(start);
    return summary;
}

}  // namespace hotspots::pack
