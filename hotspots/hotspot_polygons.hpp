#pragma once
// Hotspot polygons from a surface's hot cells, ranked and described for a tasking meeting.
#include "geo/cells.hpp"
#include "geo/partition.hpp"
#include "hotspots/components.hpp"
#include "hotspots/profile.hpp"
#include "model/incident.hpp"
#include "geo/area_layer.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hotspots {

struct HotspotOptions {
    double min_area_m2 = 0;            // smaller groups of cells are dropped
    double simplify = 0;               // GEOS topology-preserving tolerance, metres (0: cell edges)
    std::uint64_t min_incidents = 0;   // groups holding fewer incidents are dropped
    std::size_t top = 0;               // keep this many, by rank (0: all)
    std::string prefix = "H";          // of the labels: "H1 ...", "G1 ..."
    bool rank_by_sum = false;          // rank by the sum of the cells' values (predict's zones)
};

struct AreaTouched {
    std::string code, name;
    double share = 0;  // of the hotspot's area, 0..1
};

// The areas of `layer` a polygon overlaps, largest share first, using the boundaries in
// force at `when` (the latest generation when none is).
std::vector<AreaTouched> areas_touched(const geo::Wkb& polygon, const AreaLayer& layer, Seconds when);

struct Hotspot {
    int rank = 0;            // 1 = most incidents
    std::string label;       // "H1 Watling Avenue, Burnt Oak"
    std::string place;       // the place in its label: "Watling Avenue", "near Supermarket, Chilton Road"
    geo::Wkb polygon;        // working CRS
    std::uint64_t incidents = 0;
    std::vector<std::uint32_t> members;  // the incidents inside (indexes into the set), ascending
    double weight = 0;       // total incident weight inside
    double share_pct = 0;    // of all incidents analysed
    double area_m2 = 0;      // of its cells
    double peak = 0, mean = 0;
    geo::XY peak_xy;         // centre of the highest cell
    geo::XY centroid;        // of the polygon, working CRS
    std::vector<std::pair<Category, std::uint64_t>> top_categories;  // up to 3
    std::vector<std::vector<AreaTouched>> areas;                     // per area layer
    std::string top_location;
    std::uint64_t top_location_count = 0;
    Seconds first = 0, last = 0;
    std::size_t component = 0;
    // When its incidents happen (the exactly dated ones; weighted by incident weight).
    TimeSignature signature;
};

struct HotspotSet {
    std::vector<Hotspot> hotspots;  // by rank
    std::size_t dropped_small = 0;  // groups under min_area_m2
    std::size_t dropped_few = 0;    // groups with fewer than min_incidents incidents
    std::size_t dropped_top = 0;    // groups ranked below `top`
};

// Groups of hot cells however they were found: from the whole grid's Components, or merged
// across the edges of tiles (hotspots/tile_hotspots.hpp). Groups are numbered in the
// row-major order of their first cell, as connected_components numbers them.
struct HotGroups {
    std::vector<CellComponent> list;
    std::vector<std::int32_t> of_incident;  // each incident's group (its cell's), or -1
    // A group's row runs, by row then column, each run maximal (as runs of its cells).
    std::function<std::vector<geo::CellRun>(std::size_t)> runs;
};

// The groups of a whole grid's components (the runs found from its labels when asked for).
HotGroups hot_groups(const IncidentSet& set, const Grid& grid, const Components& components);

// An incident is inside a hotspot when the cell that holds it is one of the hotspot's cells.
// Ranked by incidents (or the sum of the cells' values, with rank_by_sum), then peak, then position. The label (hotspots/labels.hpp) is the prefix
// and rank, the commonest street of the hotspot's incidents, and the area with the largest
// share in the layer with the most areas (the finest, e.g. wards; the generation in force on
// the hotspot's last incident): "H2 Golders Green Road, Childs Hill", unique in the set.
HotspotSet build_hotspots(const IncidentSet& set, const Grid& grid,
                          const Components& components, const std::vector<AreaLayer>& layers,
                          const HotspotOptions& options);
// The same from groups (tiled surfaces): equal hotspots from equal groups.
HotspotSet build_hotspots(const IncidentSet& set, const Grid& grid, const HotGroups& groups,
                          const std::vector<AreaLayer>& layers, const HotspotOptions& options);

}  // namespace hotspots
