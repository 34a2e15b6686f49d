// hotspots docs: the option tables of docs/commands.md and docs/pack.md and the pack file's
// JSON schema, made from the declarations (a test fails when the committed copies are stale).
#include "cli/commands.hpp"
#include "cli/step_command.hpp"
#include "io/table_writer.hpp"
#include "io/text_file.hpp"
#include "pack/docs.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace hotspots::cli {
namespace {

struct DocsCommand {
    std::vector<std::string> check, write;
    std::string schema_check;
    bool schema = false, commands = false;
    steps::Params params;
    DocsCommand() {
        params.flag("commands", commands, "List every command, one a line (the registry's steps, then the others)");
        params.list("check", check, "Exit 1 when the option tables in these files are stale (docs/commands.md docs/pack.md)");
        params.list("write", write, "Rewrite the option tables in these files");
        params.flag("schema", schema, "Print the JSON schema of pack files");
        params.path("check-schema", schema_check, "Exit 1 when this file (docs/pack-schema.json) is not the schema");
        params.apply_defaults();
    }
};

}  // namespace

std::function<int()> setup_docs(CLI::App& app) {
    auto cmd = std::make_shared<DocsCommand>();
    CLI::App* sub = app.add_subcommand("docs", "Option tables for docs/commands.md and docs/pack.md, and the pack schema, "
                                               "from the declarations");
    auto binding = std::make_shared<OptionBinding>(*sub, cmd->params);
    return [cmd, binding] {
        binding->apply();
        if (cmd->commands) {
            for (const auto& name : steps::step_names()) std::printf("%s\n", name.c_str());
            for (const auto& other : other_commands()) std::printf("%s\n", other.name.c_str());
            return 0;
        }
        const std::string schema = pack::pack_schema().dump(2) + "\n";
        if (cmd->schema) std::fwrite(schema.data(), 1, schema.size(), stdout);
        int rc = 0;
        if (!cmd->schema_check.empty() && io::read_text(cmd->schema_check) != schema) {
            std::fprintf(stderr, "hotspots docs: %s is not the current schema; run hotspots docs --schema > %s\n",
                         cmd->schema_check.c_str(), cmd->schema_check.c_str());
            rc = 1;
        }
        const auto sections = pack::option_sections();
        std::vector<std::string> found;
        const bool writing = !cmd->write.empty();
        for (const auto& path : writing ? cmd->write : cmd->check) {
            std::vector<std::string> stale;
            const std::string updated = pack::refresh_sections(io::read_text(path), sections, stale, found);
            if (writing) {
                io::write_text(path, updated, {});
                for (const auto& s : stale) std::fprintf(stderr, "hotspots docs: %s: updated %s\n", path.c_str(), s.c_str());
            } else if (!stale.empty()) {
                for (const auto& s : stale)
                    std::fprintf(stderr, "hotspots docs: %s: the options of %s are stale\n", path.c_str(), s.c_str());
                rc = 1;
            }
        }
        if (!cmd->check.empty() || writing)
            for (const auto& [name, text] : sections) {
                if (std::find(found.begin(), found.end(), name) != found.end()) continue;
                // A step new to the registry: --write gives it a section at the end of the file
                // with the common options (docs/commands.md), for its author to describe.
                const auto holder = std::find_if(cmd->write.begin(), cmd->write.end(), [](const std::string& path) {
                    return io::read_text(path).find("<!-- options:common -->") != std::string::npos;
                });
                if (writing && holder != cmd->write.end()) {
                    const auto step = steps::make_step(name);
                    std::string doc = io::read_text(*holder);
                    doc += fmt::format("\n### hotspots {}\n\n{}. See [{}]({}).\n\n<!-- options:{} -->\n{}<!-- /options:{} -->\n",
                                       name, step ? step->info().summary : name, step ? step->info().doc : "",
                                       step ? step->info().doc.substr(step->info().doc.rfind('/') + 1) : "", name, text, name);
                    io::write_text(*holder, doc, {});
                    std::fprintf(stderr, "hotspots docs: %s: added a section for %s; describe it there\n", holder->c_str(),
                                 name.c_str());
                    continue;
                }
                std::fprintf(stderr, "hotspots docs: no <!-- options:%s --> section in the files given\n", name.c_str());
                rc = 1;
            }
        if (rc != 0 && !writing) std::fprintf(stderr, "hotspots docs: run hotspots docs --write docs/commands.md --write docs/pack.md\n");
        if (cmd->check.empty() && !writing && !cmd->schema && cmd->schema_check.empty())
            for (const auto& [name, text] : sections) std::printf("## %s\n\n%s\n", name.c_str(), text.c_str());
        return rc;
    };
}

}  // namespace hotspots::cli
