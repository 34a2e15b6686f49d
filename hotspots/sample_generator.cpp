#include "hotspots/sample_generator.hpp"

#include "geo/area_index.hpp"
#include "geo/crs.hpp"
#include "geo/partition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <random>

namespace hotspots {
namespace {

constexpr double pi = 3.14159265358979323846;
// An arbitrary inland spot in British National Grid; every name and code is fictional.
constexpr double centre_x = 447500, centre_y = 305500;

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    int integer(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }  // inclusive
    double normal() {  // Box-Muller
        const double u1 = 1.0 - uniform(), u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * pi * u2);
    }

private:
    std::mt19937_64 m_engine;
};

const char* const ward_names[] = {"Ashcombe", "Birchwood", "Castle Hill", "Dene Park", "Elmstead", "Fairfield", "Greenmoor",
                                  "Hollins", "Ivybridge Road", "Juniper Vale", "Kingsmead", "Longridge", "Millbrook",
                                  "Northgate", "Oakwell", "Priory", "Queensway", "Riverside", "St Anne's", "Thornbury",
                                  "Underhill"};
const char* const borough_names[] = {"Westbury", "Middleham", "Eastwick"};
const char* const street_a[] = {"Acacia", "Beech", "Cedar", "Chapel", "Church", "Elm", "Foxglove", "Hazel", "High",
                                "Kestrel", "Larch", "Maple", "Mill", "Orchard", "Park", "Poplar", "Quarry", "Rowan",
                                "Station", "Victoria", "Willow", "York", "Albert", "Bridge", "Market"};
const char* const street_b[] = {"Road", "Street", "Lane", "Avenue", "Close", "Grove", "Way", "Crescent", "Drive", "Gardens"};
const char* const outcomes[] = {"Investigation complete; no suspect identified", "Unable to prosecute suspect",
                                "Under investigation", "Status update unavailable", "Offender given a caution",
                                "Local resolution"};

// Background mix of categories (share of incidents), roughly a London borough's.
struct Mix {
    Category c;
    double share;
    const char* offence;
};
const Mix mix[] = {
    {Category::anti_social_behaviour, 0.30, "Anti-social behaviour - nuisance"},
    {Category::violence_sexual, 0.24, "Assault ABH"},
    {Category::other_theft, 0.09, "Theft - other"},
    {Category::vehicle_crime, 0.08, "Theft from motor vehicle"},
    {Category::burglary, 0.07, "Burglary - residential"},
    {Category::criminal_damage_arson, 0.06, "Criminal damage to a dwelling"},
    {Category::public_order, 0.05, "Public order offence"},
    {Category::shoplifting, 0.04, "Shoplifting"},
    {Category::drugs, 0.025, "Possession of cannabis"},
    {Category::robbery, 0.02, "Robbery of personal property"},
    {Category::theft_from_the_person, 0.015, "Theft from the person"},
    {Category::bicycle_theft, 0.01, "Bicycle theft"},
    {Category::possession_of_weapons, 0.005, "Possession of knife or bladed article"},
    {Category::other_crime, 0.005, "Other offence"},
};

const char* offence_for(Category c) {
    for (const auto& m : mix)
        if (m.c == c) return m.offence;
    return "Other offence";
}

struct Street {
    double x, y, lon = 0, lat = 0;
    std::string name;
};

struct Address {
    double x, y;
    std::size_t street;
    std::string ref;
};

// Index of the point nearest (x, y); the first one on ties. Brute force: the sample is small.
template <class Points>
std::size_t nearest(const Points& points, double x, double y) {
    std::size_t best = 0;
    double best_d = 1e300;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double d = (points[i].x - x) * (points[i].x - x) + (points[i].y - y) * (points[i].y - y);
        if (d < best_d) {
            best_d = d;
            best = i;
        }
    }
    return best;
}

std::string hex64(std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d) {
    return fmt::format("{:016x}{:016x}{:016x}{:016x}", a, b, c, d);
}

// The street network through the street points (walks), from a stream of its own so that
// nothing else changes: a street along each run of neighbouring points in a grid row or
// column (the middle row a main road), some footpaths across blocks, and a motorway that
// joins the network only at its two ends (a walk must not use it).
void add_roads(Sample& s, const std::vector<Street>& streets, const std::map<std::pair<int, int>, std::size_t>& grid,
               int rows, int cols, std::uint64_t seed) {
    Rng net(seed ^ 0x6e65'7400'0000'0004ULL);
    for (const auto& st : streets) s.street_points.push_back({st.x, st.y});
    auto at = [&](int r, int c) {
        auto it = grid.find({r, c});
        return it == grid.end() ? std::size_t(-1) : it->second;
    };
    auto street_name = [&] { return fmt::format("{} {}", street_a[net.integer(0, 24)], street_b[net.integer(0, 9)]); };
    for (int dir = 0; dir < 2; ++dir) {  // rows, then columns
        const int lines = dir == 0 ? rows : cols, along = dir == 0 ? cols : rows;
        for (int l = 0; l < lines; ++l) {
            SampleRoad road;
            auto flush = [&] {
                if (road.points.size() >= 2) {
                    const bool main = dir == 0 && l == rows / 2;
                    road.name = main ? "High Road" : street_name();
                    road.highway = main ? "primary" : "residential";
                    s.roads.push_back(road);
                }
                road.points.clear();
            };
            for (int k = 0; k < along; ++k) {
                const auto p = dir == 0 ? at(l, k) : at(k, l);
                if (p == std::size_t(-1)) flush();
                else road.points.push_back(p);
            }
            flush();
        }
    }
    for (int r = 0; r + 1 < rows; ++r)
        for (int c = 0; c + 1 < cols; ++c) {
            const double u = net.uniform();
            const auto a = u < 0.06 ? at(r, c) : u < 0.09 ? at(r, c + 1) : std::size_t(-1);
            const auto b = u < 0.06 ? at(r + 1, c + 1) : u < 0.09 ? at(r + 1, c) : std::size_t(-1);
            if (a != std::size_t(-1) && b != std::size_t(-1)) s.roads.push_back({"", "footway", {a, b}});
        }
    const auto west = nearest(streets, centre_x - 5000, centre_y - 3500), east = nearest(streets, centre_x + 5000, centre_y + 3500);
    s.roads.push_back({"M99", "motorway", {west, east}});
}

}  // namespace

namespace {

// Victim and caller keys with planted repeat rates, in time order, from a stream of their own
// (so nothing else changes): each incident of a group reuses the key of an earlier one of its
// group within the window with probability `reuse`, else gets a new key.
void plant_repeat_keys(Sample& s, std::uint64_t seed) {
    s.repeat_keys = {{"domestic abuse (violence flagged domestic)", "victim_key", 0.30, 365},
                     {"other violence against the person", "victim_key", 0.05, 365},
                     {"residential burglary", "victim_key", 0.06, 365},
                     {"robbery", "victim_key", 0.03, 365},
                     {"anti-social behaviour", "caller_key", 0.10, 28}};
    auto group_of = [](const SampleIncident& i) -> int {
        if (i.category == Category::violence_sexual) return i.domestic ? 0 : 1;
        if (i.offence == "Burglary - residential") return 2;
        if (i.category == Category::robbery) return 3;
        if (i.category == Category::anti_social_behaviour) return 4;
        return -1;
    };
    Rng keys(seed ^ 0x6b65'7973'0000'0006ULL);
    std::vector<std::vector<std::pair<Seconds, std::string>>> earlier(s.repeat_keys.size());
    int victims = 0, callers = 0;
    for (auto& inc : s.incidents) {
        const int g = group_of(inc);
        if (g < 0) continue;
        const auto& rule = s.repeat_keys[static_cast<std::size_t>(g)];
        auto& past = earlier[static_cast<std::size_t>(g)];
        const Seconds since = inc.from - static_cast<Seconds>(rule.window_days) * seconds_per_day;
        const auto first = std::lower_bound(past.begin(), past.end(), since,
                                            [](const auto& p, Seconds t) { return p.first < t; });
        const auto choices = static_cast<int>(past.end() - first);
        std::string key;
        if (keys.uniform() < rule.reuse && choices > 0) key = (first + keys.integer(0, choices - 1))->second;
        else key = rule.column == "caller_key" ? fmt::format("C{:05d}", ++callers) : fmt::format("V{:05d}", ++victims);
        (rule.column == "caller_key" ? inc.caller_key : inc.victim_key) = key;
        past.push_back({inc.from, key});
    }
}

// A planted risk factor for risk terrain (docs/sample-data.md), from a stream of its own and added
// after everything else, so every other incident stays exactly as it was: 40 licensed premises at
// random in the area, 150 public-order incidents spread evenly over the 100 m cells whose centre
// lies within 100 m of one, and 40 decoy points at least 600 m from every premises with nothing
// planted near them. `inside` says whether a point is in the area; `describe` gives a planted
// incident its street, map point and LSOA as the others have them.
void plant_risk_factor(Sample& s, std::uint64_t seed, const std::function<bool(double, double)>& inside,
                       const std::function<void(SampleIncident&)>& describe) {
    Rng risk(seed ^ 0x7269'736b'0000'0007ULL);
    constexpr double cell = 100, reach = 100;
    const Seconds start = days_from_civil(s.first_year, 1, 1) * seconds_per_day;
    const Seconds days = days_from_civil(s.first_year + s.months / 12, 1, 1) - start / seconds_per_day;
    auto far_from = [](const std::vector<SampleAddress>& list, double x, double y, double gap) {
        for (const auto& a : list)
            if (std::hypot(a.x - x, a.y - y) < gap) return false;
        return true;
    };
    auto draw = [&](std::vector<SampleAddress>& list, const char* prefix, double gap_own, double gap_premises) {
        while (list.size() < 40) {
            const double x = std::round(risk.uniform(centre_x - 7500, centre_x + 7500));
            const double y = std::round(risk.uniform(centre_y - 5500, centre_y + 5500));
            if (!inside(x, y) || !far_from(list, x, y, gap_own) || !far_from(s.premises, x, y, gap_premises)) continue;
            list.push_back({fmt::format("{}{:02d}", prefix, list.size() + 1),
                            fmt::format("The {} {}", street_a[risk.integer(0, 24)], prefix[0] == 'P' ? "Arms" : "Post"), x, y});
        }
    };
    draw(s.premises, "P", 400, 0);
    draw(s.decoys, "D", 300, 600);
    // The cells (centres on the 100 m lattice, as every grid of hotspots) within 100 m of a premises.
    std::vector<XY> near;
    for (const auto& p : s.premises)
        for (double cx = std::floor((p.x - reach) / cell) * cell + cell / 2; cx <= p.x + reach; cx += cell)
            for (double cy = std::floor((p.y - reach) / cell) * cell + cell / 2; cy <= p.y + reach; cy += cell)
                if ((cx - p.x) * (cx - p.x) + (cy - p.y) * (cy - p.y) <= reach * reach && inside(cx, cy)) near.push_back({cx, cy});
    std::size_t cells = 0, background = 0;
    for (double cx = centre_x - 8000 + cell / 2; cx < centre_x + 8000; cx += cell)
        for (double cy = centre_y - 6000 + cell / 2; cy < centre_y + 6000; cy += cell) cells += inside(cx, cy);
    auto& truth = s.risk_factor;
    truth.category = Category::public_order;
    for (const auto& i : s.incidents)
        background += i.category == truth.category && inside(std::floor(i.x / cell) * cell + cell / 2, std::floor(i.y / cell) * cell + cell / 2);
    truth.incidents = 150;
    truth.near_cells = static_cast<int>(near.size());
    truth.background = static_cast<double>(background) / static_cast<double>(cells);
    truth.relative_risk = 1 + truth.incidents / static_cast<double>(near.size()) / truth.background;
    for (int k = 0; k < truth.incidents; ++k) {
        const XY c = near[static_cast<std::size_t>(risk.integer(0, static_cast<int>(near.size()) - 1))];
        SampleIncident inc;
        inc.category = truth.category;
        inc.offence = offence_for(inc.category);
        do {  // a cell on the boundary is partly outside the area: its incidents are inside
            inc.x = c.x + std::round(risk.uniform(-49, 49));
            inc.y = c.y + std::round(risk.uniform(-49, 49));
        } while (!inside(inc.x, inc.y));
        inc.from = inc.to = (start / seconds_per_day + risk.integer(0, static_cast<int>(days) - 1)) * seconds_per_day +
                            risk.integer(0, 23) * 3600 + risk.integer(0, 59) * 60;
        inc.ref = fmt::format("SR{:06d}", k + 1);
        describe(inc);
        auto bits = [&] { return static_cast<std::uint64_t>(risk.uniform() * 0x1.0p63); };
        inc.crime_id = hex64(bits(), bits(), bits(), bits());
        inc.outcome = outcomes[risk.integer(0, 5)];
        s.incidents.push_back(std::move(inc));
    }
    std::stable_sort(s.incidents.begin(), s.incidents.end(),
                     [](const SampleIncident& a, const SampleIncident& b) { return a.from < b.from; });
}

// A residential burglary at address `a` on one of `days` days from `first_day` (a day number), at
// any time, 60% with a from/to range of 2-72 hours, as the background's: the level shift's and
// the space-time cluster's incidents.
template <class Place>  // an address of the generator's own, or of the sample
SampleIncident burglary_at(const Place& a, Seconds first_day, int days, Rng& rng) {
    SampleIncident inc;
    inc.category = Category::burglary;
    inc.offence = offence_for(inc.category);
    inc.x = a.x;
    inc.y = a.y;
    inc.address_ref = a.ref;
    inc.from = (first_day + rng.integer(0, days - 1)) * seconds_per_day + rng.integer(0, 23) * 3600 + rng.integer(0, 59) * 60;
    inc.has_range = rng.uniform() < 0.6;
    inc.to = inc.has_range ? inc.from + rng.integer(2, 72) * 3600 : inc.from;
    return inc;
}

// A planted space-time cluster for `scan` (docs/sample-data.md): 14 residential burglaries at
// addresses within 150 m of one, over 10 days of one month, in an ordinary place (1.5 km from
// every planted hotspot, 1 km from the hot streets, outside the level shift's ward). From a
// stream of its own and added after every other plant (victim keys included), so every other
// incident stays exactly as it was; references SC000001...
void plant_space_time_cluster(Sample& s, std::uint64_t seed, geo::AreaLocator& locate, const std::vector<Street>& streets,
                              const std::function<void(double, double, int, std::string&, std::string&)>& lsoa_of,
                              Seconds start) {
    Rng burst(seed ^ 0x7363'616e'0000'0007ULL);
    const int count = 14, days = 10;
    const double radius = 150;
    auto far_from_plants = [&](double x, double y) {
        for (const auto& h : s.hotspots)
            if (std::hypot(x - h.x, y - h.y) < 1500) return false;
        for (const auto& h : s.hot_streets)
            if (std::hypot(x - h.from.x, y - h.from.y) < 1000 || std::hypot(x - h.to.x, y - h.to.y) < 1000) return false;
        const int w = locate.locate(x, y);
        for (const auto& shift : s.shifts)
            if (w < 0 || s.wards[static_cast<std::size_t>(w)].code == shift.ward_code) return false;
        return true;
    };
    std::vector<std::pair<const SampleAddress*, std::vector<const SampleAddress*>>> candidates;
    for (const auto& a : s.addresses) {
        if (!far_from_plants(a.x, a.y)) continue;
        std::vector<const SampleAddress*> near;
        for (const auto& b : s.addresses)
            if (std::hypot(a.x - b.x, a.y - b.y) <= radius) near.push_back(&b);
        if (near.size() >= static_cast<std::size_t>(count)) candidates.push_back({&a, std::move(near)});
    }
    if (candidates.empty()) return;
    auto [centre_address, near] = candidates[static_cast<std::size_t>(burst.integer(0, static_cast<int>(candidates.size()) - 1))];
    const SampleAddress& centre = *centre_address;
    for (std::size_t k = near.size() - 1; k > 0; --k)  // Fisher-Yates: 14 distinct addresses
        std::swap(near[k], near[static_cast<std::size_t>(burst.integer(0, static_cast<int>(k)))]);
    // A month away from both ends of the data, so that its quarter lies inside them.
    const int month = month_number(start) + burst.integer(3, s.months - 4);
    const int y = month / 12, m = month % 12 + 1;
    const Seconds first_day = days_from_civil(y, m, burst.integer(1, days_in_month(y, m) - days + 1));
    PlantedCluster truth{Category::burglary, 0, 0, radius, first_day * seconds_per_day,
                         (first_day + days - 1) * seconds_per_day, count};
    truth.x = centre.x;
    truth.y = centre.y;
    s.clusters.push_back(truth);
    for (int k = 0; k < count; ++k) {
        const auto& a = *near[static_cast<std::size_t>(k)];
        SampleIncident inc = burglary_at(a, first_day, days, burst);
        inc.ref = fmt::format("SC{:06d}", k + 1);
        inc.victim_key = fmt::format("VC{:04d}", k + 1);  // new victims: keys of their own
        const auto& st = streets[nearest(streets, inc.x, inc.y)];
        inc.street = st.name.substr(11);
        inc.lon = st.lon;
        inc.lat = st.lat;
        lsoa_of(inc.x, inc.y, locate.locate(inc.x, inc.y), inc.lsoa_code, inc.lsoa_name);
        auto bits = [&] { return static_cast<std::uint64_t>(burst.uniform() * 0x1.0p63); };
        inc.crime_id = hex64(bits(), bits(), bits(), bits());
        inc.outcome = outcomes[burst.integer(0, 5)];
        s.incidents.push_back(std::move(inc));
    }
    std::stable_sort(s.incidents.begin(), s.incidents.end(),
                     [](const SampleIncident& a, const SampleIncident& b) { return a.from < b.from; });
}
}  // namespace

Sample generate_sample(std::uint64_t seed) {
    Rng rng(seed);
    Sample s;

    // The partnership area: a wobbly ellipse about 15 x 11 km.
    std::vector<geo::XY> outline;
    for (int i = 0; i < 48; ++i) {
        const double a = 2 * pi * i / 48;
        const double r = 1 + 0.06 * std::sin(3 * a + 0.5) + 0.04 * std::cos(5 * a);
        outline.push_back({std::round(centre_x + 7500 * r * std::cos(a)), std::round(centre_y + 5500 * r * std::sin(a))});
    }
    // Ward seeds: seven in each third of the area, west to east; kept apart so wards have
    // sensible sizes.
    std::vector<geo::XY> seeds;
    for (int b = 0; b < 3; ++b) {
        int placed = 0;
        while (placed < 7) {
            const double x = centre_x - 7000 + b * 4667 + rng.uniform(0, 4667);
            const double y = centre_y + rng.uniform(-4800, 4800);
            const double dx = (x - centre_x) / 7000, dy = (y - centre_y) / 5000;
            if (dx * dx + dy * dy > 0.85) continue;
            bool close = false;
            for (const auto& p : seeds) close = close || std::hypot(p.x - x, p.y - y) < 1700;
            if (close) continue;
            seeds.push_back({std::round(x), std::round(y)});
            ++placed;
        }
    }
    auto cells = geo::voronoi_partition(outline, seeds);
    for (int w = 0; w < 21; ++w) {
        SampleArea a;
        a.code = fmt::format("Z05{:06d}", w + 1);
        a.name = ward_names[w];
        a.parent_code = fmt::format("Z09{:06d}", w / 7 + 1);
        a.wkb = cells[static_cast<std::size_t>(w)];
        a.population = 9000 + rng.integer(0, 7000);
        s.wards.push_back(std::move(a));
    }
    for (int b = 0; b < 3; ++b) {
        SampleArea a;
        a.code = fmt::format("Z09{:06d}", b + 1);
        a.name = borough_names[b];
        a.parent_code = "Z23000001";
        std::vector<geo::Wkb> parts;
        for (int w = 0; w < 7; ++w) {
            parts.push_back(s.wards[static_cast<std::size_t>(b * 7 + w)].wkb);
            a.population += s.wards[static_cast<std::size_t>(b * 7 + w)].population;
        }
        a.wkb = geo::union_of(parts);
        s.boroughs.push_back(std::move(a));
    }
    {
        SampleArea bcu;
        bcu.code = "Z23000001";
        bcu.name = "Sample BCU";
        std::vector<geo::Wkb> parts;
        for (const auto& b : s.boroughs) {
            parts.push_back(b.wkb);
            bcu.population += b.population;
        }
        bcu.wkb = geo::union_of(parts);
        s.bcu.push_back(std::move(bcu));
    }

    // Which ward (and LSOA: four per ward, by nearest of four points) a point is in.
    std::vector<geo::AreaInput> inputs;
    for (const auto& w : s.wards) inputs.push_back({w.code, w.name, w.wkb, w.code});
    std::vector<geo::AreaNote> notes;
    geo::AreaIndex ward_index(inputs, notes);
    geo::AreaLocator locate(ward_index);
    std::vector<std::array<geo::XY, 4>> lsoa_points(21);
    for (std::size_t w = 0; w < 21; ++w) {
        for (auto& p : lsoa_points[w]) {
            for (;;) {
                geo::XY q{rng.uniform(seeds[w].x - 1200, seeds[w].x + 1200), rng.uniform(seeds[w].y - 1200, seeds[w].y + 1200)};
                if (locate.locate(q.x, q.y) == static_cast<int>(w)) {
                    p = q;
                    break;
                }
            }
        }
    }
    auto lsoa_of = [&](double x, double y, int ward, std::string& code, std::string& name) {
        const auto& pts = lsoa_points[static_cast<std::size_t>(ward)];
        int best = 0;
        for (int k = 1; k < 4; ++k)
            if (std::hypot(pts[k].x - x, pts[k].y - y) < std::hypot(pts[best].x - x, pts[best].y - y)) best = k;
        const int borough = ward / 7;
        code = fmt::format("Z01{:06d}", ward * 4 + best + 1);
        name = fmt::format("{} {:03d}{}", borough_names[borough], ward % 7 + 1, static_cast<char>('A' + best));
    };

    // Street points (data.police.uk's anonymous map points) on a jittered 220 m grid.
    std::vector<Street> streets;
    std::map<std::pair<int, int>, std::size_t> grid_street;  // (row, column) -> street point
    int grid_rows = 0, grid_cols = 0;
    for (double y = centre_y - 5800; y <= centre_y + 5800; y += 220, ++grid_rows) {
        grid_cols = 0;
        for (double x = centre_x - 7800; x <= centre_x + 7800; x += 220, ++grid_cols) {
            const double px = std::round(x + rng.uniform(-70, 70)), py = std::round(y + rng.uniform(-70, 70));
            if (locate.locate(px, py) < 0) continue;
            grid_street[{grid_rows, grid_cols}] = streets.size();
            Street st{px, py, 0, 0, {}};
            st.name = fmt::format("On or near {} {}", street_a[rng.integer(0, 24)], street_b[rng.integer(0, 9)]);
            streets.push_back(std::move(st));
        }
    }
    {
        geo::Transformer to_lonlat("EPSG:27700", "EPSG:4326");
        for (auto& st : streets) {
            st.lon = st.x;
            st.lat = st.y;
            to_lonlat.transform(st.lon, st.lat);
        }
    }
    auto nearest_street = [&](double x, double y) { return nearest(streets, x, y); };
    // Addresses: households and premises around the streets.
    std::vector<Address> addresses;
    while (addresses.size() < 9000) {
        const auto& st = streets[static_cast<std::size_t>(rng.integer(0, static_cast<int>(streets.size()) - 1))];
        const double x = std::round(st.x + rng.uniform(-110, 110)), y = std::round(st.y + rng.uniform(-110, 110));
        if (locate.locate(x, y) < 0) continue;
        addresses.push_back({x, y, nearest_street(x, y), fmt::format("A{:05d}", addresses.size() + 1)});
    }
    auto nearest_address = [&](double x, double y) { return nearest(addresses, x, y); };
    for (const auto& a : addresses) {
        std::string street = streets[a.street].name;
        if (street.rfind("On or near ", 0) == 0) street.erase(0, 11);
        s.addresses.push_back({a.ref, street, a.x, a.y});
    }

    // Street lights (camera poles for `site`) and existing cameras, from a stream of their own
    // so that nothing else changes: one or two lights within 20 m of each street point, and
    // 12 cameras on street points.
    Rng kit(seed ^ 0x6b69'7400'0000'0003ULL);
    for (const auto& st : streets) {
        const int lights = 1 + (kit.uniform() < 0.5 ? 1 : 0);
        for (int k = 0; k < lights; ++k)
            s.lights.push_back({fmt::format("L{:05d}", s.lights.size() + 1), st.name.substr(11),
                                std::round(st.x + kit.uniform(-20, 20)), std::round(st.y + kit.uniform(-20, 20))});
    }
    for (int k = 0; k < 12; ++k) {
        const auto& st = streets[static_cast<std::size_t>(kit.integer(0, static_cast<int>(streets.size()) - 1))];
        s.cameras.push_back({fmt::format("C{:02d}", k + 1), st.name.substr(11), std::round(st.x), std::round(st.y)});
    }

    add_roads(s, streets, grid_street, grid_rows, grid_cols, seed);

    const Seconds start = days_from_civil(s.first_year, 1, 1) * seconds_per_day;
    const Seconds end = days_from_civil(s.first_year + s.months / 12, 1, 1) * seconds_per_day;
    auto random_time = [&](Seconds lo, Seconds hi) {
        // Evenings are busier: hour drawn from a mixture peaking around 20:00.
        const Seconds day = lo / seconds_per_day + static_cast<Seconds>(rng.uniform() * static_cast<double>((hi - lo) / seconds_per_day));
        int hour = rng.uniform() < 0.6 ? static_cast<int>(std::fmod(20 + 3 * rng.normal() + 24, 24)) : rng.integer(0, 23);
        return day * seconds_per_day + hour * 3600 + rng.integer(0, 59) * 60;
    };
    auto add = [&](Category c, double x, double y, Seconds t, const std::string& address_ref) -> SampleIncident& {
        SampleIncident inc;
        inc.category = c;
        inc.offence = offence_for(c);
        inc.x = std::round(x);
        inc.y = std::round(y);
        inc.from = inc.to = t;
        inc.address_ref = address_ref;
        if (c == Category::burglary && rng.uniform() < 0.6) {
            // Burglaries are often found later: a from/to range of up to three days.
            inc.has_range = true;
            inc.to = t + rng.integer(2, 72) * 3600;
        }
        s.incidents.push_back(std::move(inc));
        return s.incidents.back();
    };
    auto pick_category = [&] {
        double u = rng.uniform(), acc = 0;
        for (const auto& m : mix) {
            acc += m.share;
            if (u < acc) return m.c;
        }
        return Category::other_crime;
    };

    // Background: anywhere in the area, at an address.
    for (int i = 0; i < 17000; ++i) {
        const auto& a = addresses[static_cast<std::size_t>(rng.integer(0, static_cast<int>(addresses.size()) - 1))];
        const Category c = pick_category();
        add(c, a.x, a.y, random_time(start, end), c == Category::burglary ? a.ref : "");
    }
    // Planted hotspots: each a Gaussian cluster around a centre inside a chosen ward.
    const struct {
        const char* id;
        Category c;
        int ward;
        double sd;
        int count;
    } planted[] = {
        {"H1", Category::violence_sexual, 9, 120, 700},   {"H2", Category::anti_social_behaviour, 3, 150, 600},
        {"H3", Category::burglary, 16, 220, 450},         {"H4", Category::robbery, 12, 100, 260},
        {"H5", Category::shoplifting, 19, 80, 420},       {"H6", Category::drugs, 6, 110, 260},
    };
    // Two of them have a time signature too (docs/sample-data.md): H1's violence on Friday and
    // Saturday nights, 22:00-01:59; H3's burglaries on weekdays, starting 09:00-16:59, some
    // found 1-2 hours later. Their times come from a generator of their own, after the usual
    // draws, so that every other incident is the same as without them.
    Rng timing(seed ^ 0x7469'6d65'0000'0001ULL);
    auto night = [&](Seconds t) {
        // The Friday or Saturday of t's week, then an hour from 22 to 25 (01:00 next day).
        const Seconds day = t / seconds_per_day;
        const Seconds monday = day - ((day + 3) % 7);  // 1970-01-01 was a Thursday
        const Seconds d = monday + 4 + timing.integer(0, 1);
        return d * seconds_per_day + timing.integer(22, 25) * 3600 + timing.integer(0, 59) * 60;
    };
    auto weekday_day = [&](SampleIncident& inc) {
        const Seconds day = inc.from / seconds_per_day;
        const Seconds monday = day - ((day + 3) % 7);
        inc.from = (monday + timing.integer(0, 4)) * seconds_per_day + timing.integer(9, 16) * 3600 + timing.integer(0, 59) * 60;
        inc.has_range = timing.uniform() < 0.6;
        inc.to = inc.has_range ? inc.from + timing.integer(60, 120) * 60 : inc.from;
    };
    for (const auto& p : planted) {
        const auto centre = geo::point_inside(s.wards[static_cast<std::size_t>(p.ward)].wkb);
        const double cx = std::round(centre.x), cy = std::round(centre.y);
        PlantedHotspot truth{p.id, p.c, cx, cy, p.sd, p.count, "", "", ""};
        if (std::string(p.id) == "H1") truth = {p.id, p.c, cx, cy, p.sd, p.count, "22-02", "fri,sat,sun", "acute"};
        if (std::string(p.id) == "H3") truth = {p.id, p.c, cx, cy, p.sd, p.count, "9-17", "mon,tue,wed,thu,fri", "focused"};
        s.hotspots.push_back(truth);
        for (int i = 0; i < p.count;) {
            const double x = cx + p.sd * rng.normal(), y = cy + p.sd * rng.normal();
            if (locate.locate(x, y) < 0) continue;
            auto& inc = add(p.c, x, y, random_time(start, end), "");
            // Moved a week at a time to stay in the month drawn (and in the period).
            const int month = month_number(inc.from);
            auto same_month = [&](Seconds t) {
                while (month_number(t) < month) t += 7 * seconds_per_day;
                while (month_number(t) > month || t >= end) t -= 7 * seconds_per_day;
                return t - start < 0 ? t + 7 * seconds_per_day : t;
            };
            if (truth.temporal_class == "acute") {
                inc.from = inc.to = same_month(night(inc.from));
            } else if (truth.temporal_class == "focused") {
                weekday_day(inc);
                const Seconds moved = same_month(inc.from) - inc.from;
                inc.from += moved;
                inc.to += moved;
            }
            ++i;
        }
    }
    // Repeat locations: addresses victimised again and again.
    for (int r = 0; r < 30; ++r) {
        const auto& a = addresses[static_cast<std::size_t>(rng.integer(0, static_cast<int>(addresses.size()) - 1))];
        bool used = false;
        for (const auto& pr : s.repeats) used = used || pr.address_ref == a.ref;
        if (used) {
            --r;
            continue;
        }
        const int count = rng.integer(4, 9);
        s.repeats.push_back({a.ref, a.x, a.y, count});
        const Category kinds[] = {Category::burglary, Category::anti_social_behaviour, Category::criminal_damage_arson,
                                  Category::violence_sexual};
        for (int k = 0; k < count; ++k) add(kinds[rng.integer(0, 3)], a.x, a.y, random_time(start, end), a.ref);
    }
    // Near-repeat burglary chains: a burglary, then 2 to 4 more within 200 m and 14 days.
    for (int c = 0; c < 40; ++c) {
        const auto& a = addresses[static_cast<std::size_t>(rng.integer(0, static_cast<int>(addresses.size()) - 1))];
        Seconds t = random_time(start, end - 60 * seconds_per_day);
        const int size = rng.integer(3, 5);
        double x = a.x, y = a.y;
        std::string ref = a.ref;
        for (int k = 0; k < size; ++k) {
            if (k > 0) {
                std::size_t n = 0;
                do {  // an address within 200 m of the first burglary
                    const double ang = rng.uniform(0, 2 * pi), dist = rng.uniform(20, 180);
                    n = nearest_address(a.x + dist * std::cos(ang), a.y + dist * std::sin(ang));
                } while (std::hypot(addresses[n].x - a.x, addresses[n].y - a.y) >= 200);
                x = addresses[n].x;
                y = addresses[n].y;
                ref = addresses[n].ref;
                t += rng.integer(1, 14) * seconds_per_day + rng.integer(-3, 3) * 3600;
            }
            auto& inc = add(Category::burglary, x, y, t, ref);
            s.chains.push_back({c + 1, k + 1, "", inc.x, inc.y, inc.from});
            inc.ref = fmt::format("chain{}:{}", c + 1, k + 1);  // replaced by the final reference below
        }
    }

    // Order by time, give references, and derive the data.police.uk view.
    std::stable_sort(s.incidents.begin(), s.incidents.end(),
                     [](const SampleIncident& a, const SampleIncident& b) { return a.from < b.from; });
    std::map<std::string, std::string> chain_refs;
    // The export's flags, from a generator of their own (the other draws stay as they were).
    Rng flag(seed ^ 0x666c'6167'0000'0002ULL);
    for (std::size_t i = 0; i < s.incidents.size(); ++i) {
        auto& inc = s.incidents[i];
        const double knife_rate = inc.category == Category::robbery ? 0.2 : inc.category == Category::violence_sexual ? 0.06 : 0;
        const double domestic_rate = inc.category == Category::violence_sexual ? 0.3
                                     : inc.category == Category::criminal_damage_arson ? 0.1 : 0;
        inc.knife = flag.uniform() < knife_rate;
        inc.domestic = flag.uniform() < domestic_rate;
        const std::string final_ref = fmt::format("SX{:06d}", i + 1);
        if (!inc.ref.empty()) chain_refs[inc.ref] = final_ref;
        inc.ref = final_ref;
        const int ward = locate.locate(inc.x, inc.y);
        const auto& st = streets[nearest_street(inc.x, inc.y)];
        inc.street = st.name.substr(11);  // the police export has the street, not "On or near"
        inc.lon = st.lon;
        inc.lat = st.lat;
        lsoa_of(inc.x, inc.y, ward < 0 ? 0 : ward, inc.lsoa_code, inc.lsoa_name);
        if (inc.category != Category::anti_social_behaviour) {
            inc.crime_id = hex64(static_cast<std::uint64_t>(rng.uniform() * 0x1.0p63), static_cast<std::uint64_t>(rng.uniform() * 0x1.0p63),
                                 static_cast<std::uint64_t>(rng.uniform() * 0x1.0p63), static_cast<std::uint64_t>(rng.uniform() * 0x1.0p63));
            inc.outcome = outcomes[rng.integer(0, 5)];
        }
    }
    for (auto& link : s.chains) link.ref = chain_refs[fmt::format("chain{}:{}", link.chain, link.position)];

    // Planted hot streets (docs/sample-data.md): vehicle crime spread evenly along a stretch
    // of 600-1,000 m of two residential roads far from the planted hotspots, a line that a
    // kde blob splits or misses. Every draw comes from a stream of their own and they are
    // added after the others have their references, so every other incident stays exactly as
    // it was; their references follow on from the last (SX020066, ...), and the list is
    // sorted by time again.
    Rng along(seed ^ 0x7374'7265'6574'0005ULL);
    auto pt = [&](const SampleRoad& r, std::size_t k) { return s.street_points[r.points[k]]; };
    struct Stretch {
        std::size_t road, first, last;
        double length;
    };
    std::vector<Stretch> candidates;
    for (std::size_t r = 0; r < s.roads.size(); ++r) {
        const auto& road = s.roads[r];
        if (road.highway != "residential") continue;
        for (std::size_t i = 0; i < road.points.size(); ++i) {
            double len = 0;
            bool far = true;
            for (std::size_t j = i; j < road.points.size() && far && len <= 1000; ++j) {
                if (j > i) len += std::hypot(pt(road, j).x - pt(road, j - 1).x, pt(road, j).y - pt(road, j - 1).y);
                for (const auto& h : s.hotspots) far = far && std::hypot(pt(road, j).x - h.x, pt(road, j).y - h.y) > 1500;
                if (far && len >= 600 && len <= 1000) {
                    candidates.push_back({r, i, j, len});
                    break;
                }
            }
        }
    }
    const std::size_t first_plant = s.incidents.size();
    for (int k = 0; k < 2 && !candidates.empty(); ++k) {
        const auto c = candidates[static_cast<std::size_t>(along.integer(0, static_cast<int>(candidates.size()) - 1))];
        // The second on another road.
        candidates.erase(std::remove_if(candidates.begin(), candidates.end(), [&](const Stretch& x) { return x.road == c.road; }),
                         candidates.end());
        const auto& road = s.roads[c.road];
        const int count = 50;
        s.hot_streets.push_back({road.name, Category::vehicle_crime, count, c.length, pt(road, c.first), pt(road, c.last)});
        for (int i = 0; i < count; ++i) {
            // A point drawn evenly along the stretch, a few metres to its side (parked cars).
            double at = along.uniform(0, c.length);
            XY a{}, b{};
            for (std::size_t j = c.first + 1; j <= c.last; ++j) {
                a = pt(road, j - 1);
                b = pt(road, j);
                const double l = std::hypot(b.x - a.x, b.y - a.y);
                if (at <= l || j == c.last) {
                    at = std::min(at, l) / l;
                    break;
                }
                at -= l;
            }
            const double dx = b.x - a.x, dy = b.y - a.y, l = std::hypot(dx, dy), side = along.uniform(-8, 8);
            SampleIncident inc;
            inc.category = Category::vehicle_crime;
            inc.offence = offence_for(inc.category);
            inc.x = std::round(a.x + at * dx - side * dy / l);
            inc.y = std::round(a.y + at * dy + side * dx / l);
            const Seconds day = start / seconds_per_day + static_cast<Seconds>(along.uniform() * static_cast<double>((end - start) / seconds_per_day));
            inc.from = inc.to = day * seconds_per_day + along.integer(0, 23) * 3600 + along.integer(0, 59) * 60;
            inc.ref = fmt::format("SX{:06d}", s.incidents.size() + 1);
            const int ward = locate.locate(inc.x, inc.y);
            const auto& st = streets[nearest_street(inc.x, inc.y)];
            inc.street = st.name.substr(11);
            inc.lon = st.lon;
            inc.lat = st.lat;
            lsoa_of(inc.x, inc.y, ward < 0 ? 0 : ward, inc.lsoa_code, inc.lsoa_name);
            inc.crime_id = hex64(static_cast<std::uint64_t>(along.uniform() * 0x1.0p63), static_cast<std::uint64_t>(along.uniform() * 0x1.0p63),
                                 static_cast<std::uint64_t>(along.uniform() * 0x1.0p63), static_cast<std::uint64_t>(along.uniform() * 0x1.0p63));
            inc.outcome = outcomes[along.integer(0, 5)];
            s.incidents.push_back(std::move(inc));
        }
    }
    if (s.incidents.size() > first_plant)
        std::stable_sort(s.incidents.begin(), s.incidents.end(),
                         [](const SampleIncident& a, const SampleIncident& b) { return a.from < b.from; });

    // A level shift (change points): from March 2024, 8 more residential burglaries a month at
    // the addresses of one ward. Drawn from a stream of their own and added after every other
    // incident has its reference, so those stay exactly as they were.
    Rng shift(seed ^ 0x7368'6966'7400'0005ULL);
    const std::size_t shift_ward = 4;
    PlantedShift planted_shift{s.wards[shift_ward].code, Category::burglary, month_number(start) + 14, 8};
    s.shifts.push_back(planted_shift);
    std::vector<const Address*> in_ward;
    for (const auto& a : addresses)
        if (locate.locate(a.x, a.y) == static_cast<int>(shift_ward)) in_ward.push_back(&a);
    const std::size_t before = s.incidents.size();
    for (int m = planted_shift.first_month; m < month_number(start) + s.months; ++m) {
        const Seconds first_day = days_from_civil(m / 12, m % 12 + 1, 1);
        const int days = days_in_month(m / 12, m % 12 + 1);
        for (int k = 0; k < planted_shift.per_month; ++k) {
            const auto& a = *in_ward[static_cast<std::size_t>(shift.integer(0, static_cast<int>(in_ward.size()) - 1))];
            SampleIncident inc = burglary_at(a, first_day, days, shift);
            inc.ref = fmt::format("SL{:06d}", s.incidents.size() - before + 1);
            const auto& st = streets[nearest_street(inc.x, inc.y)];
            inc.street = st.name.substr(11);
            inc.lon = st.lon;
            inc.lat = st.lat;
            lsoa_of(inc.x, inc.y, static_cast<int>(shift_ward), inc.lsoa_code, inc.lsoa_name);
            auto bits = [&] { return static_cast<std::uint64_t>(shift.uniform() * 0x1.0p63); };
            inc.crime_id = hex64(bits(), bits(), bits(), bits());
            inc.outcome = outcomes[shift.integer(0, 5)];
            s.incidents.push_back(std::move(inc));
        }
    }
    // Back in time order; stable, so every earlier incident keeps its place among its equals.
    std::stable_sort(s.incidents.begin(), s.incidents.end(),
                     [](const SampleIncident& a, const SampleIncident& b) { return a.from < b.from; });
    plant_repeat_keys(s, seed);
    plant_risk_factor(s, seed, [&](double x, double y) { return locate.locate(x, y) >= 0; }, [&](SampleIncident& i) { const auto& st = streets[nearest_street(i.x, i.y)]; i.street = st.name.substr(11), i.lon = st.lon, i.lat = st.lat; lsoa_of(i.x, i.y, std::max(locate.locate(i.x, i.y), 0), i.lsoa_code, i.lsoa_name); });
    plant_space_time_cluster(s, seed, locate, streets, lsoa_of, start);
    return s;
}

}  // namespace hotspots
