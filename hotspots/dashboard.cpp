#include "hotspots/dashboard.hpp"

#include "hotspots/eb.hpp"
#include "hotspots/gistar.hpp"
#include "model/time.hpp"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace hotspots {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double window_days(int first, int last) { return months_days(first, last); }

// A window's figure for one area and theme.
WindowFigure window_figure(const CountCube& cube, std::size_t a, std::size_t t, Window w, int month,
                           const std::vector<int>& gaps, const PopulationByYear& population, double confidence,
                           double per) {
    const auto [first, last] = window_months(w, month);
    return months_figure(cube, a, t, first, last, gaps, population, confidence, per);
}

}  // namespace

double months_days(int first, int last) {
    double days = 0;
    for (int m = first; m <= last; ++m) days += days_in_month(m / 12, m % 12 + 1);
    return days;
}

WindowFigure months_figure(const CountCube& cube, std::size_t a, std::size_t t, int first, int last,
                           const std::vector<int>& gaps, const PopulationByYear& population, double confidence,
                           double per) {
    WindowFigure f;
    const int lo = first - cube.first_month, hi = last - cube.first_month;
    f.in_data = lo >= 0 && hi < cube.months;
    if (!f.in_data) {
        f.count = nan;
    } else {
        for (int m = lo; m <= hi; ++m) f.count += cube.count(a, t, m);
        for (int g : gaps)
            if (g >= first && g <= last) f.gaps.push_back(g);
        if (!f.gaps.empty()) f.count = nan;
    }
    // Residents of the year holding the window's middle month.
    const int middle = first + (last - first + 1) / 2;
    std::tie(f.population, f.population_year) = population_for(population, middle / 12);
    if (std::isnan(f.population) || std::isnan(f.count)) {
        f.rate = f.rate_low = f.rate_high = nan;
    } else {
        const auto [low, high] = poisson_interval(f.count, confidence);
        f.rate = f.count / f.population * per;
        f.rate_low = low / f.population * per;
        f.rate_high = high / f.population * per;
    }
    return f;
}

namespace {

// Ranks of one theme and span over `set` (areas), now and a year before; `by_rate` decides
// whether rates or counts are ranked. Returns {now, before} ranks by area (0: not ranked).
struct SpanRanks {
    std::vector<int> now, before;
    std::vector<int> now_common, before_common;  // among the areas ranked in both periods
    int of = 0, of_before = 0;
};
SpanRanks rank_span(const std::vector<const AreaThemeFigures*>& figures, Window now, Window before, bool by_rate) {
    std::vector<double> a, b;
    for (const auto* f : figures) {
        a.push_back(by_rate ? f->at(now).rate : f->at(now).count);
        b.push_back(by_rate ? f->at(before).rate : f->at(before).count);
    }
    SpanRanks r;
    r.now = competition_ranks(a);
    r.before = competition_ranks(b);
    auto counted = [](const std::vector<double>& v) {
        return static_cast<int>(std::count_if(v.begin(), v.end(), [](double x) { return !std::isnan(x); }));
    };
    r.of = counted(a);
    r.of_before = counted(b);
    // The move compares ranks of one set: the areas with both figures.
    std::vector<double> a_both = a, b_both = b;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (std::isnan(a[k]) || std::isnan(b[k])) a_both[k] = b_both[k] = std::numeric_limits<double>::quiet_NaN();
    r.now_common = competition_ranks(a_both);
    r.before_common = competition_ranks(b_both);
    return r;
}

}  // namespace

void CountCube::resize(std::size_t area_count, std::size_t theme_count, int first, int month_count) {
    areas = area_count;
    themes = theme_count;
    first_month = first;
    months = month_count;
    counts.assign(areas * themes * static_cast<std::size_t>(months), 0.0);
    totals.assign(areas * static_cast<std::size_t>(months), 0.0);
    absent.assign(areas * static_cast<std::size_t>(months), 0);
}

std::pair<int, int> window_months(Window w, int month) {
    switch (w) {
        case Window::month: return {month, month};
        case Window::three: return {month - 2, month};
        case Window::three_before: return {month - 14, month - 12};
        case Window::twelve: return {month - 11, month};
        case Window::twelve_before: return {month - 23, month - 12};
    }
    return {month, month};
}

const char* window_name(Window w) {
    switch (w) {
        case Window::month: return "month";
        case Window::three: return "3m";
        case Window::three_before: return "3m_before";
        case Window::twelve: return "12m";
        case Window::twelve_before: return "12m_before";
    }
    return "";
}

std::pair<double, double> poisson_interval(double k, double confidence) {
    const double alpha = 1 - confidence;
    // Garwood: the quantiles of Gamma(k) and Gamma(k + 1), i.e. chi-square / 2.
    const double low = k > 0 ? boost::math::gamma_p_inv(k, alpha / 2) : 0.0;
    const double high = boost::math::gamma_p_inv(k + 1, 1 - alpha / 2);
    return {low, high};
}

std::vector<int> competition_ranks(const std::vector<double>& values) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isnan(values[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<int> rank(values.size(), 0);
    for (std::size_t k = 0; k < order.size(); ++k)
        rank[order[k]] = k > 0 && values[order[k]] == values[order[k - 1]] ? rank[order[k - 1]] : static_cast<int>(k + 1);
    return rank;
}

std::vector<int> coverage_gaps(const CountCube& cube, std::size_t a, double median_floor) {
    std::vector<int> gaps;
    std::vector<double> around;
    for (int m = 0; m < cube.months; ++m) {
        if (cube.is_absent(a, m)) continue;
        const double here = cube.total(a, m);
        around.clear();
        for (int k = std::max(0, m - 12); k <= std::min(cube.months - 1, m + 12); ++k)
            if (k != m && !cube.is_absent(a, k)) around.push_back(cube.total(a, k));
        if (around.size() < 6) continue;  // too little to judge
        const auto mid = around.begin() + static_cast<std::ptrdiff_t>(around.size() / 2);
        std::nth_element(around.begin(), mid, around.end());
        double median = *mid;
        if (around.size() % 2 == 0) median = (median + *std::max_element(around.begin(), mid)) / 2;
        if (median >= median_floor && here < median / 10) gaps.push_back(cube.first_month + m);
    }
    return gaps;
}

std::pair<double, int> population_for(const PopulationByYear& p, int year) {
    double best = nan;
    int best_year = 0, best_distance = std::numeric_limits<int>::max();
    for (const auto& [y, v] : p) {
        const int d = std::abs(y - year);
        if (d < best_distance || (d == best_distance && y > best_year)) {
            best_distance = d;
            best = v;
            best_year = y;
        }
    }
    return {best, best_year};
}

namespace {

// Each theme's and window's rates smoothed towards the rate of all the reported areas together.
void smooth_rates(std::vector<AreaThemeFigures>& all, std::size_t themes, const std::vector<std::size_t>& reported,
                  double per) {
    for (std::size_t t = 0; t < themes; ++t)
        for (Window w : all_windows) {
            std::vector<WindowFigure*> in;
            std::vector<double> cases, residents;
            for (std::size_t a : reported) {
                auto& f = all[a * themes + t].windows[static_cast<std::size_t>(w)];
                if (std::isnan(f.count) || !(f.population > 0)) continue;
                in.push_back(&f);
                cases.push_back(f.count);
                residents.push_back(f.population);
            }
            if (in.empty()) continue;
            const auto eb = eb_global(cases, residents);
            for (std::size_t k = 0; k < in.size(); ++k) in[k]->rate_smoothed = eb.smoothed[k] * per;
        }
}

}  // namespace

Dashboard compute_dashboard(const CountCube& cube, const std::vector<PopulationByYear>& population,
                            const DashboardOptions& o) {
    for (const auto& p : population)
        for (const auto& [year, v] : p)
            if (!(v > 0)) throw std::invalid_argument("a population of " + std::to_string(v) + " in " + std::to_string(year));
    Dashboard d;
    const std::size_t themes = cube.themes;
    static const PopulationByYear none;
    auto population_of = [&](std::size_t a) -> const PopulationByYear& { return a < population.size() ? population[a] : none; };

    // Every area that is reported or ranked gets its figures.
    std::vector<std::size_t> areas = o.peers;
    areas.insert(areas.end(), o.reported.begin(), o.reported.end());
    std::sort(areas.begin(), areas.end());
    areas.erase(std::unique(areas.begin(), areas.end()), areas.end());
    std::vector<std::vector<int>> gaps(cube.areas), suspect(cube.areas);
    std::vector<AreaThemeFigures> all(cube.areas * themes);
    for (std::size_t a : areas) {
        suspect[a] = coverage_gaps(cube, a, o.gap_median);
        for (int m = 0; m < cube.months; ++m)
            if (cube.is_absent(a, m)) gaps[a].push_back(cube.first_month + m);
        gaps[a].insert(gaps[a].end(), suspect[a].begin(), suspect[a].end());
        std::sort(gaps[a].begin(), gaps[a].end());
        for (std::size_t t = 0; t < themes; ++t) {
            auto& f = all[a * themes + t];
            for (Window w : all_windows)
                f.windows[static_cast<std::size_t>(w)] =
                    window_figure(cube, a, t, w, o.month, gaps[a], population_of(a), o.confidence, o.per);
            auto test = [](const WindowFigure& before, const WindowFigure& after, std::pair<int, int> mb,
                           std::pair<int, int> ma, PeriodChange& out) {
                if (std::isnan(before.count) || std::isnan(after.count)) return false;
                out = compare_periods(static_cast<std::uint64_t>(before.count), static_cast<std::uint64_t>(after.count),
                                      window_days(mb.first, mb.second), window_days(ma.first, ma.second));
                return true;
            };
            f.three_tested = test(f.at(Window::three_before), f.at(Window::three), window_months(Window::three_before, o.month),
                                  window_months(Window::three, o.month), f.three_change);
            f.twelve_tested =
                test(f.at(Window::twelve_before), f.at(Window::twelve), window_months(Window::twelve_before, o.month),
                     window_months(Window::twelve, o.month), f.twelve_change);
        }
    }

    d.rank_by_rate.resize(themes);
    for (std::size_t t = 0; t < themes; ++t) {
        // The false-discovery family: the reported areas, one theme and span at a time.
        for (int span = 0; span < 2; ++span) {
            std::vector<double> p;
            std::vector<AreaThemeFigures*> tested;
            for (std::size_t a : o.reported) {
                auto& f = all[a * themes + t];
                if (span == 0 ? f.three_tested : f.twelve_tested) {
                    p.push_back(span == 0 ? f.three_change.p : f.twelve_change.p);
                    tested.push_back(&f);
                }
            }
            const auto q = benjamini_hochberg(p);
            for (std::size_t k = 0; k < tested.size(); ++k) (span == 0 ? tested[k]->three_q : tested[k]->twelve_q) = q[k];
        }
        // Ranks: by rate when every area ranked has residents, else by count.
        for (int span = 0; span < 2; ++span) {
            const Window now = span == 0 ? Window::three : Window::twelve;
            const Window before = span == 0 ? Window::three_before : Window::twelve_before;
            bool by_rate = o.rank_by_rate;
            for (std::size_t a : areas) {
                const auto& f = all[a * themes + t];
                if (std::isnan(f.at(now).population) || std::isnan(f.at(before).population)) by_rate = false;
            }
            d.rank_by_rate[t][static_cast<std::size_t>(span)] = by_rate;
            auto assign = [&](const std::vector<std::size_t>& set, bool within) {
                std::vector<const AreaThemeFigures*> figures;
                for (std::size_t a : set) figures.push_back(&all[a * themes + t]);
                const auto r = rank_span(figures, now, before, by_rate);
                for (std::size_t k = 0; k < set.size(); ++k) {
                    auto& f = all[set[k] * themes + t];
                    Rank& rank = span == 0 ? (within ? f.three_within : f.three_all) : (within ? f.twelve_within : f.twelve_all);
                    rank = {r.now[k], r.before[k], r.of, r.of_before, 0, r.now_common[k] > 0};
                    if (rank.has_move)
                        rank.move = r.now_common[k] > r.before_common[k] ? 1 : r.now_common[k] < r.before_common[k] ? -1 : 0;
                }
            };
            assign(o.peers, false);
            assign(o.reported, true);
        }
    }
    if (o.smooth) smooth_rates(all, themes, o.reported, o.per);
    for (std::size_t a : o.reported) {
        for (std::size_t t = 0; t < themes; ++t) d.figures.push_back(all[a * themes + t]);
        d.gaps.push_back(gaps[a]);
        d.suspect.push_back(suspect[a]);
    }
    return d;
}

}  // namespace hotspots
