#pragma once
// Disclosure control of a release as a whole (docs/publish.md). Every count a release
// publishes (in any table, layer, text or metadata) is a cell; a cell that knows which
// incidents it counts is linked to every other cell counting some of them, so the published
// figures together imply intervals for the hidden ones (Hundepool et al., Statistical
// Disclosure Control, 2012, ch. 5). Two methods:
//
// - suppression: counts from 1 to threshold-1 are hidden (primary); then, one at a time, the
//   smallest shown count linked to a hidden count that the shown figures still pin down is
//   hidden too (secondary), until an audit finds, for every primary hidden count, that the
//   shown figures leave it at least `protection` of the values its marker allows (1 to
//   threshold-1; 3 of the 4 values of "<5" by default). A count withheld whatever its value
//   (`withheld`: a street segment too short to publish, whose count of 0 or 20 would describe
//   its few households as much as a small one) is a forced primary: its marker says nothing of
//   its value (0 or more), and the shown figures must leave it at least `protection` values.
//   The audit solves,
//   for each hidden count, the smallest and largest value it can take over the integer
//   counts of the finest groups of incidents (atoms: the incidents counted by exactly the same
//   cells) that reproduce every shown count, with hidden counts within their markers' ranges
//   (primary 1..threshold-1, forced 0 or more, secondary threshold or more): linear programs, confirmed as
//   integer programs (GLPK) where the linear optimum is fractional.
// - cell-key perturbation (as the ONS for the 2021 Census): each incident has a record key
//   (0..255, from a keyed hash of what it is, the same in every release); a cell's key is the
//   sum of its incidents' keys mod 256, and a fixed table maps (count, cell key) to a small
//   unbiased change; counts 1..threshold-1 become 0 or threshold. The same incidents always get
//   the same published count, so two releases cannot be differenced to remove the noise;
//   totals are perturbed on their own and no longer add up.
//
// Pure computation: the caller (report/release) gathers the cells of a release.
#include <cstdint>
#include <string>
#include <vector>

namespace hotspots {

struct DisclosureCell {
    double value = 0;                    // the true count
    std::vector<std::uint64_t> members;  // the incidents it counts (any ids: one id, one incident); sorted, unique
    bool opaque = false;                 // members unknown: protected by its own value alone
    std::size_t group = 0;               // the cells of one group (one step's tables) show a reader how they add up
    bool withheld = false;               // hidden whatever its value (a forced primary)
    // Where a withheld count's incidents would be, as ids that count nothing (any ids apart
    // from the incidents'): a count of 0 holds no incident, so only these tell the audit which
    // totals it is part of. Give the same place to the withheld count and to every total
    // covering it (a segment's, and the step's count of incidents).
    std::vector<std::uint64_t> places;
};

// forced: a withheld cell (DisclosureCell::withheld), hidden whatever its value.
enum class CellState { shown, primary, secondary, forced };

struct DisclosureOptions {
    std::int64_t threshold = 5;  // counts 1..threshold-1 are hidden
    // Values a primary hidden count must keep open given everything shown (at most threshold-1,
    // the values of its marker). Not all of them, by default: a small count inside a small
    // hidden total ("<5" holding two "<5") can never reach 4, whatever else is hidden.
    int protection = 3;
};

// The interval a hidden count can take given everything shown.
struct AuditInterval {
    std::size_t cell = 0;
    double low = 0, high = 0;  // high is infinite when nothing bounds it
};

struct DisclosureResult {
    std::vector<CellState> state;           // one per cell
    std::vector<AuditInterval> intervals;   // every primary (and forced) hidden cell's, as checked (hiding more later only widened it)
    std::size_t atoms = 0, components = 0, solves = 0;
    bool passed = true;                     // every primary and forced hidden count keeps its protection
    std::vector<std::size_t> failing;       // primary or forced hidden cells that could not be protected
};

DisclosureResult protect_by_suppression(const std::vector<DisclosureCell>& cells, const DisclosureOptions& o);

// The audit alone: the interval of every hidden cell (state primary, forced or secondary) given the
// shown ones. Used by protect_by_suppression, and by tests and docs to show what a release
// leaves open.
std::vector<AuditInterval> audit_intervals(const std::vector<DisclosureCell>& cells, const std::vector<CellState>& state,
                                           std::int64_t threshold, std::size_t* solves = nullptr);

// Cell-key perturbation: the published count for a true count and its cell key (the sum of its
// incidents' record keys mod 256). A withheld cell is not published whatever this gives. 0 stays 0; 1..threshold-1 become 0 or threshold, with the
// count's mean kept; larger counts move by at most 2, never below threshold, with mean 0.
std::int64_t perturbed_count(std::int64_t count, std::uint8_t cell_key, std::int64_t threshold);

// The record key of an incident from a keyed hash of its identity (a secret the publisher keeps
// and the incident's id, place, time and type): 0..255.
std::uint8_t record_key(const std::string& secret, const std::string& identity);

}  // namespace hotspots
