#pragma once
// A transformer's results remembered by the exact bits of the point given. data.police.uk
// snaps every incident to one of a finite set of anonymous map points, so a month's rows
// repeat a few thousand points: a lookup replaces most PROJ calls. PROJ transforms each point
// alone, so its earlier result for the same bits is what it would give again: the output is
// PROJ's, bit for bit, whatever the order, the batches or the threads.
#include "geo/crs.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hotspots::geo {

// Not thread-safe, like the transformer it wraps (one per thread); `t` must outlive it.
class PointMemo {
public:
    // Remembers at most `most` distinct points (40 bytes each, twice over for the table's
    // room); past that, new points are transformed without being kept, and when fewer than
    // half the lookups found their point the table is dropped (points that rarely repeat).
    explicit PointMemo(const Transformer& t, std::size_t most = std::size_t{1} << 18);

    // As Transformer::transform: in place, the same values, NaN, NaN where PROJ fails.
    void transform(double* x, double* y, std::size_t n);

    const Transformer& transformer() const noexcept { return m_t; }
    std::uint64_t found() const noexcept { return m_found; }       // points answered from memory
    std::uint64_t computed() const noexcept { return m_computed; }  // points PROJ transformed

private:
    struct Slot {
        std::uint64_t kx = 0, ky = 0;  // the point's bits; kx == free_key: an empty slot
        double x = 0, y = 0;           // PROJ's result
        std::uint32_t wait = 0;        // during a call: 1 + its place among the points sent to PROJ
    };
    void transform_block(double* x, double* y, std::size_t n);
    Slot* find(std::uint64_t kx, std::uint64_t ky);
    Slot* insert(std::uint64_t kx, std::uint64_t ky);
    void grow();

    const Transformer& m_t;
    std::size_t m_most, m_used = 0;
    bool m_on = true;
    std::vector<Slot> m_slots;
    std::uint64_t m_found = 0, m_computed = 0;
    // Reused from call to call: the points sent to PROJ, the slot each fills, the rows waiting.
    std::vector<double> m_px, m_py;
    std::vector<std::uint8_t> m_kept;
    std::vector<std::size_t> m_row;
    std::vector<std::uint32_t> m_of;
    std::vector<Slot*> m_slot_of;
};

}  // namespace hotspots::geo
