// hotspots: crime and anti-social-behaviour hotspot analysis.
// Exit codes: 0 success, 1 processing error, 2 bad command line.
#include "cli/commands.hpp"
#include "hotspots/version.hpp"

#include <malloc.h>

#include <cstdio>
#include <map>

int main(int argc, char** argv) {
    using namespace hotspots::cli;
    // A run is one pass through large buffers that come and go (GDAL's batches and blocks,
    // our sort and band buffers). Kept in the heap and reused, instead of mapped fresh from
    // the kernel and zeroed page by page each time: a sixth fewer page faults in a
    // million-point kde. (32 MB is the largest threshold glibc accepts.)
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
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
