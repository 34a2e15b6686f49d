#include "geo/transformer_pool.hpp"

#include <algorithm>

namespace hotspots::geo {

TransformerPool::~TransformerPool() {
    {
        const std::lock_guard guard(m_lock);
        m_stop = true;
    }
    if (m_thread.joinable()) m_thread.join();
}

void TransformerPool::prepare(const std::vector<std::pair<std::string, std::string>>& pairs) {
    const std::lock_guard guard(m_lock);
    for (const auto& [from, to] : pairs) m_entries.push_back({from, to, State::queued, nullptr});
    // One thread at a time makes them all: the idle core, not a third thread on two.
    if (!m_thread.joinable()) m_thread = std::thread([this] { work(); });
}

void TransformerPool::work() {
    std::unique_lock guard(m_lock);
    for (;;) {
        const auto next = std::find_if(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.state == State::queued; });
        if (m_stop || next == m_entries.end()) return;
        next->state = State::making;
        const std::string from = next->from, to = next->to;
        guard.unlock();
        std::unique_ptr<Transformer> t;
        try {
            t = std::make_unique<Transformer>(from, to);
        } catch (const std::exception&) {
            // take() makes it again and reports the error where it always has.
        }
        guard.lock();
        // Entries are only erased once made, so the one being made is still the first such.
        const auto mine = std::find_if(m_entries.begin(), m_entries.end(), [](const Entry& e) { return e.state == State::making; });
        mine->made = std::move(t);
        mine->state = State::made;
        m_changed.notify_all();
    }
}

std::unique_ptr<Transformer> TransformerPool::take(const std::string& from, const std::string& to) {
    std::unique_lock guard(m_lock);
    for (;;) {
        // A made one first, then the one being made, then a queued one (made here instead).
        auto find = [&](State s) {
            return std::find_if(m_entries.begin(), m_entries.end(),
                                [&](const Entry& e) { return e.state == s && e.from == from && e.to == to; });
        };
        if (auto e = find(State::made); e != m_entries.end()) {
            auto t = std::move(e->made);
            m_entries.erase(e);
            if (t) return t;
            break;  // it failed: made again below, to throw its error
        }
        if (find(State::making) != m_entries.end()) {
            m_changed.wait(guard);
            continue;
        }
        if (auto e = find(State::queued); e != m_entries.end()) m_entries.erase(e);
        break;
    }
    guard.unlock();
    return std::make_unique<Transformer>(from, to);
}

}  // namespace hotspots::geo
