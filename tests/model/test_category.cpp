#include "model/category.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace hotspots;

TEST_CASE("bulk CSV labels and API slugs map to the same category", "[category]") {
    for (const auto& info : categories()) {
        INFO(info.slug);
        CHECK(categorise(info.slug) == info.category);
        CHECK(categorise(info.label) == info.category);
    }
    CHECK(categorise("violent-crime") == Category::violence_sexual);
    CHECK(categorise("Violence and sexual offences") == Category::violence_sexual);
    CHECK(categorise("Violent crime") == Category::violence_sexual);  // label before May 2013
    CHECK(categorise("  anti-social behaviour ") == Category::anti_social_behaviour);
}

TEST_CASE("police export offences by keyword", "[category]") {
    CHECK(categorise("Burglary - residential") == Category::burglary);
    CHECK(categorise("Theft from motor vehicle") == Category::vehicle_crime);
    CHECK(categorise("Theft from the person") == Category::theft_from_the_person);
    CHECK(categorise("Theft - other") == Category::other_theft);
    CHECK(categorise("Assault ABH") == Category::violence_sexual);
    CHECK(categorise("Possession of knife or bladed article") == Category::possession_of_weapons);
    CHECK(categorise("Robbery of personal property") == Category::robbery);
    CHECK(categorise("Bicycle theft") == Category::bicycle_theft);
    // Short keywords only as whole words: "abh" inside another word is not assault.
    CHECK(categorise("Rehabilitation order breach") == Category::unclassified);
    CHECK(categorise("Lost property") == Category::unclassified);
}

TEST_CASE("slugs are unique and names resolve only exactly", "[category]") {
    std::set<std::string> slugs;
    for (const auto& info : categories()) slugs.insert(std::string(info.slug));
    CHECK(slugs.size() == category_count);
    CHECK(category_from_name("Burglary") == Category::burglary);
    CHECK_FALSE(category_from_name("Residential burglary"));
}
