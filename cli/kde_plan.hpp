#pragma once
// The kde command's choices made from the options and the data: bandwidth, cell size, grid
// and mask. Kept apart from command_kde.cpp so each file stays readable.
#include "cli/ingest_options.hpp"
#include "hotspots/bandwidth.hpp"
#include "hotspots/grid.hpp"
#include "hotspots/kernel.hpp"
#include "hotspots/threshold.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotspots::cli {

struct KdeOptions {
    IngestOptions ingest;
    std::string output, hotspots;
    std::string kernel = "quartic";
    std::string bandwidth = "auto";
    std::string cell = "auto";
    std::string output_value = "density";
    std::string area_unit = "km2";
    std::string weights;
    std::string extent;
    std::string mask;
    std::string threshold = "top:5%";
    double min_area = 0;
    std::string simplify = "auto";
    double max_cells = 250e6;
    std::string denominator;   // polygons with value=FIELD (population): a rate surface
    std::string denominator_points;  // points counting 1 each (address points, say)
    double min_denominator = -1;  // denominator kernel sum below which the rate is nodata (< 0: auto)
    bool cog = false;
    bool no_style = false;
};

struct KdePlan {
    Kernel kernel = Kernel::quartic;
    double bandwidth = 0;           // h for every incident without its own
    BandwidthChoice bandwidth_choice;  // how it was chosen (rule "fixed" when given)
    double cell = 0;
    std::string cell_rule;          // "fixed" or "auto: ..."
    Grid grid;
    std::vector<std::uint8_t> mask;  // empty: no mask
    std::string mask_text;
    double area_factor = 1e6;       // square metres per output area unit
    Threshold threshold;
    double simplify = 0;
    double total_weight = 0;  // of the incidents (before any output scaling)
};

// Parses and checks the options that need no data; throws UsageError.
void check_kde_options(const KdeOptions& o);

// Decides bandwidth, cell and grid from the incidents (and mask); throws UsageError or
// std::runtime_error with advice when the data cannot support a choice.
KdePlan plan_kde(const KdeOptions& o, const IncidentSet& set, Reporter& report);

// Parses "xmin,ymin,xmax,ymax"; throws UsageError.
Box parse_extent(const std::string& text);

}  // namespace hotspots::cli
