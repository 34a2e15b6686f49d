#pragma once
// One list of crime categories for every source: data.police.uk bulk CSV labels, API slugs,
// and police-export offence descriptions (by keyword). See docs/categories.md.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hotspots {

enum class Category : std::uint8_t {
    anti_social_behaviour,
    bicycle_theft,
    burglary,
    criminal_damage_arson,
    drugs,
    other_theft,
    possession_of_weapons,
    public_order,
    robbery,
    shoplifting,
    theft_from_the_person,
    vehicle_crime,
    violence_sexual,
    other_crime,
    public_disorder_weapons,  // data.police.uk category used before May 2013
    unclassified,             // nothing matched: the raw type is kept on the incident
};
inline constexpr std::size_t category_count = 16;

struct CategoryInfo {
    Category category;
    std::string_view slug;   // "violent-crime" (the API slug)
    std::string_view label;  // "Violence and sexual offences" (the bulk CSV label)
};
const std::array<CategoryInfo, category_count>& categories();
std::string_view slug(Category c);
std::string_view label(Category c);

// Exact slug or label (case-insensitive, also old labels such as "Violent crime"),
// then keywords for police exports ("Residential burglary" -> burglary); unclassified
// when nothing matches.
Category categorise(std::string_view raw);

// For --crime-type: a slug or label, exactly (case-insensitive); nothing when unknown.
std::optional<Category> category_from_name(std::string_view name);

}  // namespace hotspots
