#include "model/category.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace hotspots {
namespace {

using C = Category;
constexpr std::array<CategoryInfo, category_count> table{{
    {C::anti_social_behaviour, "anti-social-behaviour", "Anti-social behaviour"},
    {C::bicycle_theft, "bicycle-theft", "Bicycle theft"},
    {C::burglary, "burglary", "Burglary"},
    {C::criminal_damage_arson, "criminal-damage-arson", "Criminal damage and arson"},
    {C::drugs, "drugs", "Drugs"},
    {C::other_theft, "other-theft", "Other theft"},
    {C::possession_of_weapons, "possession-of-weapons", "Possession of weapons"},
    {C::public_order, "public-order", "Public order"},
    {C::robbery, "robbery", "Robbery"},
    {C::shoplifting, "shoplifting", "Shoplifting"},
    {C::theft_from_the_person, "theft-from-the-person", "Theft from the person"},
    {C::vehicle_crime, "vehicle-crime", "Vehicle crime"},
    {C::violence_sexual, "violent-crime", "Violence and sexual offences"},
    {C::other_crime, "other-crime", "Other crime"},
    {C::public_disorder_weapons, "public-disorder-weapons", "Public disorder and weapons"},
    {C::unclassified, "unclassified", "Unclassified"},
}};

// Labels data.police.uk used in older files, and common spellings.
struct Alias {
    std::string_view name;
    Category category;
};
constexpr Alias aliases[] = {
    {"violent crime", C::violence_sexual},
    {"violence", C::violence_sexual},
    {"anti social behaviour", C::anti_social_behaviour},
    {"antisocial behaviour", C::anti_social_behaviour},
    {"asb", C::anti_social_behaviour},
    {"criminal damage & arson", C::criminal_damage_arson},
    {"theft from the person", C::theft_from_the_person},
};

// Keyword rules for police exports, tried in order; the first match wins, so the more
// specific words come first ("theft from person" before "theft", "bicycle" before "vehicle").
constexpr Alias keywords[] = {
    {"anti-social", C::anti_social_behaviour}, {"anti social", C::anti_social_behaviour},
    {"antisocial", C::anti_social_behaviour},  {"nuisance", C::anti_social_behaviour},
    {"burglary", C::burglary},                 {"robbery", C::robbery},
    {"shoplift", C::shoplifting},              {"theft from shop", C::shoplifting},
    {"theft from the person", C::theft_from_the_person},
    {"theft from person", C::theft_from_the_person},
    {"pickpocket", C::theft_from_the_person},  {"bicycle", C::bicycle_theft},
    {"cycle theft", C::bicycle_theft},         {"vehicle", C::vehicle_crime},
    {"motor", C::vehicle_crime},               {"arson", C::criminal_damage_arson},
    {"criminal damage", C::criminal_damage_arson},
    {"weapon", C::possession_of_weapons},      {"knife", C::possession_of_weapons},
    {"offensive", C::possession_of_weapons},   {"firearm", C::possession_of_weapons},
    {"drug", C::drugs},                        {"cannabis", C::drugs},
    {"public order", C::public_order},         {"harassment", C::violence_sexual},
    {"assault", C::violence_sexual},           {"violence", C::violence_sexual},
    {"wounding", C::violence_sexual},          {"sexual", C::violence_sexual},
    {"rape", C::violence_sexual},              {"abh", C::violence_sexual},
    {"gbh", C::violence_sexual},               {"homicide", C::violence_sexual},
    {"murder", C::violence_sexual},            {"stalking", C::violence_sexual},
    {"theft", C::other_theft},
};

// Lower case without surrounding blanks: how names are compared.
std::string folded(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    std::size_t start = 0;
    while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start]))) ++start;
    return out.substr(start);
}

bool has_word(const std::string& text, std::string_view word) {
    // Short keywords (abh, gbh, asb) must stand alone; longer ones may be part of a word.
    std::size_t pos = text.find(word);
    while (pos != std::string::npos) {
        if (word.size() > 3) return true;
        const bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(text[pos - 1]));
        const std::size_t end = pos + word.size();
        const bool right = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
        if (left && right) return true;
        pos = text.find(word, pos + 1);
    }
    return false;
}

}  // namespace

const std::array<CategoryInfo, category_count>& categories() { return table; }
std::string_view slug(Category c) { return table[static_cast<std::size_t>(c)].slug; }
std::string_view label(Category c) { return table[static_cast<std::size_t>(c)].label; }

std::optional<Category> category_from_name(std::string_view name) {
    const std::string s = folded(name);
    for (const auto& info : table) {
        if (s == info.slug || s == folded(info.label)) return info.category;
    }
    for (const auto& a : aliases) {
        if (s == a.name) return a.category;
    }
    return std::nullopt;
}

Category categorise(std::string_view raw) {
    if (auto c = category_from_name(raw)) return *c;
    const std::string s = folded(raw);
    for (const auto& k : keywords) {
        if (has_word(s, k.name)) return k.category;
    }
    return C::unclassified;
}

}  // namespace hotspots
