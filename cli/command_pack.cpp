// hotspots pack: the monthly TTCG pack from one TOML file (docs/pack.md).
#include "cli/commands.hpp"
#include "io/source_check.hpp"
#include "cli/progress.hpp"
#include "cli/step_command.hpp"
#include "pack/run_pack.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <memory>

namespace hotspots::cli {
namespace {

struct PackCommand {
    std::string file, month, output, shard, shard_by;
    std::vector<std::string> context;
    bool replace = false, publish = false, check = false;
    steps::RunParams run;
    steps::Params params;
    PackCommand() {
        auto& f = params.path("file", file, "The pack file (TOML; see docs/pack.md)");
        f.positional = true;
        f.required = true;
        params.text("month", month, "The pack month YYYY-MM (overrides the file's month =)");
        params.text("output", output, "Folder to write (default: out/MONTH, or out/pack)").short_form("o");
        params.flag("replace", replace, "Replace the output folder when it exists (only once the new one is complete)");
        params.flag("publish", publish, "Publish every product, as publish = true in the file (docs/publish.md)");
        params.text("shard", shard,
                    "Make only shard i of N (i/N, counted from 0): the themes i, i+N, ... in the file's order; "
                    "hotspots merge puts the N folders together (docs/scale.md)")
            .value_name = "i/N";
        params.list("context", context,
                    "A context layer added to the file's context = [...]: a vector file drawn grey beneath every theme's "
                    "map, or a raster or tile set as a base map, in the report and the QGIS project; repeatable "
                    "(docs/pack.md)")
            .shown_as("FILE");
        params.flag("check", check,
                    "Only check: the pack file, its areas and side files, every step on every theme and --shard, "
                    "then stop, reading no incident and writing nothing (deploy/slurm/submit.sh runs it before "
                    "submitting)");
        params.text("shard-by", shard_by,
                    "What --shard splits: theme (each shard makes whole themes) or tile (each shard also makes the tiles "
                    "t with t mod N = i of every kde with tile-size; docs/scale.md)")
            .one_of(pack::shard_by_choices())
            .def("theme");
        steps::declare_run(params, run);
        params.apply_defaults();
    }
};

}  // namespace

std::function<int()> setup_pack(CLI::App& app) {
    auto cmd = std::make_shared<PackCommand>();
    CLI::App* sub = app.add_subcommand("pack", "Run a pack file: many steps on many themes into one folder, with a QGIS project");
    sub->get_formatter()->column_width(34);
    sub->footer("See docs/pack.md.");
    auto binding = std::make_shared<OptionBinding>(*sub, cmd->params);
    return [cmd, binding] {
        binding->apply();
        io::allow_remote_sources(cmd->run.allow_remote);
        Reporter report("pack", cmd->run.quiet, cmd->run.verbose);
        auto pack = pack::read_pack(cmd->file, cmd->month, cmd->publish);
        for (const auto& f : cmd->context) {
            pack.context.push_back(f);
            pack.context_lines.push_back(0);
        }
        std::string output = cmd->output;
        if (output.empty())
            output = pack.month >= 0 ? fmt::format("out/{:04d}-{:02d}", pack.month / 12, pack.month % 12 + 1) : "out/pack";
        pack::Shard shard;
        if (!cmd->shard.empty()) shard = pack::parse_shard(cmd->shard, pack.themes.size(), cmd->shard_by);
        else if (cmd->shard_by != "theme") throw steps::UsageError("--shard-by " + cmd->shard_by + ": give --shard i/N too");
        if (shard.on() && cmd->output.empty()) output += fmt::format("-shard{}of{}", shard.index, shard.count);
        const auto summary = pack::run_pack(pack, {output, cmd->replace, cmd->run.threads, shard, cmd->check}, report);
        if (cmd->check) {
            report.note(fmt::format("{}{} steps on {} themes checked; nothing read or written",
                                    shard.on() ? fmt::format("shard {}/{}: ", shard.index, shard.count) : "", summary.steps,
                                    pack.themes.size()));
            return 0;
        }
        if (pack.publish.on)
            report.note("publish: the printed summary is withheld (it shows counts before suppression)");
        else
            std::fwrite(summary.report.data(), 1, summary.report.size(), stdout);
        report.note(fmt::format("{}{} steps{}, {} outputs{} in {:.1f} s; wrote {} (open pack.qgz in QGIS)",
                                shard.on() ? fmt::format("shard {}/{}: ", shard.index, shard.count) : "", summary.steps,
                                summary.skipped ? fmt::format(" ({} skipped: no incidents in their period)", summary.skipped) : "",
                                summary.outputs,
                                summary.warnings ? fmt::format(", {} warnings (in manifest.json)", summary.warnings) : "",
                                summary.seconds, summary.folder));
        return 0;
    };
}

}  // namespace hotspots::cli
