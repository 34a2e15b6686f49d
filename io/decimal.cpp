#include "io/decimal.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

namespace hotspots::io {
namespace {

constexpr double powers[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
constexpr std::uint64_t ipowers[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000};

char* by_fmt(char* out, double v, int decimals) {
    return fmt::format_to_n(out, fixed_max_chars, "{:.{}f}", v, decimals).out;
}

}  // namespace

char* write_fixed(char* out, double v, int decimals) {
    if (decimals < 0 || decimals > 9) return by_fmt(out, v, decimals);
    // r is |v| x 10^d rounded once (10^d is exact): within half an ulp of the exact product,
    // under 2^-12 while r < 2^40. The decimal rounding of v goes up or down by the fraction
    // of the exact product, so a fraction more than 2^-10 from one half gives the same answer
    // from r; nearer one half (about 1 value in 500), fmt decides.
    const double r = std::fabs(v) * powers[decimals];
    if (!(r < 1099511627776.0)) return by_fmt(out, v, decimals);  // 2^40; NaN too
    const double whole = std::floor(r), fraction = r - whole;  // both exact
    if (std::fabs(fraction - 0.5) < 1.0 / 1024) return by_fmt(out, v, decimals);
    const auto n = static_cast<std::uint64_t>(whole) + (fraction > 0.5 ? 1 : 0);
    // fmt writes -0.00 for a small negative value (and -0.0): its sign is kept there.
    if (std::signbit(v)) {
        if (n == 0) return by_fmt(out, v, decimals);
        *out++ = '-';
    }
    const std::uint64_t scale = ipowers[decimals], integer = n / scale;
    std::uint64_t part = n % scale;
    char digits[24];
    int k = 0;
    std::uint64_t i = integer;
    do {
        digits[k++] = static_cast<char>('0' + i % 10);
        i /= 10;
    } while (i);
    while (k) *out++ = digits[--k];
    if (decimals == 0) return out;
    *out++ = '.';
    for (int d = decimals - 1; d >= 0; --d) {
        out[d] = static_cast<char>('0' + part % 10);
        part /= 10;
    }
    return out + decimals;
}

}  // namespace hotspots::io
