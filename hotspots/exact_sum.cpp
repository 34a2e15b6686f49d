#include "hotspots/exact_sum.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace hotspots {

void ExactSum::split(double x, std::uint64_t& m, int& position) {
    std::uint64_t k = 0;
    std::memcpy(&k, &x, sizeof k);
    const int e = static_cast<int>((k >> 52) & 0x7FF);
    const std::uint64_t f = k & ((std::uint64_t{1} << 52) - 1);
    // Subnormals (e = 0) have no implicit bit and the same scale as the first binade.
    m = e == 0 ? f : f | (std::uint64_t{1} << 52);
    position = e == 0 ? 0 : e - 1;
}

void ExactSum::add(double x) {
    if (!(x >= 0) || !std::isfinite(x)) throw std::invalid_argument("an exact sum takes finite values >= 0");
    if (x == 0) return;
    std::uint64_t m = 0;
    int position = 0;
    split(x, m, position);
    add_scaled(m, position);
}

void ExactSum::add_scaled(unsigned __int128 m, int position) {
    if (m == 0) return;
    int at = position / 64;
    const int shift = position % 64;
    // m << shift spans at most three limbs.
    std::uint64_t part[3] = {static_cast<std::uint64_t>(m << shift), 0, 0};
    const unsigned __int128 high = shift == 0 ? (m >> 64) : (m >> (64 - shift));
    part[1] = static_cast<std::uint64_t>(high);
    part[2] = shift == 0 ? 0 : static_cast<std::uint64_t>(m >> (128 - shift));
    std::uint64_t carry = 0;
    for (int i = 0; i < 3 || carry; ++i, ++at) {
        if (at >= limbs) throw std::overflow_error("exact sum overflow");
        const std::uint64_t add = i < 3 ? part[i] : 0;
        const std::uint64_t s = m_limb[static_cast<std::size_t>(at)] + add;
        const std::uint64_t c1 = s < add;
        const std::uint64_t s2 = s + carry;
        carry = c1 + (s2 < carry);
        m_limb[static_cast<std::size_t>(at)] = s2;
    }
}

void ExactSum::add(const ExactSum& other) {
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < m_limb.size(); ++i) {
        const std::uint64_t s = m_limb[i] + other.m_limb[i];
        const std::uint64_t c1 = s < m_limb[i];
        m_limb[i] = s + carry;
        carry = c1 + (m_limb[i] < carry);
    }
    if (carry) throw std::overflow_error("exact sum overflow");
}

std::uint64_t ExactSum::bits(int from, int count) const {
    std::uint64_t out = 0;
    for (int b = count - 1; b >= 0; --b) {
        const int at = from + b;
        const std::uint64_t bit = at < 0 ? 0 : (m_limb[static_cast<std::size_t>(at / 64)] >> (at % 64)) & 1;
        out = (out << 1) | bit;
    }
    return out;
}

bool ExactSum::any_below(int bit) const {
    for (int i = 0; i < bit / 64; ++i)
        if (m_limb[static_cast<std::size_t>(i)]) return true;
    const int rest = bit % 64;
    return rest > 0 && (m_limb[static_cast<std::size_t>(bit / 64)] & ((std::uint64_t{1} << rest) - 1)) != 0;
}

double ExactSum::value() const {
    int top = limbs - 1;
    while (top >= 0 && m_limb[static_cast<std::size_t>(top)] == 0) --top;
    if (top < 0) return 0;
    const int high = top * 64 + 63 - __builtin_clzll(m_limb[static_cast<std::size_t>(top)]);
    // Below 2^53 units of 2^-1074 every value is a double (subnormals and the first binade).
    if (high < 53) return std::ldexp(static_cast<double>(bits(0, 53)), -1074);
    const int low = high - 52;  // the last bit a double keeps
    std::uint64_t m = bits(low, 53);
    const bool round = bits(low - 1, 1) != 0;
    const bool sticky = any_below(low - 1);
    if (round && (sticky || (m & 1))) ++m;  // to nearest, ties to even; 2^53 is still exact
    return std::ldexp(static_cast<double>(m), low - 1074);
}

int ExactSum::compare(double x) const {
    ExactSum other;
    other.add(x);
    return compare(other);
}

int ExactSum::compare(const ExactSum& other) const {
    for (int i = limbs - 1; i >= 0; --i) {
        const auto a = m_limb[static_cast<std::size_t>(i)], b = other.m_limb[static_cast<std::size_t>(i)];
        if (a != b) return a < b ? -1 : 1;
    }
    return 0;
}

}  // namespace hotspots
