// The release protected: every count of every held product a cell with the incidents it counts,
// then suppression with its audit, or cell-key perturbation.
#include "report/release_detail.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace hotspots::report {
namespace {

using steps::Members;
using detail::Held;
using detail::number_of;

// A count as text: whole numbers without a decimal point (a weighted count keeps its fraction).
std::string count_text(double v) {
    return v == std::floor(v) && std::abs(v) < 9e15 ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{:g}", v);
}

// Where a short segment's incidents would be: one id per step and segment (the step's own
// number of it, Members::street_unit: not a column, which may be a ward's or a street's name
// shared by many segments), apart from every incident id (bit 62), shared by every count of
// that segment and by the step's count of incidents, so that the audit sees a withheld 0
// inside its totals.
std::uint64_t place_of(std::size_t step, std::uint64_t segment) {
    return (std::uint64_t{1} << 62) | (std::uint64_t{step} << 40) | (segment & 0xffffffffffULL);
}

}  // namespace

void Release::Impl::protect() {
    // Every count of every held product is a cell, with the incidents it counts when given.
    for (std::size_t p = 0; p < held.size(); ++p) {
        auto& h = held[p];
        if (h.kind == Held::Kind::raster) continue;
        const auto& s = *steps[h.step];
        const auto short_row = detail::short_rows(h, o.min_street_length);
        for (std::size_t k = 0; k < h.table.fields.size(); ++k) {
            if (h.table.fields[k].role != ColumnRole::count) continue;
            const Members* m = nullptr;
            for (const auto& x : h.members)
                if (x.column == h.table.fields[k].name) m = &x;
            for (std::size_t r = 0; r < h.table.rows.size(); ++r) {
                const double v = number_of(h.table.rows[r][k]);
                if (std::isnan(v)) continue;
                DisclosureCell c;
                c.value = v;
                c.group = h.step;
                if (m && r < m->rows.size()) {
                    // A step's own units of count (a count table's) are its own: apart from
                    // every incident and every other step's.
                    for (auto i : m->rows[r])
                        if (m->own_ids) c.members.push_back((std::uint64_t{1} << 63) | (std::uint64_t{h.step} << 40) | i);
                        else if (i < s.ids.size()) c.members.push_back(s.ids[i]);
                    std::sort(c.members.begin(), c.members.end());
                    c.members.erase(std::unique(c.members.begin(), c.members.end()), c.members.end());
                }
                // Only a whole count of exactly the incidents given links to the others.
                c.opaque = !m || static_cast<double>(c.members.size()) != v;
                if (c.opaque) c.members.clear();
                if (short_row[r]) {
                    c.withheld = true;
                    if (!c.opaque) {
                        c.places = {place_of(h.step, short_row[r] - 1)};
                        auto& total = cells[s.total].places;
                        if (std::find(total.begin(), total.end(), c.places.front()) == total.end()) total.push_back(c.places.front());
                    }
                }
                cells.push_back(std::move(c));
                cell_at.push_back({p, r, k});
            }
        }
    }
    const auto where = [&](std::size_t c) {
        const auto& at = cell_at[c];
        if (at.product == static_cast<std::size_t>(-1)) return steps[at.row]->label + ": its count of incidents";
        const auto& h = held[at.product];
        std::string unit;
        for (std::size_t k = 0; k < h.table.fields.size() && unit.empty(); ++k)
            if (h.table.fields[k].role == ColumnRole::area)
                if (const auto* t = std::get_if<std::string>(&h.table.rows[at.row][k])) unit = *t;
        return fmt::format("{} {}, row {}{}: {}", steps[h.step]->label, h.role, at.row + 1, unit.empty() ? "" : " (" + unit + ")",
                           h.table.fields[at.column].name);
    };
    published.assign(cells.size(), "");
    audit.counts = cells.size();
    for (const auto& c : cells) audit.withheld_short += c.withheld;
    audit.min_street_length = o.min_street_length;
    const std::string hidden = fmt::format("<{}", o.suppress_below);
    if (o.method == "cell-key") {
        audit.method = "cell-key";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            unsigned key = 0;
            if (!cells[c].opaque)
                for (auto id : cells[c].members) {
                    // A count table's units have no record of their own: keyed by their step and place.
                    const auto it = keys.find(id);
                    key += it != keys.end() ? it->second : record_key(secret, fmt::format("unit|{}", id & 0xffffffffffffULL));
                }
            else
                key = record_key(secret, where(c) + "|" + count_text(cells[c].value));
            const auto value = perturbed_count(std::llround(cells[c].value), static_cast<std::uint8_t>(key & 0xff), o.suppress_below);
            // A short segment's count is not published, perturbed or not.
            published[c] = cells[c].withheld ? "x" : std::to_string(value);
            audit.perturbed += !cells[c].withheld && static_cast<double>(value) != cells[c].value;
        }
        return;
    }
    audit.method = "suppression";
    audit.protection = std::min(o.protection, static_cast<int>(o.suppress_below - 1));
    {
        std::size_t primary = 0, opaque = 0;
        for (const auto& c : cells) {
            primary += c.value > 0 && c.value < static_cast<double>(o.suppress_below);
            opaque += c.opaque;
        }
        log.stage(fmt::format("release: {} counts ({} opaque, {} below {})", cells.size(), opaque, primary, o.suppress_below));
    }
    DisclosureOptions d;
    d.threshold = o.suppress_below;
    d.protection = o.protection;
    const auto r = protect_by_suppression(cells, d);
    audit.atoms = r.atoms;
    audit.solves = r.solves;
    log.stage(fmt::format("release: {} atoms in {} groups of linked counts, {} programs solved", r.atoms, r.components, r.solves));
    if (!r.passed) {
        std::string list;
        for (std::size_t k = 0; k < r.failing.size() && k < 10; ++k) list += "\n  " + where(r.failing[k]);
        throw ReleaseRefused(fmt::format(
            "--publish: {} hidden counts cannot be protected: what is published gives them back to within fewer than {} "
            "values:{}{}\npublish fewer linked tables (a --summary, a board beside its series), a coarser grid or period, or "
            "use --disclosure cell-key{}",
            r.failing.size(), audit.protection, list, r.failing.size() > 10 ? "\n  ..." : "",
            audit.withheld_short ? fmt::format(" (counts of street segments shorter than --min-street-length {:g} m are "
                                               "withheld whatever they are, and need as much)", o.min_street_length)
                                 : ""));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        published[c] = r.state[c] == CellState::primary ? hidden
                       : r.state[c] == CellState::shown ? count_text(cells[c].value)
                                                        : "x";  // secondary, or withheld (a short segment)
        audit.primary += r.state[c] == CellState::primary;
        audit.secondary += r.state[c] == CellState::secondary;
    }
    // A count the audit cannot place (a weighted sum, a count not knowing its incidents) is
    // protected by its own value only: in a product with a hidden count it could stand in for
    // one (a weight equal to its row's count) or give one back by difference, so there it is
    // withheld.
    std::set<std::size_t> with_hidden;
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (r.state[c] != CellState::shown) with_hidden.insert(cell_at[c].product);
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].opaque && r.state[c] == CellState::shown && cell_at[c].product != static_cast<std::size_t>(-1) &&
            with_hidden.count(cell_at[c].product)) {
            published[c] = "";
            ++audit.withheld;
        }
    for (const auto& i : r.intervals) {
        audit.hidden.push_back({where(i.cell), published[i.cell], i.low, i.high});
        // -vv lists what the audit leaves open of each hidden count (docs/publish.md).
        if (log.verbose() >= 2) log.note(fmt::format("audit: {}: {} in [{:g}, {:g}]", where(i.cell), published[i.cell], i.low, i.high));
    }
}

}  // namespace hotspots::report
