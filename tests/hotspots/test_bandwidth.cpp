#include "hotspots/bandwidth.hpp"
#include "hotspots/threshold.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace hotspots;

TEST_CASE("auto bandwidth follows ArcGIS's spatial Silverman rule") {
    // Four points at distance 1 from the mean centre: SD = 1, Dm = 1, n = 4.
    const std::vector<WeightedPoint> pts{{1, 0, 1}, {-1, 0, 1}, {0, 1, 1}, {0, -1, 1}};
    const auto b = bandwidth_auto(pts);
    CHECK(b.h == Approx(0.9 * 1.0 * std::pow(4.0, -0.2)));
    // A far outlier raises SD but not Dm much: the median term takes over.
    std::vector<WeightedPoint> spread;
    for (int i = 0; i < 9; ++i) spread.push_back({static_cast<double>(i % 3), static_cast<double>(i / 3), 1});
    spread.push_back({1000, 1, 1});
    const auto s = bandwidth_auto(spread);
    double mx = 0, my = 0;
    for (const auto& p : spread) {
        mx += p.x / 10;
        my += p.y / 10;
    }
    double ss = 0;
    std::vector<double> d;
    for (const auto& p : spread) {
        ss += (p.x - mx) * (p.x - mx) + (p.y - my) * (p.y - my);
        d.push_back(std::hypot(p.x - mx, p.y - my));
    }
    std::sort(d.begin(), d.end());
    const double sd = std::sqrt(ss / 10), dm = d[4];  // weight reaches half at the 5th distance
    CHECK(s.h == Approx(0.9 * std::min(sd, std::sqrt(1 / std::log(2.0)) * dm) * std::pow(10.0, -0.2)));
    CHECK(dm * std::sqrt(1 / std::log(2.0)) < sd);
}

TEST_CASE("weights count as repeated points in the auto rule") {
    const std::vector<WeightedPoint> weighted{{0, 0, 2}, {10, 0, 1}, {0, 7, 3}};
    const std::vector<WeightedPoint> repeated{{0, 0, 1}, {0, 0, 1}, {10, 0, 1}, {0, 7, 1}, {0, 7, 1}, {0, 7, 1}};
    CHECK(bandwidth_auto(weighted).h == Approx(bandwidth_auto(repeated).h));
}

TEST_CASE("nrd matches MASS::bandwidth.nrd, averaged over the axes") {
    // MASS::bandwidth.nrd(1:10) = 4 * 1.06 * min(sd, IQR / 1.34) * 10^-0.2 with sd = 3.02765,
    // IQR = 4.5: 8.099749.
    std::vector<WeightedPoint> pts;
    for (int i = 1; i <= 10; ++i) pts.push_back({static_cast<double>(i), static_cast<double>(2 * i), 1});
    const auto b = bandwidth_nrd(pts, Kernel::quartic);
    CHECK(b.h == Approx((8.099749 + 2 * 8.099749) / 2).epsilon(1e-6));
    CHECK(bandwidth_nrd(pts, Kernel::gaussian).h == Approx(b.h / 4));
}

TEST_CASE("scott gives a gaussian sigma and the equal-variance bandwidth of other kernels") {
    std::vector<WeightedPoint> pts;
    for (int i = 0; i < 64; ++i) pts.push_back({static_cast<double>(i % 8), static_cast<double>(i / 8), 1});
    const double sd = std::sqrt(63.0 / 12 * 64 / 64 * (64.0 / 64));  // population sd of 0..7 = sqrt(5.25)
    const double sigma = std::sqrt(5.25) * std::pow(64.0, -1.0 / 6);
    CHECK(sd > 0);
    CHECK(bandwidth_scott(pts, Kernel::gaussian).h == Approx(sigma));
    CHECK(bandwidth_scott(pts, Kernel::quartic).h == Approx(sigma * std::sqrt(8.0)));
}

TEST_CASE("rules refuse data with no spread") {
    CHECK_THROWS_AS(bandwidth_auto({{5, 5, 1}}), BandwidthError);
    CHECK_THROWS_AS(bandwidth_auto({{5, 5, 1}, {5, 5, 1}, {5, 5, 2}}), BandwidthError);
    CHECK_THROWS_AS(bandwidth_nrd({{5, 5, 1}, {5, 5, 1}}, Kernel::quartic), BandwidthError);
    CHECK_THROWS_AS(bandwidth_scott({{1, 1, 1}}, Kernel::quartic), BandwidthError);
}

TEST_CASE("threshold forms parse, and bad ones say what is accepted") {
    CHECK(parse_threshold("top:5%").kind == Threshold::Kind::top);
    CHECK(parse_threshold("top:12.5%").parameter == 12.5);
    CHECK(parse_threshold("mean+2sd").parameter == 2);
    CHECK(parse_threshold("mean+1.5sd").kind == Threshold::Kind::mean_sd);
    CHECK(parse_threshold("value:0.25").parameter == 0.25);
    CHECK(parse_threshold("share:50%").kind == Threshold::Kind::share);
    for (const char* bad : {"top:5", "top:0%", "top:101%", "mean+sd", "value:x", "95%", ""})
        CHECK_THROWS_WITH(parse_threshold(bad), Catch::Contains("top:P%"));
}

TEST_CASE("thresholds pick the cells their rule describes") {
    // Ten non-zero cells 1..10, two zeros and two masked cells.
    std::vector<double> v{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, NAN, NAN};
    auto top = apply_threshold(v, parse_threshold("top:20%"));
    CHECK(top.eligible == 10);
    CHECK(top.cut == 9);
    CHECK(top.hot == 2);
    CHECK(apply_threshold(v, parse_threshold("top:25%")).hot == 3);  // ceil(2.5) cells
    // share:50%: 10 + 9 + 8 = 27 < 27.5, + 7 = 34 >= 27.5.
    auto share = apply_threshold(v, parse_threshold("share:50%"));
    CHECK(share.cut == 7);
    CHECK(share.hot == 4);
    // mean 5.5, population sd sqrt(8.25).
    CHECK(apply_threshold(v, parse_threshold("mean+1sd")).cut == Approx(5.5 + std::sqrt(8.25)));
    CHECK(apply_threshold(v, parse_threshold("value:8.5")).hot == 2);
    // Ties with the last cell are all in.
    std::vector<double> ties{5, 5, 5, 5, 1};
    CHECK(apply_threshold(ties, parse_threshold("top:20%")).hot == 4);
    CHECK(apply_threshold(std::vector<double>{0, 0}, parse_threshold("top:5%")).hot == 0);
}
