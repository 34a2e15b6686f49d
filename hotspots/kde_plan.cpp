#include "hotspots/kde_plan.hpp"

#include "geo/cells.hpp"
#include "hotspots/backtest.hpp"
#include "hotspots/forecast.hpp"
#include "hotspots/kde.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots {
namespace {

double area_factor(const std::string& unit) {
    if (unit == "m2") return 1;
    if (unit == "ha") return 1e4;
    return 1e6;
}

// Borough-wide blobs are what ArcGIS's rule gives on a borough's spread of incidents.
constexpr double auto_rule_cap = 400;
const std::vector<double> auto_candidates = {100, 150, 200, 300, 400, 600};

Box incidents_box(const IncidentSet& set) {
    Box box = Box::nothing();
    for (const auto& i : set.incidents) box.include(i.x, i.y);
    return box;
}

}  // namespace

BandwidthChoice auto_bandwidth(const IncidentSet& set, Kernel kernel, const std::optional<StudyExtent>& study,
                               unsigned threads, std::string& note) {
    if (kernel == Kernel::quartic) {
        const auto area = study_area(study ? study->area : incidents_box(set), study ? study->mask : std::vector<Wkb>{}, 50);
        std::vector<ForecastIncident> fi = forecast_incidents(set, area);
        std::erase_if(fi, [](const ForecastIncident& f) { return !(f.weight > 0); });
        if (const auto bt = backtested_bandwidth(area, fi, auto_candidates, threads)) {
            std::string trials;
            for (const auto& [h, hit] : bt->trials) trials += fmt::format("{}{:g} m {:.1f}%", trials.empty() ? "" : ", ", h, 100 * hit);
            return {bt->h, "auto",
                    fmt::format("back-tested: the best of each of the last {} months predicted from the 3 before, by the share "
                                "of its incidents in the top 5% of 50 m cells ({})",
                                bt->periods, trials)};
        }
    }
    std::vector<WeightedPoint> pts;
    pts.reserve(set.incidents.size());
    for (const auto& i : set.incidents)
        if (i.weight > 0) pts.push_back({i.x, i.y, i.weight});
    auto rule = bandwidth_auto(pts);
    if (rule.h > auto_rule_cap) {
        note = fmt::format("bandwidth auto: ArcGIS's rule gives {:.0f} m, capped at {:g} m; fewer than 4 months of dated "
                           "incidents (or a kernel other than quartic) leave no back-test to choose by",
                           rule.h, auto_rule_cap);
        rule.details += fmt::format("; the rule's {:.1f} m capped at {:g} m", rule.h, auto_rule_cap);
        rule.h = auto_rule_cap;
    }
    return rule;
}

KdePlan plan_kde(const KdeSettings& s, const IncidentSet& set, const std::optional<StudyExtent>& study, unsigned threads) {
    KdePlan p;
    p.area_factor = area_factor(s.area_unit);

    // Bandwidth.
    if (s.bandwidth_rule == "fixed" || s.bandwidth_rule == "from") {
        p.bandwidth = s.bandwidth;
        p.bandwidth_choice = {s.bandwidth, s.bandwidth_rule == "from" ? "from " + s.bandwidth_from : "fixed", s.bandwidth_note};
    } else {
        try {
            if (s.bandwidth_rule == "auto") {
                std::string note;
                p.bandwidth_choice = auto_bandwidth(set, s.kernel, study, threads, note);
                if (!note.empty()) p.notes.push_back(note);
            } else {
                std::vector<WeightedPoint> pts;
                pts.reserve(set.incidents.size());
                for (const auto& i : set.incidents)
                    if (i.weight > 0) pts.push_back({i.x, i.y, i.weight});
                p.bandwidth_choice = s.bandwidth_rule == "nrd" ? bandwidth_nrd(pts, s.kernel) : bandwidth_scott(pts, s.kernel);
            }
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
    reach *= support_factor(s.kernel);
    // The area the grid must cover: the incidents' unless a mask or extent is given.
    if (study) area = study->area;

    // Cell size.
    if (s.cell) {
        p.cell = *s.cell;
        p.cell_rule = "fixed";
    } else {
        const double shorter = std::min(area.width(), area.height());
        if (!(shorter > 0))
            throw std::runtime_error("--cell auto needs an extent with some width and height (the incidents lie on a "
                                     "line or at one point); give --cell METRES");
        p.cell = round_cell(shorter / 250);
        p.cell_rule = fmt::format("auto: the shorter side of the extent {:.1f} m / 250 = {:.2f} m, rounded to {:g} m",
                                  shorter, shorter / 250, p.cell);
    }
    if (p.bandwidth < p.cell)
        p.warnings.push_back(fmt::format("the bandwidth {:.1f} m is less than the cell size {:.1f} m: an incident's kernel "
                                         "can miss every cell centre; use --cell {:.0f} or less",
                                         p.bandwidth, p.cell, std::max(1.0, std::floor(p.bandwidth / 2))));

    // Grid.
    p.grid = study && study->exact ? exact_grid(area, p.cell) : snapped_grid(area, reach, p.cell);
    const double cells = static_cast<double>(p.grid.cols) * static_cast<double>(p.grid.rows);
    if (cells > s.max_cells) {
        throw std::runtime_error(fmt::format(
            "the grid would be {} x {} = {:.0f} million cells ({:.1f} GB in memory); use a larger --cell, a smaller "
            "--extent or a --mask, or raise --max-cells",
            p.grid.cols, p.grid.rows, cells / 1e6, cells * 12 / 1e9));
    }
    if (study && !study->mask.empty()) {
        if (s.mask_runs) p.mask_runs = geo::MaskRuns(study->mask, p.grid);
        else p.mask = geo::rasterize(study->mask, p.grid);
    }
    p.simplify = s.simplify ? *s.simplify : p.cell / 2;
    return p;
}

}  // namespace hotspots
