#include "hotspots/disclosure.hpp"

#include "model/parallel.hpp"

#include <glpk.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace hotspots {
namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
// Nodes an integer program of the audit may grow before it stops at its best solution.
constexpr int mip_nodes = 5000;
// Atoms above which a fractional linear optimum is not taken to an integer program.
constexpr int mip_columns = 2000;

// The finest groups of incidents: those counted by exactly the same cells. atoms[a] is the
// number of incidents of atom a; cell_atoms[c] the atoms cell c holds.
struct Atoms {
    std::vector<double> size;
    std::vector<std::vector<std::uint32_t>> cell_atoms;
};

Atoms atoms_of(const std::vector<DisclosureCell>& cells) {
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> signature, place_signature;  // incident (place) -> cells holding it
    for (std::size_t c = 0; c < cells.size(); ++c) {
        if (cells[c].opaque) continue;
        for (auto id : cells[c].members) signature[id].push_back(static_cast<std::uint32_t>(c));
        for (auto id : cells[c].places) place_signature[id].push_back(static_cast<std::uint32_t>(c));
    }
    std::map<std::vector<std::uint32_t>, std::uint32_t> index;
    Atoms a;
    a.cell_atoms.resize(cells.size());
    // A place counts no incident: an atom of none, which the programs may fill.
    for (auto* map : {&signature, &place_signature})
        for (auto& [id, sig] : *map) {
            std::sort(sig.begin(), sig.end());
            sig.erase(std::unique(sig.begin(), sig.end()), sig.end());
            auto [it, added] = index.emplace(sig, static_cast<std::uint32_t>(a.size.size()));
            if (added) {
                a.size.push_back(0);
                for (auto c : sig) a.cell_atoms[c].push_back(it->second);
            }
            if (map == &signature) a.size[it->second] += 1;
        }
    for (auto& list : a.cell_atoms) std::sort(list.begin(), list.end());
    return a;
}

// Cells linked through shared atoms, by union-find over atoms.
std::vector<std::uint32_t> components_of(const Atoms& a, std::size_t* count) {
    std::vector<std::uint32_t> parent(a.size.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    for (const auto& list : a.cell_atoms)
        for (std::size_t k = 1; k < list.size(); ++k) parent[find(list[k])] = find(list[0]);
    std::vector<std::uint32_t> comp(a.size.size());
    std::map<std::uint32_t, std::uint32_t> number;
    for (std::uint32_t x = 0; x < comp.size(); ++x) comp[x] = number.emplace(find(x), static_cast<std::uint32_t>(number.size())).first->second;
    if (count) *count = number.size();
    return comp;
}

// Row `row` of `lp` bounded as a reader knows cell c (its count less `fixed`, counted outside
// the program): equal to a shown count; 1..threshold-1 for a primary hidden one; 0 or more for
// a withheld one (its marker says nothing); threshold or more for a secondary one.
void bound_row(glp_prob* lp, int row, CellState state, double value, std::int64_t threshold, double fixed = 0) {
    const double t = static_cast<double>(threshold);
    switch (state) {
    case CellState::shown: glp_set_row_bnds(lp, row, GLP_FX, value - fixed, value - fixed); break;
    case CellState::primary: glp_set_row_bnds(lp, row, GLP_DB, 1 - fixed, t - 1 - fixed); break;
    case CellState::forced: glp_set_row_bnds(lp, row, GLP_LO, -fixed, 0); break;
    case CellState::secondary: glp_set_row_bnds(lp, row, GLP_LO, t - fixed, 0); break;
    }
}

struct GlpProb {
    glp_prob* p = glp_create_prob();
    GlpProb() = default;
    GlpProb(const GlpProb&) = delete;
    GlpProb& operator=(const GlpProb&) = delete;
    ~GlpProb() { glp_delete_prob(p); }
};

// One component's program: a column per atom (its count, 0 or more), a row per cell of the
// component bounded as what is shown says (equal to a shown count; 1..threshold-1 for a
// primary hidden count; threshold or more for a secondary one). Objectives change per hidden
// cell; the simplex restarts from the last basis.
class ComponentProgram {
public:
    ComponentProgram(const Atoms& a, const std::vector<std::uint32_t>& atoms, const std::vector<std::size_t>& cells,
                     const std::vector<DisclosureCell>& all, const std::vector<CellState>& state, std::int64_t threshold)
        : m_atoms(atoms), m_threshold(threshold) {
        for (std::size_t r = 0; r < cells.size(); ++r) m_row[cells[r]] = static_cast<int>(r + 1);
        for (std::size_t k = 0; k < atoms.size(); ++k) m_column[atoms[k]] = static_cast<int>(k + 1);
        glp_set_obj_dir(m_lp.p, GLP_MIN);
        glp_add_cols(m_lp.p, static_cast<int>(atoms.size()));
        for (std::size_t k = 0; k < atoms.size(); ++k) glp_set_col_bnds(m_lp.p, static_cast<int>(k + 1), GLP_LO, 0, 0);
        glp_add_rows(m_lp.p, static_cast<int>(cells.size()));
        std::vector<int> ia{0}, ja{0};
        std::vector<double> ar{0};
        for (std::size_t r = 0; r < cells.size(); ++r) {
            const auto c = cells[r];
            const int row = static_cast<int>(r + 1);
            bound_row(m_lp.p, row, state[c], all[c].value, threshold);
            for (auto atom : a.cell_atoms[c]) {
                ia.push_back(row);
                ja.push_back(m_column.at(atom));
                ar.push_back(1);
            }
        }
        glp_load_matrix(m_lp.p, static_cast<int>(ia.size() - 1), ia.data(), ja.data(), ar.data());
    }

    bool has(std::size_t cell) const { return m_row.count(cell) > 0; }

    // A shown cell becomes a secondary hidden one: its equality a bound the true count meets.
    void hide(std::size_t cell) { glp_set_row_bnds(m_lp.p, m_row.at(cell), GLP_LO, static_cast<double>(m_threshold), 0); }

    // The smallest or largest total of `atoms` over integer counts (infinity when unbounded).
    // A fractional linear optimum is taken to an integer program when the component is small
    // (up to mip_columns atoms, mip_nodes nodes of search: a limit by work, not time, so the
    // same input gives the same release); stopped early, its best solution is a value the
    // total certainly reaches. In a larger component, or with no solution found, the linear
    // bound rounded inwards. `outer`: the linear bound rounded outwards, a limit no integer
    // solution passes (what the best possible suppression is measured by).
    // Both ends of `cell`'s interval, its atoms' smallest and largest total (see optimum).
    AuditInterval interval(std::size_t cell, const std::vector<std::uint32_t>& atoms, bool outer, std::size_t& solves) {
        return {cell, optimum(atoms, false, outer, solves), optimum(atoms, true, outer, solves)};
    }

    double optimum(const std::vector<std::uint32_t>& atoms, bool maximise, bool outer, std::size_t& solves) {
        for (int k = 1; k <= glp_get_num_cols(m_lp.p); ++k) glp_set_obj_coef(m_lp.p, k, 0);
        for (auto atom : atoms) glp_set_obj_coef(m_lp.p, m_column.at(atom), 1);
        glp_set_obj_dir(m_lp.p, maximise ? GLP_MAX : GLP_MIN);
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        ++solves;
        if (glp_simplex(m_lp.p, &parm) != 0) {
            // A lost basis: start again from a fresh one.
            glp_adv_basis(m_lp.p, 0);
            if (glp_simplex(m_lp.p, &parm) != 0) throw std::runtime_error("disclosure audit: the linear program failed");
        }
        const int status = glp_get_status(m_lp.p);
        if (status == GLP_UNBND) return maximise ? infinity : 0;
        if (status != GLP_OPT) throw std::runtime_error("disclosure audit: the published counts admit no solution");
        const double lp = glp_get_obj_val(m_lp.p);
        const double inwards = maximise ? std::floor(lp + 1e-9) : std::ceil(lp - 1e-9);
        if (outer) return maximise ? std::floor(lp + 1e-6) : std::ceil(lp - 1e-6);
        bool integral = true;
        for (int k = 1; k <= glp_get_num_cols(m_lp.p) && integral; ++k) {
            const double v = glp_get_col_prim(m_lp.p, k);
            integral = std::abs(v - std::round(v)) < 1e-7;
        }
        // An integral linear optimum is the integer optimum; else an attacker with an integer
        // program may get closer: solve that (on a copy, keeping this basis for the next cell).
        if (integral || glp_get_num_cols(m_lp.p) > mip_columns) return integral ? std::round(lp) : inwards;
        GlpProb mip;
        glp_copy_prob(mip.p, m_lp.p, GLP_OFF);
        for (int k = 1; k <= glp_get_num_cols(mip.p); ++k) glp_set_col_kind(mip.p, k, GLP_IV);
        glp_iocp ip;
        glp_init_iocp(&ip);
        ip.msg_lev = GLP_MSG_OFF;
        ip.presolve = GLP_ON;
        ip.cb_func = [](glp_tree* tree, void* info) {
            int active = 0, current = 0, total = 0;
            glp_ios_tree_size(tree, &active, &current, &total);
            if (total > *static_cast<const int*>(info)) glp_ios_terminate(tree);
        };
        ip.cb_info = const_cast<int*>(&mip_nodes);
        ++solves;
        const int r = glp_intopt(mip.p, &ip);
        const int ms = glp_mip_status(mip.p);
        if ((r == 0 && ms == GLP_OPT) || ms == GLP_FEAS) return std::round(glp_mip_obj_val(mip.p));
        return inwards;
    }

private:
    GlpProb m_lp;
    std::vector<std::uint32_t> m_atoms;
    std::int64_t m_threshold;
    std::unordered_map<std::uint32_t, int> m_column;
    std::unordered_map<std::size_t, int> m_row;
};

// What the audit needs of one component: its atoms and its cells.
struct Component {
    std::vector<std::uint32_t> atoms;
    std::vector<std::size_t> cells;
};

std::vector<Component> group(const Atoms& a, const std::vector<std::uint32_t>& comp, std::size_t n_comp) {
    std::vector<Component> out(n_comp);
    for (std::uint32_t x = 0; x < comp.size(); ++x) out[comp[x]].atoms.push_back(x);
    for (std::size_t c = 0; c < a.cell_atoms.size(); ++c)
        if (!a.cell_atoms[c].empty()) out[comp[a.cell_atoms[c].front()]].cells.push_back(c);
    return out;
}

int needed_open(const DisclosureOptions& o) { return std::max(1, std::min(o.protection, static_cast<int>(o.threshold - 1))); }

// A withheld count's marker allows any value: it keeps `protection` of them open, whatever the
// threshold, and no suppression pattern excuses less.
int needed_open(const DisclosureOptions& o, CellState s) { return s == CellState::forced ? std::max(1, o.protection) : needed_open(o); }

// The values a primary hidden count can take given everything shown, within its marker's 1..t-1;
// a withheld one's, within 0 or more (as many as an int holds when nothing bounds it above).
int open_values(const AuditInterval& i, const DisclosureOptions& o, CellState s = CellState::primary) {
    const bool forced = s == CellState::forced;
    const double low = std::max(forced ? 0.0 : 1.0, i.low);
    const double high = forced ? std::min(i.high, 1e9) : std::min(static_cast<double>(o.threshold - 1), i.high);
    return std::max(0, static_cast<int>(std::floor(high + 1e-9) - std::ceil(low - 1e-9)) + 1);
}

// Bounds of cell h over a neighbourhood of its atoms (h's, and those of the small cells that
// hold them, two rings out), every other atom fixed at its true count. Each solution of this
// is one of the whole program, so what it leaves open the whole program leaves open too: a
// cheap certificate, with an exact solve only where it is not enough.
AuditInterval local_interval(std::size_t h, const Atoms& a, const std::vector<std::vector<std::size_t>>& atom_cells,
                             const std::vector<DisclosureCell>& cells, const std::vector<CellState>& state,
                             std::int64_t threshold, std::size_t& solves, int reach = 0) {
    const std::size_t small = reach == 0 ? 32 : 96, most = reach == 0 ? 60 : 400;
    std::unordered_map<std::uint32_t, int> column;
    std::vector<std::uint32_t> local;
    auto add = [&](std::uint32_t x) {
        if (column.emplace(x, static_cast<int>(local.size() + 1)).second) local.push_back(x);
    };
    // Of a large cell (a step's total, a year of a ward) only a few atoms come in: those of
    // hidden cells, which are free to take up a change of h's.
    const std::size_t from_large = reach == 0 ? 6 : 24;
    const auto in_hidden = [&](std::uint32_t y) {
        for (auto d : atom_cells[y])
            if (state[d] != CellState::shown) return true;
        return false;
    };
    for (auto x : a.cell_atoms[h]) add(x);
    for (int ring = 0; ring < 2 + reach; ++ring) {
        const auto from = local;
        for (auto x : from)
            for (auto c : atom_cells[x]) {
                if (a.cell_atoms[c].size() <= small) {
                    if (local.size() + a.cell_atoms[c].size() <= most)
                        for (auto y : a.cell_atoms[c]) add(y);
                    continue;
                }
                std::size_t taken = 0;
                for (auto y : a.cell_atoms[c]) {
                    if (taken == from_large || local.size() >= most) break;
                    if (!column.count(y) && in_hidden(y)) {
                        add(y);
                        ++taken;
                    }
                }
            }
    }
    // The rows touching the neighbourhood, each with its local atoms and the true count of the
    // rest (a cell's value is the sum of its atoms: what is outside is value minus inside).
    std::vector<std::size_t> rows;
    std::unordered_map<std::size_t, std::size_t> row_of;
    std::vector<std::vector<int>> row_columns;
    std::vector<double> inside;
    for (std::size_t k = 0; k < local.size(); ++k)
        for (auto c : atom_cells[local[k]]) {
            auto [it, added] = row_of.emplace(c, rows.size());
            if (added) {
                rows.push_back(c);
                row_columns.emplace_back();
                inside.push_back(0);
            }
            row_columns[it->second].push_back(static_cast<int>(k + 1));
            inside[it->second] += a.size[local[k]];
        }
    GlpProb lp;
    glp_add_cols(lp.p, static_cast<int>(local.size()));
    for (std::size_t k = 0; k < local.size(); ++k) glp_set_col_bnds(lp.p, static_cast<int>(k + 1), GLP_LO, 0, 0);
    glp_add_rows(lp.p, static_cast<int>(rows.size()));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const auto c = rows[r];
        const double fixed = cells[c].value - inside[r];
        for (int col : row_columns[r]) {
            ia.push_back(static_cast<int>(r + 1));
            ja.push_back(col);
            ar.push_back(1);
        }
        bound_row(lp.p, static_cast<int>(r + 1), state[c], cells[c].value, threshold, fixed);
    }
    glp_load_matrix(lp.p, static_cast<int>(ia.size() - 1), ia.data(), ja.data(), ar.data());
    AuditInterval out{h, 0, 0};
    for (bool maximise : {false, true}) {
        for (int k = 1; k <= static_cast<int>(local.size()); ++k) glp_set_obj_coef(lp.p, k, 0);
        for (auto x : a.cell_atoms[h]) glp_set_obj_coef(lp.p, column.at(x), 1);
        glp_set_obj_dir(lp.p, maximise ? GLP_MAX : GLP_MIN);
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        ++solves;
        // Only an integral optimum certifies (the true value is all an unsolved one claims); a
        // fractional one is left to the whole program.
        double v = cells[h].value;
        if (glp_simplex(lp.p, &parm) == 0) {
            const int status = glp_get_status(lp.p);
            if (status == GLP_UNBND) {
                v = maximise ? infinity : 0;
            } else if (status == GLP_OPT) {
                bool integral = true;
                for (int k = 1; k <= glp_get_num_cols(lp.p) && integral; ++k)
                    integral = std::abs(glp_get_col_prim(lp.p, k) - std::round(glp_get_col_prim(lp.p, k))) < 1e-7;
                if (integral) v = std::round(glp_get_obj_val(lp.p));
            }
        }
        (maximise ? out.high : out.low) = v;
    }
    return out;
}

// What a hidden cell's marker alone allows.
AuditInterval marker_interval(std::size_t c, CellState s, std::int64_t threshold) {
    const double t = static_cast<double>(threshold);
    if (s == CellState::primary) return {c, 1.0, t - 1};
    return {c, s == CellState::forced ? 0.0 : t, infinity};
}

}  // namespace

std::vector<AuditInterval> audit_intervals(const std::vector<DisclosureCell>& cells, const std::vector<CellState>& state,
                                           std::int64_t threshold, std::size_t* solves) {
    glp_term_out(GLP_OFF);
    const Atoms a = atoms_of(cells);
    std::size_t n_comp = 0;
    const auto comp = components_of(a, &n_comp);
    std::vector<AuditInterval> out;
    std::size_t n = 0;
    for (const auto& k : group(a, comp, n_comp)) {
        bool any = false;
        for (auto c : k.cells) any = any || state[c] != CellState::shown;
        if (!any) continue;
        ComponentProgram program(a, k.atoms, k.cells, cells, state, threshold);
        for (auto c : k.cells)
            if (state[c] != CellState::shown)
                out.push_back(program.interval(c, a.cell_atoms[c], false, n));
    }
    // Hidden cells with no incidents known to the audit (opaque, or counting nothing shown
    // elsewhere): what their marker allows.
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (state[c] != CellState::shown && a.cell_atoms[c].empty())
            out.push_back(marker_interval(c, state[c], threshold));
    std::sort(out.begin(), out.end(), [](const AuditInterval& x, const AuditInterval& y) { return x.cell < y.cell; });
    if (solves) *solves += n;
    return out;
}

DisclosureResult protect_by_suppression(const std::vector<DisclosureCell>& cells, const DisclosureOptions& o) {
    if (o.threshold < 2) throw std::invalid_argument("the threshold must be 2 or more");
    DisclosureResult r;
    r.state.assign(cells.size(), CellState::shown);
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].withheld) r.state[c] = CellState::forced;
        else if (cells[c].value > 0 && cells[c].value < static_cast<double>(o.threshold)) r.state[c] = CellState::primary;
    const Atoms a = atoms_of(cells);
    r.atoms = a.size.size();
    const auto comp = components_of(a, &r.components);
    // One count published in several places (a board's 3 months and its tidy table's) is one
    // cell of the program: its first place stands for all.
    std::vector<std::size_t> same(cells.size());
    {
        std::map<std::vector<std::uint32_t>, std::size_t> first;
        for (std::size_t c = 0; c < cells.size(); ++c)
            same[c] = a.cell_atoms[c].empty() ? c : first.emplace(a.cell_atoms[c], c).first->second;
    }
    // A count withheld in one place is withheld in all.
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].withheld) r.state[same[c]] = CellState::forced;
    // The groups each first place is published in (a count of the board's is also the change
    // table's): a reader of either group sees it.
    std::vector<std::vector<std::size_t>> also_in(cells.size());
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (same[c] != c) also_in[same[c]].push_back(cells[c].group);
    const auto in_group = [&](std::size_t c, std::size_t g) {
        return cells[c].group == g || std::find(also_in[c].begin(), also_in[c].end(), g) != also_in[c].end();
    };
    // The cells holding each atom (first places only), to walk outwards from a hidden count.
    std::vector<std::vector<std::size_t>> atom_cells(a.size.size());
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (same[c] == c)
            for (auto x : a.cell_atoms[c]) atom_cells[x].push_back(c);
    auto groups = group(a, comp, r.components);
    for (auto& k : groups) std::erase_if(k.cells, [&](std::size_t c) { return same[c] != c; });
    std::vector<int> need(cells.size(), 0);
    struct Out {
        std::vector<AuditInterval> intervals;
        std::vector<std::size_t> failing;
        std::size_t solves = 0;
    };
    std::vector<Out> outs(groups.size());
    // Components share no incident: each is protected on its own, side by side (GLPK keeps its
    // state per thread). Hiding a count only loosens what the others imply (its equality
    // becomes a bound the true value meets), so a hidden count once protected stays protected:
    // one pass over the primary cells, hiding more around each until it is protected.
    parallel_items(groups.size(), 0, [&](std::size_t component, unsigned) {
        glp_term_out(GLP_OFF);

        const auto& k = groups[component];
        auto& out = outs[component];
        std::vector<std::size_t> primaries;
        for (auto c : k.cells)
            if (r.state[c] == CellState::primary || r.state[c] == CellState::forced) primaries.push_back(c);
        if (primaries.empty()) return;
        ComponentProgram program(a, k.atoms, k.cells, cells, r.state, o.threshold);
        // The best any suppression can do: every count of the component hidden, each known only
        // by its marker. A count pinned even then is pinned by the threshold rule itself (a
        // "<5" inside a "<5"), and is protected as far as markers allow.
        std::vector<CellState> all_hidden(cells.size(), CellState::shown);
        for (auto c : k.cells)
            all_hidden[c] = r.state[c] != CellState::shown ? r.state[c]
                            : cells[c].value > 0          ? CellState::secondary
                                                          : CellState::shown;
        std::unique_ptr<ComponentProgram> floor;
        // Per group of the component (within_one_group): its best suppression and its program now.
        struct GroupPrograms {
            std::unique_ptr<ComponentProgram> floor, now;
        };
        std::map<std::size_t, GroupPrograms> by_group;
        const auto hide = [&](std::size_t c) {
            r.state[c] = CellState::secondary;
            program.hide(c);
            for (auto& [g, gp] : by_group)
                if (gp.now && gp.now->has(c)) gp.now->hide(c);
        };
        for (auto h : primaries) {
            const CellState kind = r.state[h];
            const auto open = [&](const AuditInterval& i) { return open_values(i, o, kind); };
            need[h] = needed_open(o, kind);
            // A cheap certificate first: most hidden counts are open within their neighbourhood.
            auto near = local_interval(h, a, atom_cells, cells, r.state, o.threshold, out.solves);
            // A wider neighbourhood before the whole program.
            if (open(near) < need[h]) near = local_interval(h, a, atom_cells, cells, r.state, o.threshold, out.solves, 1);
            if (open(near) >= need[h]) {
                out.intervals.push_back(near);
                continue;
            }
            // Shown counts by how far they are from h (through shared incidents), nearest first.
            std::vector<std::size_t> order, near_in_group;
            std::vector<char> seen_cell(cells.size(), 0), seen_atom(a.size.size(), 0);
            std::vector<std::size_t> frontier{h};
            seen_cell[h] = 1;
            for (int distance = 0; !frontier.empty(); ++distance) {
                std::vector<std::size_t> next, ring;
                for (auto c : frontier)
                    for (auto x : a.cell_atoms[c]) {
                        if (seen_atom[x]) continue;
                        seen_atom[x] = 1;
                        for (auto d : atom_cells[x]) {
                            if (seen_cell[d]) continue;
                            seen_cell[d] = 1;
                            next.push_back(d);
                            // A shown 0 (a total over withheld places) is never hidden: "x" says threshold or more.
                            if (r.state[d] == CellState::shown && cells[d].value > 0) ring.push_back(d);
                        }
                    }
                std::stable_sort(ring.begin(), ring.end(), [&](std::size_t x, std::size_t y) { return cells[x].value < cells[y].value; });
                order.insert(order.end(), ring.begin(), ring.end());
                // h's totals (ring 0) and their other parts (ring 1), in h's own group.
                if (distance < 2)
                    for (auto d : ring)
                        if (in_group(d, cells[h].group) || std::any_of(also_in[h].begin(), also_in[h].end(), [&](std::size_t g) { return in_group(d, g); }))
                            near_in_group.push_back(d);
                frontier = std::move(next);
            }
            std::stable_sort(near_in_group.begin(), near_in_group.end(),
                             [&](std::size_t x, std::size_t y) { return cells[x].value < cells[y].value; });
            // Where the links between all the release's counts pin h whatever is hidden (each of
            // its incidents alone in some small count of another table), those links are finer
            // than any reader sees: a reader sees how one step's tables add up (months to a
            // quarter, wards to a borough). Against that reader, h is protected as it would be
            // on its own: its group's counts near it are hidden, smallest first, until h keeps
            // `protection` values open within its group (or as many as the group allows).
            const auto within_one_group = [&](std::size_t g) {
                auto& gp = by_group[g];
                if (!gp.now) {
                    std::vector<std::size_t> mine;
                    std::vector<std::uint32_t> atoms;
                    for (auto c : k.cells)
                        if (in_group(c, g)) {
                            mine.push_back(c);
                            atoms.insert(atoms.end(), a.cell_atoms[c].begin(), a.cell_atoms[c].end());
                        }
                    std::sort(atoms.begin(), atoms.end());
                    atoms.erase(std::unique(atoms.begin(), atoms.end()), atoms.end());
                    std::vector<CellState> group_hidden = r.state;
                    for (auto c : mine)
                        if (r.state[c] == CellState::shown && cells[c].value > 0) group_hidden[c] = CellState::secondary;
                    gp.floor = std::make_unique<ComponentProgram>(a, atoms, mine, cells, group_hidden, o.threshold);
                    gp.now = std::make_unique<ComponentProgram>(a, atoms, mine, cells, r.state, o.threshold);
                }
                const int want = std::min(needed_open(o), open(gp.floor->interval(h, a.cell_atoms[h], true, out.solves)));
                for (std::size_t t = 0;;) {
                    if (open(gp.now->interval(h, a.cell_atoms[h], false, out.solves)) >= want) return;
                    while (t < near_in_group.size() && (r.state[near_in_group[t]] != CellState::shown || !in_group(near_in_group[t], g))) ++t;
                    if (t == near_in_group.size()) return;
                    hide(near_in_group[t]);
                }
            };
            const auto within_group = [&] {
                within_one_group(cells[h].group);
                for (auto g : also_in[h]) within_one_group(g);
            };
            std::size_t tried = 0, hidden_since = 0;
            bool floored = false, check_whole = true;
            for (;;) {
                AuditInterval i{h, cells[h].value, cells[h].value};
                if (check_whole) {
                    i = program.interval(h, a.cell_atoms[h], false, out.solves);
                    hidden_since = 0;
                } else {
                    i = local_interval(h, a, atom_cells, cells, r.state, o.threshold, out.solves, 1);
                }
                if (open(i) >= need[h]) {
                    if (need[h] < needed_open(o)) within_group();
                    out.intervals.push_back(i);
                    break;
                }
                if (!floored) {
                    floored = true;
                    if (!floor) floor = std::make_unique<ComponentProgram>(a, k.atoms, k.cells, cells, all_hidden, o.threshold);
                    const AuditInterval best_possible = floor->interval(h, a.cell_atoms[h], true, out.solves);
                    // A withheld count's protection is not excused: pinned even then, the release is refused.
                    if (kind != CellState::forced) need[h] = std::min(need[h], open(best_possible));
                    if (open(i) >= need[h]) {
                        if (need[h] < needed_open(o)) within_group();
                        out.intervals.push_back(i);
                        break;
                    }
                }
                while (tried < order.size() && r.state[order[tried]] != CellState::shown) ++tried;
                if (tried == order.size()) {
                    if (!check_whole) {  // the whole program has the last word
                        check_whole = true;
                        continue;
                    }
                    out.failing.push_back(h);
                    out.intervals.push_back(i);
                    break;
                }
                hide(order[tried]);
                // After each hide the neighbourhood's certificate; the whole program every fourth.
                check_whole = ++hidden_since % 4 == 0;
            }
        }
    });
    for (auto& out : outs) {
        r.intervals.insert(r.intervals.end(), out.intervals.begin(), out.intervals.end());
        r.failing.insert(r.failing.end(), out.failing.begin(), out.failing.end());
        r.solves += out.solves;
    }
    r.passed = r.failing.empty();
    // A count published in several places is hidden in all of them, and has one interval.
    std::unordered_map<std::size_t, std::size_t> interval_of;
    for (std::size_t k = 0; k < r.intervals.size(); ++k) interval_of[r.intervals[k].cell] = k;
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (same[c] != c) {
            r.state[c] = r.state[same[c]];
            if (const auto it = interval_of.find(same[c]); it != interval_of.end())
                r.intervals.push_back({c, r.intervals[it->second].low, r.intervals[it->second].high});
        }
    // Each primary count's interval as checked: hiding more afterwards only widened it.
    for (std::size_t c = 0; c < cells.size(); ++c)
        if ((r.state[c] == CellState::primary || r.state[c] == CellState::forced) && a.cell_atoms[c].empty())
            r.intervals.push_back(marker_interval(c, r.state[c], o.threshold));
    std::sort(r.intervals.begin(), r.intervals.end(), [](const AuditInterval& x, const AuditInterval& y) { return x.cell < y.cell; });
    return r;
}

std::int64_t perturbed_count(std::int64_t count, std::uint8_t cell_key, std::int64_t threshold) {
    if (count <= 0) return 0;
    const double u = (static_cast<double>(cell_key) + 0.5) / 256;
    if (count < threshold) return u < static_cast<double>(count) / static_cast<double>(threshold) ? threshold : 0;
    // A change of -2..2 with these chances (mean 0, variance 0.8); a change that would take the
    // count below the threshold stays 0 instead.
    static const double chance[5] = {0.05, 0.2, 0.5, 0.2, 0.05};
    double p[5];
    for (int d = -2; d <= 2; ++d) p[d + 2] = count + d >= threshold ? chance[d + 2] : 0;
    p[2] += 1 - (p[0] + p[1] + p[2] + p[3] + p[4]);
    double acc = 0;
    for (int d = -2; d <= 2; ++d) {
        acc += p[d + 2];
        if (u < acc) return count + d;
    }
    return count + 2;
}

std::uint8_t record_key(const std::string& secret, const std::string& identity) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(identity.data()),
              identity.size(), out, &n) ||
        n == 0)
        throw std::runtime_error("record key: HMAC-SHA256 failed");
    return out[0];
}

}  // namespace hotspots
