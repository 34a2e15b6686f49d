#include "hotspots/site.hpp"

#include <glpk.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <queue>
#include <stdexcept>
#include <tuple>

namespace hotspots {
namespace {

double cost_of(const SiteProblem& p, std::size_t j) { return p.cost.empty() ? 1.0 : p.cost[j]; }
bool is_existing(const SiteProblem& p, std::size_t j) { return !p.existing.empty() && p.existing[j]; }

// Which demand points are covered, and how much of the demand.
struct Cover {
    std::vector<char> covered;
    double total = 0, covered_weight = 0;

    explicit Cover(const SiteProblem& p) : covered(p.demand.size(), 0) {
        for (double w : p.demand) total += w;
    }
    double gain(const SiteProblem& p, std::size_t j) const {
        double g = 0;
        for (auto i : p.covers[j])
            if (!covered[i]) g += p.demand[i];
        return g;
    }
    double add(const SiteProblem& p, std::size_t j) {
        double g = 0;
        for (auto i : p.covers[j])
            if (!covered[i]) {
                covered[i] = 1;
                g += p.demand[i];
            }
        covered_weight += g;
        return g;
    }
};

void check_problem(const SiteProblem& p) {
    if (!p.cost.empty() && p.cost.size() != p.covers.size()) throw std::invalid_argument("one cost per candidate");
    if (!p.existing.empty() && p.existing.size() != p.covers.size()) throw std::invalid_argument("one existing flag per candidate");
    for (const auto& c : p.covers)
        for (auto i : c)
            if (i >= p.demand.size()) throw std::invalid_argument("a candidate covers a demand point that is not there");
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        if (!(cost_of(p, j) > 0) || !std::isfinite(cost_of(p, j))) throw std::invalid_argument("costs must be positive");
}

// The existing sites' coverage, and the demand within reach of any site.
SiteSolution start(const SiteProblem& p, Cover& cover) {
    check_problem(p);
    SiteSolution s;
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        if (is_existing(p, j)) cover.add(p, j);
    s.existing_covered = cover.covered_weight;
    s.total = cover.total;
    std::vector<char> reach = cover.covered;
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        for (auto i : p.covers[j]) reach[i] = 1;
    for (std::size_t i = 0; i < reach.size(); ++i)
        if (reach[i]) s.reachable += p.demand[i];
    return s;
}

// The lazy greedy: `stop(cover, sites)` ends it; `per_cost` ranks by gain per unit cost.
// Candidates dearer than the budget left are dropped.
template <class Stop>
void greedy(const SiteProblem& p, Cover& cover, SiteSolution& s, bool per_cost, double budget, Stop stop) {
    // (key, -index, round evaluated): the largest key first, then the lowest index.
    using Entry = std::tuple<double, std::int64_t, std::size_t>;
    std::priority_queue<Entry> queue;
    for (std::size_t j = 0; j < p.covers.size(); ++j) {
        if (is_existing(p, j) || cost_of(p, j) > budget) continue;
        const double g = cover.gain(p, j);
        if (g > 0) queue.emplace(per_cost ? g / cost_of(p, j) : g, -static_cast<std::int64_t>(j), 0);
    }
    std::size_t round = 0;
    double left = budget;
    while (!queue.empty() && !stop(cover, s.chosen.size())) {
        auto [key, neg, when] = queue.top();
        queue.pop();
        const auto j = static_cast<std::size_t>(-neg);
        if (cost_of(p, j) > left) continue;
        if (when != round) {
            const double g = cover.gain(p, j);
            if (g > 0) queue.emplace(per_cost ? g / cost_of(p, j) : g, neg, round);
            continue;
        }
        const double g = cover.add(p, j);
        s.chosen.push_back(static_cast<std::uint32_t>(j));
        s.gain.push_back(g);
        s.cost += cost_of(p, j);
        left -= cost_of(p, j);
        ++round;
    }
    s.covered = cover.covered_weight;
}

// A GLPK problem freed on every path.
struct Glp {
    glp_prob* p = glp_create_prob();
    ~Glp() { glp_delete_prob(p); }
};

struct Heuristic {
    const std::vector<double>* start = nullptr;  // column values, 1-based
    bool given = false;
};

void offer_start(glp_tree* tree, void* info) {
    auto* h = static_cast<Heuristic*>(info);
    if (glp_ios_reason(tree) != GLP_IHEUR || h->given) return;
    h->given = true;
    glp_ios_heur_sol(tree, h->start->data());
}

// Columns: x_j for the candidates that can add coverage, then one y per group of open demand
// points (not yet covered, reachable) that the same candidates cover: such points are covered
// together, so one column with their summed weight stands for them all (often a few times
// fewer rows).
struct Model {
    std::vector<std::size_t> cand;        // column k+1 -> candidate
    std::vector<double> group_weight;     // column cand.size()+g+1 -> summed demand
    std::vector<std::vector<int>> group;  // the candidate columns covering group g
};

// The covering rows y_g - sum x_j <= 0 over the groups; returns the model's columns.
Model covering_model(glp_prob* lp, const SiteProblem& p, const Cover& cover) {
    Model m;
    std::vector<std::vector<int>> by_point(p.demand.size());
    for (std::size_t j = 0; j < p.covers.size(); ++j) {
        if (is_existing(p, j)) continue;
        bool useful = false;
        for (auto i : p.covers[j]) useful = useful || (!cover.covered[i] && p.demand[i] > 0);
        if (!useful) continue;
        m.cand.push_back(j);
        for (auto i : p.covers[j])
            if (!cover.covered[i] && p.demand[i] > 0) by_point[i].push_back(static_cast<int>(m.cand.size()));
    }
    std::map<std::vector<int>, std::size_t> groups;
    for (std::size_t i = 0; i < p.demand.size(); ++i) {
        if (by_point[i].empty()) continue;
        auto [it, fresh] = groups.emplace(by_point[i], m.group.size());
        if (fresh) {
            m.group.push_back(by_point[i]);
            m.group_weight.push_back(0);
        }
        m.group_weight[it->second] += p.demand[i];
    }
    const int nx = static_cast<int>(m.cand.size()), ny = static_cast<int>(m.group.size());
    if (nx == 0) return m;  // nothing to add (GLPK aborts on adding no columns)
    glp_add_cols(lp, nx + ny);
    for (int k = 1; k <= nx; ++k) glp_set_col_kind(lp, k, GLP_BV);
    for (int k = 1; k <= ny; ++k) glp_set_col_bnds(lp, nx + k, GLP_DB, 0, 1);
    glp_add_rows(lp, ny);
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (int g = 1; g <= ny; ++g) {
        glp_set_row_bnds(lp, g, GLP_UP, 0, 0);
        ia.push_back(g);
        ja.push_back(nx + g);
        ar.push_back(1);
        for (int c : m.group[static_cast<std::size_t>(g - 1)]) {
            ia.push_back(g);
            ja.push_back(c);
            ar.push_back(-1);
        }
    }
    glp_load_matrix(lp, static_cast<int>(ia.size() - 1), ia.data(), ja.data(), ar.data());
    return m;
}

// Adds the row sum coef_j x_j <= bound.
void add_x_row(glp_prob* lp, const Model& m, const std::vector<double>& coef, double bound) {
    const int row = glp_add_rows(lp, 1);
    glp_set_row_bnds(lp, row, GLP_UP, 0, bound);
    std::vector<int> ind{0};
    std::vector<double> val{0};
    for (std::size_t k = 0; k < m.cand.size(); ++k) {
        ind.push_back(static_cast<int>(k + 1));
        val.push_back(coef[k]);
    }
    glp_set_mat_row(lp, row, static_cast<int>(ind.size() - 1), ind.data(), val.data());
}

// Solves the LP relaxation (its objective is the bound) and then the MIP from `start`
// (candidate indexes). Fills s.chosen (unranked), optimal, bound, note; false when GLPK
// found no integer answer in time.
bool solve(glp_prob* lp, const Model& m, const SiteProblem& p, const std::vector<std::uint32_t>& start_sites,
           double time_limit_s, SiteSolution& s) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const auto ms_left = [&] {
        const double used = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        return static_cast<int>(std::clamp(time_limit_s * 1000.0 - used, 1.0, 2.0e9));
    };
    glp_term_out(GLP_OFF);
    glp_smcp lp_parm;
    glp_init_smcp(&lp_parm);
    lp_parm.msg_lev = GLP_MSG_OFF;
    lp_parm.presolve = GLP_ON;
    lp_parm.tm_lim = ms_left();
    const int lp_status = glp_simplex(lp, &lp_parm);
    if (lp_status != 0 || glp_get_status(lp) != GLP_OPT) {
        s.note = lp_status == GLP_ETMLIM ? "the LP relaxation did not finish within the time limit"
                                         : "the LP relaxation was not solved";
        return false;
    }
    s.bound = glp_get_obj_val(lp);
    // The start: greedy's sites, and each group covered by one of them.
    const int n = glp_get_num_cols(lp);
    std::vector<double> x(static_cast<std::size_t>(n) + 1, 0.0);
    std::vector<char> chosen(p.covers.size(), 0);
    for (auto j : start_sites) chosen[j] = 1;
    for (std::size_t k = 0; k < m.cand.size(); ++k) x[k + 1] = chosen[m.cand[k]] ? 1 : 0;
    for (std::size_t g = 0; g < m.group.size(); ++g) {
        bool hit = false;
        for (int c : m.group[g]) hit = hit || x[static_cast<std::size_t>(c)] > 0.5;
        x[m.cand.size() + g + 1] = hit ? 1 : 0;
    }
    Heuristic h{&x, false};
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = ms_left();
    parm.cb_func = offer_start;
    parm.cb_info = &h;
    parm.mir_cuts = GLP_ON;
    const int r = glp_intopt(lp, &parm);
    const int status = glp_mip_status(lp);
    if (status != GLP_OPT && status != GLP_FEAS) {
        s.note = r == GLP_ETMLIM ? "no integer answer within the time limit" : "the solver stopped without an answer";
        return false;
    }
    s.optimal = status == GLP_OPT && r == 0;
    if (!s.optimal) s.note = r == GLP_ETMLIM ? "time limit reached: the best answer found, not proven optimal" : "stopped early";
    s.chosen.clear();
    for (std::size_t k = 0; k < m.cand.size(); ++k)
        if (glp_mip_col_val(lp, static_cast<int>(k + 1)) > 0.5) s.chosen.push_back(static_cast<std::uint32_t>(m.cand[k]));
    return true;
}

// An upper bound on what `count` sites (within `budget`) can cover, without an LP: no site adds
// more than it covers alone, so the largest single coverages (by gain per cost, the last one
// in part, with a budget) add up to at least the best choice's gain.
// `s`: start()'s answer for `after_existing` (its reach and the existing sites' coverage).
double bound_from_singles(const SiteProblem& p, const Cover& after_existing, const SiteSolution& s, std::size_t count,
                          double budget) {
    std::vector<std::pair<double, double>> gains;  // (gain, cost)
    for (std::size_t j = 0; j < p.covers.size(); ++j)
        if (!is_existing(p, j)) gains.emplace_back(after_existing.gain(p, j), cost_of(p, j));
    // By gain for a number of sites; by gain per cost (a fractional knapsack) for a budget.
    const bool costed = std::isfinite(budget);
    std::sort(gains.begin(), gains.end(), [&](const auto& a, const auto& b) {
        return costed ? a.first / a.second > b.first / b.second : a.first > b.first;
    });
    double bound = 0, left = budget;
    std::size_t taken = 0;
    for (const auto& [gain, cost] : gains) {
        if ((count > 0 && taken >= count) || left <= 0) break;
        const double part = std::isfinite(left) ? std::min(1.0, left / cost) : 1.0;
        bound += part * gain;
        left -= cost;
        ++taken;
    }
    return s.existing_covered + std::min(bound, s.reachable - s.existing_covered);
}

}  // namespace

bool in_view(const View& v, double dx, double dy) {
    if (v.width >= 360 || (dx == 0 && dy == 0)) return true;
    const double bearing = std::atan2(dx, dy) * 57.29577951308232;  // degrees clockwise from north
    double off = std::fmod(bearing - v.bearing, 360.0);
    if (off > 180) off -= 360;
    if (off < -180) off += 360;
    return std::fabs(off) <= v.width / 2;
}

std::vector<std::vector<std::uint32_t>> coverage_within(const std::vector<geo::XY>& demand, const std::vector<geo::XY>& candidates,
                                                        double radius, const std::vector<double>& radii,
                                                        const std::vector<View>& views) {
    double reach = radius;
    for (double r : radii) reach = std::max(reach, r);
    std::vector<std::vector<std::uint32_t>> out(candidates.size());
    if (demand.empty() || !(reach > 0)) return out;
    // Buckets of the largest radius: a candidate's demand lies in the 3 x 3 around it.
    double x0 = demand[0].x, y0 = demand[0].y;
    for (const auto& d : demand) {
        x0 = std::min(x0, d.x);
        y0 = std::min(y0, d.y);
    }
    auto key = [&](double x, double y) {
        return std::pair<std::int64_t, std::int64_t>{static_cast<std::int64_t>(std::floor((x - x0) / reach)),
                                                     static_cast<std::int64_t>(std::floor((y - y0) / reach))};
    };
    std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>> buckets;
    for (std::size_t i = 0; i < demand.size(); ++i) buckets[key(demand[i].x, demand[i].y)].push_back(static_cast<std::uint32_t>(i));
    for (std::size_t j = 0; j < candidates.size(); ++j) {
        const double r = radii.empty() ? radius : radii[j];
        const auto [cx, cy] = key(candidates[j].x, candidates[j].y);
        auto& list = out[j];
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = buckets.find({cx + dx, cy + dy});
                if (it == buckets.end()) continue;
                for (auto i : it->second) {
                    const double ex = demand[i].x - candidates[j].x, ey = demand[i].y - candidates[j].y;
                    if (std::hypot(ex, ey) <= r && (views.empty() || in_view(views[j], ex, ey))) list.push_back(i);
                }
            }
        std::sort(list.begin(), list.end());
    }
    return out;
}

SiteSolution greedy_mclp(const SiteProblem& p, std::size_t count, double budget) {
    Cover cover(p);
    SiteSolution s = start(p, cover);
    s.method = "greedy";
    const bool costed = std::isfinite(budget);
    const Cover before = cover;
    greedy(p, cover, s, costed, budget,
           [&](const Cover&, std::size_t sites) { return count > 0 && sites >= count; });
    if (costed) {
        // The best single affordable site, when it beats the ratio greedy.
        double best = 0;
        std::size_t best_j = 0;
        for (std::size_t j = 0; j < p.covers.size(); ++j)
            if (!is_existing(p, j) && cost_of(p, j) <= budget) {
                const double g = before.gain(p, j);
                if (g > best) {
                    best = g;
                    best_j = j;
                }
            }
        if (best > s.covered - s.existing_covered) {
            s.chosen = {static_cast<std::uint32_t>(best_j)};
            s.gain = {best};
            s.cost = cost_of(p, best_j);
            s.covered = s.existing_covered + best;
        }
    }
    return s;
}

void rank_by_gain(const SiteProblem& p, SiteSolution& s) {
    SiteProblem sub = p;
    // Only the chosen sites (and the existing ones) are candidates.
    std::vector<char> keep(p.covers.size(), 0);
    for (auto j : s.chosen) keep[j] = 1;
    for (std::size_t j = 0; j < sub.covers.size(); ++j)
        if (!keep[j] && !is_existing(p, j)) sub.covers[j].clear();
    Cover cover(sub);
    SiteSolution r = start(sub, cover);
    greedy(sub, cover, r, false, std::numeric_limits<double>::infinity(), [](const Cover&, std::size_t) { return false; });
    // Chosen sites that add nothing once the others are there come last.
    for (auto j : s.chosen)
        if (std::find(r.chosen.begin(), r.chosen.end(), j) == r.chosen.end()) {
            r.chosen.push_back(j);
            r.gain.push_back(0);
        }
    s.chosen = r.chosen;
    s.gain = r.gain;
    s.cost = 0;
    for (auto j : s.chosen) s.cost += cost_of(p, j);
    s.covered = r.covered;
}

SiteSolution exact_mclp(const SiteProblem& p, std::size_t count, double budget, double time_limit_s) {
    SiteSolution g = greedy_mclp(p, count, budget);
    Cover cover(p);
    SiteSolution s = start(p, cover);
    s.method = "exact";
    Glp glp;
    glp_set_obj_dir(glp.p, GLP_MAX);
    const Model m = covering_model(glp.p, p, cover);
    if (m.cand.empty()) {  // nothing left to cover: the existing sites are the answer
        s.optimal = true;
        s.bound = s.existing_covered;
        s.covered = s.existing_covered;
        return s;
    }
    for (std::size_t k = 0; k < m.group.size(); ++k)
        glp_set_obj_coef(glp.p, static_cast<int>(m.cand.size() + k + 1), m.group_weight[k]);
    if (count > 0) add_x_row(glp.p, m, std::vector<double>(m.cand.size(), 1.0), static_cast<double>(count));
    if (std::isfinite(budget)) {
        std::vector<double> c;
        for (std::size_t j : m.cand) c.push_back(cost_of(p, j));
        add_x_row(glp.p, m, c, budget);
    }
    if (!solve(glp.p, m, p, g.chosen, time_limit_s, s)) {
        g.note = "exact solver: " + s.note + "; the greedy answer is given";
        g.bound = s.bound + s.existing_covered;
        if (std::isnan(g.bound)) {
            g.bound = bound_from_singles(p, cover, s, count, budget);
            g.note += ", with the bound of the largest single-site coverages";
        }
        return g;
    }
    s.bound += s.existing_covered;
    rank_by_gain(p, s);
    if (s.covered < g.covered) {  // never worse than the start it was given
        g.method = "exact";
        g.bound = s.bound;
        g.note = s.note;
        return g;
    }
    return s;
}

double single_site_bound(const SiteProblem& p, std::size_t count, double budget) {
    Cover cover(p);
    const SiteSolution s = start(p, cover);
    return bound_from_singles(p, cover, s, count, budget);
}

SiteSolution greedy_lscp(const SiteProblem& p, double share) {
    Cover cover(p);
    SiteSolution s = start(p, cover);
    s.method = "greedy";
    const double target = share * s.total;
    if (s.reachable < target * (1 - 1e-12))
        throw std::invalid_argument("no choice of sites covers " + std::to_string(share * 100) + "% of the demand: the candidates reach " +
                                    std::to_string(s.total > 0 ? 100 * s.reachable / s.total : 0) + "% at most");
    greedy(p, cover, s, !p.cost.empty(), std::numeric_limits<double>::infinity(),
           [&](const Cover& c, std::size_t) { return c.covered_weight >= target * (1 - 1e-12); });
    return s;
}

SiteSolution exact_lscp(const SiteProblem& p, double share, double time_limit_s) {
    SiteSolution g = greedy_lscp(p, share);  // also checks that the share can be reached
    Cover cover(p);
    SiteSolution s = start(p, cover);
    s.method = "exact";
    const double need = share * s.total - s.existing_covered;
    if (need <= s.total * 1e-12) {
        s.optimal = true;
        s.bound = 0;
        s.covered = s.existing_covered;
        return s;
    }
    Glp glp;
    glp_set_obj_dir(glp.p, GLP_MIN);
    const Model m = covering_model(glp.p, p, cover);
    for (std::size_t k = 0; k < m.cand.size(); ++k) glp_set_obj_coef(glp.p, static_cast<int>(k + 1), cost_of(p, m.cand[k]));
    const int row = glp_add_rows(glp.p, 1);
    glp_set_row_bnds(glp.p, row, GLP_LO, need * (1 - 1e-9), 0);
    std::vector<int> ind{0};
    std::vector<double> val{0};
    for (std::size_t k = 0; k < m.group.size(); ++k) {
        ind.push_back(static_cast<int>(m.cand.size() + k + 1));
        val.push_back(m.group_weight[k]);
    }
    glp_set_mat_row(glp.p, row, static_cast<int>(ind.size() - 1), ind.data(), val.data());
    if (!solve(glp.p, m, p, g.chosen, time_limit_s, s)) {
        g.note = "exact solver: " + s.note + "; the greedy answer is given";
        g.bound = s.bound;
        return g;
    }
    rank_by_gain(p, s);
    if (s.cost > g.cost) {
        g.method = "exact";
        g.bound = s.bound;
        g.note = s.note;
        return g;
    }
    return s;
}

}  // namespace hotspots
