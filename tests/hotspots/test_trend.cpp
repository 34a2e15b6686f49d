#include "hotspots/trend.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

using namespace hotspots;

namespace {

// S and its tie-corrected variance straight from their definitions.
std::pair<double, double> brute_mk(const std::vector<double>& x) {
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = i + 1; j < x.size(); ++j) s += x[j] > x[i] ? 1 : x[j] < x[i] ? -1 : 0;
    const double n = static_cast<double>(x.size());
    double ties = 0;
    std::vector<bool> seen(x.size(), false);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (seen[i]) continue;
        double t = 0;
        for (std::size_t j = i; j < x.size(); ++j)
            if (x[j] == x[i]) {
                seen[j] = true;
                ++t;
            }
        ties += t * (t - 1) * (2 * t + 5);
    }
    return {s, (n * (n - 1) * (2 * n + 5) - ties) / 18};
}

UnitSeries series(std::vector<int> sig, std::vector<double> z = {}) {
    if (z.empty())
        for (int s : sig) z.push_back(s * 3.0);
    return {z, sig};
}

std::string arc(const UnitSeries& u) { return arcgis_category(u, mann_kendall(u.z)); }

}  // namespace

TEST_CASE("Mann-Kendall matches a brute-force computation, ties included") {
    std::mt19937 rng(5);
    std::uniform_int_distribution<int> v(0, 6);
    for (int rep = 0; rep < 50; ++rep) {
        std::vector<double> x(3 + rep % 20);
        for (auto& e : x) e = v(rng);
        const auto m = mann_kendall(x);
        const auto [s, var] = brute_mk(x);
        CHECK(m.s == s);
        CHECK(m.var == Approx(var));
        const double z = s > 0 ? (s - 1) / std::sqrt(var) : s < 0 ? (s + 1) / std::sqrt(var) : 0;
        CHECK(m.z == Approx(z));
        CHECK(m.p == Approx(std::erfc(std::abs(z) / std::sqrt(2.0))));
    }
    // A strictly rising series of 10: S = 45, var = 10 x 9 x 25 / 18 = 125.
    std::vector<double> up{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    const auto m = mann_kendall(up);
    CHECK(m.s == 45);
    CHECK(m.var == Approx(125));
    CHECK(m.tau == Approx(1));
    CHECK(m.p < 0.001);
}

TEST_CASE("every ArcGIS category comes from a series built for it") {
    const std::vector<double> rising{3, 3.2, 3.4, 3.6, 3.8, 4, 4.2, 4.4, 4.6, 4.8};
    const std::vector<double> falling{4.8, 4.6, 4.4, 4.2, 4, 3.8, 3.6, 3.4, 3.2, 3};
    const std::vector<double> flat{3, 3.1, 2.9, 3, 3.1, 2.9, 3, 3.1, 2.9, 3};
    const std::vector<int> all(10, 1);
    CHECK(arc(series({0, 0, 0, 0, 0, 0, 0, 0, 0, 1})) == "new hot spot");
    CHECK(arc(series({0, 0, 0, 0, 0, 0, 0, 1, 1, 1})) == "consecutive hot spot");
    CHECK(arc(series(all, rising)) == "intensifying hot spot");
    CHECK(arc(series(all, flat)) == "persistent hot spot");
    CHECK(arc(series(all, falling)) == "diminishing hot spot");
    CHECK(arc(series({0, 1, 0, 1, 0, 0, 1, 0, 0, 1})) == "sporadic hot spot");
    CHECK(arc(series({0, -1, 0, 1, 0, 0, 1, 0, 0, 1})) == "oscillating hot spot");
    CHECK(arc(series({1, 1, 1, 1, 1, 1, 1, 1, 1, 0})) == "historical hot spot");
    CHECK(arc(series({0, 0, 0, 0, 0, 0, 0, 0, 0, -1})) == "new cold spot");
    CHECK(arc(series({0, 0, 0, 0, 0, 0, 0, -1, -1, -1})) == "consecutive cold spot");
    std::vector<double> deepening, easing, steady;
    for (double z : rising) deepening.push_back(-z);
    for (double z : falling) easing.push_back(-z);
    for (double z : flat) steady.push_back(-z);
    const std::vector<int> cold(10, -1);
    CHECK(arc(series(cold, deepening)) == "intensifying cold spot");
    CHECK(arc(series(cold, steady)) == "persistent cold spot");
    CHECK(arc(series(cold, easing)) == "diminishing cold spot");
    CHECK(arc(series({0, -1, 0, -1, 0, 0, -1, 0, 0, -1})) == "sporadic cold spot");
    CHECK(arc(series({0, 1, 0, -1, 0, 0, -1, 0, 0, -1})) == "oscillating cold spot");
    CHECK(arc(series({-1, -1, -1, -1, -1, -1, -1, -1, -1, 0})) == "historical cold spot");
    CHECK(arc(series({0, 1, 0, 0, 1, 0, 0, 0, 0, 0})) == "no pattern detected");
}

TEST_CASE("Holm's adjustment as R's p.adjust, NaN left out") {
    // R: p.adjust(c(0.01, 0.04, 0.03, 0.5), "holm") = 0.04 0.09 0.09 0.50
    const auto a = holm({0.01, 0.04, 0.03, 0.5});
    CHECK(a[0] == Approx(0.04));
    CHECK(a[1] == Approx(0.09));
    CHECK(a[2] == Approx(0.09));
    CHECK(a[3] == Approx(0.5));
    const auto b = holm({0.01, NAN, 0.02});  // two tests, not three
    CHECK(b[0] == Approx(0.02));
    CHECK(std::isnan(b[1]));
    CHECK(b[2] == Approx(0.02));
    CHECK(holm({0.6, 0.7})[1] == 1.0);
}

namespace {
// A unit's z and p per step: 1 a significant hot step (p tiny, so Holm keeps it under 0.05 for
// up to 20 steps), -1 a significant cold one, 0 neither.
std::string sf(const std::vector<int>& marks, SfhotspotParams params = {}) {
    std::vector<double> z, p;
    for (int m : marks) {
        z.push_back(m == 0 ? 0.1 : 4.0 * m);
        p.push_back(m == 0 ? 0.9 : 1e-6);
    }
    return sfhotspot_category(z, p, params);
}
}  // namespace

TEST_CASE("sfhotspot categories follow hotspot_classify's rules and windows") {
    // 10 steps: r = floor(0.2 x 10) = 2; recent = steps 8-10 (three of them, over r = 2),
    // older = steps 1-8.
    CHECK(sf({1, 1, 1, 1, 1, 1, 1, 1, 0, 0}) == "persistent hotspot");  // 8 of 10 >= 0.8
    CHECK(sf({0, 0, 0, 0, 0, 0, 0, 0, 0, 1}) == "emerging hotspot");    // older 0 < 0.1, recent 1/2 >= 0.2
    // Step 8 is in both windows: hot there counts as older too (1/8 >= 0.1), so not emerging.
    CHECK(sf({0, 0, 0, 0, 0, 0, 0, 1, 0, 0}) == "intermittent hotspot");
    CHECK(sf({1, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == "former hotspot");      // older 1/8 >= 0.1, recent 0
    CHECK(sf({1, 0, 0, 0, 0, 0, 0, 0, 0, 1}) == "intermittent hotspot"); // 2/10 >= 0.1, neither of the above
    CHECK(sf({-1, -1, -1, -1, -1, -1, -1, -1, 0, 0}) == "persistent coldspot");
    CHECK(sf({0, 0, 0, 0, 0, 0, 0, 0, -1, 0}) == "emerging coldspot");
    CHECK(sf({-1, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == "former coldspot");
    CHECK(sf({1, 0, 0, 0, 0, 0, 0, 0, 0, -1}) == "mixed hot/coldspot");  // former hot and emerging cold
    CHECK(sf({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == "no pattern");
    // 12 steps: intermittent needs 2 (1/12 < 0.1); one older step is 1/10 >= 0.1: former.
    CHECK(sf({0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}) == "former hotspot");
    // Few steps: floor(0.2 x 4) = 0, so r = 1 (windows: steps 1-3 and 3-4).
    CHECK(sf({0, 0, 0, 1}) == "emerging hotspot");
    CHECK(sf({0, 0, 1, 0}) == "intermittent hotspot");
    // sfhotspot-1.0: Holm over the unit's steps: ten p of 0.01 each are all 0.1 after adjustment,
    // so none counts. sfhotspot-1.1 takes each step's p as adjusted already: all ten count.
    std::vector<double> z(10, 3.0), p(10, 0.01);
    SfhotspotParams old;
    old.scheme = SfScheme::v1_0;
    CHECK(sfhotspot_category(z, p, old) == "no pattern");
    CHECK(sfhotspot_category(z, p, {}) == "persistent hotspot");
    // Options change the thresholds.
    SfhotspotParams strict;
    strict.persistent_prop = 0.9;
    CHECK(sf({1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, strict) == "intermittent hotspot");
}

TEST_CASE("sfhotspot-1.1's step p is spdep::p.adjustSP with Holm over the unit and its neighbours") {
    // R: p.adjustSP(rep(0.004, 9), include.self(cell2nb(3, 3, "queen")), "holm") gives 0.04 for
    // a corner (3 neighbours + itself + 1 = 5: 0.02), an edge (5 + 2 = 7: 0.028), the centre (8 + 2: 0.04).
    CHECK(sfhotspot_step_p(0.004, 3, SfScheme::v1_1) == Approx(0.02));
    CHECK(sfhotspot_step_p(0.004, 5, SfScheme::v1_1) == Approx(0.028));
    CHECK(sfhotspot_step_p(0.004, 8, SfScheme::v1_1) == Approx(0.04));
    CHECK(sfhotspot_step_p(0.3, 8, SfScheme::v1_1) == 1.0);
    CHECK(sfhotspot_step_p(0.004, 8, SfScheme::v1_0) == 0.004);
    CHECK(std::isnan(sfhotspot_step_p(NAN, 8, SfScheme::v1_1)));
}

namespace {
IncidentSet at_dates(std::initializer_list<const char*> dates) {
    IncidentSet set;
    for (const char* d : dates) {
        Incident i;
        i.from = i.to = parse_when(d)->from;
        set.incidents.push_back(i);
    }
    return set;
}
}  // namespace

TEST_CASE("time steps count from the first incident's step, named as analysts write them") {
    const auto set = at_dates({"2024-03-02", "2024-01-15", "2024-05-20"});
    const auto m = time_steps(set, parse_step("month"));
    CHECK(m.of == std::vector<std::size_t>{2, 0, 4});
    CHECK(m.names == std::vector<std::string>{"2024-01", "2024-02", "2024-03", "2024-04", "2024-05"});
    CHECK(m.rule == "month (given)");
    const auto q = time_steps(set, parse_step("quarter"));
    CHECK(q.of == std::vector<std::size_t>{0, 0, 1});
    CHECK(q.names == std::vector<std::string>{"2024-Q1", "2024-Q2"});
    const auto d = time_steps(set, parse_step("14d"));
    CHECK(d.of == std::vector<std::size_t>{3, 0, 9});  // 47 and 126 days after 15 January
    CHECK(d.names.front() == "2024-01-15");
    // Five months: weekly steps, said so.
    const auto a = time_steps(set, parse_step("auto"));
    CHECK(a.rule == "7d (auto: the incidents span 5 months)");
    CHECK(a.names.size() == 19);
    for (const char* bad : {"weekly", "0d", "d", "-3d", "month2"}) CHECK_THROWS_AS(parse_step(bad), std::invalid_argument);
}
