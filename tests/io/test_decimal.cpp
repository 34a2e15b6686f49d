#include "io/decimal.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>

using namespace hotspots::io;

namespace {

std::string fixed(double v, int decimals) {
    char buf[fixed_max_chars];
    return std::string(buf, write_fixed(buf, v, decimals));
}

// The C library's printf, an independent reference (exact binary value, ties to even).
std::string printf_fixed(double v, int decimals) {
    char buf[fixed_max_chars + 16];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace

TEST_CASE("fixed decimals round the exact binary value, ties to even") {
    CHECK(fixed(524483.005, 2) == "524483.01");  // the double is 524483.0050000000046...
    CHECK(fixed(0.125, 2) == "0.12");            // exact ties
    CHECK(fixed(0.375, 2) == "0.38");
    CHECK(fixed(2.5, 0) == "2");
    CHECK(fixed(3.5, 0) == "4");
    CHECK(fixed(-51.6555385, 6) == "-51.655538");  // the double is -51.65553849999...
    CHECK(fixed(1.0000005, 6) == "1.000001");      // the double is 1.00000050000000007...
    CHECK(fixed(0.0, 2) == "0.00");
    CHECK(fixed(-0.001, 2) == "-0.00");
    CHECK(fixed(-0.0, 6) == "-0.000000");
    CHECK(fixed(99.996, 2) == "100.00");
    CHECK(fixed(-0.2018775, 6) == printf_fixed(-0.2018775, 6));
    CHECK(fixed(1e300, 2) == printf_fixed(1e300, 2));
    CHECK(fixed(std::numeric_limits<double>::quiet_NaN(), 2) == "nan");
    CHECK(fixed(-std::numeric_limits<double>::infinity(), 2) == "-inf");
}

TEST_CASE("fixed decimals agree with printf on coordinates, near ties and large values") {
    std::mt19937_64 random(30);
    std::uniform_real_distribution<double> unit(-1, 1);
    std::uniform_int_distribution<int> digits(0, 9), power(-8, 13);
    for (int k = 0; k < 200000; ++k) {
        const int d = k % 3 == 0 ? 2 : k % 3 == 1 ? 6 : digits(random);
        double v = unit(random) * std::pow(10.0, power(random));
        // Every fourth value sits on or next to a decimal half, where rounding is decided.
        if (k % 4 == 0) v = std::nextafter((std::round(v * std::pow(10.0, d)) + 0.5) / std::pow(10.0, d), k % 8 ? 0.0 : 1e300);
        INFO(v << " with " << d << " decimals");
        REQUIRE(fixed(v, d) == printf_fixed(v, d));
    }
}
