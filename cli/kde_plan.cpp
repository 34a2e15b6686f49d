#include "cli/kde_plan.hpp"

#include "cli/commands.hpp"
#include "geo/cells.hpp"
#include "hotspots/kde.hpp"
#include "io/area_reader.hpp"
#include "io/feature_writer.hpp"
#include "io/gdal_util.hpp"
#include "io/raster_writer.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace hotspots::cli {
namespace {

std::optional<double> positive_number(const std::string& s) {
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !(v > 0) || !std::isfinite(v)) return std::nullopt;
    return v;
}

double area_factor(const std::string& unit) {
    if (unit == "m2") return 1;
    if (unit == "ha") return 1e4;
    return 1e6;
}

}  // namespace

Box parse_extent(const std::string& text) {
    double v[4];
    std::size_t pos = 0;
    for (int k = 0; k < 4; ++k) {
        const std::size_t end = k < 3 ? text.find(',', pos) : text.size();
        if (end == std::string::npos) throw UsageError("--extent needs xmin,ymin,xmax,ymax in the working CRS");
        const std::string part = text.substr(pos, end - pos);
        const auto [p, ec] = std::from_chars(part.data(), part.data() + part.size(), v[k]);
        if (ec != std::errc() || p != part.data() + part.size() || !std::isfinite(v[k]))
            throw UsageError("--extent: '" + part + "' is not a number (give xmin,ymin,xmax,ymax)");
        pos = end + 1;
    }
    if (!(v[2] > v[0] && v[3] > v[1])) throw UsageError("--extent: xmax must exceed xmin and ymax exceed ymin");
    return {v[0], v[1], v[2], v[3]};
}

void check_kde_options(const KdeOptions& o) {
    if (o.output.empty() && o.hotspots.empty()) throw UsageError("give -o density.tif, --hotspots hotspots.geojson, or both");
    try {
        if (!o.output.empty()) io::check_raster_path(o.output);
        if (!o.hotspots.empty()) io::check_feature_path(o.hotspots);
    } catch (const io::IoError& e) {
        throw UsageError(e.what());
    }
    if (!kernel_from_name(o.kernel)) throw UsageError("--kernel must be one of " + kernel_names());
    if (o.bandwidth != "auto" && o.bandwidth != "nrd" && o.bandwidth != "scott" && !positive_number(o.bandwidth))
        throw UsageError("--bandwidth must be a distance in metres (> 0), auto, nrd or scott");
    if (o.cell != "auto" && !positive_number(o.cell)) throw UsageError("--cell must be a size in metres (> 0) or auto");
    if (o.simplify != "auto" && o.simplify != "0" && !positive_number(o.simplify))
        throw UsageError("--simplify must be a tolerance in metres, 0 (cell edges) or auto");
    if (!o.extent.empty()) parse_extent(o.extent);
    if (!o.extent.empty() && !o.mask.empty())
        throw UsageError("give --extent or --mask, not both (the mask's extent sets the grid)");
    try {
        parse_threshold(o.threshold);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (o.min_area < 0) throw UsageError("--min-area must be >= 0 square metres");
    if (!o.denominator.empty() && !o.denominator_points.empty())
        throw UsageError("give --denominator or --denominator-points, not both");
    const bool rate = !o.denominator.empty() || !o.denominator_points.empty();
    if (rate && !o.ingest.columns.bandwidth.empty())
        throw UsageError("--denominator needs one bandwidth for incidents and residents; drop --bandwidth-field");
    if (rate && o.output_value != "density")
        throw UsageError("--denominator makes the output a rate per 1,000 residents; leave --output-value out");
}

KdePlan plan_kde(const KdeOptions& o, const IncidentSet& set, Reporter& report) {
    KdePlan p;
    p.kernel = *kernel_from_name(o.kernel);
    p.threshold = parse_threshold(o.threshold);
    p.area_factor = area_factor(o.area_unit);

    // Bandwidth.
    if (const auto h = positive_number(o.bandwidth)) {
        p.bandwidth = *h;
        p.bandwidth_choice = {*h, "fixed", ""};
    } else {
        std::vector<WeightedPoint> pts;
        pts.reserve(set.incidents.size());
        for (const auto& i : set.incidents)
            if (i.weight > 0) pts.push_back({i.x, i.y, i.weight});
        try {
            p.bandwidth_choice = o.bandwidth == "auto" ? bandwidth_auto(pts)
                                 : o.bandwidth == "nrd" ? bandwidth_nrd(pts, p.kernel)
                                                        : bandwidth_scott(pts, p.kernel);
        } catch (const BandwidthError& e) {
            throw std::runtime_error(e.what());
        }
        p.bandwidth = p.bandwidth_choice.h;
    }
    // One pass for the reach, the total weight and the incidents' extent.
    double reach = p.bandwidth;
    Box area = Box::nothing();
    for (const auto& i : set.incidents) {
        reach = std::max(reach, i.bandwidth);
        p.total_weight += i.weight;
        area.include(i.x, i.y);
    }
    reach *= support_factor(p.kernel);

    // The area the grid must cover: the incidents' unless a mask or extent is given.
    std::vector<geo::Wkb> mask_polygons;
    if (!o.mask.empty()) {
        io::AreaLayerData layer;
        try {
            layer = io::read_area_layer(io::parse_area_spec(o.mask), o.ingest.work_crs);
        } catch (const io::IoError& e) {
            throw UsageError(std::string("--mask: ") + e.what());
        }
        std::vector<geo::AreaNote> notes;
        geo::AreaIndex index(layer.inputs, notes);  // repairs invalid polygons
        for (const auto& n : notes) report.warning("--mask " + n.where + ": " + n.message);
        for (std::size_t i = 0; i < index.size(); ++i) mask_polygons.push_back(index.wkb(i));
        const auto& e = index.extent();
        area = {e.xmin, e.ymin, e.xmax, e.ymax};
        p.mask_text = o.mask;
    } else if (!o.extent.empty()) {
        area = parse_extent(o.extent);
    }

    // Cell size.
    if (const auto c = positive_number(o.cell)) {
        p.cell = *c;
        p.cell_rule = "fixed";
    } else {
        const double shorter = std::min(area.width(), area.height());
        if (!(shorter > 0))
            throw std::runtime_error("--cell auto needs an extent with some width and height (the incidents lie on a "
                                     "line or at one point); give --cell METRES");
        p.cell = shorter / 250;
        p.cell_rule = fmt::format("auto: the shorter side of the extent {:.1f} m / 250", shorter);
    }
    if (p.bandwidth < p.cell)
        report.warning(fmt::format("the bandwidth {:.1f} m is less than the cell size {:.1f} m: an incident's kernel can "
                                   "miss every cell centre; use --cell {:.0f} or less",
                                   p.bandwidth, p.cell, std::max(1.0, std::floor(p.bandwidth / 2))));

    // Grid.
    p.grid = o.extent.empty() ? snapped_grid(area, reach, p.cell) : exact_grid(area, p.cell);
    const double cells = static_cast<double>(p.grid.cols) * static_cast<double>(p.grid.rows);
    if (cells > o.max_cells) {
        throw std::runtime_error(fmt::format(
            "the grid would be {} x {} = {:.0f} million cells ({:.1f} GB in memory); use a larger --cell, a smaller "
            "--extent or a --mask, or raise --max-cells",
            p.grid.cols, p.grid.rows, cells / 1e6, cells * 12 / 1e9));
    }
    if (!mask_polygons.empty()) p.mask = geo::rasterize(mask_polygons, p.grid);
    p.simplify = o.simplify == "auto" ? p.cell / 2 : std::stod(o.simplify);
    return p;
}

}  // namespace hotspots::cli
