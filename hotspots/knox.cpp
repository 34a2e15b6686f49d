#include "hotspots/knox.hpp"

#include "model/parallel.hpp"
#include "hotspots/knox_blocks.hpp"
#include "hotspots/random.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace hotspots {
namespace {

double distance(const KnoxEvent& a, const KnoxEvent& b, DistanceKind k) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return k == DistanceKind::euclidean ? std::sqrt(dx * dx + dy * dy) : std::abs(dx) + std::abs(dy);
}

}  // namespace

namespace detail {

std::size_t knox_space_row(double d, const std::vector<double>& e) {
    if (d == 0) return 0;
    const auto it = std::upper_bound(e.begin() + 1, e.end(), d);  // first edge > d
    return static_cast<std::size_t>(it - e.begin());               // S + 1 when beyond
}

std::size_t knox_time_col(double dt, const std::vector<double>& e) {
    const auto it = std::upper_bound(e.begin() + 1, e.end(), dt);
    return static_cast<std::size_t>(it - e.begin()) - 1;
}

}  // namespace detail

void check_band_edges(const std::vector<double>& e, const char* what) {
    if (e.size() < 2 || e.front() != 0)
        throw std::invalid_argument(fmt::format("{} bands need at least two edges, starting at 0 (e.g. 0,100,200)", what));
    for (std::size_t k = 1; k < e.size(); ++k)
        if (!(e[k] > e[k - 1])) throw std::invalid_argument(fmt::format("{} band edges must increase", what));
}

namespace {

struct NearPair {
    std::uint32_t a, b;
    std::uint32_t row;
};

std::vector<NearPair> near_pairs(const std::vector<KnoxEvent>& ev, double limit, DistanceKind kind,
                                 const std::vector<double>& edges, bool inclusive) {
    std::unordered_map<std::int64_t, std::vector<std::uint32_t>> grid;
    auto cell = [&](double v) { return static_cast<std::int64_t>(std::floor(v / limit)); };
    auto key = [](std::int64_t cx, std::int64_t cy) { return cx * 73856093 ^ cy * 19349663; };
    std::vector<std::pair<std::int64_t, std::int64_t>> cells(ev.size());
    for (std::uint32_t i = 0; i < ev.size(); ++i) {
        cells[i] = {cell(ev[i].x), cell(ev[i].y)};
        grid[key(cells[i].first, cells[i].second)].push_back(i);
    }
    std::vector<NearPair> out;
    for (std::uint32_t i = 0; i < ev.size(); ++i) {
        for (int dx = -1; dx <= 1; ++dx)
            for (int dy = -1; dy <= 1; ++dy) {
                const auto it = grid.find(key(cells[i].first + dx, cells[i].second + dy));
                if (it == grid.end()) continue;
                for (std::uint32_t j : it->second) {
                    if (j <= i) continue;
                    // Hash collisions can bring other cells: the distance test decides.
                    const double d = distance(ev[i], ev[j], kind);
                    if (inclusive ? d > limit : d >= limit) continue;
                    out.push_back({i, j, inclusive ? 0u : static_cast<std::uint32_t>(detail::knox_space_row(d, edges))});
                }
            }
    }
    // The same pair can be met twice when hashed cells collide; keep one.
    std::sort(out.begin(), out.end(), [](const NearPair& p, const NearPair& q) { return p.a != q.a ? p.a < q.a : p.b < q.b; });
    out.erase(std::unique(out.begin(), out.end(), [](const NearPair& p, const NearPair& q) { return p.a == q.a && p.b == q.b; }),
              out.end());
    return out;
}

// Pairs per time band over all pairs (which no permutation changes), from sorted times.
std::vector<std::uint64_t> time_band_totals(const std::vector<KnoxEvent>& ev, const std::vector<double>& e) {
    std::vector<double> t;
    for (const auto& x : ev) t.push_back(x.t);
    std::sort(t.begin(), t.end());
    const std::uint64_t n = t.size();
    const std::uint64_t all = n * (n - (n > 0)) / 2;
    std::vector<std::uint64_t> below(e.size(), 0);  // pairs with gap < e[k]
    for (std::size_t k = 1; k < e.size(); ++k) {
        std::size_t j = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (j < i + 1) j = i + 1;
            while (j < n && t[j] - t[i] < e[k]) ++j;
            below[k] += j - i - 1;
        }
    }
    std::vector<std::uint64_t> totals(e.size(), 0);
    for (std::size_t k = 1; k < e.size(); ++k) totals[k - 1] = below[k] - below[k - 1];
    totals[e.size() - 1] = all - below[e.size() - 1];
    return totals;
}

}  // namespace

KnoxTable knox_test(const std::vector<KnoxEvent>& ev, const KnoxOptions& o, const std::string& unit) {
    check_band_edges(o.space_edges, "space");
    check_band_edges(o.time_edges, "time");
    if (o.permutations < 1) throw std::invalid_argument("--permutations must be at least 1");
    const auto& se = o.space_edges;
    const auto& te = o.time_edges;
    KnoxTable t;
    t.rows = se.size() + 1;
    t.cols = te.size();
    t.row_labels.push_back("same location");
    for (std::size_t k = 1; k < se.size(); ++k) t.row_labels.push_back(fmt::format("{:g}-{:g} m", se[k - 1], se[k]));
    t.row_labels.push_back(fmt::format(">= {:g} m", se.back()));
    for (std::size_t k = 1; k < te.size(); ++k) t.col_labels.push_back(fmt::format("{:g}-{:g} {}", te[k - 1], te[k], unit));
    t.col_labels.push_back(fmt::format(">= {:g} {}", te.back(), unit));
    t.cells.resize(t.rows * t.cols);

    const auto pairs = detail::knox_pairs(ev, se, o.distance);
    const auto totals = time_band_totals(ev, te);
    t.near_pairs = pairs.size();
    t.pairs = std::accumulate(totals.begin(), totals.end(), std::uint64_t{0});
    const std::size_t near_rows = se.size();  // rows 0..S are near; S + 1 is beyond
    const std::size_t near_cells = near_rows * t.cols;
    constexpr std::size_t lanes = detail::knox_lanes;

    // Lane k of a block's counts as a whole table: the beyond row by subtraction from totals.
    auto table = [&](const std::vector<std::uint64_t>& block, std::size_t k, std::uint64_t* c) {
        std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(k * near_cells), near_cells, c);
        for (std::size_t col = 0; col < t.cols; ++col) {
            std::uint64_t near = 0;
            for (std::size_t r = 0; r < near_rows; ++r) near += c[r * t.cols + col];
            c[near_rows * t.cols + col] = totals[col] - near;
        }
    };
    std::vector<double> times(ev.size());
    for (std::size_t i = 0; i < ev.size(); ++i) times[i] = ev[i].t;
    std::vector<std::uint64_t> observed(t.cells.size());
    {
        std::vector<double> lanes_times(ev.size() * lanes);
        for (std::size_t i = 0; i < ev.size(); ++i)
            std::fill_n(lanes_times.begin() + static_cast<std::ptrdiff_t>(pairs.label[i] * lanes), lanes, times[i]);
        table(detail::knox_block_counts(pairs, lanes_times.data(), te), 0, observed.data());
    }

    // The permutations in blocks of `lanes`, each block counted in one pass over the pairs (the
    // pass is memory bound: one pass per permutation read the pairs 999 times). The last block's
    // spare lanes repeat its last permutation and are dropped.
    const auto perms = static_cast<std::size_t>(o.permutations);
    const std::size_t blocks = (perms + lanes - 1) / lanes;
    std::vector<std::uint64_t> permuted(perms * t.cells.size());
    parallel_chunks(blocks, thread_count(o.threads), [&](std::size_t begin, std::size_t end, unsigned) {
        const std::size_t n = times.size();
        std::vector<double> shuffled(n * lanes), lanes_times(n * lanes);  // lane k's times at k * n
        for (std::size_t block = begin; block < end; ++block) {
            for (std::size_t k = 0; k < lanes; ++k) {
                const std::size_t p = block * lanes + k;
                double* lane = shuffled.data() + k * n;
                if (p < perms) {
                    std::copy(times.begin(), times.end(), lane);
                    detail::knox_shuffle(lane, n, o.seed, p);
                } else {
                    std::copy_n(lane - n, n, lane);  // a spare lane (never the first) repeats the one before
                }
            }
            // Each event's line written whole and once: eight writes of one lane each, to lines
            // in label order, cost as much as the shuffles.
            for (std::size_t i = 0; i < n; ++i) {
                double* line = lanes_times.data() + std::size_t{pairs.label[i]} * lanes;
                for (std::size_t k = 0; k < lanes; ++k) line[k] = shuffled[k * n + i];
            }
            const auto counts = detail::knox_block_counts(pairs, lanes_times.data(), te);
            for (std::size_t k = 0; k < lanes && block * lanes + k < perms; ++k)
                table(counts, k, permuted.data() + (block * lanes + k) * t.cells.size());
        }
    });
    std::vector<double> v(perms);
    for (std::size_t k = 0; k < t.cells.size(); ++k) {
        auto& cell = t.cells[k];
        cell.observed = observed[k];
        double sum = 0;
        for (std::size_t p = 0; p < perms; ++p) {
            v[p] = static_cast<double>(permuted[p * t.cells.size() + k]);
            sum += v[p];
            cell.at_least += v[p] >= static_cast<double>(cell.observed);
        }
        cell.mean = sum / static_cast<double>(perms);
        std::sort(v.begin(), v.end());
        cell.median = perms % 2 ? v[perms / 2] : (v[perms / 2 - 1] + v[perms / 2]) / 2;
        cell.ratio = cell.mean > 0 ? static_cast<double>(cell.observed) / cell.mean : 0;
        cell.p = static_cast<double>(cell.at_least + 1) / static_cast<double>(perms + 1);
    }
    return t;
}

std::vector<std::uint64_t> knox_observed_brute_force(const std::vector<KnoxEvent>& ev, const KnoxOptions& o) {
    const std::size_t cols = o.time_edges.size();
    std::vector<std::uint64_t> c((o.space_edges.size() + 1) * cols, 0);
    for (std::size_t i = 0; i < ev.size(); ++i)
        for (std::size_t j = i + 1; j < ev.size(); ++j)
            ++c[detail::knox_space_row(distance(ev[i], ev[j], o.distance), o.space_edges) * cols +
                detail::knox_time_col(std::abs(ev[i].t - ev[j].t), o.time_edges)];
    return c;
}

std::vector<ChainMembership> near_repeat_chains(const std::vector<KnoxEvent>& ev, const std::vector<std::size_t>& order,
                                          double metres, double time, DistanceKind kind) {
    std::vector<std::size_t> parent(ev.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t i) {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    };
    for (const auto& p : near_pairs(ev, std::max(metres, 1e-9), kind, {0, std::max(metres, 1e-9)}, true)) {
        if (std::abs(ev[p.a].t - ev[p.b].t) > time) continue;
        const std::size_t ra = find(p.a), rb = find(p.b);
        if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
    std::vector<std::vector<std::size_t>> groups(ev.size());
    for (std::size_t i = 0; i < ev.size(); ++i) groups[find(i)].push_back(i);
    auto earlier = [&](std::size_t a, std::size_t b) { return ev[a].t != ev[b].t ? ev[a].t < ev[b].t : order[a] < order[b]; };
    std::vector<std::vector<std::size_t>> chains;
    for (auto& g : groups) {
        if (g.size() < 2) continue;
        std::sort(g.begin(), g.end(), earlier);
        chains.push_back(std::move(g));
    }
    std::sort(chains.begin(), chains.end(), [&](const auto& a, const auto& b) { return earlier(a.front(), b.front()); });
    std::vector<ChainMembership> out(ev.size());
    for (std::size_t c = 0; c < chains.size(); ++c)
        for (std::size_t k = 0; k < chains[c].size(); ++k)
            out[chains[c][k]] = {static_cast<std::int64_t>(c + 1), chains[c].size(), k + 1};
    return out;
}

}  // namespace hotspots
