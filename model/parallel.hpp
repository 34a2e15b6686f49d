#pragma once
// Splitting work over threads. Chunks are fixed by (n, threads) alone and results are
// written by index, so the output never depends on scheduling.
#include <cstddef>
#include <functional>

namespace hotspots {

// Threads to use: `requested`, or all cores when 0.
unsigned thread_count(unsigned requested);

// Calls fn(begin, end, worker) on contiguous chunks of [0, n), one per worker. Exceptions
// thrown by a worker are rethrown here (the first one, by worker order).
void parallel_chunks(std::size_t n, unsigned threads,
                     const std::function<void(std::size_t begin, std::size_t end, unsigned worker)>& fn);

// Calls fn(i, worker) for each i in [0, n), handing out items one at a time (for uneven
// items such as files). After a failure no new item starts; the exception of the lowest
// failing item is rethrown.
void parallel_items(std::size_t n, unsigned threads, const std::function<void(std::size_t i, unsigned worker)>& fn);

}  // namespace hotspots
