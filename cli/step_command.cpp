#include "cli/step_command.hpp"

#include "steps/command_report.hpp"
#include "steps/publish.hpp"
#include "io/table_writer.hpp"
#include "io/source_check.hpp"

#include "cli/progress.hpp"
#include "io/atomic_file.hpp"
#include "steps/file_writer.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <mutex>
#include <regex>

namespace hotspots::cli {

namespace {

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

std::string type_name(const steps::Param& p) {
    using steps::ParamKind;
    if (!p.value_name.empty()) return p.value_name;
    switch (p.kind) {
    case ParamKind::number: return "NUMBER";
    case ParamKind::integer: return "INT";
    case ParamKind::path: return "PATH";
    case ParamKind::output: return "FILE";
    default: return "TEXT";
    }
}

std::string help_text(const steps::Param& p) {
    std::string h = p.help;
    if (!p.choices.empty()) h += fmt::format(" ({})", fmt::join(p.choices, ", "));
    else if (!p.range.empty() && p.range != "a finite number") h += " (" + p.range + (p.unit.empty() ? "" : " " + p.unit) + ")";
    if (!p.aliases.empty()) h += fmt::format(" (old name: --{})", fmt::join(p.aliases, ", --"));
    return h;
}

}  // namespace

OptionBinding::OptionBinding(CLI::App& sub, steps::Params& params) : m_params(params) {
    using steps::ParamKind;
    for (auto& p : params.all()) {
        std::vector<std::string> names = {p.name};
        if (!p.positional) names = {"--" + p.name};
        if (!p.letter.empty()) names.insert(names.begin(), "-" + p.letter);
        for (std::size_t k = 0; k <= p.aliases.size(); ++k) {
            Bound b{&p, nullptr, k ? p.aliases[k - 1] : "", std::make_shared<std::vector<std::string>>(),
                    std::make_shared<std::int64_t>(0)};
            std::string spec;
            if (k == 0)
                for (const auto& n : names) spec += (spec.empty() ? "" : ",") + n;
            else
                spec = "--" + p.aliases[k - 1];
            if (p.kind == ParamKind::flag || p.kind == ParamKind::count) {
                b.option = sub.add_flag(spec, *b.count, help_text(p));
            } else {
                b.option = sub.add_option(spec, *b.values, help_text(p));
                b.option->type_name(type_name(p));
                if (!p.positional) b.option->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
                if (!p.default_text.empty()) b.option->default_str(p.default_text);
            }
            if (k == 0 && p.required) b.option->required();
            if (k > 0) b.option->group("");  // old spellings work, and are not listed
            m_bound.push_back(b);
        }
    }
}

void OptionBinding::apply() {
    for (auto& b : m_bound) {
        auto& p = *b.param;
        std::vector<std::string> values = *b.values;
        if (*b.count > 0) values.assign(static_cast<std::size_t>(*b.count), "true");
        if (values.empty()) continue;
        if (p.given) {  // given under both spellings
            values.insert(values.begin(), p.values.begin(), p.values.end());
        }
        m_params.set(p, values);
    }
}

std::string suggest_option(const CLI::App& sub, const std::string& error) {
    static const std::regex unexpected("--[A-Za-z0-9-]+");
    if (error.find("not expected") == std::string::npos) return "";
    std::smatch m;
    if (!std::regex_search(error, m, unexpected)) return "";
    const std::string given = m.str().substr(2);
    std::vector<std::string> names;
    for (const auto* o : sub.get_options())
        for (const auto& n : o->get_lnames()) names.push_back(n);
    const std::string near = steps::closest(given, names);
    return fmt::format("unknown option --{}{}; see hotspots {} --help", given,
                       near.empty() ? "" : "; did you mean --" + near + "?", sub.get_name());
}

std::function<int()> add_step_command(CLI::App& app, std::shared_ptr<steps::Step> step) {
    const auto info = step->info();
    CLI::App* sub = app.add_subcommand(info.name, info.summary);
    sub->get_formatter()->column_width(34);
    sub->footer("See " + info.doc + " and docs/commands.md.");
    auto binding = std::make_shared<OptionBinding>(*sub, step->params());
    return [step, binding, sub] {
        const auto& run = step->run_params();
        binding->apply();
        io::allow_remote_sources(run.allow_remote);
        Reporter report(sub->get_name(), run.quiet, run.verbose);
        KeepWarnings kept(report);
        steps::Context ctx(step->input().work_crs, run.threads, kept);
        for (const auto& p : step->params().all())
            if (p.given)
                for (const auto& a : p.aliases)
                    if (sub->count("--" + a))
                        report.warning(fmt::format("--{} is now --{}; the old name will be removed in a later release", a,
                                                   p.name));
        report.stage("options parsed");
        steps::AreaLayers areas;
        std::vector<std::string> files;
        if (step->reads_incidents()) {
            areas = steps::read_area_layers(step->areas(), ctx);
            files = steps::expand(step->input());
        }
        step->check(ctx, areas);
        steps::check_publish(step->publish(), step->params(), ctx);
        // --marking belongs to --report where both are declared (the report command has its own).
        if (step->params().find("report") && step->report_file().empty() && step->params().find("marking")->given)
            throw steps::UsageError("--marking is an option of --report; add --report FILE.html");
        const bool incidents = step->reads_incidents() && step->wants_incidents();
        if (incidents) steps::check_filters(step->filters(), areas, step->weighs_incidents());
        std::vector<std::string> read = files;
        read.insert(read.end(), areas.files.begin(), areas.files.end());
        read.insert(read.end(), ctx.files_read().begin(), ctx.files_read().end());
        steps::check_outputs(step->params(), read);
        report.stage("options checked");
        steps::Ingested in;
        if (incidents) {
            in = steps::ingest(step->input(), files, step->filters(), std::move(areas), step->needs(), ctx);
        } else {
            in.inputs = files;
            in.layers = std::move(areas.layers);
            in.area_sources = std::move(areas.sources);
        }
        const auto removed = incidents ? steps::remove_sensitive(in, step->publish(), ctx) : 0;
        auto result = step->run(in, ctx);
        steps::FileWriter writer(step->params(), read, !step->no_style(), kept);
        steps::PublishWriter published(writer, step->publish(), removed, kept);
        io::CommitTogether together;  // every output appears, or none does
        step->write(*result, step->publish().on ? static_cast<steps::Writer&>(published) : writer);
        together.commit();
        if (!step->report_file().empty()) {
            // Built from the files now in place; written whole or not at all.
            const auto page = steps::command_report(*step, in, kept.warnings, removed, kept);
            io::write_text(step->report_file(), page.html, read);
            kept.note("wrote " + step->report_file());
        }
        if (step->publish().on) {
            kept.note("--publish: the printed summary is withheld (it shows counts before suppression)");
        } else {
            const std::string text = step->report(*result);
            std::fwrite(text.data(), 1, text.size(), stdout);
        }
        return 0;
    };
}

}  // namespace hotspots::cli
