// hotspots: crime and anti-social-behaviour hotspot analysis.
// Exit codes: 0 success, 1 processing error, 2 bad command line.
#include "cli/commands.hpp"
#include "hotspots/version.hpp"

#include <cstdio>
#include <map>

int main(int argc, char** argv) {
    using namespace hotspots::cli;
    CLI::App app{"hotspots: crime and anti-social-behaviour hotspot analysis"};
    app.set_version_flag("--version", std::string("hotspots ") + hotspots::version);
    app.require_subcommand(1);
    app.get_formatter()->column_width(34);
    std::map<std::string, std::function<int()>> runners;
    for (const auto& cmd : commands()) {
        CLI::App* sub = app.add_subcommand(cmd.name, cmd.summary);
        sub->get_formatter()->column_width(34);
        runners[cmd.name] = cmd.setup(*sub);
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    std::string name;
    for (auto* sub : app.get_subcommands()) name = sub->get_name();
    try {
        return runners.at(name)();
    } catch (const UsageError& e) {
        std::fprintf(stderr, "hotspots %s: %s\n", name.c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hotspots %s: %s\n", name.c_str(), e.what());
        return 1;
    }
}
