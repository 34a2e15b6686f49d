#pragma once
// Which cells of a surface are "hot": the --threshold rules.
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hotspots {

struct Threshold {
    enum class Kind { top, mean_sd, value, share };
    Kind kind = Kind::top;
    double parameter = 5;  // top: percent of cells; mean_sd: number of sds; value: the cut; share: percent
    std::string text = "top:5%";
};

// "top:5%", "mean+2sd", "value:0.8", "share:50%". Throws std::invalid_argument with a message
// that lists the accepted forms.
Threshold parse_threshold(std::string_view text);

struct ThresholdResult {
    double cut = 0;           // cells with value >= cut (and > 0) are hot
    std::size_t eligible = 0;  // non-zero cells inside the mask
    std::size_t hot = 0;
    std::string details;      // how the cut was found, for the log and the metadata
};

// `values` holds NaN for cells outside the mask. Only cells with a positive value can be hot.
//  top:P%    the top ceil(P% of eligible) cells; ties with the last one are included.
//  mean+Ksd  mean + K * population sd of the eligible cells.
//  value:X   X.
//  share:P%  the highest cells, taken in order, until they hold P% of the eligible total;
//            ties with the last one are included. The total and the running sum are exact
//            (ExactSum): the cut is the largest value c whose cells >= c hold at least
//            share_target(t, total rounded once) exactly, whatever the order of the cells.
ThresholdResult apply_threshold(const std::vector<double>& values, const Threshold& t);

// P% of the total, the mass share:P% must reach (the same double untiled and from tiles).
double share_target(const Threshold& t, double total);

// The `details` of a cut of the kinds top, mean_sd and value (the same words whether the cut
// came from one grid or from tiles).
std::string threshold_details(const Threshold& t, std::size_t eligible, double cut, double mean = 0, double sd = 0);

}  // namespace hotspots
