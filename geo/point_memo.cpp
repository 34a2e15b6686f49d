#include "geo/point_memo.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace hotspots::geo {
namespace {

// No finite double has these bits (a NaN's), and non-finite points are never kept.
constexpr std::uint64_t free_key = ~std::uint64_t{0};

}  // namespace

PointMemo::PointMemo(const Transformer& t, std::size_t most) : m_t(t), m_most(most) {}

// Open addressing with linear probing, at most half full. The index is the top bits of a
// product, which depend on every bit of both words (the decimals' low mantissa bits are
// where nearby points differ).
PointMemo::Slot* PointMemo::find(std::uint64_t kx, std::uint64_t ky) {
    if (m_slots.empty()) return nullptr;
    const std::size_t mask = m_slots.size() - 1;
    const int shift = 64 - std::countr_zero(m_slots.size());
    std::size_t at = static_cast<std::size_t>(((kx ^ std::rotl(ky, 32)) * 0x9E3779B97F4A7C15ULL) >> shift);
    for (;; at = (at + 1) & mask) {
        Slot& s = m_slots[at];
        if (s.kx == free_key) return nullptr;
        if (s.kx == kx && s.ky == ky) return &s;
    }
}

PointMemo::Slot* PointMemo::insert(std::uint64_t kx, std::uint64_t ky) {
    if ((m_used + 1) * 2 > m_slots.size()) grow();
    const std::size_t mask = m_slots.size() - 1;
    const int shift = 64 - std::countr_zero(m_slots.size());
    std::size_t at = static_cast<std::size_t>(((kx ^ std::rotl(ky, 32)) * 0x9E3779B97F4A7C15ULL) >> shift);
    while (m_slots[at].kx != free_key) at = (at + 1) & mask;
    Slot& s = m_slots[at];
    s.kx = kx;
    s.ky = ky;
    ++m_used;
    return &s;
}

void PointMemo::grow() {
    std::vector<Slot> old(m_slots.empty() ? std::size_t{4096} : m_slots.size() * 2, Slot{free_key, 0, 0, 0, 0});
    old.swap(m_slots);
    m_used = 0;
    for (const Slot& s : old)
        if (s.kx != free_key) *insert(s.kx, s.ky) = s;
}

void PointMemo::transform(double* x, double* y, std::size_t n) {
    if (m_t.is_identity()) return;
    // In blocks, so that the scratch lists (about 40 bytes a point) stay small beside a file
    // of millions of rows; each point's result is PROJ's whatever the block.
    constexpr std::size_t block = std::size_t{1} << 16;
    for (std::size_t at = 0; at < n; at += block) transform_block(x + at, y + at, std::min(block, n - at));
}

void PointMemo::transform_block(double* x, double* y, std::size_t n) {
    if (!m_on) {
        m_t.transform(x, y, n);
        m_computed += n;
        return;
    }
    m_px.clear();
    m_py.clear();
    m_kept.clear();
    m_row.clear();
    m_of.clear();
    // Each new point goes to PROJ once; its rows (and any later row with the same point in
    // this call) wait for the result.
    for (std::size_t i = 0; i < n; ++i) {
        const bool finite = std::isfinite(x[i]) && std::isfinite(y[i]);
        const auto kx = std::bit_cast<std::uint64_t>(x[i]), ky = std::bit_cast<std::uint64_t>(y[i]);
        if (Slot* s = finite ? find(kx, ky) : nullptr) {
            ++m_found;
            if (s->wait) {
                m_row.push_back(i);
                m_of.push_back(s->wait - 1);
            } else {
                x[i] = s->x;
                y[i] = s->y;
            }
            continue;
        }
        const auto k = static_cast<std::uint32_t>(m_px.size());
        m_px.push_back(x[i]);
        m_py.push_back(y[i]);
        const bool keep = finite && m_used < m_most;
        if (keep) insert(kx, ky)->wait = k + 1;
        m_kept.push_back(keep);
        m_row.push_back(i);
        m_of.push_back(k);
    }
    // The keys again before PROJ overwrites them (slots may have moved as the table grew).
    m_slot_of.assign(m_px.size(), nullptr);
    auto& slots = m_slot_of;
    for (std::size_t k = 0; k < m_px.size(); ++k)
        if (m_kept[k]) slots[k] = find(std::bit_cast<std::uint64_t>(m_px[k]), std::bit_cast<std::uint64_t>(m_py[k]));
    m_t.transform(m_px.data(), m_py.data(), m_px.size());
    m_computed += m_px.size();
    for (std::size_t k = 0; k < m_px.size(); ++k)
        if (slots[k]) {
            slots[k]->x = m_px[k];
            slots[k]->y = m_py[k];
            slots[k]->wait = 0;
        }
    for (std::size_t j = 0; j < m_row.size(); ++j) {
        x[m_row[j]] = m_px[m_of[j]];
        y[m_row[j]] = m_py[m_of[j]];
    }
    // Full, and most points were new: they rarely repeat, so lookups would only cost.
    if (m_used >= m_most && m_found < m_computed) {
        m_on = false;
        std::vector<Slot>().swap(m_slots);
        m_used = 0;
    }
}

}  // namespace hotspots::geo
