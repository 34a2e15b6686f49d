#pragma once
// One adapter from a step's declared parameters to a CLI11 subcommand: every step is a
// command without a file of its own (its options, help and checks come from the step).
#include "steps/step.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

namespace hotspots::cli {

// Adds `step` as a subcommand of `app`; returns what runs it once the command line parsed.
std::function<int()> add_step_command(CLI::App& app, std::shared_ptr<steps::Step> step);

// Declared parameters as CLI11 options on `sub` (old spellings as hidden options); apply()
// (after parsing) sets the given ones through their parsers.
class OptionBinding {
public:
    OptionBinding(CLI::App& sub, steps::Params& params);
    void apply();

private:
    struct Bound {
        steps::Param* param;
        CLI::Option* option;
        std::string alias;  // the old spelling this option stands for, or ""
        std::shared_ptr<std::vector<std::string>> values;
        std::shared_ptr<std::int64_t> count;
    };
    steps::Params& m_params;
    std::vector<Bound> m_bound;
};

// "unknown option --bandwith; did you mean --bandwidth?" for an unexpected argument of
// `sub`, or "" when the error was of another kind.
std::string suggest_option(const CLI::App& sub, const std::string& error);

}  // namespace hotspots::cli
