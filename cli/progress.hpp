#pragma once
// Messages to stderr: progress (only on a terminal, never with --quiet), notes and
// warnings, and timed stages with -v. Stdout is left for data and summaries.
#include "steps/context.hpp"

#include <chrono>
#include <string>

namespace hotspots::cli {

class Reporter : public steps::Log {
public:
    Reporter(std::string command, bool quiet, int verbose);
    // A line of progress, redrawn in place.
    void progress(const std::string& text) override;
    void done_progress() override;
    void note(const std::string& text) override;     // shown unless --quiet
    void warning(const std::string& text) override;  // always shown
    void stage(const std::string& name) override;    // with -v: time since the last stage
    int verbose() const override { return m_verbose; }

private:
    std::string m_command;
    bool m_quiet;
    int m_verbose;
    bool m_tty;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start, m_last, m_last_draw;
};

}  // namespace hotspots::cli
