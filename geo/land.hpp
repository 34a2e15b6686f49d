#pragma once
// Whether a point lies on land, for the British Isles only: a check that coordinates are not
// in the sea (swapped x and y of British National Grid put NW London in the Irish Sea). The
// coastlines are coarse outlines (a few hundred vertices, within some 5 km of the coast, and
// generous: firths, estuaries and bays count as land), so a point is "sea" only when it is
// clearly off the coast. No file is read.
namespace hotspots::geo {

enum class Land { land, sea, unknown };

// Longitude and latitude in degrees (WGS 84). `unknown` outside the region the outlines
// cover (the British Isles and their seas, the coasts of France and Belgium left out).
Land land_at(double lon, double lat);

}  // namespace hotspots::geo
