#include "hotspots/labels.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <set>
#include <tuple>

namespace hotspots {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool ends_with(std::string_view s, std::string_view end) {
    return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

// data.police.uk's place types seen in the Metropolitan Police's data 2010-2025, and those its
// anonymisation names elsewhere; lower case.
constexpr std::array<std::string_view, 20> place_types = {
    "supermarket",        "petrol station",        "parking area",           "shopping area",
    "sports/recreation area", "pedestrian subway", "further/higher educational building", "park/open space",
    "police station",     "hospital",              "bus/coach station",      "nightclub",
    "conference/exhibition centre", "theatre/concert hall", "theme/adventure park", "airport/airfield",
    "hotel/motel",        "prison",                "ambulance station",      "fire station"};

}  // namespace

std::string strip_on_or_near(std::string_view location) {
    location = trim(location);
    constexpr std::string_view prefix = "on or near";
    if (location.size() >= prefix.size() && lower(location.substr(0, prefix.size())) == prefix)
        location = trim(location.substr(prefix.size()));
    return std::string(location);
}

bool is_place_type(std::string_view location) {
    const std::string name = lower(strip_on_or_near(location));
    if (name.empty()) return false;
    if (std::find(place_types.begin(), place_types.end(), name) != place_types.end()) return true;
    // Place types join two words with '/'; streets never do.
    if (name.find('/') != std::string::npos) return true;
    // British Transport Police name stations, not streets: "Edgware (lu Station)", "Harrow &
    // Wealdstone (underground)", "Willesden Junction (station)".
    if (ends_with(name, "station)") || ends_with(name, "(underground)")) return true;
    return ends_with(name, " station") || name == "station";
}

bool is_street(std::string_view location) { return !strip_on_or_near(location).empty() && !is_place_type(location); }

StreetIndex::StreetIndex(const IncidentSet& set) : m_set(&set) {
    for (const auto& i : set.incidents)
        if (i.location != 0 && is_street(set.text(i.location))) m_points.push_back({i.x, i.y, i.location});
    std::sort(m_points.begin(), m_points.end(),
              [](const Point& a, const Point& b) { return std::tie(a.x, a.y, a.text) < std::tie(b.x, b.y, b.text); });
    m_points.erase(std::unique(m_points.begin(), m_points.end(),
                               [](const Point& a, const Point& b) { return a.x == b.x && a.y == b.y && a.text == b.text; }),
                   m_points.end());
}

std::string StreetIndex::nearest(geo::XY p, double max_m) const {
    double best = max_m;
    std::string name;
    auto consider = [&](const Point& q) {
        const double d = std::hypot(q.x - p.x, q.y - p.y);
        if (d > best) return;
        std::string street = strip_on_or_near(m_set->text(q.text));
        if (d < best || name.empty() || street < name) name = std::move(street);
        best = d;
    };
    // The points are sorted by x: walk out from p.x both ways while x alone is close enough.
    const auto mid = std::lower_bound(m_points.begin(), m_points.end(), p.x, [](const Point& a, double x) { return a.x < x; });
    for (auto it = mid; it != m_points.end() && it->x - p.x <= best; ++it) consider(*it);
    for (auto it = mid; it != m_points.begin() && p.x - std::prev(it)->x <= best;) consider(*--it);
    return name;
}

std::string place_name(const IncidentSet& set, const std::map<std::uint32_t, std::uint64_t>& locations, geo::XY at,
                       const StreetIndex& streets) {
    // The commonest of each kind, ties to the alphabetically first name.
    std::string street, place;
    std::uint64_t street_n = 0, place_n = 0;
    for (const auto& [loc, n] : locations) {
        std::string name = strip_on_or_near(set.text(loc));
        if (name.empty()) continue;
        const bool is_type = is_place_type(name);
        auto& best = is_type ? place : street;
        auto& best_n = is_type ? place_n : street_n;
        if (n > best_n || (n == best_n && name < best)) {
            best = std::move(name);
            best_n = n;
        }
    }
    if (!street.empty()) return street;
    if (place.empty()) return "";
    const std::string near = streets.nearest(at, near_street_m);
    return near.empty() ? "near " + place : fmt::format("near {}, {}", place, near);
}

std::size_t finest_layer(const std::vector<AreaLayer>& layers) {
    std::size_t best = 0, most = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const auto& gens = layers[l].generations();
        const std::size_t n = gens.empty() ? 0 : gens.back().index->size();
        if (n > most) {
            most = n;
            best = l;
        }
    }
    return best;
}

std::string commonest_area(const std::vector<AreaLayer>& layers, const std::vector<std::vector<std::int32_t>>& assignment,
                           const std::vector<std::uint32_t>& members) {
    const std::size_t l = finest_layer(layers);
    if (l >= layers.size() || l >= assignment.size()) return "";
    std::map<std::string, std::size_t> count;
    for (auto k : members)
        if (k < assignment[l].size() && assignment[l][k] >= 0) ++count[layers[l].name(assignment[l][k])];
    std::string best;
    std::size_t most = 0;
    for (const auto& [name, n] : count)
        if (n > most) {
            most = n;
            best = name;
        }
    return best;
}

std::string place_and_area(const std::string& place, const std::string& area) {
    if (place.empty()) return area;
    if (area.empty()) return place;
    return place + ", " + area;
}

void make_unique(std::vector<std::string>& names) {
    std::set<std::string> taken(names.begin(), names.end());
    std::map<std::string, int> seen;  // a name -> how many times met so far
    std::map<std::string, int> next;  // a name -> the next suffix to try
    for (auto& n : names) {
        if (n.empty() || ++seen[n] == 1) continue;
        // "X #2" could itself be a name given: count on until it is not. Not "X (2)": a number in
        // brackets reads as a count of incidents ("burglary (4)"), here and to publishing's checks.
        int& k = next.try_emplace(n, 2).first->second;
        std::string made = fmt::format("{} #{}", n, k);
        while (taken.count(made)) made = fmt::format("{} #{}", n, ++k);
        ++k;
        taken.insert(made);
        n = std::move(made);
    }
}

std::vector<std::string> ranked_labels(std::string_view prefix, std::vector<std::string> names) {
    make_unique(names);
    for (std::size_t k = 0; k < names.size(); ++k)
        names[k] = fmt::format("{}{}{}{}", prefix, k + 1, names[k].empty() ? "" : " ", names[k]);
    return names;
}

}  // namespace hotspots
