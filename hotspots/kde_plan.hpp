#pragma once
// What a kde decides before it sums a kernel: the bandwidth (given, a rule, or back-tested on
// the incidents' own months), the cell, and the grid over the study area with its mask. The
// kde step binds its options to KdeSettings and writes what plan_kde decided.
#include "geo/cells.hpp"
#include "hotspots/bandwidth.hpp"
#include "hotspots/kernel.hpp"
#include "model/geometry.hpp"
#include "model/grid.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotspots {

struct KdeSettings {
    Kernel kernel = Kernel::quartic;
    std::string kernel_text = "quartic";
    std::string bandwidth_rule = "auto";  // auto, nrd, scott, fixed, or from (an evaluate --recommend file)
    double bandwidth = 0;                 // metres, when fixed or from a file
    std::string bandwidth_from, bandwidth_note;  // the file, and what it says of the bandwidth
    std::optional<double> cell;           // metres; nullopt: auto
    std::string area_unit = "km2";        // of density: m2, ha or km2
    std::optional<double> simplify;       // metres; nullopt: half a cell
    double max_cells = 250e6;
    bool mask_runs = false;  // keep the mask as runs per row (a tiled surface), not one byte a cell
};

// Where the grid lies: an --extent used as given (exact), or a mask's extent with its
// polygons; without either, the incidents' extent and the kernels' reach.
struct StudyExtent {
    Box area;
    std::vector<Wkb> mask;  // empty: no mask
    bool exact = false;     // --extent: the grid is this box, not snapped outwards
};

struct KdePlan {
    double bandwidth = 0;              // h for every incident without its own
    BandwidthChoice bandwidth_choice;  // how it was chosen (rule "fixed" when given)
    double cell = 0;
    std::string cell_rule;  // "fixed" or "auto: ..."
    Grid grid;
    std::vector<std::uint8_t> mask;  // empty: no mask (or kept as runs)
    geo::MaskRuns mask_runs;         // the same cells as runs per row, with KdeSettings::mask_runs
    double area_factor = 1e6;        // square metres per output area unit
    double simplify = 0;
    double total_weight = 0;  // of the incidents (before any output scaling)
    std::vector<std::string> notes, warnings;  // what the step should say about its choices
};

// Throws std::runtime_error with advice when the data cannot support a choice (no spread for
// a rule, an extent without width for --cell auto, a grid above max_cells).
KdePlan plan_kde(const KdeSettings& s, const IncidentSet& set, const std::optional<StudyExtent>& study, unsigned threads);

// --bandwidth auto (docs/kde.md): with four months or more of dated incidents and the quartic
// kernel, the bandwidth that best predicted each of the last 12 months from the 3 before (a
// back-test, as evaluate runs, on 50 m cells of the study area); else ArcGIS's rule, capped
// at 400 m (`note` then says so).
BandwidthChoice auto_bandwidth(const IncidentSet& set, Kernel kernel, const std::optional<StudyExtent>& study,
                               unsigned threads, std::string& note);

}  // namespace hotspots
