#include "hotspots/evaluation.hpp"

#include "model/time.hpp"

#include <catch2/catch.hpp>

using namespace hotspots;

namespace {

BacktestRow row(int month, std::size_t method, std::size_t share, double n, double pai, double pei, double snapped = 0) {
    BacktestRow r;
    r.test_month = month;
    r.method = method;
    r.share = share;
    r.c.n = n;
    r.c.pai = pai;
    r.c.pei = pei;
    r.snapped = snapped;
    return r;
}

}  // namespace

TEST_CASE("incidents outside the study cells are counted out, and the months span those inside") {
    Grid g;
    g.xmin = 0;
    g.ymax = 100;
    g.cell = 100;
    g.cols = 2;
    g.rows = 1;
    const auto area = study_area(g, {1, 0});  // only the western cell
    auto at = [](double x, int y, int m) {
        Incident i;
        i.x = x;
        i.y = 50;
        i.from = i.to = days_from_civil(y, m, 15) * seconds_per_day;
        return i;
    };
    IncidentSet set;
    set.incidents = {at(50, 2024, 3), at(150, 2023, 1), at(20, 2024, 7), at(150, 2025, 1)};
    const auto e = evaluation_incidents(set, area);
    CHECK(e.inside.size() == 2);
    CHECK(e.outside == 2);
    CHECK(e.first_month == month_number(at(0, 2024, 3).from));
    CHECK(e.last_month == month_number(at(0, 2024, 7).from));
}

TEST_CASE("the summary pairs each configuration's periods against the best and recommends by mean PEI over the shares") {
    // kde and grid, one training window, two shares, two test periods. At 1%: kde has the
    // higher mean PAI (3 against 1) and is the best; grid catches fewer in period 1 and as
    // many in period 2 (0 won, 1 lost, 1 tied). At 5% grid is best (PAI 5), kde ties then
    // wins. Mean PEI over the shares: kde (0.5 + 0.7) / 2 = 0.6, grid (0.9 + 0.1) / 2 = 0.5.
    BacktestSpec spec;
    MethodConfig kde, grid;
    grid.method = ForecastMethod::grid;
    spec.methods = {kde, grid};
    spec.train_months = {3};
    spec.shares = {0.01, 0.05};
    Backtest bt;
    bt.periods = 2;
    bt.rows = {row(1, 0, 0, 5, 2, 0.5, 0.2), row(1, 0, 1, 6, 2, 0.7), row(1, 1, 0, 3, 1, 0.9), row(1, 1, 1, 6, 5, 0.1),
               row(2, 0, 0, 4, 4, 0.5, 0.4), row(2, 0, 1, 6, 2, 0.7), row(2, 1, 0, 4, 1, 0.9), row(2, 1, 1, 2, 5, 0.1)};
    const auto s = summarise_backtest(spec, bt);
    REQUIRE(s.configs == 2);
    CHECK(s.best == std::vector<std::size_t>{0, 1});
    CHECK(s.score(0, 0).pai == Approx(3));
    CHECK(s.score(0, 0).best);
    const auto& g1 = s.score(1, 0);
    CHECK(g1.won == 0);
    CHECK(g1.lost == 1);
    CHECK(g1.tied == 1);
    CHECK(g1.sign_p == Approx(sign_test(0, 1)));
    const auto& k5 = s.score(0, 1);
    CHECK(k5.won == 1);
    CHECK(k5.tied == 1);
    CHECK(s.overall_pei[0] == Approx(0.6));
    CHECK(s.overall_pei[1] == Approx(0.5));
    CHECK(s.recommended == 0);
    REQUIRE(s.recommended_kde);
    CHECK(*s.recommended_kde == 0);
    REQUIRE(s.snapped);
    CHECK(*s.snapped == Approx(0.3));  // kde, the longest window, 1%: (0.2 + 0.4) / 2
}
