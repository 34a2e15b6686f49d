#include "hotspots/site_study.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>

namespace hotspots {

SiteDemand site_demand(const IncidentSet& set, const geo::AreaIndex* hotspots) {
    SiteDemand d;
    std::map<std::pair<double, double>, std::uint32_t> at;
    std::optional<geo::AreaLocator> locator;
    if (hotspots) locator.emplace(*hotspots);
    for (const auto& i : set.incidents) {
        if (i.precision == TimePrecision::month) d.month_only = true;
        const int h = hotspots ? locator->locate(i.x, i.y) : -1;
        if (hotspots && h < 0) {
            ++d.outside_hotspots;
            continue;
        }
        auto [it, fresh] = at.emplace(std::pair{i.x, i.y}, static_cast<std::uint32_t>(d.points.size()));
        if (fresh) {
            d.points.push_back({i.x, i.y});
            d.weight.push_back(0);
            d.incidents.push_back(0);
            d.hotspot.push_back(h);
        }
        d.weight[it->second] += i.weight;
        ++d.incidents[it->second];
    }
    return d;
}

namespace {

// The problem over candidates then existing sites, which take cost 1, the common radius and
// an all-round view (an existing camera's bearing is not known).
SiteProblem site_problem(const SiteDemand& d, const SiteCandidates& c, const SiteSettings& s, NetworkCoverNote& note,
                         ViewCoverNote& view) {
    SiteProblem p;
    p.demand = d.weight;
    std::vector<geo::XY> sites = c.points;
    sites.insert(sites.end(), c.existing.begin(), c.existing.end());
    p.cost = c.cost;
    std::vector<double> radii = c.radius;
    std::vector<View> views;
    if (s.view < 360)
        for (double b : c.bearing) views.push_back({b, s.view});
    for (std::size_t k = 0; k < c.existing.size(); ++k) {
        if (!p.cost.empty()) p.cost.push_back(1);
        if (!radii.empty()) radii.push_back(s.radius);
        if (!views.empty()) views.push_back({0, 360});
    }
    p.existing.assign(sites.size(), false);
    for (std::size_t j = c.points.size(); j < sites.size(); ++j) p.existing[j] = true;
    p.covers = coverage_within(d.points, sites, s.radius, radii, views);
    if (s.network && s.corridor > 0) {
        view = cover_in_view(p.covers, d.points, sites, *s.network, s.corridor, s.street_tolerance, s.threads);
    } else if (s.network) {
        if (radii.empty()) radii.assign(sites.size(), s.radius);
        note = cover_along_network(p.covers, d.points, sites, radii, *s.network, s.snap, s.threads);
    }
    return p;
}

// Demand covered by the existing sites and `k` candidates drawn at random, averaged over the
// draws: what a choice without the model would give.
double random_placement(const SiteProblem& p, std::size_t n_candidates, std::size_t k, std::size_t draws) {
    double mean = 0;
    std::mt19937_64 rng(20260101);
    std::vector<std::uint32_t> idx(n_candidates);
    for (std::size_t j = 0; j < n_candidates; ++j) idx[j] = static_cast<std::uint32_t>(j);
    for (std::size_t d = 0; d < draws; ++d) {
        for (std::size_t a = 0; a < k; ++a) std::swap(idx[a], idx[a + rng() % (n_candidates - a)]);
        std::vector<char> h(p.demand.size(), 0);
        for (std::size_t j = n_candidates; j < p.covers.size(); ++j)
            for (auto i : p.covers[j]) h[i] = 1;
        for (std::size_t a = 0; a < k; ++a)
            for (auto i : p.covers[idx[a]]) h[i] = 1;
        double c = 0;
        for (std::size_t i = 0; i < h.size(); ++i) c += h[i] ? p.demand[i] : 0;
        mean += c / static_cast<double>(draws);
    }
    return mean;
}

}  // namespace

SiteStudy site_study(const SiteDemand& d, const SiteCandidates& c, const SiteSettings& s, std::size_t hotspot_count) {
    SiteStudy r;
    const SiteProblem p = site_problem(d, c, s, r.network, r.view);
    for (std::size_t i = 0; i < r.view.point_off_street.size(); ++i)
        if (r.view.point_off_street[i]) r.incidents_off_street += d.incidents[i];
    const std::size_t n_candidates = c.points.size();
    for (const auto& cov : p.covers) r.pairs += cov.size();
    // No candidate within reach of any incident: every answer would be "no site", whatever the
    // model; the caller says why (more likely a wrong CRS or a radius in the wrong unit).
    r.reach = std::any_of(p.covers.begin(), p.covers.begin() + static_cast<std::ptrdiff_t>(n_candidates),
                          [](const auto& cov) { return !cov.empty(); });
    if (!r.reach) return r;
    const bool exact = s.solver == "exact" || (s.solver == "auto" && r.pairs <= s.auto_exact_pairs);
    auto& sol = r.solution;
    try {
        if (s.model == "lscp") sol = exact ? exact_lscp(p, s.share, s.time_limit_s) : greedy_lscp(p, s.share);
        else {
            const std::size_t count = s.model == "mclp" ? s.count : 0;
            sol = exact ? exact_mclp(p, count, s.budget, s.time_limit_s) : greedy_mclp(p, count, s.budget);
            if (!exact) rank_by_gain(p, sol);
        }
    } catch (const std::invalid_argument& e) {
        r.infeasible = e.what();
        return r;
    }

    // What each site newly covers, existing first, then the chosen in rank order.
    std::vector<char> hit(p.demand.size(), 0);
    auto newly = [&](std::size_t j, std::vector<int>* serves) {
        std::uint64_t n = 0;
        for (auto i : p.covers[j])
            if (!hit[i]) {
                hit[i] = 1;
                n += d.incidents[i];
                if (serves && d.hotspot[i] >= 0 && std::find(serves->begin(), serves->end(), d.hotspot[i]) == serves->end())
                    serves->push_back(d.hotspot[i]);
            }
        if (serves) std::sort(serves->begin(), serves->end());
        return n;
    };
    for (std::size_t j = n_candidates; j < p.covers.size(); ++j) r.existing_incidents += newly(j, nullptr);
    double running = sol.existing_covered;
    std::uint64_t running_incidents = r.existing_incidents;
    for (std::size_t k = 0; k < sol.chosen.size(); ++k) {
        SitePick pick;
        pick.site = sol.chosen[k];
        pick.gain = sol.gain[k];
        pick.incidents_new = newly(pick.site, &pick.serves);
        running += sol.gain[k];
        running_incidents += pick.incidents_new;
        pick.covered = running;
        pick.incidents_covered = running_incidents;
        r.picks.push_back(std::move(pick));
    }
    if (hotspot_count) {
        r.hotspot_incidents.assign(hotspot_count, 0);
        r.hotspot_covered.assign(hotspot_count, 0);
        for (std::size_t i = 0; i < p.demand.size(); ++i) {
            const auto h = static_cast<std::size_t>(d.hotspot[i]);
            r.hotspot_incidents[h] += d.incidents[i];
            if (hit[i]) r.hotspot_covered[h] += d.incidents[i];
        }
    }
    const std::size_t k = sol.chosen.size();
    if (k > 0 && k < n_candidates) {
        r.random_draws = s.random_draws;
        r.random_mean = random_placement(p, n_candidates, k, s.random_draws);
    }
    if (!std::isnan(sol.bound))
        r.gap = std::max(0.0, s.model == "lscp" ? (sol.cost - sol.bound) / std::max(sol.cost, 1e-12)
                                                : (sol.bound - sol.covered) / std::max(sol.bound, 1e-12));
    return r;
}

}  // namespace hotspots
