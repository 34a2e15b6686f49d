#include "model/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace hotspots {

unsigned thread_count(unsigned requested) {
    if (requested > 0) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

void run_workers(unsigned workers, const std::function<void(unsigned)>& body) {
    std::vector<std::exception_ptr> errors(workers);
    std::vector<std::thread> pool;
    for (unsigned w = 1; w < workers; ++w) {
        pool.emplace_back([&, w] {
            try {
                body(w);
            } catch (...) {
                errors[w] = std::current_exception();
            }
        });
    }
    try {
        body(0);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto& t : pool) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace

void parallel_chunks(std::size_t n, unsigned threads,
                     const std::function<void(std::size_t, std::size_t, unsigned)>& fn) {
    const unsigned workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(thread_count(threads), n)));
    run_workers(workers, [&](unsigned w) {
        const std::size_t begin = n * w / workers, end = n * (w + 1) / workers;
        if (begin < end) fn(begin, end, w);
    });
}

void parallel_items(std::size_t n, unsigned threads, const std::function<void(std::size_t, unsigned)>& fn) {
    const unsigned workers = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(thread_count(threads), n)));
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    // Items are handed out in order, so every item below a failing one was taken: the
    // lowest failing item is reported whatever the scheduling.
    std::vector<std::exception_ptr> errors(n);
    run_workers(workers, [&](unsigned w) {
        for (std::size_t i = next++; i < n && !failed; i = next++) {
            try {
                fn(i, w);
            } catch (...) {
                errors[i] = std::current_exception();
                failed = true;
            }
        }
    });
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace hotspots
