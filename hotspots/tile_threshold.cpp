// The threshold of a tiled surface over every cell (hotspots/tile_hotspots.hpp).
#include "hotspots/tile_hotspots.hpp"

#include "hotspots/exact_sum.hpp"

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

// share:P%: the largest value c whose cells >= c hold, exactly, at least target; the same
// radix descent as kth_largest, with each bin's exact sum beside its count. After the first
// digit (sign, exponent and 4 bits) every value of a bin has one exponent, so a bin's sum is
// an integer sum of significands (below 2^117 for 2^64 cells): exact, as is the ExactSum of
// the bins above. `total` receives the eligible cells' exact sum, `eligible` their count.
double share_cut(const std::function<void(const std::function<void(double)>&)>& each, std::size_t budget,
                 const Threshold& t, std::size_t& eligible) {
    constexpr int digit = 16;
    std::vector<std::uint64_t> count(std::size_t{1} << digit);
    std::vector<unsigned __int128> sum(count.size());
    int shift = 64 - digit;
    std::uint64_t prefix = 0;
    ExactSum above, target;
    double smallest = INFINITY;
    for (bool first = true;; first = false) {
        std::fill(count.begin(), count.end(), 0);
        std::fill(sum.begin(), sum.end(), 0);
        each([&](double x) {
            const std::uint64_t kx = key(x);
            if (!first && (kx >> (shift + digit)) != prefix) return;
            std::uint64_t m = 0;
            int position = 0;  // the same for every value of a bin once the first digit is fixed
            ExactSum::split(x, m, position);
            const std::size_t b = (kx >> shift) & 0xFFFF;
            ++count[b];
            sum[b] += m;
            if (first) smallest = std::min(smallest, x);
        });
        // The first digit holds the exponent: each bin's position comes from its own bits.
        auto bin_position = [&](std::size_t b) {
            const std::uint64_t k = ((prefix << digit) | b) << shift;
            std::uint64_t m = 0;
            int p = 0;
            ExactSum::split(from_key(k), m, p);
            return p;
        };
        if (first) {
            ExactSum total;
            for (std::size_t b = 0; b < count.size(); ++b) {
                eligible += count[b];
                total.add_scaled(sum[b], bin_position(b));
            }
            if (eligible == 0) return INFINITY;
            target.add(share_target(t, total.value()));
        }
        std::size_t b = count.size();
        bool found = false;
        while (b-- > 0) {
            if (count[b] == 0) continue;
            ExactSum through = above;
            through.add_scaled(sum[b], bin_position(b));
            if (through.compare(target) >= 0) {
                found = true;
                break;
            }
            above = through;
        }
        // Only when the target, rounded, lies above the exact total (P = 100%): every cell.
        if (!found) return smallest;
        prefix = (prefix << digit) | b;
        if (shift == 0) return from_key(prefix);  // every value in the bin is this one
        if (count[b] <= budget) {
            std::vector<double> in_bin;
            in_bin.reserve(count[b]);
            each([&](double x) {
                if ((key(x) >> shift) == prefix) in_bin.push_back(x);
            });
            std::sort(in_bin.begin(), in_bin.end(), std::greater<>());
            for (double x : in_bin) {
                above.add(x);
                if (above.compare(target) >= 0) return x;
            }
            return in_bin.back();  // not reached: the bin's sum took the total past the target
        }
        shift -= digit;
    }
}

}  // namespace

namespace {

// Every positive cell of every tile, tile by tile, counting the passes.
auto positive_cells(const TileLayout& layout, const TileValues& tile, std::size_t& pass_count) {
    return [&layout, &tile, &pass_count](const std::function<void(double)>& visit) {
        ++pass_count;
        for (std::size_t i = 0; i < layout.tiles(); ++i)
            for (double x : tile(i))
                if (x > 0) visit(x);  // NaN compares false: masked cells drop out
    };
}

}  // namespace

double kth_largest_over_tiles(const TileLayout& layout, const TileValues& tile,
                              const std::function<std::size_t(std::size_t)>& k_of, std::size_t budget,
                              std::size_t* passes) {
    std::size_t pass_count = 0;
    const double v = kth_largest(positive_cells(layout, tile, pass_count), std::max<std::size_t>(budget, 1), k_of);
    if (passes) *passes = pass_count;
    return v;
}

ThresholdResult threshold_over_tiles(const TileLayout& layout, const TileValues& tile, const Threshold& t,
                                     std::size_t budget, std::size_t* passes) {
    std::size_t pass_count = 0;
    const auto each = positive_cells(layout, tile, pass_count);
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
            r.cut = share_cut(each, std::max<std::size_t>(budget, 1), t, r.eligible);
            if (r.eligible == 0) none();
            else r.details = threshold_details(t, r.eligible, r.cut);
            break;
    }
    if (passes) *passes = pass_count;
    return r;
}

}  // namespace hotspots
