#pragma once
// Transformers set up ahead of need. PROJ takes tens of milliseconds to set one up (its
// database searched three times); a command that reads its areas on one thread before any
// incident can have the reading's transformers made meanwhile on the idle core.
#include "geo/crs.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hotspots::geo {

// Thread-safe. A transformer handed out is the caller's alone, as a new one would be: the
// same CRS pair gives the same transformer however it was made, so preparing one changes
// no result, only when the set-up is paid for.
class TransformerPool {
public:
    TransformerPool() = default;
    ~TransformerPool();  // waits for the one being made, drops those not started
    TransformerPool(const TransformerPool&) = delete;
    TransformerPool& operator=(const TransformerPool&) = delete;

    // Starts making a transformer for each pair (from, to), in order, on a thread of its own.
    // A pair that fails is left for take() to make again, which then throws as it would.
    void prepare(const std::vector<std::pair<std::string, std::string>>& pairs);
    // One made ahead for (from, to) (waiting for it if it is being made), or else a new one.
    // Throws CrsError as Transformer's constructor.
    std::unique_ptr<Transformer> take(const std::string& from, const std::string& to);

private:
    enum class State { queued, making, made };
    struct Entry {
        std::string from, to;
        State state = State::queued;
        std::unique_ptr<Transformer> made;  // null when it failed
    };
    void work();

    std::mutex m_lock;
    std::condition_variable m_changed;
    std::vector<Entry> m_entries;  // under m_lock
    bool m_stop = false;           // under m_lock
    std::thread m_thread;
};

}  // namespace hotspots::geo
