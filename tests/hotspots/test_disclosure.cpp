#include "hotspots/disclosure.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace hotspots;

namespace {

// A cell counting incidents [from, from + n) of `ids`.
DisclosureCell cell(const std::vector<std::uint64_t>& ids) {
    DisclosureCell c;
    c.members = ids;
    std::sort(c.members.begin(), c.members.end());
    c.value = static_cast<double>(c.members.size());
    return c;
}

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t n) {
    std::vector<std::uint64_t> v;
    for (std::uint64_t k = 0; k < n; ++k) v.push_back(from + k);
    return v;
}

std::vector<std::uint64_t> join(std::vector<std::uint64_t> a, const std::vector<std::uint64_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Brute force: every way to give the atoms (groups of incidents, or places, counted by the same
// cells) counts 0..cap that reproduces the shown cells, with hidden ones within their markers
// (a withheld one: anything); the smallest and largest total of cell h.
std::pair<double, double> brute_interval(const std::vector<DisclosureCell>& cells, const std::vector<CellState>& state,
                                         std::size_t h, std::int64_t t, int cap) {
    std::map<std::pair<bool, std::uint64_t>, std::vector<std::size_t>> sig;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        for (auto id : cells[c].members) sig[{false, id}].push_back(c);
        for (auto id : cells[c].places) sig[{true, id}].push_back(c);
    }
    std::map<std::vector<std::size_t>, int> atoms;
    for (auto& [id, s] : sig) atoms.emplace(s, static_cast<int>(atoms.size()));
    std::vector<std::vector<std::size_t>> atom_cells(atoms.size());
    for (auto& [s, a] : atoms) atom_cells[static_cast<std::size_t>(a)] = s;
    const std::size_t n = atoms.size();
    std::vector<int> x(n, 0);
    double low = 1e9, high = -1;
    for (;;) {
        std::vector<double> total(cells.size(), 0);
        for (std::size_t a = 0; a < n; ++a)
            for (auto c : atom_cells[a]) total[c] += x[a];
        bool ok = true;
        for (std::size_t c = 0; c < cells.size() && ok; ++c) {
            if (state[c] == CellState::shown) ok = total[c] == cells[c].value;
            else if (state[c] == CellState::primary) ok = total[c] >= 1 && total[c] <= static_cast<double>(t - 1);
            else if (state[c] == CellState::secondary) ok = total[c] >= static_cast<double>(t);
        }
        if (ok) {
            low = std::min(low, total[h]);
            high = std::max(high, total[h]);
        }
        std::size_t k = 0;
        while (k < n && ++x[k] > cap) x[k++] = 0;
        if (k == n) break;
    }
    return {low, high};
}

}  // namespace

TEST_CASE("a small count beside its row and column totals is protected by a 2 x 2 pattern") {
    // Rows A, B; columns 1, 2. A1 = 2 (small), A2 = 8, B1 = 9, B2 = 7, with row and column totals.
    const auto a1 = range(0, 2), a2 = range(100, 8), b1 = range(200, 9), b2 = range(300, 7);
    std::vector<DisclosureCell> cells = {cell(a1), cell(a2), cell(b1), cell(b2),
                                         cell(join(a1, a2)), cell(join(b1, b2)), cell(join(a1, b1)), cell(join(a2, b2))};
    const auto r = protect_by_suppression(cells, {});
    CHECK(r.passed);
    CHECK(r.state[0] == CellState::primary);
    // Primary suppression alone gives A1 back as its row total minus A2, or its column total
    // minus B1: something of its row and of its column goes too.
    const auto hidden = [&](std::size_t c) { return r.state[c] != CellState::shown; };
    CHECK((hidden(1) || hidden(4)));
    CHECK((hidden(2) || hidden(6)));
    // The audit leaves A1 every value of 1..4, and so does brute force on the same release.
    const auto it = std::find_if(r.intervals.begin(), r.intervals.end(), [](const AuditInterval& i) { return i.cell == 0; });
    REQUIRE(it != r.intervals.end());
    CHECK(it->low <= 1);
    CHECK(it->high >= 4);
    const auto [low, high] = brute_interval(cells, r.state, 0, 5, 12);
    CHECK(low <= 1);
    CHECK(high >= 4);
}

TEST_CASE("the audit's intervals equal brute force on small random releases") {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 40; ++trial) {
        // Four groups of incidents, and five cells counting random unions of them.
        std::vector<std::vector<std::uint64_t>> groups;
        std::uint64_t next = 0;
        for (int g = 0; g < 4; ++g) {
            const auto n = static_cast<std::uint64_t>(rng() % 7);
            groups.push_back(range(next, n));
            next += n;
        }
        std::vector<DisclosureCell> cells;
        for (int c = 0; c < 5; ++c) {
            std::vector<std::uint64_t> ids;
            for (int g = 0; g < 4; ++g)
                if (rng() % 2) ids = join(ids, groups[static_cast<std::size_t>(g)]);
            cells.push_back(cell(ids));
        }
        std::vector<CellState> state(cells.size(), CellState::shown);
        for (std::size_t c = 0; c < cells.size(); ++c)
            if (cells[c].value > 0 && cells[c].value < 5) state[c] = CellState::primary;
            else if (cells[c].value >= 5 && rng() % 3 == 0) state[c] = CellState::secondary;
        const auto intervals = audit_intervals(cells, state, 5);
        for (const auto& i : intervals) {
            const auto [low, high] = brute_interval(cells, state, i.cell, 5, 14);
            INFO("trial " << trial << " cell " << i.cell);
            CHECK(i.low == low);
            // Brute force stops at 14 a group: an unbounded cell reaches at least that.
            if (std::isinf(i.high)) CHECK(high >= 14);
            else CHECK(i.high == high);
        }
    }
}

TEST_CASE("suppression passes its own audit on random linked tables, and shows what it can") {
    std::mt19937 rng(11);
    for (int trial = 0; trial < 20; ++trial) {
        // A 3 x 4 table of groups with its margins and grand total.
        std::vector<std::vector<std::uint64_t>> g(12);
        std::uint64_t next = 0;
        for (auto& v : g) {
            const auto n = static_cast<std::uint64_t>(rng() % 12);
            v = range(next, n);
            next += n;
        }
        std::vector<DisclosureCell> cells;
        for (const auto& v : g) cells.push_back(cell(v));
        for (int r = 0; r < 3; ++r) {
            std::vector<std::uint64_t> row;
            for (int c = 0; c < 4; ++c) row = join(row, g[static_cast<std::size_t>(r * 4 + c)]);
            cells.push_back(cell(row));
        }
        for (int c = 0; c < 4; ++c) {
            std::vector<std::uint64_t> col;
            for (int r = 0; r < 3; ++r) col = join(col, g[static_cast<std::size_t>(r * 4 + c)]);
            cells.push_back(cell(col));
        }
        cells.push_back(cell(range(0, next)));
        const auto result = protect_by_suppression(cells, {});
        CHECK(result.passed);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].value > 0 && cells[c].value < 5) CHECK(result.state[c] == CellState::primary);
            if (result.state[c] == CellState::secondary) CHECK(cells[c].value >= 5);
        }
        // At least 3 of the 4 values of "<5" stay open for every primary hidden count.
        for (const auto& i : result.intervals)
            if (result.state[i.cell] == CellState::primary)
                CHECK(std::min(4.0, i.high) - std::max(1.0, i.low) >= 2);
    }
}

TEST_CASE("cell-key perturbation keeps zeros, never shows 1..t-1, moves at most 2 and keeps the mean") {
    for (std::uint8_t k = 0; k < 255; ++k) CHECK(perturbed_count(0, k, 5) == 0);
    for (std::int64_t c = 1; c < 40; ++c) {
        double sum = 0;
        for (int k = 0; k < 256; ++k) {
            const auto v = perturbed_count(c, static_cast<std::uint8_t>(k), 5);
            CHECK((v == 0 || v >= 5));
            if (c >= 5) CHECK(std::abs(v - c) <= 2);
            sum += static_cast<double>(v);
        }
        // Uniform cell keys: the mean is the count (up to the key's 1/256 steps), with the upward
        // bias the docs state at 5 and 6 (moves below the threshold stay 0).
        const double bias = c == 5 ? 0.3 : c == 6 ? 0.1 : 0.0;
        CHECK(std::abs(sum / 256 - static_cast<double>(c) - bias) < 0.05);
    }
}

TEST_CASE("record keys come from a keyed hash: the same for the same incident, another under another secret") {
    CHECK(record_key("secret", "incident 1") == record_key("secret", "incident 1"));
    int differ = 0;
    for (int k = 0; k < 50; ++k) differ += record_key("secret", "incident " + std::to_string(k)) != record_key("other", "incident " + std::to_string(k));
    CHECK(differ > 40);
}

// Withheld counts (a street segment too short to publish): hidden whatever their value, their
// marker allowing 0 or more, each left at least `protection` values by what is shown.
namespace {

DisclosureCell withheld(const std::vector<std::uint64_t>& ids, std::vector<std::uint64_t> places = {}) {
    auto c = cell(ids);
    c.withheld = true;
    c.places = std::move(places);
    return c;
}

const AuditInterval& interval_of(const DisclosureResult& r, std::size_t c) {
    const auto it = std::find_if(r.intervals.begin(), r.intervals.end(), [&](const AuditInterval& i) { return i.cell == c; });
    REQUIRE(it != r.intervals.end());
    return *it;
}

// Values of 0..cap a withheld count can take (brute force stops at cap).
double values_open(std::pair<double, double> i) { return i.second - i.first + 1; }

}  // namespace

TEST_CASE("a withheld count of any size alone in a total beside a shown count: a secondary is hidden") {
    for (std::uint64_t n : {1u, 3u, 20u}) {
        // W (withheld, n incidents), S (7, shown), T = W + S: shown, T - S gives W back.
        const auto w = range(0, n), s = range(100, 7);
        const std::vector<DisclosureCell> cells{withheld(w), cell(s), cell(join(w, s))};
        const auto r = protect_by_suppression(cells, {});
        INFO("withheld count " << n);
        CHECK(r.passed);
        CHECK(r.state[0] == CellState::forced);  // never "<5", even at 1..4
        CHECK((r.state[1] == CellState::secondary || r.state[2] == CellState::secondary));
        const auto& i = interval_of(r, 0);
        CHECK(i.low == 0);
        CHECK(i.high - i.low + 1 >= 3);
        CHECK(values_open(brute_interval(cells, r.state, 0, 5, 30)) >= 3);
    }
}

TEST_CASE("a withheld count of 0 is tied to its totals by its place, and protected by a secondary") {
    // W counts nothing; its place is in T = W + S. Shown, T and S pin W to 0.
    const auto s = range(0, 7);
    auto t = cell(s);
    t.places = {1};
    const std::vector<DisclosureCell> cells{withheld({}, {1}), cell(s), t};
    std::vector<CellState> shown_but_w{CellState::forced, CellState::shown, CellState::shown};
    CHECK(values_open(brute_interval(cells, shown_but_w, 0, 5, 20)) == 1);
    const auto pinned = audit_intervals(cells, shown_but_w, 5);
    REQUIRE(pinned.size() == 1);
    CHECK((pinned[0].low == 0 && pinned[0].high == 0));
    const auto r = protect_by_suppression(cells, {});
    CHECK(r.passed);
    CHECK((r.state[1] == CellState::secondary || r.state[2] == CellState::secondary));
    CHECK(values_open(brute_interval(cells, r.state, 0, 5, 20)) >= 3);
    CHECK(interval_of(r, 0).high - interval_of(r, 0).low + 1 >= 3);
}

TEST_CASE("a withheld count of 0 in a total of 0 cannot be protected: the release is refused") {
    // A total of 0 is shown as 0 (zeros are never hidden): it gives every part back as 0.
    auto t = cell({});
    t.places = {1, 2};
    const std::vector<DisclosureCell> cells{withheld({}, {1}), withheld({}, {2}), t};
    const auto r = protect_by_suppression(cells, {});
    CHECK_FALSE(r.passed);
    CHECK(std::count(r.failing.begin(), r.failing.end(), 0u) + std::count(r.failing.begin(), r.failing.end(), 1u) >= 1);
}

TEST_CASE("a withheld count linked to nothing keeps every value; a shown copy of it is withheld too") {
    const auto w = range(0, 12);
    const std::vector<DisclosureCell> alone{withheld(w)};
    const auto r = protect_by_suppression(alone, {});
    CHECK(r.passed);
    CHECK(r.state[0] == CellState::forced);
    CHECK(std::isinf(interval_of(r, 0).high));
    // The same incidents counted in another table (a board's row and its tidy table's).
    const std::vector<DisclosureCell> twice{cell(w), withheld(w), cell(range(50, 9))};
    const auto r2 = protect_by_suppression(twice, {});
    CHECK(r2.state[0] == CellState::forced);
    CHECK(r2.state[1] == CellState::forced);
    CHECK(r2.state[2] == CellState::shown);
}

TEST_CASE("withheld counts in random linked tables: the audit equals brute force, and suppression protects them") {
    std::mt19937 rng(23);
    int refused = 0, protected_ = 0;
    for (int trial = 0; trial < 40; ++trial) {
        // A 2 x 2 table of groups (some empty) with its margins and grand total; each group its
        // place; random cells of the table withheld. Small enough for brute force to 20 a group.
        std::vector<std::vector<std::uint64_t>> g(4);
        std::uint64_t next = 0;
        for (auto& v : g) {
            const auto n = static_cast<std::uint64_t>(rng() % 4 == 0 ? 0 : rng() % 6);
            v = range(next, n);
            next += n;
        }
        std::vector<DisclosureCell> cells;
        for (std::size_t k = 0; k < g.size(); ++k) {
            auto c = cell(g[k]);
            c.withheld = rng() % 3 == 0;
            if (c.withheld) c.places = {1000 + k};
            cells.push_back(c);
        }
        const auto total = [&](std::vector<std::size_t> parts) {
            DisclosureCell t;
            for (auto k : parts) {
                t.members = join(t.members, g[k]);
                t.places = join(t.places, cells[k].places);
            }
            std::sort(t.members.begin(), t.members.end());
            t.value = static_cast<double>(t.members.size());
            return t;
        };
        cells.push_back(total({0, 1}));
        cells.push_back(total({2, 3}));
        for (std::size_t c = 0; c < 2; ++c) cells.push_back(total({c, c + 2}));
        cells.push_back(total({0, 1, 2, 3}));
        const auto r = protect_by_suppression(cells, {});
        // The audit (whole programs) against brute force on the release as published.
        const auto audit = audit_intervals(cells, r.state, 5);
        for (const auto& i : audit) {
            INFO("trial " << trial << " cell " << i.cell);
            const auto [low, high] = brute_interval(cells, r.state, i.cell, 5, 20);
            CHECK(i.low == low);
            if (std::isinf(i.high)) CHECK(high >= 20);
            else CHECK(i.high == high);
        }
        if (!r.passed) {
            ++refused;
            continue;
        }
        ++protected_;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            INFO("trial " << trial << " cell " << c);
            if (cells[c].withheld) {
                CHECK(r.state[c] == CellState::forced);
                CHECK(values_open(brute_interval(cells, r.state, c, 5, 20)) >= 3);
            }
        }
    }
    // Both outcomes occur: refusals only where a withheld count sits in a total of 0.
    CHECK(protected_ > 20);
}
