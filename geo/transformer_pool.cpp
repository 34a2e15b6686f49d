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

TransformerPool::Entry* TransformerPool::find(const std::string& from, const std::string& to) {
    for (auto& e : m_entries)
        if (e->from == from && e->to == to) return e.get();
    return nullptr;
}

void TransformerPool::prepare(const std::vector<std::pair<std::string, std::string>>& pairs) {
    const std::lock_guard guard(m_lock);
    for (const auto& [from, to] : pairs)
        if (!find(from, to)) m_entries.push_back(std::make_unique<Entry>(Entry{from, to, State::queued, nullptr}));
    // One thread sets them all up: the idle core, not a third thread on two.
    if (!m_thread.joinable()) m_thread = std::thread([this] { work(); });
}

void TransformerPool::make(std::unique_lock<std::mutex>& guard, const std::string& from, const std::string& to) {
    guard.unlock();
    std::unique_ptr<Transformer> t;
    std::exception_ptr error;
    try {
        t = std::make_unique<Transformer>(from, to);
    } catch (...) {
        error = std::current_exception();
    }
    guard.lock();
    // Entries are erased only here, by the thread that marked them, so this one is still there.
    Entry* e = find(from, to);
    if (error) {
        m_entries.erase(std::find_if(m_entries.begin(), m_entries.end(), [&](const auto& p) { return p.get() == e; }));
    } else {
        e->model = std::move(t);
        e->state = State::made;
    }
    m_changed.notify_all();
    if (error) std::rethrow_exception(error);
}

void TransformerPool::work() {
    std::unique_lock guard(m_lock);
    for (;;) {
        const auto next = std::find_if(m_entries.begin(), m_entries.end(), [](const auto& e) { return e->state == State::queued; });
        if (m_stop || next == m_entries.end()) return;
        (*next)->state = State::making;
        const std::string from = (*next)->from, to = (*next)->to;
        try {
            make(guard, from, to);
        } catch (const std::exception&) {
            // take() sets it up again and reports the error where it always has.
        }
    }
}

std::unique_ptr<Transformer> TransformerPool::take(const std::string& from, const std::string& to) {
    std::unique_lock guard(m_lock);
    for (;;) {
        Entry* e = find(from, to);
        if (!e) {
            m_entries.push_back(std::make_unique<Entry>(Entry{from, to, State::making, nullptr}));
            make(guard, from, to);  // throws the constructor's error
            continue;
        }
        if (e->state == State::queued) {
            e->state = State::making;
            make(guard, from, to);
            continue;
        }
        if (e->state == State::making) {
            m_changed.wait(guard);
            continue;
        }
        // Copied under the lock: the model is never used by two threads at once.
        if (auto copy = e->model->clone()) return copy;
        guard.unlock();
        return std::make_unique<Transformer>(from, to);  // PROJ could not copy it
    }
}

}  // namespace hotspots::geo
