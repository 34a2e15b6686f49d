#pragma once
// Labels that name places: one rule for kde hotspots, Gi* clusters, walk stops and sites
// (docs/labels.md). data.police.uk snaps every crime to an anonymous map point named either
// after a street ("On or near Watling Avenue") or after a place type ("On or near
// Supermarket"); a label names the street, and a place type only beside the nearest street.
#include "geo/area_layer.hpp"
#include "model/geometry.hpp"
#include "model/incident.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hotspots {

// "On or near Watling Avenue" -> "Watling Avenue": the prefix in any case, spaces trimmed.
std::string strip_on_or_near(std::string_view location);

// True for data.police.uk's place types ("Supermarket", "Parking Area", "Sports/Recreation
// Area", ..., any case), a name with a '/' (their "Bus/Coach Station" form) and a railway
// station as British Transport Police names it ("Wembley Park (lu Station)"). The prefix
// "On or near " may be present.
bool is_place_type(std::string_view location);

// A location that names a street: not empty once stripped, not a place type.
bool is_street(std::string_view location);

// The points where incidents at a street were recorded, to find the street nearest a point.
class StreetIndex {
public:
    explicit StreetIndex(const IncidentSet& set);
    // The street (stripped) nearest `p` (working CRS) within `max_m` metres, or "" when none
    // is; equal distances go to the name first in alphabetical order.
    std::string nearest(geo::XY p, double max_m) const;

private:
    struct Point {
        double x, y;
        std::uint32_t text;
    };
    std::vector<Point> m_points;  // by x
    const IncidentSet* m_set;
};

// How far a place type looks for a street to stand beside (metres).
inline constexpr double near_street_m = 500;

// The place a label names from the locations of the incidents it holds (pooled text ->
// incidents): the commonest street (ties: alphabetical); when none is a street, "near
// <commonest place type>, <street nearest `at`>", or "near <place type>" with no street
// within near_street_m; "" with no location at all.
std::string place_name(const IncidentSet& set, const std::map<std::uint32_t, std::uint64_t>& locations, geo::XY at,
                       const StreetIndex& streets);

// The layer with the most areas in its latest generation (the finest, e.g. wards); 0 with none.
std::size_t finest_layer(const std::vector<AreaLayer>& layers);

// The name of the area of the finest layer that holds most of `members` (incident indexes;
// `assignment[layer][incident]` an area or -1); ties to the alphabetically first; "" with no
// layer or none inside.
std::string commonest_area(const std::vector<AreaLayer>& layers, const std::vector<std::vector<std::int32_t>>& assignment,
                           const std::vector<std::uint32_t>& members);

// "Watling Avenue, Burnt Oak": the place then the area; either may be empty.
std::string place_and_area(const std::string& place, const std::string& area);

// Equal names made unique in order: the second gets " (2)", the third " (3)"; a name made so
// never equals another one given.
void make_unique(std::vector<std::string>& names);

// "H1 Watling Avenue, Burnt Oak": `prefix` and the rank (index + 1) before each name made
// unique; a bare "H1" where a name is empty.
std::vector<std::string> ranked_labels(std::string_view prefix, std::vector<std::string> names);

}  // namespace hotspots
