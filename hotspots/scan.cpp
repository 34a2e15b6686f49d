#include "hotspots/scan.hpp"

#include "hotspots/point_grid.hpp"
#include "hotspots/random.hpp"
#include "model/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace hotspots {

double scan_llr(double c, double mu, double C) {
    if (!(c > mu) || mu <= 0) return 0;
    const double rest = C - c;
    return c * std::log(c / mu) + (rest > 0 ? rest * std::log(rest / (C - mu)) : 0.0);
}

namespace {

// A circle round a centre: the places it holds in order of distance, and where it may stop
// (after the last place at each distance, while the circle holds at most max_share).
struct Circle {
    std::vector<std::uint32_t> places;
    std::vector<double> radius;      // per stop: the distance of its last place
    std::vector<std::size_t> stops;  // places held at each stop
};

struct Best {
    double llr = 0;
    std::size_t stop = 0;  // index into Circle::stops
    std::int64_t start = 0, end = 0;
    std::size_t observed = 0;
    double expected = 0;
};

struct Problem {
    std::vector<PlanePoint> places;
    std::vector<std::vector<std::uint32_t>> events_at;  // per place: event indexes
    std::vector<Circle> circles;                         // per place as centre
    std::int64_t tmin = 0, span = 0;
    std::size_t total = 0;
};

Problem prepare(const std::vector<ScanEvent>& events, const ScanOptions& o) {
    Problem pb;
    pb.total = events.size();
    std::map<std::pair<double, double>, std::uint32_t> index;
    pb.tmin = events.front().time;
    std::int64_t tmax = pb.tmin;
    for (std::size_t e = 0; e < events.size(); ++e) {
        const auto [it, added] = index.emplace(std::make_pair(events[e].x, events[e].y), static_cast<std::uint32_t>(pb.places.size()));
        if (added) {
            pb.places.push_back({events[e].x, events[e].y});
            pb.events_at.emplace_back();
        }
        pb.events_at[it->second].push_back(static_cast<std::uint32_t>(e));
        pb.tmin = std::min(pb.tmin, events[e].time);
        tmax = std::max(tmax, events[e].time);
    }
    pb.span = tmax - pb.tmin + 1;
    const double most = o.max_share * static_cast<double>(pb.total);
    const PointGrid grid(pb.places, std::max(o.max_radius, 1.0));
    pb.circles.resize(pb.places.size());
    parallel_chunks(pb.places.size(), o.threads, [&](std::size_t begin, std::size_t end, unsigned) {
        std::vector<std::uint32_t> near;
        for (std::size_t c = begin; c < end; ++c) {
            grid.within(c, o.max_radius, near);
            std::vector<std::pair<double, std::uint32_t>> by_distance;
            for (auto q : near) by_distance.emplace_back(plane_distance(pb.places[c], pb.places[q]), q);
            std::sort(by_distance.begin(), by_distance.end());
            auto& circle = pb.circles[c];
            std::size_t held = 0;
            for (std::size_t k = 0; k < by_distance.size(); ++k) {
                held += pb.events_at[by_distance[k].second].size();
                if (static_cast<double>(held) > most) break;
                circle.places.push_back(by_distance[k].second);
                if (k + 1 == by_distance.size() || by_distance[k + 1].first > by_distance[k].first) {
                    circle.stops.push_back(circle.places.size());
                    circle.radius.push_back(by_distance[k].first);
                }
            }
            // A circle stopped inside a group of equidistant places is cut back to its last stop.
            if (!circle.stops.empty()) circle.places.resize(circle.stops.back());
            else circle.places.clear();
        }
    });
    return pb;
}

// The best cylinder of one centre for the times `time` (offsets from tmin), with `prefix` the
// cumulative count of events by time.
// ln k and k ln k for k = 0..C: the LLR of a cylinder then needs one logarithm, ln(C - mu).
struct LogTables {
    std::vector<double> ln, xlnx;
    explicit LogTables(std::size_t total) : ln(total + 1, 0.0), xlnx(total + 1, 0.0) {
        for (std::size_t k = 1; k <= total; ++k) {
            ln[k] = std::log(static_cast<double>(k));
            xlnx[k] = static_cast<double>(k) * ln[k];
        }
    }
};

Best best_of_centre(const Problem& pb, const Circle& circle, const std::vector<std::int64_t>& time,
                    const std::vector<std::size_t>& prefix, const ScanOptions& o, const LogTables& logs,
                    std::vector<std::int64_t>& held) {
    Best best;
    held.clear();
    std::size_t next = 0;
    const double C = static_cast<double>(pb.total);
    for (std::size_t s = 0; s < circle.stops.size(); ++s) {
        for (; next < circle.stops[s]; ++next)
            for (auto e : pb.events_at[circle.places[next]]) held.insert(std::upper_bound(held.begin(), held.end(), time[e]), time[e]);
        const std::size_t m = held.size();
        for (std::size_t i = 0; i < m; ++i) {
            if (i > 0 && held[i] == held[i - 1]) continue;
            for (std::size_t j = i; j < m && held[j] - held[i] < o.max_length; ++j) {
                if (j + 1 < m && held[j + 1] == held[j]) continue;
                const std::size_t c = j - i + 1;
                if (c < o.min_events) continue;
                const std::size_t window = prefix[static_cast<std::size_t>(held[j]) + 1] - prefix[static_cast<std::size_t>(held[i])];
                // c > mu, in whole numbers: c C > m W.
                if (c * pb.total <= m * window) continue;
                const double mu = static_cast<double>(m) * static_cast<double>(window) / C;
                const std::size_t rest = pb.total - c;
                // scan_llr, with ln mu = ln m + ln W - ln C from the tables.
                const double llr = logs.xlnx[c] - static_cast<double>(c) * (logs.ln[m] + logs.ln[window] - logs.ln[pb.total]) +
                                   (rest > 0 ? logs.xlnx[rest] - static_cast<double>(rest) * std::log(C - mu) : 0.0);
                if (llr > best.llr) best = {llr, s, held[i], held[j], c, mu};
            }
        }
    }
    return best;
}

std::vector<std::size_t> prefix_of(const std::vector<std::int64_t>& time, std::int64_t span) {
    std::vector<std::size_t> prefix(static_cast<std::size_t>(span) + 1, 0);
    for (auto t : time) ++prefix[static_cast<std::size_t>(t) + 1];
    for (std::size_t k = 1; k < prefix.size(); ++k) prefix[k] += prefix[k - 1];
    return prefix;
}

bool overlaps(const ScanCluster& a, const ScanCluster& b) {
    const double d = std::hypot(a.x - b.x, a.y - b.y);
    return d <= a.radius + b.radius && a.start <= b.end && b.start <= a.end;
}

}  // namespace

ScanResult space_time_scan(const std::vector<ScanEvent>& events, const ScanOptions& o) {
    if (events.size() < 2) throw std::invalid_argument("the scan needs at least two events");
    if (!(o.max_share > 0 && o.max_share <= 1)) throw std::invalid_argument("max_share must be in (0, 1]");
    if (!(o.max_radius >= 0) || o.max_length < 1 || o.min_events < 1 || o.permutations < 0)
        throw std::invalid_argument("bad scan options");
    const auto pb = prepare(events, o);
    if (pb.span > 100000) throw std::invalid_argument("the events span more than 100,000 time units");
    if (o.on_work) {
        double work = 0;
        const double share = std::min(1.0, static_cast<double>(o.max_length) / static_cast<double>(pb.span));
        for (const auto& circle : pb.circles) {
            double m = 0;
            std::size_t next = 0;
            for (auto stop : circle.stops) {
                for (; next < stop; ++next) m += static_cast<double>(pb.events_at[circle.places[next]].size());
                work += m * m * share;
            }
        }
        o.on_work(work);
    }
    std::vector<std::int64_t> time(events.size());
    for (std::size_t e = 0; e < events.size(); ++e) time[e] = events[e].time - pb.tmin;
    const auto prefix = prefix_of(time, pb.span);  // permutations keep the time margin: one prefix
    const LogTables logs(pb.total);

    std::vector<Best> best(pb.places.size());
    parallel_chunks(pb.places.size(), o.threads, [&](std::size_t begin, std::size_t end, unsigned) {
        std::vector<std::int64_t> held;
        for (std::size_t c = begin; c < end; ++c) best[c] = best_of_centre(pb, pb.circles[c], time, prefix, o, logs, held);
    });
    ScanResult r;
    r.centres = pb.places.size();
    r.events = events.size();
    r.null_max.assign(static_cast<std::size_t>(o.permutations), 0);
    parallel_items(r.null_max.size(), o.threads, [&](std::size_t k, unsigned) {
        std::uint64_t state = o.seed * 0x9E3779B97F4A7C15ull + k + 1;
        auto shuffled = time;
        for (std::size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[random_below(state, i)]);
        std::vector<std::int64_t> held;
        double top = 0;
        for (const auto& circle : pb.circles) top = std::max(top, best_of_centre(pb, circle, shuffled, prefix, o, logs, held).llr);
        r.null_max[k] = top;
    });

    std::vector<std::size_t> order(best.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return best[a].llr > best[b].llr; });
    for (auto c : order) {
        const auto& b = best[c];
        if (b.llr <= 0 || r.clusters.size() >= o.max_clusters) break;
        const auto& circle = pb.circles[c];
        ScanCluster sc{pb.places[c].x, pb.places[c].y, circle.radius[b.stop], b.start + pb.tmin, b.end + pb.tmin,
                       circle.stops[b.stop], b.observed, b.expected, b.llr, 1, {}};
        if (std::any_of(r.clusters.begin(), r.clusters.end(), [&](const ScanCluster& t) { return overlaps(t, sc); })) continue;
        for (std::size_t q = 0; q < sc.places; ++q)
            for (auto e : pb.events_at[circle.places[q]])
                if (time[e] >= b.start && time[e] <= b.end) sc.members.push_back(e);
        std::sort(sc.members.begin(), sc.members.end());
        const auto above = std::count_if(r.null_max.begin(), r.null_max.end(), [&](double v) { return v >= sc.llr; });
        sc.p = static_cast<double>(1 + above) / static_cast<double>(o.permutations + 1);
        r.clusters.push_back(std::move(sc));
    }
    return r;
}

}  // namespace hotspots
