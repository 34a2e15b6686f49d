#include "hotspots/change_points.hpp"

#include "hotspots/dashboard.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace hotspots {

namespace {

// Prefix sums of the counts and of the months with data, so a segment's cost is O(1).
struct Prefix {
    std::vector<double> sum;
    std::vector<int> months;
    Prefix(const std::vector<double>& counts, const std::vector<char>& missing) : sum(counts.size() + 1, 0), months(counts.size() + 1, 0) {
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const bool gone = !missing.empty() && missing[i];
            sum[i + 1] = sum[i] + (gone ? 0 : counts[i]);
            months[i + 1] = months[i] + (gone ? 0 : 1);
        }
    }
    double cost(int from, int to) const {
        const double s = sum[std::size_t(to)] - sum[std::size_t(from)];
        const int m = months[std::size_t(to)] - months[std::size_t(from)];
        if (m == 0 || s <= 0) return 0;  // 0 log 0 = 0: a level of zero fits zeros exactly
        return 2 * (s - s * std::log(s / m));
    }
    double mean(int from, int to) const {
        const int m = months[std::size_t(to)] - months[std::size_t(from)];
        return m ? (sum[std::size_t(to)] - sum[std::size_t(from)]) / m : std::nan("");
    }
};

void check_input(const std::vector<double>& counts, const std::vector<char>& missing, const ChangePointOptions& o) {
    if (!missing.empty() && missing.size() != counts.size())
        throw std::invalid_argument("change points: the missing months' flags are not one per month");
    if (!(o.penalty_log_n > 0) || !std::isfinite(o.penalty_log_n))
        throw std::invalid_argument("change points: the penalty must be a positive multiple of ln n");
    if (o.min_segment < 1) throw std::invalid_argument("change points: the shortest level must be at least 1 month");
    for (std::size_t i = 0; i < counts.size(); ++i)
        if ((missing.empty() || !missing[i]) && (!std::isfinite(counts[i]) || counts[i] < 0))
            throw std::invalid_argument("change points: month " + std::to_string(i + 1) + " has a count that is not a non-negative number");
}

}  // namespace

double poisson_segment_cost(const std::vector<double>& counts, const std::vector<char>& missing, int from, int to) {
    return Prefix(counts, missing).cost(from, to);
}

ChangePoints poisson_change_points(const std::vector<double>& counts, const std::vector<char>& missing,
                                   const ChangePointOptions& options) {
    check_input(counts, missing, options);
    const Prefix p(counts, missing);
    const int n = static_cast<int>(counts.size());
    const int data_months = p.months.back();
    ChangePoints out;
    out.level.assign(counts.size(), std::nan(""));
    if (n == 0) return out;
    out.penalty = data_months > 1 ? options.penalty_log_n * std::log(double(data_months)) : 0;
    const int ms = options.min_segment;
    if (data_months < 2 || n < 2 * ms) {
        out.cost = p.cost(0, n);
        std::fill(out.level.begin(), out.level.end(), p.mean(0, n));
        return out;
    }
    const double inf = std::numeric_limits<double>::infinity();
    const double beta = out.penalty;
    std::vector<double> best(std::size_t(n) + 1, inf);
    std::vector<int> last(std::size_t(n) + 1, 0);
    best[0] = -beta;
    // A candidate last change s, and the time from which it may be dropped. The pruning rule
    // (best[s] + cost(s, t) > best[t] rules s out for every later end) needs the segment
    // [t, T) to be allowed, T - t >= min_segment: so s leaves only min_segment months later.
    struct Candidate {
        int s;
        int dead_from;
    };
    std::vector<Candidate> alive{{0, std::numeric_limits<int>::max()}};
    for (int t = ms; t <= n; ++t) {
        if (const int s = t - ms; s >= ms) alive.push_back({s, std::numeric_limits<int>::max()});
        std::erase_if(alive, [t](const Candidate& c) { return c.dead_from <= t; });
        for (const auto& c : alive) {
            const double v = best[std::size_t(c.s)] + p.cost(c.s, t) + beta;
            // Ties go to the earlier change, so the result does not depend on float noise order.
            if (v < best[std::size_t(t)] - 1e-12 * std::max(1.0, std::abs(v))) {
                best[std::size_t(t)] = v;
                last[std::size_t(t)] = c.s;
            }
        }
        for (auto& c : alive)
            if (c.dead_from == std::numeric_limits<int>::max() &&
                best[std::size_t(c.s)] + p.cost(c.s, t) > best[std::size_t(t)] + 1e-9 * std::max(1.0, std::abs(best[std::size_t(t)])))
                c.dead_from = t + ms;
    }
    out.cost = best[std::size_t(n)];
    for (int t = n; t > 0; t = last[std::size_t(t)]) {
        const int s = last[std::size_t(t)];
        const double mean = p.mean(s, t);
        for (int i = s; i < t; ++i) out.level[std::size_t(i)] = mean;
        if (s > 0) out.starts.push_back(s);
    }
    std::reverse(out.starts.begin(), out.starts.end());
    return out;
}

ChangePoints cube_change_points(const CountCube& cube, std::size_t a, std::size_t t, const std::vector<int>& gap_months,
                                const ChangePointOptions& options) {
    std::vector<double> counts(std::size_t(cube.months));
    std::vector<char> missing(std::size_t(cube.months), 0);
    for (int m = 0; m < cube.months; ++m) {
        counts[std::size_t(m)] = cube.count(a, t, m);
        missing[std::size_t(m)] = cube.is_absent(a, m) ||
                                  std::binary_search(gap_months.begin(), gap_months.end(), cube.first_month + m);
    }
    return poisson_change_points(counts, missing, options);
}

}  // namespace hotspots
