#include "geo/land.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace hotspots::geo {
namespace {

struct LonLat {
    double lon, lat;
};

// Coarse outlines drawn for this check from headlands and ports (longitude, latitude): each
// vertex within a few kilometres of the coast, straight lines across firths, estuaries and
// bays (Thames, Wash, Forth, Moray Firth, Clyde, Morecambe Bay, Severn), which count as land.
// Good enough to tell "in Leicestershire" from "25 km off Blackpool", and no more.
const std::vector<std::vector<LonLat>>& outlines() {
    static const std::vector<std::vector<LonLat>> rings = {
        // Great Britain, clockwise from Land's End along the south coast.
        {{-5.72, 50.07}, {-5.21, 49.96}, {-4.22, 50.32}, {-3.64, 50.22}, {-3.40, 50.60}, {-2.95, 50.70},
         {-2.46, 50.51}, {-1.95, 50.59}, {-1.55, 50.72}, {-0.79, 50.72}, {0.24, 50.73},  {0.98, 50.91},
         {1.38, 51.13},  {1.45, 51.38},  {0.76, 51.44},  {0.95, 51.60},  {1.28, 51.85},  {1.58, 52.09},
         {1.76, 52.48},  {1.74, 52.63},  {1.30, 52.94},  {0.49, 52.97},  {0.34, 53.14},  {0.26, 53.34},
         {0.15, 53.48},  {0.11, 53.58},  {-0.08, 54.12}, {-0.40, 54.28}, {-0.61, 54.49}, {-1.18, 54.69},
         {-1.37, 54.91}, {-1.42, 55.02}, {-1.55, 55.33}, {-1.78, 55.64}, {-2.00, 55.77}, {-2.13, 55.92},
         {-2.52, 56.00}, {-2.72, 56.06}, {-2.58, 56.28}, {-2.80, 56.34}, {-2.75, 56.47}, {-2.47, 56.71},
         {-2.08, 57.14}, {-1.78, 57.50}, {-2.00, 57.70}, {-2.52, 57.68}, {-3.28, 57.72}, {-3.78, 57.86},
         {-3.65, 58.12}, {-3.09, 58.44}, {-3.03, 58.64}, {-3.37, 58.67}, {-4.42, 58.56}, {-5.00, 58.62},
         {-5.35, 58.26}, {-5.42, 58.09}, {-5.81, 57.86}, {-5.86, 57.43}, {-5.70, 57.27}, {-5.83, 57.00},
         {-6.23, 56.73}, {-5.85, 56.52}, {-5.47, 56.42}, {-5.70, 55.80}, {-5.80, 55.31}, {-4.86, 55.24},
         {-5.16, 55.01}, {-5.12, 54.84}, {-4.96, 54.72}, {-4.86, 54.63}, {-4.40, 54.68}, {-3.60, 54.87},
         {-3.26, 54.97}, {-3.39, 54.87}, {-3.64, 54.51}, {-3.26, 54.05}, {-3.05, 53.82}, {-3.01, 53.65},
         {-3.23, 53.38}, {-3.49, 53.32}, {-3.86, 53.34}, {-4.29, 53.42}, {-4.69, 53.31}, {-4.41, 53.13},
         {-4.77, 52.80}, {-4.41, 52.88}, {-4.23, 52.92}, {-4.06, 52.72}, {-4.09, 52.41}, {-4.72, 52.12},
         {-5.07, 52.03}, {-5.31, 51.90}, {-5.17, 51.68}, {-4.70, 51.67}, {-4.33, 51.56}, {-3.97, 51.57},
         {-3.56, 51.40}, {-3.17, 51.41}, {-2.65, 51.61}, {-2.77, 51.49}, {-3.00, 51.34}, {-3.48, 51.21},
         {-3.78, 51.25}, {-4.21, 51.19}, {-4.53, 51.02}, {-5.03, 50.55}, {-5.08, 50.42}, {-5.48, 50.21}},
        // Ireland, from Malin Head along the east coast.
        {{-7.37, 55.38}, {-6.15, 55.23}, {-5.80, 54.85}, {-5.53, 54.64}, {-5.44, 54.45}, {-5.53, 54.36},
         {-5.61, 54.25}, {-5.89, 54.21}, {-6.08, 54.02}, {-6.39, 54.00}, {-6.10, 53.58}, {-6.05, 53.38},
         {-6.00, 52.97}, {-6.36, 52.17}, {-6.93, 52.13}, {-7.70, 51.95}, {-8.25, 51.79}, {-8.95, 51.53},
         {-9.82, 51.45}, {-10.40, 51.89}, {-10.48, 52.11}, {-9.93, 52.56}, {-9.40, 53.03}, {-9.26, 53.15},
         {-9.05, 53.27}, {-9.60, 53.24}, {-10.24, 53.40}, {-10.00, 54.31}, {-9.34, 54.32}, {-8.55, 54.28},
         {-8.78, 54.63}, {-8.45, 54.93}, {-8.28, 55.15}, {-7.63, 55.27}},
        // Isle of Man, Isle of Wight, Skye, the Outer Hebrides, Mull, Islay and Jura, Orkney,
        // Shetland, Scilly.
        {{-4.82, 54.05}, {-4.47, 54.15}, {-4.31, 54.30}, {-4.37, 54.42}, {-4.57, 54.35}, {-4.70, 54.22}},
        {{-1.58, 50.66}, {-1.30, 50.77}, {-1.07, 50.68}, {-1.30, 50.58}},
        {{-6.79, 57.42}, {-6.33, 57.70}, {-5.73, 57.27}, {-6.01, 57.02}, {-6.35, 57.15}},
        {{-6.26, 58.52}, {-6.13, 58.26}, {-6.78, 57.90}, {-7.25, 57.40}, {-7.40, 57.10}, {-7.65, 56.78},
         {-7.60, 57.20}, {-7.55, 57.65}, {-7.10, 57.85}, {-7.10, 58.25}},
        {{-6.40, 56.30}, {-5.65, 56.45}, {-6.07, 56.63}, {-6.33, 56.60}},
        {{-6.50, 55.60}, {-6.10, 55.60}, {-5.70, 56.10}, {-5.85, 56.15}, {-6.50, 55.90}},
        {{-3.40, 58.80}, {-2.70, 58.75}, {-2.40, 59.30}, {-3.00, 59.37}, {-3.35, 59.10}},
        {{-1.30, 59.85}, {-1.00, 60.10}, {-0.75, 60.85}, {-1.05, 60.80}, {-1.70, 60.50}, {-1.55, 60.10}},
        {{-6.40, 49.87}, {-6.25, 49.87}, {-6.25, 49.98}, {-6.40, 49.98}},
    };
    return rings;
}

// Within this distance of an outline counts as land: the outlines' error, and a coast
// road's incidents.
constexpr double coast_km = 5;

bool inside(const std::vector<LonLat>& ring, double lon, double lat) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const auto& a = ring[i];
        const auto& b = ring[j];
        if ((a.lat > lat) != (b.lat > lat) && lon < (b.lon - a.lon) * (lat - a.lat) / (b.lat - a.lat) + a.lon) in = !in;
    }
    return in;
}

// Distance in km from the point to the ring's edges, on a plane scaled at the point's latitude.
double distance_km(const std::vector<LonLat>& ring, double lon, double lat) {
    const double kx = 111.32 * std::cos(lat * M_PI / 180), ky = 110.57;
    double best = 1e300;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const double ax = (ring[j].lon - lon) * kx, ay = (ring[j].lat - lat) * ky;
        const double bx = (ring[i].lon - lon) * kx, by = (ring[i].lat - lat) * ky;
        const double dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
        const double t = len > 0 ? std::clamp(-(ax * dx + ay * dy) / len, 0.0, 1.0) : 0.0;
        best = std::min(best, std::hypot(ax + t * dx, ay + t * dy));
    }
    return best;
}

}  // namespace

Land land_at(double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat)) return Land::unknown;
    // The outlines' region: the British Isles and their seas, without the coasts of France and
    // Belgium (south of 51.2 N and east of 0.6 E, and beyond 2.1 E), which they do not draw.
    if (lon < -11 || lon > 2.1 || lat < 49.8 || lat > 61 || (lat < 51.2 && lon > 0.6)) return Land::unknown;
    for (const auto& ring : outlines())
        if (inside(ring, lon, lat) || distance_km(ring, lon, lat) <= coast_km) return Land::land;
    return Land::sea;
}

}  // namespace hotspots::geo
