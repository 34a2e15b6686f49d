// hotspots merge: shard folders (pack --shard i/N) into the one pack folder (docs/scale.md).
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/step_command.hpp"
#include "pack/merge.hpp"

#include <fmt/format.h>

#include <memory>

namespace hotspots::cli {
namespace {

struct MergeCommand {
    std::vector<std::string> shards;
    std::string output;
    bool replace = false;
    bool quiet_flag = false;
    steps::Params params;
    MergeCommand() {
        auto& s = params.list("shards", shards, "The shard folders, all N of one run of pack --shard i/N, in any order");
        s.positional = true;
        s.required = true;
        auto& o = params.text("output", output, "The pack folder to write");
        o.short_form("o");
        o.required = true;
        params.flag("replace", replace, "Replace the output folder when it exists (only once the new one is complete)");
        params.flag("quiet", quiet_flag, "Print errors only").short_form("q");
        params.apply_defaults();
    }
};

}  // namespace

std::function<int()> setup_merge(CLI::App& app) {
    auto cmd = std::make_shared<MergeCommand>();
    CLI::App* sub = app.add_subcommand("merge", "Put the shard folders of pack --shard i/N together into one pack folder");
    sub->get_formatter()->column_width(34);
    sub->footer("See docs/scale.md.");
    auto binding = std::make_shared<OptionBinding>(*sub, cmd->params);
    return [cmd, binding] {
        binding->apply();
        Reporter report("merge", cmd->quiet_flag, 0);
        const auto summary = pack::merge_shards(cmd->shards, cmd->output, cmd->replace, report);
        report.note(fmt::format("{} shards, {} steps, {} outputs in {:.1f} s; wrote {} (open pack.qgz in QGIS)", summary.shards,
                                summary.steps, summary.outputs, summary.seconds, summary.folder));
        return 0;
    };
}

}  // namespace hotspots::cli
