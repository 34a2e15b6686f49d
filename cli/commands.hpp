#pragma once
// The command registry: every subcommand, listed once in commands.cpp.
#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace hotspots::cli {

// A bad command line found after parsing (exit code 2).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// setup declares the command's options on its CLI::App and returns the function that runs
// it once parsing succeeded. Setup opens no file.
struct CommandSpec {
    const char* name;
    const char* summary;
    std::function<std::function<int()>(CLI::App&)> setup;
};
const std::vector<CommandSpec>& commands();

std::function<int()> setup_info(CLI::App& app);
std::function<int()> setup_map(CLI::App& app);
std::function<int()> setup_sample(CLI::App& app);
std::function<int()> setup_kde(CLI::App& app);
std::function<int()> setup_repeats(CLI::App& app);
std::function<int()> setup_nearrepeat(CLI::App& app);
std::function<int()> setup_cocoon(CLI::App& app);
std::function<int()> setup_gistar(CLI::App& app);
std::function<int()> setup_change(CLI::App& app);
std::function<int()> setup_trend(CLI::App& app);

}  // namespace hotspots::cli
