// hotspots: crime and anti-social-behaviour hotspot analysis.
// Exit codes (docs/commands.md): 0 success, 1 processing error (the data or a file), 2 bad
// command line or pack file. One catch, here; everything below throws.
#include "cli/commands.hpp"
#include "cli/step_command.hpp"
#include "model/version.hpp"
#include "io/cleanup.hpp"
#include "steps/step.hpp"

#include <malloc.h>

#include <cstdio>
#include <map>

int main(int argc, char** argv) {
    using namespace hotspots;
    // Before any thread starts: an interrupt removes the temporary outputs, then exits.
    io::remove_temporaries_on_signal();
    // A run is one pass through large buffers that come and go (GDAL's batches and blocks,
    // our sort and band buffers). Kept in the heap and reused, instead of mapped fresh from
    // the kernel and zeroed page by page each time: a sixth fewer page faults in a
    // million-point kde. (32 MB is the largest threshold glibc accepts.)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
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
