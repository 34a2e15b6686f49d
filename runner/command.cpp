// A command's life-cycle: the step checked before any incident is read, its incidents read for
// it, run, its products written to the files its options name (all or none), and the report of
// them when --report asks.
#include "io/area_reader.hpp"
#include "io/atomic_file.hpp"
#include "io/table_writer.hpp"
#include "io/versions.hpp"
#include "model/version.hpp"
#include "report/published_text.hpp"
#include "runner/file_writer.hpp"
#include "runner/runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace hotspots::runner {
namespace {

using steps::UsageError;

// The command's messages passed on, its warnings kept for the report's front page.
class KeepWarnings : public steps::Log {
public:
    explicit KeepWarnings(steps::Log& out) : m_out(out) {}
    void note(const std::string& text) override { m_out.note(text); }
    void warning(const std::string& text) override {
        {
            std::lock_guard<std::mutex> guard(m_lock);
            warnings.push_back(text);
        }
        m_out.warning(text);
    }
    void stage(const std::string& name) override { m_out.stage(name); }
    void progress(const std::string& text) override { m_out.progress(text); }
    void done_progress() override { m_out.done_progress(); }
    int verbose() const override { return m_out.verbose(); }
    std::vector<std::string> warnings;

private:
    steps::Log& m_out;
    std::mutex m_lock;
};

// The manifest of one command: one theme (its crime types, or every incident), one step, the
// files this run wrote.
report::Manifest command_manifest(const StepRun& run, const FrontParams& front, const FileWriter& writer,
                                  const std::vector<std::string>& warnings, const report::Release* release,
                                  std::string& title) {
    const auto& step = run.step();
    const auto& in = run.data();
    const std::string command = step.info().name;
    const auto& f = step.filters();
    std::string id;
    for (const auto& t : f.crime_types) {
        std::string plain;
        for (char c : t) plain += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
        id += (id.empty() ? "" : "_") + plain;
        title += (title.empty() ? "" : ", ") + t;
    }
    if (id.empty()) id = "all", title = "All incidents";
    report::Manifest m;
    m.generator = std::string("hotspots ") + version;
    m.versions = io::library_versions();
    m.period = f.from_text.empty() && f.to_text.empty()
                   ? "of the data " + steps::period_text(in.set)
                   : (f.from_text.empty() ? "" : "from " + f.from_text) + (f.to_text.empty() ? "" : " to " + f.to_text);
    m.themes.push_back({id, title, std::nullopt, std::nullopt, std::nullopt, f.crime_types});
    auto entry = run.entry(command, id);
    entry.warnings = warnings;
    if (entry.period) m.period = *entry.period;
    if (release) {
        entry.incidents = release->step_incidents(command);
        entry.filtered_out.reset();
        entry.headline.reset();  // its figures come from counts before suppression
        report::published_parameters(entry.parameters);
    }
    // A step count the release hides is not given back by its input: rows read and loaded
    // equal it when the file holds only its incidents, and the data's first and last dates are
    // two of theirs. "x", not the step's "<5": the file may hold other rows too.
    std::string hidden;
    if (release && entry.incidents.is_string()) {
        hidden = "x";
        if (!entry.period && f.from_text.empty() && f.to_text.empty()) m.period = "of the data";
    }
    m.steps.push_back(std::move(entry));
    m.inputs.push_back({"incidents", std::nullopt, in.rows, in.loaded, in.rejected,
                        step.input().rejects, std::nullopt, hidden});
    // Boundaries from the area files as given (a pack copies them into its GeoPackage).
    for (const auto& a : in.area_sources) {
        const auto spec = io::parse_area_spec(a.spec);
        report::AreaEntry e;
        e.label = a.label;
        e.file = spec.path;
        e.layer = spec.layer;
        m.areas.push_back(std::move(e));
    }
    for (const auto& [role, file] : writer.written) {
        report::OutputEntry o;
        o.file = file;
        o.layer = "";
        o.theme = id;
        o.step = command;
        o.role = role;
        m.outputs.push_back(std::move(o));
    }
    if (release) m.published = report::publish_statement(front.publish, release->audit().to_json());
    return m;
}

// The --context layers, and beneath them the line files the step's products name (a walk's
// --network), each once: the map of a walk is drawn over the streets it walked.
std::vector<std::string> report_context(const steps::Step& step, std::vector<std::string> context) {
    const auto values = steps::params_json(step.params());
    for (const auto& p : step.info().products) {
        if (p.context_from.empty()) continue;
        const auto v = values.find(p.context_from);
        if (v == values.end() || !v->is_string() || v->get<std::string>().empty()) continue;
        const std::string file = v->get<std::string>();
        if (std::find(context.begin(), context.end(), file) == context.end()) context.insert(context.begin(), file);
    }
    return context;
}

}  // namespace

std::string run_command(steps::Step& step, const FrontParams& front, const steps::Params& front_params, steps::Log& log) {
    const auto& settings = step.run_params();
    KeepWarnings kept(log);
    steps::Context ctx(step.input().work_crs, settings.threads, kept);
    StepRun run(step);
    steps::AreaLayers areas;
    std::vector<std::string> files;
    if (step.reads_incidents()) {
        if (!front.check) steps::prepare_reading(step.input(), ctx);  // on the core the areas leave idle
        areas = steps::read_area_layers(step.areas(), ctx);
        files = steps::expand(step.input());
    }
    run.check(ctx, areas);
    const bool incidents = step.reads_incidents() && step.wants_incidents();  // known once checked
    if (step.reads_incidents()) report::check_publish(front.publish, front_params, ctx);
    report::check_publish_tiles(front.publish, step);
    if (front.report.file.empty() && front_params.find("marking") && front_params.find("marking")->given)
        throw UsageError("--marking is an option of --report; add --report FILE.html");
    for (const char* name : {"context", "map-places", "trend-months"})
        if (front.report.file.empty() && front_params.find(name) && front_params.find(name)->given)
            throw UsageError(std::string("--") + name + " is an option of --report; add --report FILE.html");
    report::check_report_context(front.report.context);
    std::vector<std::string> read = files;
    read.insert(read.end(), areas.files.begin(), areas.files.end());
    read.insert(read.end(), ctx.files_read().begin(), ctx.files_read().end());
    std::vector<std::string> styled;  // products written with a QGIS style
    if (!step.no_style())
        for (const auto& p : step.info().products)
            if ((p.kind == steps::ProductKind::raster || p.kind == steps::ProductKind::features) && !p.unstyled)
                styled.push_back(p.role);
    check_outputs({&step.params(), &front_params}, read, styled);
    kept.stage("options checked");
    if (front.check) {
        kept.note(fmt::format("checked: the options, {} input files and {} other files; nothing read or written (--check)",
                              files.size(), read.size() - files.size()));
        return "";
    }

    steps::Ingested in;
    if (incidents) {
        in = steps::ingest(step.input(), files, step.filters(), std::move(areas), step.needs(), ctx);
    } else {
        in.inputs = files;
        in.layers = std::move(areas.layers);
        in.area_sources = std::move(areas.sources);
    }
    if (incidents) report::remove_sensitive(in, front.publish, ctx);
    run.run(std::move(in), ctx);
    FileWriter writer(step.params(), read, !step.no_style(), kept);
    std::unique_ptr<report::Release> release;
    {
        io::CommitTogether together;  // every output appears, or none does
        if (front.publish.on) {
            // The command's products are one release, protected as a whole before anything is written.
            release = std::make_unique<report::Release>(front.publish, kept);
            run.write(release->step(writer, step.info(), run.data(), 0, step.info().name, kept));
            release->commit();
        } else {
            run.write(writer);
        }
        together.commit();
    }
    if (!front.report.file.empty()) {
        // Built from the files this run wrote, now in place; written whole or not at all.
        std::string title;
        const auto m = command_manifest(run, front, writer, kept.warnings, release.get(), title);
        if (front.publish.on && !front_params.find("marking")->given)
            kept.warning("--publish: the report is marked " + front.report.marking +
                         " (the default): give the published page its marking with --marking");
        const report::ReportOptions o{"", front.report.marking, "", fmt::format("hotspots {}: {}", step.info().name, title),
                                      report_context(step, front.report.context), front.report.places,
                                      front.report.trend_months};
        const auto page = report::report_html(m, o, kept);
        io::write_text(front.report.file, page.html, read);
        kept.note("wrote " + front.report.file);
    }
    if (front.publish.on) {
        kept.note("--publish: the printed summary is withheld (it shows counts before suppression)");
        return "";
    }
    return run.summary();
}

}  // namespace hotspots::runner
