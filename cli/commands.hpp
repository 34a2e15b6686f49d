#pragma once
// The commands that are not steps: `pack` (many steps from one file) and `docs` (the option
// tables of docs/commands.md and the pack schema, from the declarations). Listed once in
// commands.cpp; each in its own file.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace hotspots::cli {

struct OtherCommand {
    std::string name;
    std::function<std::function<int()>(CLI::App&)> setup;  // adds the subcommand; returns its runner
};
const std::vector<OtherCommand>& other_commands();

std::function<int()> setup_report(CLI::App& app);
std::function<int()> setup_pack(CLI::App& app);
std::function<int()> setup_merge(CLI::App& app);
std::function<int()> setup_docs(CLI::App& app);

}  // namespace hotspots::cli
