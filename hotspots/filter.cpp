#include "hotspots/filter.hpp"

#include "hotspots/profile.hpp"
#include "model/time.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace hotspots {
namespace {

bool same_text(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

}  // namespace

namespace {

// Whether the moment (or the hour starting at) t is inside the hours, days and months.
bool at_time(Seconds t, const FilterOptions& o) {
    return o.hours[static_cast<std::size_t>(hour_of(t))] && o.days[static_cast<std::size_t>(weekday_of(t))] &&
           o.months[static_cast<std::size_t>(month_number(t) % 12)];
}

}  // namespace

bool in_times(const Incident& inc, const FilterOptions& o) {
    if (!o.whole_range || inc.to <= inc.from) return at_time(inc.from, o);
    // Every hour the range touches (a range of over a year never fits a window).
    constexpr Seconds hour = 3600;
    if (inc.to - inc.from > 366 * seconds_per_day) return false;
    for (Seconds h = inc.from - ((inc.from % hour) + hour) % hour; h <= inc.to; h += hour)
        if (!at_time(h, o)) return false;
    return true;
}

double share_in_times(const Incident& inc, const FilterOptions& o) {
    double share = 0;
    for_each_hour_share(inc.from, inc.to, [&](Seconds h, double s) {
        if (at_time(h, o)) share += s;
    });
    // Sums of shares that should make 1 can miss it by a rounding error.
    return share > 1 - 1e-12 ? 1.0 : share;
}

std::vector<bool> select(const IncidentSet& set, const FilterOptions& options, FilterCounts& counts,
                         std::vector<double>* shares) {
    // Resolve --crime-type values once: a category, or raw types (pooled strings).
    std::vector<bool> category_wanted(category_count, false);
    std::vector<bool> raw_wanted(set.strings().size(), false);
    for (const auto& want : options.crime_types) {
        if (auto c = category_from_name(want)) {
            category_wanted[static_cast<std::size_t>(*c)] = true;
            continue;
        }
        bool found = false;
        for (std::uint32_t i = 1; i < set.strings().size(); ++i) {
            if (same_text(set.strings()[i], want)) {
                raw_wanted[i] = true;
                found = true;
            }
        }
        if (!found)
            throw std::invalid_argument("--crime-type " + want +
                                        ": not a category (see docs/categories.md) and no incident has this crime type");
    }
    const bool by_type = !options.crime_types.empty();
    const bool by_time = options.by_time();
    std::vector<bool> keep(set.incidents.size(), true);
    const bool aoristic = by_time && options.aoristic && shares;
    if (shares) shares->assign(aoristic ? keep.size() : 0, 1.0);
    for (std::size_t i = 0; i < keep.size(); ++i) {
        const auto& inc = set.incidents[i];
        if (options.from && inc.from < *options.from) {
            ++counts.before_from;
            keep[i] = false;
        } else if (options.to && inc.from > *options.to) {
            ++counts.after_to;
            keep[i] = false;
        } else if (by_type && !category_wanted[static_cast<std::size_t>(inc.category)] && !raw_wanted[inc.crime_type]) {
            ++counts.other_type;
            keep[i] = false;
        } else if ((inc.flags & options.required_flags) != options.required_flags) {
            ++counts.outside_where;
            keep[i] = false;
        } else if (aoristic) {
            const double share = share_in_times(inc, options);
            (*shares)[i] = share;
            if (!(share > 0)) {
                ++counts.outside_time;
                keep[i] = false;
            }
        } else if (by_time && !in_times(inc, options)) {
            ++counts.outside_time;
            keep[i] = false;
        }
    }
    return keep;
}

void keep_selected(IncidentSet& set, const std::vector<bool>& keep, std::vector<std::vector<std::int32_t>>& columns) {
    // Nothing moves before the first dropped incident (often none is dropped).
    std::size_t k = 0;
    while (k < set.incidents.size() && keep[k]) ++k;
    for (std::size_t i = k; i < set.incidents.size(); ++i) {
        if (!keep[i]) continue;
        set.incidents[k] = set.incidents[i];
        for (auto& c : columns) c[k] = c[i];
        ++k;
    }
    set.incidents.resize(k);
    for (auto& c : columns) c.resize(k);
}

}  // namespace hotspots
