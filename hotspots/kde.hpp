#pragma once
// Kernel density accumulation into an in-memory grid.
#include "model/grid.hpp"
#include "model/incident.hpp"
#include "hotspots/kernel.hpp"

#include <functional>
#include <vector>

namespace hotspots {

struct KernelPoint {
    double x = 0, y = 0;
    double weight = 1;     // multiplies the kernel (include any normalising factor here)
    double bandwidth = 1;  // h, metres
};

// For every cell centre c: sum over points p of p.weight * K(|c - p| / p.bandwidth), with K
// the raw profile (K(0) = 1). Row-major, row 0 north. A point adds to a cell when its
// distance is within the kernel's support (d <= h, d <= 4h for the gaussian).
//
// Rows are split into bands that threads take in turn; each cell's sum is made in the same
// point order whatever the number of threads, so the result is bit-identical for any
// `threads`.
std::vector<double> accumulate_kernels(const std::vector<KernelPoint>& points, const Grid& grid, Kernel kernel,
                                       unsigned threads);

// The same for points made on demand: point(i) for i < n, called from several threads (so
// a caller need not build a list of a million points first).
using PointSource = std::function<KernelPoint(std::size_t)>;
std::vector<double> accumulate_kernels(std::size_t n, const PointSource& point, const Grid& grid, Kernel kernel,
                                       unsigned threads);

// The cells of `window` only (row-major, window.rows x window.cols), each the same value,
// bit for bit, as in accumulate_kernels over the whole grid: every cell sees the same
// operations on the same points in the same order (points sorted by their grid row, input
// order within a row), whichever points outside the kernels' reach of the window are given
// or left out. Memory: the window and the points given, never the whole grid.
std::vector<double> accumulate_window(std::size_t n, const PointSource& point, const Grid& grid, const GridWindow& window,
                                      Kernel kernel, unsigned threads);

namespace detail {
// accumulate_window with the kernels compiled for the baseline (SSE2) when `baseline`, else the
// widest the CPU runs: for the test that every target gives the same cells, bit for bit.
std::vector<double> accumulate_window(std::size_t n, const PointSource& point, const Grid& grid, const GridWindow& window,
                                      Kernel kernel, unsigned threads, bool baseline);
}  // namespace detail

// Number of (point, cell) pairs within the kernel's support: the work a plain
// implementation does (for benchmarks).
double kernel_cell_updates(const std::vector<KernelPoint>& points, const Grid& grid, Kernel kernel);

}  // namespace hotspots
