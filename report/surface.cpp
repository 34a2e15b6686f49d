#include "report/surface.hpp"

#include "hotspots/banded_surface.hpp"
#include "io/qgis_style.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::report {

PublishedSurface published_surface(const io::RasterOutput& out, const PublishParams& o, const std::vector<std::pair<double, double>>& points,
                                   Log& log) {
    const Grid& g = *out.grid;
    const auto f = static_cast<std::size_t>(std::max(1.0, std::ceil(o.cell / g.cell - 1e-9)));
    PublishedSurface s;
    s.grid = g;
    s.grid.cell = g.cell * static_cast<double>(f);
    s.grid.cols = (g.cols + f - 1) / f;
    s.grid.rows = (g.rows + f - 1) / f;
    // The mean of each block's cells with a value, then the bands of that.
    std::vector<double> sum(s.grid.cells(), 0), n(s.grid.cells(), 0);
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            const double v = (*out.values)[r * g.cols + c];
            if (std::isnan(v)) continue;
            const std::size_t k = (r / f) * s.grid.cols + c / f;
            sum[k] += v;
            n[k] += 1;
        }
    std::vector<double> mean(s.grid.cells());
    for (std::size_t k = 0; k < mean.size(); ++k) mean[k] = n[k] > 0 ? sum[k] / n[k] : std::nan("");
    // Above the median of the cells with any density, the top quarter, tenth and fortieth.
    static const std::vector<double> quantiles = {0.5, 0.75, 0.9, 0.975};
    const auto bands = band_surface(mean, s.grid, points, static_cast<std::size_t>(o.suppress_below), quantiles);
    s.values.resize(mean.size());
    for (std::size_t k = 0; k < mean.size(); ++k) s.values[k] = bands.band[k] < 0 ? std::nan("") : bands.band[k];
    const std::size_t top = bands.breaks.size();
    s.description = fmt::format("density band: 1 (lowest) to {} (highest); 0 below the lowest", top);
    s.style = io::density_style(static_cast<double>(top), static_cast<double>(top) - 1, s.description);
    s.bands = {{"bands", top},
               {"breaks", bands.breaks},
               {"quantiles_of_cells_with_density", std::vector<double>(quantiles.begin(), quantiles.begin() + static_cast<std::ptrdiff_t>(top))},
               {"min_incidents_per_piece", o.suppress_below},
               {"pieces_lowered", bands.demoted},
               {"unit", out.description}};
    if (bands.demoted) log.note(fmt::format("published surface: {} pieces of a band held fewer than {} incidents and were lowered",
                                            bands.demoted, o.suppress_below));
    return s;
}

}  // namespace hotspots::report
