// The threshold of a tiled surface over every cell (hotspots/tile_hotspots.hpp).
#include "hotspots/tile_hotspots.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace hotspots {
namespace {

// Positive doubles order as their bit patterns read as unsigned integers (IEEE 754), so the
// k-th largest value is found digit by digit of the pattern, as a radix selection.
std::uint64_t key(double x) {
    std::uint64_t k = 0;
    std::memcpy(&k, &x, sizeof k);
    return k;
}

double from_key(std::uint64_t k) {
    double x = 0;
    std::memcpy(&x, &k, sizeof x);
    return x;
}

// The k-th largest (1-based) of the eligible values. `count` is given the number of eligible
// values after the first pass and returns k (0: none).
double kth_largest(const std::function<void(const std::function<void(double)>&)>& each, std::size_t budget,
                   const std::function<std::size_t(std::size_t)>& k_of) {
    constexpr int digit = 16;
    std::vector<std::uint64_t> hist(std::size_t{1} << digit);
    int shift = 64 - digit;
    std::uint64_t prefix = 0;  // the digits fixed so far (none at first)
    std::size_t above = 0;     // values in bins above the one holding the k-th
    std::size_t k = 0;
    for (bool first = true;; first = false) {
        std::fill(hist.begin(), hist.end(), 0);
        std::size_t n = 0;
        each([&](double x) {
            const std::uint64_t kx = key(x);
            if (!first && (kx >> (shift + digit)) != prefix) return;
            ++hist[(kx >> shift) & 0xFFFF];
            ++n;
        });
        if (first) {
            k = k_of(n);
            if (k == 0) return INFINITY;
        }
        std::size_t b = hist.size() - 1;
        while (above + hist[b] < k) above += hist[b--];
        prefix = (prefix << digit) | b;
        if (shift == 0) return from_key(prefix);  // every value in the bin is this one
        if (hist[b] <= budget) {
            std::vector<double> in_bin;
            in_bin.reserve(hist[b]);
            each([&](double x) {
                if ((key(x) >> shift) == prefix) in_bin.push_back(x);
            });
            const auto at = static_cast<std::ptrdiff_t>(k - above - 1);
            std::nth_element(in_bin.begin(), in_bin.begin() + at, in_bin.end(), std::greater<>());
            return in_bin[static_cast<std::size_t>(at)];
        }
        shift -= digit;
    }
}

}  // namespace

ThresholdResult threshold_over_tiles(const TileLayout& layout, const TileValues& tile, const Threshold& t,
                                     std::size_t budget, std::size_t* passes) {
    if (t.kind == Threshold::Kind::share)
        throw std::invalid_argument("share:P% is not made from tiles (it sorts every cell); use top:P%, mean+Ksd or value:X");
    std::size_t pass_count = 0;
    auto each = [&](const std::function<void(double)>& visit) {
        ++pass_count;
        for (std::size_t i = 0; i < layout.tiles(); ++i)
            for (double x : tile(i))
                if (x > 0) visit(x);  // NaN compares false: masked cells drop out
    };
    ThresholdResult r;
    auto none = [&] {
        r.cut = INFINITY;
        r.details = "no cell has a positive value";
    };
    switch (t.kind) {
        case Threshold::Kind::top: {
            r.cut = kth_largest(each, std::max<std::size_t>(budget, 1), [&](std::size_t n) {
                r.eligible = n;
                return n == 0 ? std::size_t{0} : static_cast<std::size_t>(std::ceil(t.parameter / 100 * static_cast<double>(n)));
            });
            if (r.eligible == 0) none();
            else r.details = threshold_details(t, r.eligible, r.cut);
            break;
        }
        case Threshold::Kind::mean_sd: {
            double sum = 0;
            each([&](double x) {
                sum += x;
                ++r.eligible;
            });
            if (r.eligible == 0) {
                none();
                break;
            }
            const double mean = sum / static_cast<double>(r.eligible);
            double ss = 0;
            each([&](double x) { ss += (x - mean) * (x - mean); });
            const double sd = std::sqrt(ss / static_cast<double>(r.eligible));
            r.cut = mean + t.parameter * sd;
            r.details = threshold_details(t, r.eligible, r.cut, mean, sd);
            break;
        }
        case Threshold::Kind::value:
            each([&](double) { ++r.eligible; });
            if (r.eligible == 0) none();
            else {
                r.cut = t.parameter;
                r.details = threshold_details(t, r.eligible, r.cut);
            }
            break;
        case Threshold::Kind::share:
            break;
    }
    if (passes) *passes = pass_count;
    return r;
}

}  // namespace hotspots
