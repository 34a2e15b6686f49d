#include "hotspots/labels.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace hotspots;

namespace {

// A set of incidents at (x, y) with the given location texts.
IncidentSet at_places(const std::vector<std::tuple<double, double, std::string>>& rows) {
    IncidentSet set;
    for (const auto& [x, y, text] : rows) {
        Incident i;
        i.x = x;
        i.y = y;
        i.location = set.strings().intern(text);
        set.incidents.push_back(i);
    }
    return set;
}

std::map<std::uint32_t, std::uint64_t> tally(const IncidentSet& set) {
    std::map<std::uint32_t, std::uint64_t> t;
    for (const auto& i : set.incidents)
        if (i.location) ++t[i.location];
    return t;
}

}  // namespace

TEST_CASE("labels: the prefix On or near goes, in any case") {
    CHECK(strip_on_or_near("On or near Watling Avenue") == "Watling Avenue");
    CHECK(strip_on_or_near("on or near  Kingsway ") == "Kingsway");
    CHECK(strip_on_or_near("On or near ") == "");
    CHECK(strip_on_or_near("Edgware (lu Station)") == "Edgware (lu Station)");
    CHECK(strip_on_or_near("Station Road") == "Station Road");
}

TEST_CASE("labels: data.police.uk place types are told from streets") {
    for (const char* t : {"On or near Supermarket", "On or near Parking Area", "On or near Further/Higher Educational Building",
                          "On or near Further/higher Educational Building", "On or near Hospital", "On or near Petrol Station",
                          "On or near Sports/recreation Area", "On or near Nightclub", "On or near Pedestrian Subway",
                          "Wembley Park (lu Station)", "Harrow & Wealdstone (underground)", "Willesden Junction (station)",
                          "On or near Police Station", "SUPERMARKET"}) {
        INFO(t);
        CHECK(is_place_type(t));
        CHECK_FALSE(is_street(t));
    }
    // Streets without a street-type word, and streets whose names hold a place word.
    for (const char* t : {"On or near Watling Avenue", "On or near Kingsway", "On or near The Ridgeway", "On or near M1",
                          "On or near A404", "On or near Heronsgate", "On or near Station Road", "On or near Hospital Lane",
                          "On or near Great North Way (barnet By-pass)", "On or near Edgware Road The Hyde",
                          "On or near Craven Park", "On or near Supermarket Street"}) {
        INFO(t);
        CHECK_FALSE(is_place_type(t));
        CHECK(is_street(t));
    }
    CHECK_FALSE(is_street("On or near "));
    CHECK_FALSE(is_street(""));
}

TEST_CASE("labels: the commonest street names a place, whatever the place types say") {
    // Three at a supermarket, two on Watling Avenue, one on Burnt Oak Broadway.
    const auto set = at_places({{0, 0, "On or near Supermarket"}, {0, 0, "On or near Supermarket"}, {0, 0, "On or near Supermarket"},
                                {10, 0, "On or near Watling Avenue"}, {10, 0, "On or near Watling Avenue"},
                                {20, 0, "On or near Burnt Oak Broadway"}});
    const StreetIndex streets(set);
    CHECK(place_name(set, tally(set), {0, 0}, streets) == "Watling Avenue");
}

TEST_CASE("labels: equal counts go to the alphabetically first street") {
    const auto set = at_places({{0, 0, "On or near Zeta Road"}, {0, 0, "On or near Alpha Road"}});
    CHECK(place_name(set, tally(set), {0, 0}, StreetIndex(set)) == "Alpha Road");
}

TEST_CASE("labels: a place type only beside the street nearest it") {
    // The hotspot holds only supermarket incidents; the streets of the set lie 100 m and 300 m away.
    const auto all = at_places({{0, 0, "On or near Supermarket"}, {100, 0, "On or near Near Road"},
                                {0, 300, "On or near Far Road"}, {0, 0, "On or near Parking Area"}});
    std::map<std::uint32_t, std::uint64_t> only_supermarket{{all.incidents[0].location, 1}};
    const StreetIndex streets(all);
    CHECK(place_name(all, only_supermarket, {0, 0}, streets) == "near Supermarket, Near Road");
    // From (0, 290) Far Road is nearer.
    CHECK(place_name(all, only_supermarket, {0, 290}, streets) == "near Supermarket, Far Road");
    // No street within near_street_m: the place type alone, still not bare.
    CHECK(place_name(all, only_supermarket, {5000, 5000}, streets) == "near Supermarket");
    CHECK(place_name(all, {}, {0, 0}, streets) == "");
}

TEST_CASE("labels: the nearest street agrees with a brute-force search") {
    std::vector<std::tuple<double, double, std::string>> rows;
    std::uint64_t state = 12345;
    auto next = [&] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 33) / static_cast<double>(1ULL << 31);
    };
    for (int k = 0; k < 400; ++k)
        rows.emplace_back(next() * 2000, next() * 2000, k % 7 == 0 ? "On or near Supermarket" : "On or near Street " + std::to_string(k));
    const auto set = at_places(rows);
    const StreetIndex streets(set);
    for (int q = 0; q < 200; ++q) {
        const geo::XY p{next() * 2400 - 200, next() * 2400 - 200};
        double best = 150;
        std::string want;
        for (const auto& [x, y, text] : rows) {
            if (!is_street(text)) continue;
            const double d = std::hypot(x - p.x, y - p.y);
            const std::string name = strip_on_or_near(text);
            if (d < best || (d == best && name < want)) {
                best = d;
                want = name;
            }
        }
        CHECK(streets.nearest(p, 150) == want);
    }
}

TEST_CASE("labels: numbered suffixes only where names would be equal") {
    std::vector<std::string> names = {"A Road, Ward", "B Road, Ward", "A Road, Ward", "A Road, Ward #2", "A Road, Ward", ""};
    make_unique(names);
    CHECK(names[0] == "A Road, Ward");
    CHECK(names[1] == "B Road, Ward");
    CHECK(names[2] == "A Road, Ward #3");  // #2 is taken by a name given
    CHECK(names[3] == "A Road, Ward #2");
    CHECK(names[4] == "A Road, Ward #4");
    CHECK(names[5] == "");
    CHECK(std::set<std::string>(names.begin(), names.end()).size() == names.size());
    const auto labels = ranked_labels("G", {"Kingsway, Edgware", "", "Kingsway, Edgware"});
    CHECK(labels == std::vector<std::string>{"G1 Kingsway, Edgware", "G2", "G3 Kingsway, Edgware #2"});
    CHECK(place_and_area("Kingsway", "Edgware") == "Kingsway, Edgware");
    CHECK(place_and_area("", "Edgware") == "Edgware");
    CHECK(place_and_area("Kingsway", "") == "Kingsway");
}
