#pragma once
// The messages of one step on one theme in a pack (theme/step: ...), held while steps run side
// by side and passed on in the pack's order; its warnings kept for the manifest. hotspots merge
// says with it what the unsharded pack's step said once its tiled surface was whole.
#include "steps/context.hpp"

#include <string>
#include <utility>
#include <vector>

namespace hotspots::pack {

class StepLog : public steps::Log {
public:
    StepLog(steps::Log& out, std::string prefix) : m_out(out), m_prefix(std::move(prefix)) {}
    void note(const std::string& text) override { m_held.push_back({Kind::note, m_prefix + text}); }
    void warning(const std::string& text) override {
        m_held.push_back({Kind::warning, m_prefix + text});
        warnings.push_back(text);
    }
    void stage(const std::string& name) override { m_held.push_back({Kind::stage, m_prefix + name}); }
    int verbose() const override { return m_out.verbose(); }
    void flush() {
        for (const auto& [kind, text] : m_held) {
            if (kind == Kind::note) m_out.note(text);
            else if (kind == Kind::warning) m_out.warning(text);
            else m_out.stage(text);
        }
        m_held.clear();
    }
    std::vector<std::string> warnings;

private:
    enum class Kind { note, warning, stage };
    steps::Log& m_out;
    std::string m_prefix;
    std::vector<std::pair<Kind, std::string>> m_held;
};

}  // namespace hotspots::pack
