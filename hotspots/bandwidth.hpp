#pragma once
// Bandwidth rules that choose h from the incidents themselves.
#include "hotspots/kernel.hpp"

#include <stdexcept>
#include <vector>

namespace hotspots {

struct WeightedPoint {
    double x = 0, y = 0, weight = 1;
};

// The data cannot give a bandwidth (fewer than two distinct points, or no spread).
struct BandwidthError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct BandwidthChoice {
    double h = 0;
    std::string rule;     // "auto", "nrd", "scott"
    std::string details;  // the quantities that led to h, for the log and the metadata
};

// ArcGIS Pro's spatial Silverman rule: h = 0.9 * min(SD, sqrt(1 / ln 2) * Dm) * n^-0.2, with
// SD the (weighted) standard distance from the weighted mean centre, Dm the weighted median
// distance to it and n the total weight. Used as the kernel's bandwidth as is.
BandwidthChoice bandwidth_auto(const std::vector<WeightedPoint>& points);

// MASS::bandwidth.nrd per axis, 4 * 1.06 * min(sd, IQR / 1.34) * n^-1/5 (unweighted, sample
// sd, type-7 quartiles), the mean of the two axes. As sfhotspot uses it, the result is the
// radius of a compact kernel; for the gaussian it is divided by 4 (MASS's convention).
BandwidthChoice bandwidth_nrd(const std::vector<WeightedPoint>& points, Kernel kernel);

// Scott's rule for two dimensions: sigma = mean over axes of sd * n^-1/6, the standard
// deviation of a gaussian kernel; other kernels get the bandwidth of equal variance,
// sigma / sqrt(axis variance of the kernel).
BandwidthChoice bandwidth_scott(const std::vector<WeightedPoint>& points, Kernel kernel);

}  // namespace hotspots
