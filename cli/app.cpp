// The command line: every registered step is a subcommand, then the commands that are not steps.
#include "cli/app.hpp"

#include "cli/commands.hpp"
#include "cli/step_command.hpp"
#include "model/version.hpp"
#include "steps/step.hpp"

#include <cstdio>
#include <map>

namespace hotspots::cli {

int run(int argc, char** argv) {
    CLI::App app{"hotspots: crime and anti-social-behaviour hotspot analysis"};
    app.set_version_flag("--version", std::string("hotspots ") + version);
    app.require_subcommand(1);
    app.get_formatter()->column_width(34);
    std::map<std::string, std::function<int()>> runners;
    for (const auto& name : steps::step_names())
        runners[name] = cli::add_step_command(app, std::shared_ptr<steps::Step>(steps::make_step(name)));
    for (const auto& cmd : cli::other_commands()) runners[cmd.name] = cmd.setup(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() != 0) {
            for (const auto* sub : app.get_subcommands()) {
                const std::string hint = cli::suggest_option(*sub, e.what());
                if (!hint.empty()) {
                    std::fprintf(stderr, "hotspots %s: %s\n", sub->get_name().c_str(), hint.c_str());
                    return 2;
                }
            }
        }
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    std::string name;
    for (auto* sub : app.get_subcommands()) name = sub->get_name();
    try {
        return runners.at(name)();
    } catch (const steps::UsageError& e) {
        std::fprintf(stderr, "hotspots %s: %s\n", name.c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hotspots %s: %s\n", name.c_str(), e.what());
        return 1;
    }
}

}  // namespace hotspots::cli
