#pragma once
// Transformers set up once a run and copied. PROJ takes tens of milliseconds to set one up
// (its database searched three times) and about one to copy one; each reading thread needs
// its own. A command that reads its areas on one thread before any incident has the
// reading's set up meanwhile on the idle core.
#include "geo/crs.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hotspots::geo {

// Thread-safe. Keeps one transformer a CRS pair (never used itself) and hands out copies
// (Transformer::clone: the same values, bit for bit, as a transformer made anew).
class TransformerPool {
public:
    TransformerPool() = default;
    ~TransformerPool();  // waits for the one being set up, drops those not started
    TransformerPool(const TransformerPool&) = delete;
    TransformerPool& operator=(const TransformerPool&) = delete;

    // Starts setting up each pair (from, to) not set up yet, in order, on a thread of its own.
    // A pair that fails is left for take() to set up again, which then throws as it would.
    void prepare(const std::vector<std::pair<std::string, std::string>>& pairs);
    // A transformer of its own for (from, to): a copy of the pair's, which is set up here
    // first when it is not (or waited for while the thread sets it up). Throws CrsError as
    // Transformer's constructor.
    std::unique_ptr<Transformer> take(const std::string& from, const std::string& to);

private:
    enum class State { queued, making, made };
    struct Entry {
        std::string from, to;
        State state = State::queued;
        std::unique_ptr<Transformer> model;  // copied, never used; set when made
    };
    void work();
    // Sets up the entry (from, to) marked `making` by this thread; erases it when that fails.
    void make(std::unique_lock<std::mutex>& guard, const std::string& from, const std::string& to);
    Entry* find(const std::string& from, const std::string& to);

    std::mutex m_lock;
    std::condition_variable m_changed;
    std::vector<std::unique_ptr<Entry>> m_entries;  // under m_lock
    bool m_stop = false;                            // under m_lock
    std::thread m_thread;
};

}  // namespace hotspots::geo
