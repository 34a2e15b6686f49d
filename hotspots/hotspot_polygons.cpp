#include "hotspots/hotspot_polygons.hpp"
#include "hotspots/labels.hpp"

#include "geo/cells.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hotspots {
namespace {

// Row runs of one component's cells, within its bounding box.
std::vector<geo::CellRun> runs_of(const Components& comps, std::size_t id, const Grid& g) {
    const auto& c = comps.list[id];
    std::vector<geo::CellRun> runs;
    const auto want = static_cast<std::int32_t>(id);
    for (std::size_t r = c.row0; r <= c.row1; ++r) {
        std::size_t col = c.col0;
        while (col <= c.col1) {
            while (col <= c.col1 && comps.label[r * g.cols + col] != want) ++col;
            const std::size_t start = col;
            while (col <= c.col1 && comps.label[r * g.cols + col] == want) ++col;
            if (col > start) runs.push_back({r, start, col});
        }
    }
    return runs;
}

struct Tally {
    std::uint64_t incidents = 0;
    std::vector<std::uint32_t> members;
    double weight = 0;
    std::map<Category, std::uint64_t> categories;
    std::map<std::uint32_t, std::uint64_t> locations;
    Seconds first = 0, last = 0;
    WeekHours week{};
    std::uint64_t dated = 0;
};

std::vector<Tally> tally(const IncidentSet& set, const HotGroups& groups) {
    std::vector<Tally> t(groups.list.size());
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto& inc = set.incidents[i];
        const auto id = groups.of_incident[i];
        if (id < 0) continue;
        auto& s = t[static_cast<std::size_t>(id)];
        if (s.incidents == 0 || inc.from < s.first) s.first = inc.from;
        if (s.incidents == 0 || inc.from > s.last) s.last = inc.from;
        ++s.incidents;
        s.members.push_back(static_cast<std::uint32_t>(i));
        s.weight += inc.weight;
        ++s.categories[inc.category];
        if (inc.location != 0) ++s.locations[inc.location];
        if (inc.precision != TimePrecision::month && inc.weight > 0) {
            ++s.dated;
            for_each_hour_share(inc.from, inc.to, [&](Seconds h, double share) {
                s.week[static_cast<std::size_t>(weekday_of(h) * 24 + hour_of(h))] += inc.weight * share;
            });
        }
    }
    return t;
}

}  // namespace

HotGroups hot_groups(const IncidentSet& set, const Grid& g, const Components& comps) {
    HotGroups out;
    out.list = comps.list;
    out.of_incident.assign(set.incidents.size(), -1);
    for (std::size_t i = 0; i < set.incidents.size(); ++i) {
        const auto& inc = set.incidents[i];
        const auto col = g.col_of(inc.x), row = g.row_of(inc.y);
        if (g.contains(col, row))
            out.of_incident[i] = comps.label[static_cast<std::size_t>(row) * g.cols + static_cast<std::size_t>(col)];
    }
    out.runs = [&comps, &g](std::size_t id) { return runs_of(comps, id, g); };
    return out;
}

HotspotSet build_hotspots(const IncidentSet& set, const Grid& g, const Components& comps,
                          const std::vector<AreaLayer>& layers, const HotspotOptions& o) {
    return build_hotspots(set, g, hot_groups(set, g, comps), layers, o);
}

HotspotSet build_hotspots(const IncidentSet& set, const Grid& g, const HotGroups& groups,
                          const std::vector<AreaLayer>& layers, const HotspotOptions& o) {
    HotspotSet out;
    const auto tallies = tally(set, groups);
    const double cell_area = g.cell * g.cell;
    std::vector<std::size_t> keep;
    for (std::size_t id = 0; id < groups.list.size(); ++id) {
        if (static_cast<double>(groups.list[id].cells) * cell_area < o.min_area_m2)
            ++out.dropped_small;
        else if (tallies[id].incidents < o.min_incidents)
            ++out.dropped_few;
        else
            keep.push_back(id);
    }
    std::stable_sort(keep.begin(), keep.end(), [&](std::size_t a, std::size_t b) {
        if (o.rank_by_sum && groups.list[a].sum != groups.list[b].sum) return groups.list[a].sum > groups.list[b].sum;
        if (tallies[a].incidents != tallies[b].incidents) return tallies[a].incidents > tallies[b].incidents;
        return groups.list[a].peak > groups.list[b].peak;
    });
    if (o.top > 0 && keep.size() > o.top) {
        out.dropped_top = keep.size() - o.top;
        keep.resize(o.top);
    }
    const std::size_t label_layer = finest_layer(layers);
    const double total = static_cast<double>(set.incidents.size());
    for (std::size_t k = 0; k < keep.size(); ++k) {
        const std::size_t id = keep[k];
        const auto& c = groups.list[id];
        const auto& t = tallies[id];
        Hotspot h;
        h.rank = static_cast<int>(k + 1);
        h.component = id;
        h.polygon = geo::cells_to_polygon(groups.runs(id), g, o.simplify);
        h.incidents = t.incidents;
        h.members = t.members;
        h.weight = t.weight;
        h.share_pct = total > 0 ? 100.0 * static_cast<double>(t.incidents) / total : 0;
        h.area_m2 = static_cast<double>(c.cells) * cell_area;
        h.peak = c.peak;
        h.mean = c.sum / static_cast<double>(c.cells);
        h.peak_xy = {g.centre_x(c.peak_cell % g.cols), g.centre_y(c.peak_cell / g.cols)};
        h.centroid = geo::polygon_facts(h.polygon).centroid;
        std::vector<std::pair<Category, std::uint64_t>> cats(t.categories.begin(), t.categories.end());
        std::stable_sort(cats.begin(), cats.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        if (cats.size() > 3) cats.resize(3);
        h.top_categories = cats;
        for (const auto& [loc, n] : t.locations) {
            if (n > h.top_location_count) {  // map order: ties go to the first string seen
                h.top_location_count = n;
                h.top_location = set.text(loc);
            }
        }
        h.first = t.first;
        h.last = t.last;
        h.signature = time_signature(t.week, t.dated);
        for (const auto& layer : layers) h.areas.push_back(areas_touched(h.polygon, layer, t.incidents ? t.last : 0));
        out.hotspots.push_back(std::move(h));
    }
    // Labels: the street, then the area (docs/labels.md).
    const StreetIndex streets(set);
    std::vector<std::string> names;
    for (std::size_t k = 0; k < out.hotspots.size(); ++k) {
        auto& h = out.hotspots[k];
        const std::string area = !layers.empty() && !h.areas[label_layer].empty() ? h.areas[label_layer].front().name : "";
        h.place = place_name(set, tallies[keep[k]].locations, h.centroid, streets);
        names.push_back(place_and_area(h.place, area));
    }
    const auto labels = ranked_labels(o.prefix, std::move(names));
    for (std::size_t k = 0; k < out.hotspots.size(); ++k) out.hotspots[k].label = labels[k];
    return out;
}

std::vector<AreaTouched> areas_touched(const geo::Wkb& polygon, const AreaLayer& layer, Seconds when) {
    int g = layer.generation_at(when);
    if (g < 0) g = static_cast<int>(layer.generations().size()) - 1;
    const auto& index = *layer.generations()[static_cast<std::size_t>(g)].index;
    std::vector<AreaTouched> out;
    for (const auto& s : geo::area_shares(polygon, index)) out.push_back({index.code(s.area), index.name(s.area), s.share});
    return out;
}


}  // namespace hotspots
