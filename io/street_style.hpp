#pragma once
// QGIS styles (.qml) for layers of street lines: segments by their Gi* bin, hot streets, and
// lixels graduated by their network density. See docs/streets.md.
#include <string>

namespace hotspots::io {

// Street segments: categories of `bin` (-3..3), blue (cold) to red (hot), wider when hotter;
// the non-significant ones thin and grey.
std::string segment_style();
// Local Moran's I on segments: categories of `quadrant` (HH red, LL blue, HL orange, LH light
// blue), the non-significant thin and grey.
std::string segment_lisa_style();
// Change between periods along the streets: `direction` increase (reddish purple, wide),
// decrease (bluish green), none (thin grey).
std::string segment_change_style();
// Counts along the streets: `incidents` in five equal classes up to `max_value`, light grey
// to dark red, wider when higher; segments with none not drawn. `field` and `title` for a layer
// whose count column has another name (the dashboard's KEY_12m).
std::string segment_count_style(double max_value, const std::string& field = "incidents",
                                const std::string& title = "hotspots incidents per street segment");
// Hot streets: a wide dark-red line labelled with `street`.
std::string hot_street_style();
// What each site covers (site --reach): the streets it reaches walking as wide lines, or the
// corridor it sees as a translucent fill, in the sites' colour; existing sites' in theirs.
std::string site_reach_style(bool lines);
// Lixels: `density` in five classes up to `max_value`, light yellow to dark red, wider when
// denser; the lowest fifth thin and grey.
std::string lixel_style(double max_value, const std::string& units);

}  // namespace hotspots::io
