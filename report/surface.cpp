#include "report/surface.hpp"

#include <cmath>

namespace hotspots::report {

PublishedSurface published_surface(const io::RasterOutput& out, const PublishParams& o, Log&) {
    const Grid& g = *out.grid;
    const auto f = static_cast<std::size_t>(std::max(1.0, std::ceil(o.cell / g.cell - 1e-9)));
    PublishedSurface s;
    s.grid = g;
    s.grid.cell = g.cell * static_cast<double>(f);
    s.grid.cols = (g.cols + f - 1) / f;
    s.grid.rows = (g.rows + f - 1) / f;
    // The mean of each block's cells with a value (a density stays a density).
    std::vector<double> sum(s.grid.cells(), 0), n(s.grid.cells(), 0);
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            const double v = (*out.values)[r * g.cols + c];
            if (std::isnan(v)) continue;
            const std::size_t k = (r / f) * s.grid.cols + c / f;
            sum[k] += v;
            n[k] += 1;
        }
    s.values.resize(s.grid.cells());
    for (std::size_t k = 0; k < s.values.size(); ++k) s.values[k] = n[k] > 0 ? sum[k] / n[k] : std::nan("");
    s.description = out.description;
    return s;
}

}  // namespace hotspots::report
