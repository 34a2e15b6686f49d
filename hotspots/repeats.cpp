#include "hotspots/repeats.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <unordered_map>

namespace hotspots {
namespace {

std::uint64_t bits(double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, sizeof b);
    return b;
}

struct PairHash {
    std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const noexcept {
        return std::hash<std::uint64_t>()(p.first * 0x9E3779B97F4A7C15ull ^ p.second);
    }
};

void sort_members(const IncidentSet& set, std::vector<PlaceGroup>& groups) {
    for (auto& g : groups)
        std::stable_sort(g.members.begin(), g.members.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return set.incidents[a].from < set.incidents[b].from; });
}

// Leader clustering on a grid of cell `tol`: each incident joins the nearest seed within
// `tol` among the seeds made before it.
std::vector<PlaceGroup> cluster(const IncidentSet& set, double tol) {
    std::vector<PlaceGroup> groups;
    std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::vector<std::uint32_t>, PairHash> cells;
    auto key = [&](double x, double y) {
        return std::make_pair(static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(x / tol))),
                              static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(y / tol))));
    };
    for (std::uint32_t i = 0; i < set.incidents.size(); ++i) {
        const auto& inc = set.incidents[i];
        const auto [cx, cy] = key(inc.x, inc.y);
        double best = tol * tol;
        std::int64_t chosen = -1;
        for (int dx = -1; dx <= 1; ++dx)
            for (int dy = -1; dy <= 1; ++dy) {
                auto it = cells.find({cx + static_cast<std::uint64_t>(dx), cy + static_cast<std::uint64_t>(dy)});
                if (it == cells.end()) continue;
                for (std::uint32_t gi : it->second) {
                    const double d2 = (groups[gi].x - inc.x) * (groups[gi].x - inc.x) + (groups[gi].y - inc.y) * (groups[gi].y - inc.y);
                    if (d2 > tol * tol) continue;
                    if (chosen < 0 || d2 < best || (d2 == best && gi < chosen)) {
                        best = d2;
                        chosen = gi;
                    }
                }
            }
        if (chosen < 0) {
            chosen = static_cast<std::int64_t>(groups.size());
            groups.push_back({{}, inc.x, inc.y});
            cells[{cx, cy}].push_back(static_cast<std::uint32_t>(chosen));
        }
        groups[static_cast<std::size_t>(chosen)].members.push_back(i);
    }
    return groups;
}

}  // namespace

std::vector<PlaceGroup> group_places(const IncidentSet& set, const RepeatOptions& o, std::size_t& unkeyed) {
    unkeyed = 0;
    std::vector<PlaceGroup> groups;
    if (o.by == RepeatKey::point && o.tolerance > 0) {
        groups = cluster(set, o.tolerance);
    } else {
        std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t, PairHash> index;
        for (std::uint32_t i = 0; i < set.incidents.size(); ++i) {
            const auto& inc = set.incidents[i];
            std::pair<std::uint64_t, std::uint64_t> k;
            if (o.by == RepeatKey::point) {
                k = {bits(inc.x), bits(inc.y)};
            } else if (o.by == RepeatKey::location) {
                if (inc.location == 0) {
                    ++unkeyed;
                    continue;
                }
                k = {inc.location, inc.lsoa_code};
            } else {
                if (inc.group == 0) {
                    ++unkeyed;
                    continue;
                }
                k = {inc.group, 0};
            }
            auto [it, added] = index.emplace(k, static_cast<std::uint32_t>(groups.size()));
            if (added) groups.push_back({{}, inc.x, inc.y});
            groups[it->second].members.push_back(i);
        }
    }
    sort_members(set, groups);
    return groups;
}

Concentration concentration(const std::vector<PlaceGroup>& groups) {
    Concentration c;
    std::vector<std::size_t> counts;
    for (const auto& g : groups) counts.push_back(g.members.size());
    std::sort(counts.begin(), counts.end(), std::greater<>());
    c.locations = counts.size();
    for (auto n : counts) {
        c.incidents += n;
        if (n >= 2) {
            ++c.repeat_locations;
            c.incidents_at_repeats_pct += static_cast<double>(n);
        }
    }
    if (c.locations == 0) return c;
    const double total = static_cast<double>(c.incidents);
    c.repeat_location_pct = 100.0 * static_cast<double>(c.repeat_locations) / static_cast<double>(c.locations);
    c.incidents_at_repeats_pct = 100.0 * c.incidents_at_repeats_pct / total;
    auto top = [&](double pct) {
        const auto k = static_cast<std::size_t>(std::ceil(pct / 100 * static_cast<double>(c.locations)));
        std::size_t sum = 0;
        for (std::size_t i = 0; i < k && i < counts.size(); ++i) sum += counts[i];
        return 100.0 * static_cast<double>(sum) / total;
    };
    c.top1_pct = top(1);
    c.top5_pct = top(5);
    c.top10_pct = top(10);
    // Gini from the ascending order: sum_i (2 i - n - 1) x_i / (n sum x), i = 1..n.
    const double n = static_cast<double>(counts.size());
    double acc = 0;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const double i = static_cast<double>(counts.size() - k);  // rank in ascending order
        acc += (2 * i - n - 1) * static_cast<double>(counts[k]);
    }
    c.gini = acc / (n * total);
    return c;
}

RepeatTiming repeat_timing(const IncidentSet& set, const std::vector<PlaceGroup>& groups) {
    RepeatTiming t;
    std::size_t grouped = 0, followed = 0;
    std::size_t within[4] = {}, same = 0, next = 0;
    for (const auto& g : groups)
        for (auto m : g.members) t.month_only = t.month_only || set.incidents[m].precision == TimePrecision::month;
    for (const auto& g : groups) {
        grouped += g.members.size();
        for (std::size_t k = 1; k < g.members.size(); ++k) {
            const auto& a = set.incidents[g.members[k - 1]];
            const auto& b = set.incidents[g.members[k]];
            ++t.repeats;
            const double days = static_cast<double>(b.from - a.from) / 86400.0;
            const int limits[] = {7, 14, 21, 28};
            for (int j = 0; j < 4; ++j) within[j] += days <= limits[j];
            if (days <= 21) ++followed;
            const int months = month_number(b.from) - month_number(a.from);
            if (months == 0) ++same;
            else if (months == 1) ++next;
        }
    }
    if (t.repeats) {
        const double r = static_cast<double>(t.repeats);
        for (int j = 0; j < 4; ++j) t.within_pct[j] = 100.0 * static_cast<double>(within[j]) / r;
        t.same_month_pct = 100.0 * static_cast<double>(same) / r;
        t.next_month_pct = 100.0 * static_cast<double>(next) / r;
        t.later_pct = 100.0 - t.same_month_pct - t.next_month_pct;
    }
    if (grouped) t.followed_21d_pct = 100.0 * static_cast<double>(followed) / static_cast<double>(grouped);
    return t;
}

double median_gap_days(const IncidentSet& set, const PlaceGroup& g) {
    if (g.members.size() < 2) return 0;
    std::vector<double> gaps;
    for (std::size_t k = 1; k < g.members.size(); ++k)
        gaps.push_back(static_cast<double>(set.incidents[g.members[k]].from - set.incidents[g.members[k - 1]].from) / 86400.0);
    std::sort(gaps.begin(), gaps.end());
    const std::size_t n = gaps.size();
    return n % 2 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
}

}  // namespace hotspots
