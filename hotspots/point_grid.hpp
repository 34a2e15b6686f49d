#pragma once
// A uniform grid over points in projected metres, for fixed-radius and k-nearest queries:
// each query looks only at the cells a circle can touch, so DBSCAN and HDBSCAN's core
// distances on 100k incidents take well under a second.
#include <cstdint>
#include <vector>

namespace hotspots {

struct PlanePoint {
    double x = 0, y = 0;
};

class PointGrid {
public:
    // `cell` in metres (> 0); widened when the extent would need more than ~4 cells a point.
    PointGrid(const std::vector<PlanePoint>& points, double cell);
    // Indexes of the points at distance <= r of point i (i itself included), ascending.
    // Distances are sqrt(dx*dx + dy*dy), compared as squares against r*r.
    void within(std::size_t i, double r, std::vector<std::uint32_t>& out) const;
    // The distance from point i to its k-th nearest other point (k >= 1; duplicates count);
    // +infinity when there are fewer than k others.
    double kth_distance(std::size_t i, std::size_t k) const;

private:
    long col_of(double x) const;
    long row_of(double y) const;
    const std::vector<PlanePoint>& m_points;
    double m_cell, m_xmin, m_ymin;
    long m_cols, m_rows;
    std::vector<std::uint32_t> m_start;  // CSR: points of cell c are m_order[m_start[c] .. m_start[c+1])
    std::vector<std::uint32_t> m_order;
};

// Distance between two points, computed as R's dist() and ANN do (dx*dx + dy*dy, then sqrt),
// so ties and thresholds agree with R's dbscan package bit for bit.
double plane_distance(const PlanePoint& a, const PlanePoint& b);

}  // namespace hotspots
