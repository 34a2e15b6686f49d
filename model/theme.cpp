#include "model/theme.hpp"

#include <algorithm>
#include <cctype>

namespace hotspots {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool any_same(const std::vector<std::string>& list, std::string_view s) {
    return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return same_text(x, s); });
}

}  // namespace

bool same_text(std::string_view a, std::string_view b) {
    a = trimmed(a);
    b = trimmed(b);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool theme_counts(const Theme& t, std::string_view major, std::string_view minor) {
    return t.everything || (!minor.empty() && any_same(t.minor, minor)) || (!major.empty() && any_same(t.major, major));
}

bool theme_takes(const Theme& t, Category category, std::string_view raw_type, bool meets_where) {
    if (!meets_where) return false;
    const bool by_conditions_only = t.categories.empty() && t.types.empty() && !t.where.empty();
    return t.everything || by_conditions_only || any_same(t.categories, slug(category)) ||
           (!raw_type.empty() && any_same(t.types, raw_type));
}

std::vector<Theme> default_themes() {
    // data.police.uk's categories do not split burglary or robbery, nor violence by injury: those
    // themes take police exports' own offence names only.
    return {
        {"residential-burglary", "Residential burglary", {},
         {"RES BURGLARY OF A HOME", "RES BURGLARY OF UNCONNECTED BUILDING", "DOMESTIC BURGLARY", "BURGLARY - RESIDENTIAL"},
         {},
         {"Burglary - residential", "Residential burglary", "Burglary residential", "Burglary in a dwelling",
          "Burglary dwelling"}},
        {"commercial-burglary", "Commercial burglary", {}, {"BURGLARY BUSINESS AND COMMUNITY"}, {},
         {"Burglary - business and community", "Burglary - commercial", "Burglary - non-residential",
          "Commercial burglary", "Burglary other than dwelling"}},
        {"personal-robbery", "Personal robbery", {}, {"ROBBERY OF PERSONAL PROPERTY"}, {},
         {"Robbery of personal property", "Personal robbery"}},
        {"violence-with-injury", "Violence with injury", {}, {"VIOLENCE WITH INJURY"}, {},
         {"Violence with injury", "Assault ABH", "Assault GBH", "Assault with injury", "Wounding", "GBH"}},
        {"burglary", "Burglary (all)", {"BURGLARY"}, {}, {"burglary"}, {}},
        {"robbery", "Robbery (all)", {"ROBBERY"}, {}, {"robbery"}, {}},
        {"possession-of-weapons", "Possession of weapons", {"POSSESSION OF WEAPONS"}, {}, {"possession-of-weapons"}, {}},
        {"asb", "Anti-social behaviour", {}, {}, {"anti-social-behaviour"}, {}},
    };
}

}  // namespace hotspots
