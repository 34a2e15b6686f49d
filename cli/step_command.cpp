#include "cli/step_command.hpp"

#include "cli/progress.hpp"
#include "io/source_check.hpp"
#include "runner/runner.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <regex>

namespace hotspots::cli {

namespace {

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
    // Publishing and the report: declared by the front-end for every step that reads incidents.
    struct Front {
        runner::FrontParams values;
        steps::Params params;
    };
    auto front = std::make_shared<Front>();
    if (step->reads_incidents()) runner::declare_front(front->params, front->values);
    front->params.apply_defaults();
    auto front_binding = std::make_shared<OptionBinding>(*sub, front->params);
    return [step, binding, front, front_binding, sub] {
        const auto& run = step->run_params();
        binding->apply();
        front_binding->apply();
        io::allow_remote_sources(run.allow_remote);
        Reporter report(sub->get_name(), run.quiet, run.verbose);
        for (const auto* params : {&step->params(), &front->params})
            for (const auto& p : params->all())
                if (p.given)
                    for (const auto& a : p.aliases)
                        if (sub->count("--" + a))
                            report.warning(fmt::format("--{} is now --{}; the old name will be removed in a later release",
                                                       a, p.name));
        report.stage("options parsed");
        const std::string text = runner::run_command(*step, front->values, front->params, report);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    };
}

}  // namespace hotspots::cli
