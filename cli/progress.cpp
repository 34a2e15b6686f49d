#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace hotspots::cli {

Reporter::Reporter(std::string command, bool quiet, int verbose)
    : m_command(std::move(command)), m_quiet(quiet), m_verbose(verbose), m_tty(::isatty(2) != 0),
      m_start(std::chrono::steady_clock::now()), m_last(m_start), m_last_draw(m_start) {}

void Reporter::progress(const std::string& text) {
    if (m_quiet || !m_tty) return;
    const auto now = std::chrono::steady_clock::now();
    if (m_drawn && now - m_last_draw < std::chrono::milliseconds(100)) return;
    m_last_draw = now;
    std::fprintf(stderr, "\r%s: %s\033[K", m_command.c_str(), text.c_str());
    m_drawn = true;
}

void Reporter::done_progress() {
    if (m_drawn) std::fprintf(stderr, "\r\033[K");
    m_drawn = false;
}

void Reporter::note(const std::string& text) {
    if (!m_quiet) std::fprintf(stderr, "%s: %s\n", m_command.c_str(), text.c_str());
}

void Reporter::warning(const std::string& text) {
    std::fprintf(stderr, "%s: warning: %s\n", m_command.c_str(), text.c_str());
}

void Reporter::stage(const std::string& name) {
    const auto now = std::chrono::steady_clock::now();
    if (m_verbose > 0) {
        const double stage_s = std::chrono::duration<double>(now - m_last).count();
        const double total_s = std::chrono::duration<double>(now - m_start).count();
        std::fprintf(stderr, "%s: [%7.3f s, total %7.3f s] %s\n", m_command.c_str(), stage_s, total_s, name.c_str());
    }
    m_last = now;
}

}  // namespace hotspots::cli
