// ExactSum: exact sums of doubles in any order, rounded once (hotspots/exact_sum.hpp).
#include "hotspots/exact_sum.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace hotspots;

TEST_CASE("an exact sum rounds once, to nearest and ties to even") {
    ExactSum a;
    for (double x : {0x1p53, 1.0, 1.0}) a.add(x);
    CHECK(a.value() == 0x1p53 + 2);  // a running sum of doubles gives 2^53: each + 1 is a tie
    ExactSum tie;
    for (double x : {0x1p53, 1.0}) tie.add(x);
    CHECK(tie.value() == 0x1p53);  // halfway between 2^53 and 2^53 + 2: the even one
    ExactSum up;
    for (double x : {0x1p53, 2.0, 1.0}) up.add(x);
    CHECK(up.value() == 0x1p53 + 4);  // 2^53 + 3: halfway, to the even 2^53 + 4
    ExactSum sticky;
    for (double x : {0x1p53, 1.0, 0x1p-60}) sticky.add(x);
    CHECK(sticky.value() == 0x1p53 + 2);  // just above halfway
    CHECK(sticky.compare(0x1p53 + 2) == -1);
    CHECK(tie.compare(0x1p53) == 1);  // the exact 2^53 + 1 lies above its rounding
    CHECK(a.compare(0x1p53 + 2) == 0);
    CHECK(tie.compare(0x1p53 + 2) == -1);
    const double tiny = std::numeric_limits<double>::denorm_min();
    ExactSum sub;
    for (int i = 0; i < 3; ++i) sub.add(tiny);
    CHECK(sub.value() == 3 * tiny);
    CHECK(ExactSum{}.value() == 0);
    ExactSum big;
    big.add(std::numeric_limits<double>::max());
    big.add(std::numeric_limits<double>::max());
    CHECK(std::isinf(big.value()));
    CHECK_THROWS_AS(big.add(-1.0), std::invalid_argument);
    CHECK_THROWS_AS(big.add(NAN), std::invalid_argument);
}

TEST_CASE("an exact sum equals an integer sum of the same values, in any order") {
    // Values m x 2^e with e in [-30, 30]: at the scale 2^30 they are integers below 2^113, so an
    // unsigned 128-bit sum of 500 of them is exact, and its conversion to double rounds once.
    std::mt19937_64 rng(7);
    std::uniform_int_distribution<std::uint64_t> um(1, (std::uint64_t{1} << 53) - 1);
    std::uniform_int_distribution<int> ue(-30, 30);
    for (int trial = 0; trial < 20; ++trial) {
        std::vector<double> v;
        unsigned __int128 scaled = 0;
        for (int i = 0; i < 500; ++i) {
            const std::uint64_t m = um(rng);
            const int e = ue(rng);
            v.push_back(std::ldexp(static_cast<double>(m), e));
            scaled += static_cast<unsigned __int128>(m) << (e + 30);
        }
        const double reference = std::ldexp(static_cast<double>(scaled), -30);
        ExactSum forward, backward, halves;
        for (double x : v) forward.add(x);
        for (auto it = v.rbegin(); it != v.rend(); ++it) backward.add(*it);
        std::shuffle(v.begin(), v.end(), rng);
        ExactSum first, second;
        for (std::size_t i = 0; i < v.size(); ++i) (i % 3 ? first : second).add(v[i]);
        halves.add(first);
        halves.add(second);
        CHECK(forward.value() == reference);
        CHECK(backward.value() == reference);
        CHECK(halves.value() == reference);
        CHECK(forward.compare(reference) == halves.compare(reference));
    }
}
