#include "hotspots/scan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using namespace hotspots;

namespace {

std::vector<ScanEvent> random_events(std::size_t n, unsigned seed, int span, int days) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> xy(0, span), day(0, days - 1);
    std::vector<ScanEvent> ev;
    for (std::size_t i = 0; i < n; ++i) ev.push_back({double(xy(rng)), double(xy(rng)), day(rng)});
    for (std::size_t i = 0; i < n / 8; ++i) ev.push_back({ev[i * 5].x, ev[i * 5].y, day(rng)});  // repeat places
    return ev;
}

struct Cylinder {
    double llr = 0, mu = 0;
    std::size_t c = 0;
};

// Every circle (centre at an event's place, radius at each distance to a place) and every
// window of every length up to max_length over all days, counted directly from the events.
Cylinder brute_force(const std::vector<ScanEvent>& ev, const ScanOptions& o) {
    const double C = double(ev.size());
    std::int64_t t0 = ev[0].time, t1 = ev[0].time;
    for (const auto& e : ev) t0 = std::min(t0, e.time), t1 = std::max(t1, e.time);
    Cylinder best;
    for (const auto& centre : ev)
        for (const auto& edge : ev) {
            const double r = std::hypot(edge.x - centre.x, edge.y - centre.y);
            if (r > o.max_radius) continue;
            auto inside = [&](const ScanEvent& e) { return std::hypot(e.x - centre.x, e.y - centre.y) <= r; };
            const double held = double(std::count_if(ev.begin(), ev.end(), inside));
            if (held > o.max_share * C) continue;
            for (std::int64_t a = t0; a <= t1; ++a)
                for (std::int64_t b = a; b <= t1 && b - a < o.max_length; ++b) {
                    auto when = [&](const ScanEvent& e) { return e.time >= a && e.time <= b; };
                    const double window = double(std::count_if(ev.begin(), ev.end(), when));
                    const auto c = std::size_t(std::count_if(ev.begin(), ev.end(), [&](const ScanEvent& e) { return inside(e) && when(e); }));
                    if (c < o.min_events) continue;
                    const double mu = held * window / C;
                    const double llr = scan_llr(double(c), mu, C);
                    if (llr > best.llr) best = {llr, mu, c};
                }
        }
    return best;
}

}  // namespace

TEST_CASE("the scan's log-likelihood ratio is Kulldorff's") {
    // 10 observed where 2 were expected, of 100: 10 ln 5 + 90 ln(90/98).
    CHECK(scan_llr(10, 2, 100) == Approx(10 * std::log(5.0) + 90 * std::log(90.0 / 98.0)).epsilon(1e-12));
    CHECK(scan_llr(2, 3, 100) == 0);
    CHECK(scan_llr(100, 50, 100) == Approx(100 * std::log(2.0)));
}

TEST_CASE("the most likely cluster and its LLR equal a brute-force enumeration of every cylinder") {
    for (unsigned seed : {1u, 2u, 3u, 4u, 5u}) {
        const auto ev = random_events(60, seed, 400, 40);
        for (double radius : {80.0, 250.0})
            for (std::int64_t length : {1, 7}) {
                ScanOptions o;
                o.max_radius = radius;
                o.max_length = length;
                o.permutations = 9;
                const auto got = space_time_scan(ev, o);
                const auto want = brute_force(ev, o);
                REQUIRE(!got.clusters.empty());
                CHECK(got.clusters[0].llr == Approx(want.llr).epsilon(1e-12));
                CHECK(got.clusters[0].observed == want.c);
                CHECK(got.clusters[0].expected == Approx(want.mu).epsilon(1e-12));
                CHECK(got.clusters[0].members.size() == got.clusters[0].observed);
            }
    }
}

TEST_CASE("the scan finds a planted space-time cluster, finds none in null data, and is thread-independent") {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> xy(0, 5000), ring(0, 100);
    std::uniform_int_distribution<int> day(0, 364), burst(200, 209);
    std::vector<ScanEvent> ev;
    for (int i = 0; i < 400; ++i) ev.push_back({xy(rng), xy(rng), day(rng)});
    const std::size_t planted = ev.size();
    for (int i = 0; i < 8; ++i) ev.push_back({2500 + ring(rng), 2500 + ring(rng), burst(rng)});
    ScanOptions o;
    o.max_radius = 500;
    o.max_length = 30;
    o.permutations = 199;
    o.threads = 1;
    const auto r = space_time_scan(ev, o);
    REQUIRE(!r.clusters.empty());
    const auto& top = r.clusters[0];
    CHECK(top.p < 0.05);
    const auto from_plant = std::count_if(top.members.begin(), top.members.end(), [&](std::uint32_t e) { return e >= planted; });
    CHECK(from_plant >= 6);
    CHECK((top.start >= 190 && top.end <= 219));
    o.threads = 3;
    const auto again = space_time_scan(ev, o);
    CHECK(again.null_max == r.null_max);
    CHECK(again.clusters[0].members == top.members);

    // Null data: the same places with their times permuted (20 seeds): a most likely cluster
    // with p < 0.05 in at most one of them.
    int found = 0;
    for (unsigned s = 0; s < 20; ++s) {
        auto null = ev;
        std::mt19937 shuffle(100 + s);
        std::vector<std::int64_t> times;
        for (const auto& e : null) times.push_back(e.time);
        std::shuffle(times.begin(), times.end(), shuffle);
        for (std::size_t i = 0; i < null.size(); ++i) null[i].time = times[i];
        ScanOptions n = o;
        n.permutations = 99;
        n.seed = s + 1;
        const auto nr = space_time_scan(null, n);
        found += !nr.clusters.empty() && nr.clusters[0].p < 0.05;
    }
    CHECK(found <= 1);
}
