#include "hotspots/evaluation.hpp"

#include "model/time.hpp"

#include <algorithm>

namespace hotspots {

EvaluationIncidents evaluation_incidents(const IncidentSet& set, const StudyArea& area, const std::vector<std::int64_t>* unit_of) {
    EvaluationIncidents e;
    e.first_month = 1 << 30;
    e.last_month = -(1 << 30);
    auto all = forecast_incidents(set, area);
    if (unit_of)
        for (std::size_t i = 0; i < all.size(); ++i) all[i].unit = static_cast<std::int32_t>((*unit_of)[i]);
    for (const auto& f : all) {
        if (f.slot < 0) {
            ++e.outside;
            continue;
        }
        e.first_month = std::min(e.first_month, month_number(f.when));
        e.last_month = std::max(e.last_month, month_number(f.when));
        e.inside.push_back(f);
    }
    return e;
}

BacktestSummary summarise_backtest(const BacktestSpec& spec, const Backtest& bt) {
    BacktestSummary s;
    const std::size_t nm = spec.methods.size(), nt = spec.train_months.size(), ns = spec.shares.size();
    s.configs = nm * nt;
    s.trains = nt;
    s.shares = ns;
    s.scores.resize(s.configs * ns);
    const int longest = *std::max_element(spec.train_months.begin(), spec.train_months.end());
    std::vector<std::vector<double>> caught(s.configs * ns);  // incidents caught, per period
    double snapped = 0;
    std::size_t snapped_rows = 0;
    const double k = static_cast<double>(bt.periods);
    for (const auto& row : bt.rows) {
        const std::size_t at = (row.method * nt + row.train) * ns + row.share;
        auto& m = s.scores[at];
        m.pai += row.c.pai / k;
        m.pei += row.c.pei / k;
        m.pei_star += row.c.pei_star / k;
        m.hit += row.c.hit_rate / k;
        m.rri += row.c.rri / k;
        caught[at].push_back(row.c.n);
        if (spec.train_months[row.train] == longest && row.method == 0 && row.share == 0) {
            snapped += row.snapped;
            ++snapped_rows;
        }
    }
    if (snapped_rows) s.snapped = snapped / static_cast<double>(snapped_rows);
    s.overall_pei.assign(s.configs, 0);
    for (std::size_t sh = 0; sh < ns; ++sh) {
        std::size_t best = 0;
        for (std::size_t c = 0; c < s.configs; ++c)
            if (s.scores[c * ns + sh].pai > s.scores[best * ns + sh].pai) best = c;
        s.best.push_back(best);
        const auto& b = caught[best * ns + sh];
        for (std::size_t c = 0; c < s.configs; ++c) {
            auto& m = s.scores[c * ns + sh];
            s.overall_pei[c] += m.pei / static_cast<double>(ns);
            m.best = c == best;
            if (m.best) continue;
            // Paired by period; counts within 1e-9 are ties (kde's weighted catches are not whole).
            const auto& n = caught[c * ns + sh];
            for (std::size_t p = 0; p < n.size(); ++p) {
                if (n[p] > b[p] + 1e-9) ++m.won;
                else if (n[p] < b[p] - 1e-9) ++m.lost;
                else ++m.tied;
            }
            m.sign_p = sign_test(m.won, m.lost);
        }
    }
    for (std::size_t c = 0; c < s.configs; ++c) {
        if (s.overall_pei[c] > s.overall_pei[s.recommended] + 1e-12) s.recommended = c;
        if (spec.methods[c / nt].method == ForecastMethod::kde &&
            (!s.recommended_kde || s.overall_pei[c] > s.overall_pei[*s.recommended_kde] + 1e-12))
            s.recommended_kde = c;
    }
    return s;
}

}  // namespace hotspots
