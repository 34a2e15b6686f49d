#include "hotspots/orienteering.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {
namespace {

constexpr double eps = 1e-9;
constexpr double inf = std::numeric_limits<double>::infinity();

// Whether walk (prize a, length la) beats (b, lb): more prize, or as much and shorter.
bool better(double a, double la, double b, double lb) { return a > b + eps || (a > b - eps && la < lb - eps); }

class Search {
public:
    explicit Search(const Orienteering& p) : m_p(p), m_in(p.stops(), 0) {}

    std::vector<std::uint32_t> route;
    double length = 0, prize = 0;

    void reset(const std::vector<std::uint32_t>& r) {
        route = r;
        std::fill(m_in.begin(), m_in.end(), 0);
        prize = 0;
        for (auto k : route) {
            m_in[k] = 1;
            prize += m_p.prize[k];
        }
        length = walk_length(m_p, route);
    }
    // Removes `count` stops from position `from` on (wrapping round).
    void remove_run(std::size_t from, std::size_t count) {
        std::vector<std::uint32_t> kept;
        for (std::size_t i = 0; i < route.size(); ++i) {
            const std::size_t offset = (i + route.size() - from) % route.size();
            if (offset >= count) kept.push_back(route[i]);
        }
        reset(kept);
    }
    // Local search until nothing improves: shorten, then insert what now fits.
    void improve() {
        for (;;) {
            while (two_opt() || or_opt()) {
            }
            if (!insert_one()) break;
        }
    }

private:
    std::size_t at(std::size_t pos) const {  // the stop at a position, with the ends at -1 and size
        return pos == 0 ? m_p.start() : pos == route.size() + 1 ? m_p.end() : route[pos - 1];
    }
    double d(std::size_t i, std::size_t j) const { return m_p.d(i, j); }

    // The stop with the most prize per metre added, at its cheapest place.
    bool insert_one() {
        if (m_p.max_visits && route.size() >= m_p.max_visits) return false;
        std::size_t best_k = m_p.stops(), best_pos = 0;
        double best_ratio = -1, best_add = inf;
        for (std::size_t k = 0; k < m_p.stops(); ++k) {
            if (m_in[k] || !(m_p.prize[k] > 0)) continue;
            double add = inf;
            std::size_t pos = 0;
            for (std::size_t q = 0; q <= route.size(); ++q) {
                const double a = d(at(q), k) + d(k, at(q + 1)) - d(at(q), at(q + 1));
                if (a < add - eps) {
                    add = a;
                    pos = q;
                }
            }
            if (!(length + add <= m_p.budget + eps)) continue;
            const double ratio = m_p.prize[k] / std::max(add, 1e-6);
            if (ratio > best_ratio * (1 + 1e-12) || (ratio >= best_ratio * (1 - 1e-12) && add < best_add - eps)) {
                best_ratio = ratio;
                best_add = add;
                best_k = k;
                best_pos = pos;
            }
        }
        if (best_k == m_p.stops()) return false;
        route.insert(route.begin() + static_cast<std::ptrdiff_t>(best_pos), static_cast<std::uint32_t>(best_k));
        m_in[best_k] = 1;
        prize += m_p.prize[best_k];
        length = walk_length(m_p, route);
        return true;
    }
    // Reverses a stretch of the walk when that shortens it (positions 1..size are stops).
    bool two_opt() {
        for (std::size_t i = 1; i <= route.size(); ++i)
            for (std::size_t j = i + 1; j <= route.size(); ++j) {
                const double delta = d(at(i - 1), at(j)) + d(at(i), at(j + 1)) - d(at(i - 1), at(i)) - d(at(j), at(j + 1));
                if (delta < -1e-7) {
                    std::reverse(route.begin() + static_cast<std::ptrdiff_t>(i - 1), route.begin() + static_cast<std::ptrdiff_t>(j));
                    length = walk_length(m_p, route);
                    return true;
                }
            }
        return false;
    }
    // Moves a run of one to three stops elsewhere (either way round) when that shortens the walk.
    bool or_opt() {
        const std::size_t n = route.size();
        for (std::size_t len = 1; len <= 3 && len < n; ++len)
            for (std::size_t i = 1; i + len - 1 <= n; ++i) {
                const std::size_t j = i + len - 1;  // the run is positions i..j
                const auto first = at(i), last = at(j), before = at(i - 1), after = at(j + 1);
                const double gain = d(before, first) + d(last, after) - d(before, after);
                for (std::size_t q = 0; q <= n; ++q) {  // between positions q and q + 1
                    if (q + 1 >= i && q <= j) continue;  // touches the run
                    const auto x = at(q), y = at(q + 1);
                    const double fwd = d(x, first) + d(last, y) - d(x, y), rev = d(x, last) + d(first, y) - d(x, y);
                    const double cost = std::min(fwd, rev);
                    if (cost - gain < -1e-7) {
                        std::vector<std::uint32_t> run(route.begin() + static_cast<std::ptrdiff_t>(i - 1),
                                                       route.begin() + static_cast<std::ptrdiff_t>(j));
                        if (rev < fwd) std::reverse(run.begin(), run.end());
                        std::vector<std::uint32_t> next;
                        for (std::size_t pos = 0; pos <= n; ++pos) {
                            if (pos >= 1 && (pos < i || pos > j)) next.push_back(route[pos - 1]);
                            if (pos == q) next.insert(next.end(), run.begin(), run.end());
                        }
                        route = std::move(next);
                        length = walk_length(m_p, route);
                        return true;
                    }
                }
            }
        return false;
    }

    const Orienteering& m_p;
    std::vector<char> m_in;
};

}  // namespace

double walk_length(const Orienteering& p, const std::vector<std::uint32_t>& stops) {
    double len = 0;
    std::size_t prev = p.start();
    for (auto k : stops) {
        len += p.d(prev, k);
        prev = k;
    }
    return len + p.d(prev, p.end());
}

Walk exact_walk(const Orienteering& p) {
    const std::size_t n = p.stops();
    if (n > exact_limit) throw std::invalid_argument("exact_walk: more than 16 stops");
    const std::size_t masks = std::size_t{1} << n;
    // best[mask * n + j]: the shortest walk from the start through exactly `mask`, ending at j.
    std::vector<double> best(masks * n, inf);
    std::vector<std::uint8_t> from(masks * n, 0xff);
    for (std::size_t j = 0; j < n; ++j)
        if (p.d(p.start(), j) <= p.budget + eps) best[(std::size_t{1} << j) * n + j] = p.d(p.start(), j);
    Walk w;
    w.method = "exact";
    w.optimal = true;
    double best_prize = -1, best_len = inf;
    std::size_t best_mask = 0, best_last = n;
    if (p.d(p.start(), p.end()) <= p.budget + eps) {
        best_prize = 0;
        best_len = p.d(p.start(), p.end());
    }
    for (std::size_t mask = 1; mask < masks; ++mask) {
        const auto visits = static_cast<std::size_t>(std::popcount(static_cast<unsigned long long>(mask)));
        if (p.max_visits && visits > p.max_visits) continue;
        double prize = 0;
        for (std::size_t j = 0; j < n; ++j)
            if (mask >> j & 1) prize += p.prize[j];
        for (std::size_t j = 0; j < n; ++j) {
            const double here = best[mask * n + j];
            if (here == inf) continue;
            const double total = here + p.d(j, p.end());
            if (total <= p.budget + eps && better(prize, total, best_prize, best_len)) {
                best_prize = prize;
                best_len = total;
                best_mask = mask;
                best_last = j;
            }
            for (std::size_t k = 0; k < n && !(p.max_visits && visits >= p.max_visits); ++k) {
                if (mask >> k & 1) continue;
                const double len = here + p.d(j, k);
                if (len > p.budget + eps) continue;
                auto& slot = best[(mask | std::size_t{1} << k) * n + k];
                if (len < slot) {
                    slot = len;
                    from[(mask | std::size_t{1} << k) * n + k] = static_cast<std::uint8_t>(j);
                }
            }
        }
    }
    if (best_prize < 0) {  // not even start to end fits
        w.length = p.d(p.start(), p.end());
        return w;
    }
    for (std::size_t mask = best_mask, j = best_last; j < n;) {
        w.stops.push_back(static_cast<std::uint32_t>(j));
        const std::size_t prev = from[mask * n + j];
        mask &= ~(std::size_t{1} << j);
        j = mask ? prev : n;
    }
    std::reverse(w.stops.begin(), w.stops.end());
    w.prize = best_prize < 0 ? 0 : best_prize;
    w.length = walk_length(p, w.stops);
    return w;
}

Walk heuristic_walk(const Orienteering& p, int rounds) {
    Search s(p);
    s.reset({});
    s.improve();
    auto best_route = s.route;
    double best_prize = s.prize, best_len = s.length;
    std::size_t size = 1, from = 0;
    int stale = 0;
    for (int r = 0; r < rounds && !s.route.empty(); ++r) {
        s.remove_run(from % s.route.size(), std::min(size, s.route.size()));
        s.improve();
        if (better(s.prize, s.length, best_prize, best_len)) {
            best_route = s.route;
            best_prize = s.prize;
            best_len = s.length;
            size = 1;
            stale = 0;
        } else if (++stale % 50 == 0) {
            s.reset(best_route);  // wandered off: start again from the best
        }
        from += size;
        ++size;
        if (s.route.empty()) s.reset(best_route);
        if (size > std::max<std::size_t>(1, s.route.size() / 2)) size = 1;
    }
    Walk w;
    w.stops = best_route;
    w.prize = best_prize;
    w.length = best_len;
    w.method = "heuristic";
    return w;
}

}  // namespace hotspots
