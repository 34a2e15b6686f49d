// The filters: checked before reading, then applied (period, type, hours, --where, --within)
// with every incident dropped counted.
#include "steps/input.hpp"

#include "io/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hotspots::steps {

void check_filters(const FilterParams& f, const AreaLayers& areas, bool weighs) {
    if (f.from && f.to && *f.to < *f.from) throw UsageError("--to is before --from");
    if (f.time_rule != "start" && f.hours_text.empty() && f.days_text.empty() && f.months_text.empty())
        throw UsageError("--time-rule " + f.time_rule + " says how --hours, --weekdays and --months take a from/to range; "
                         "give one of them (without them every incident is kept whole)");
    if (f.time_rule == "aoristic" && !weighs)
        throw UsageError("--time-rule aoristic counts an incident with the share of its range in the time window; this "
                         "command counts whole incidents. Use --time-rule start or whole here, or kde, gistar, trend "
                         "or map, which weigh incidents");
    if (f.where.size() > max_conditions)
        throw UsageError(fmt::format("{} --where conditions; at most {} can be tested", f.where.size(), max_conditions));
    if (!f.within.empty()) {
        if (areas.layers.empty()) throw UsageError("--within needs --areas (the layer holding that code)");
        std::vector<std::string> codes;
        for (const auto& layer : areas.layers)
            for (std::size_t a = 0; a < layer.area_count(); ++a) codes.push_back(layer.code(static_cast<std::int32_t>(a)));
        if (std::find(codes.begin(), codes.end(), f.within) == codes.end()) {
            const std::string near = closest(f.within, codes);
            throw UsageError("--within " + f.within + ": no area has this code in the --areas layers" +
                             (near.empty() ? "" : "; did you mean " + near + "?"));
        }
    }
    check_crime_types(f.crime_types);
}

void check_crime_types(const std::vector<std::string>& types) {
    // A value that is no category but close to one is a misspelling, not a raw crime type.
    std::vector<std::string> names;
    for (const auto& c : categories()) names.emplace_back(c.slug);
    for (const auto& t : types) {
        if (category_from_name(t)) continue;
        const std::string near = closest(t, names);
        if (!near.empty())
            throw UsageError(fmt::format("--crime-type {}: not a category; did you mean {}? (categories: {}; a raw "
                                         "crime type of the data is matched exactly)",
                                         t, near, fmt::join(names, ", ")));
    }
}

namespace {

// For a --crime-type that is neither a category nor a type of the data: the category whose
// name or label it is close to or starts ("violence": violent-crime), or the closest raw type.
std::string type_hint(const IncidentSet& set, const std::vector<std::string>& wanted) {
    for (const auto& t : wanted) {
        if (category_from_name(t)) continue;
        const std::string lower = io::lower_case(t);
        std::vector<std::string> raw;
        bool present = false;
        for (std::uint32_t k = 1; k < set.strings().size(); ++k) {
            present = present || io::lower_case(set.strings()[k]) == lower;
            raw.push_back(set.strings()[k]);
        }
        if (present) continue;
        for (const auto& c : categories()) {
            const std::string label = io::lower_case(std::string(c.label));
            if ((lower.size() >= 4 && label.rfind(lower, 0) == 0) || closest(lower, {std::string(c.slug), label}) != "")
                return fmt::format("; did you mean {} ({})?", c.slug, c.label);
        }
        const std::string near = closest(t, raw);
        if (!near.empty()) return "; did you mean the crime type '" + near + "'?";
        return "; `hotspots info` lists the crime types of the data";
    }
    return "";
}

}  // namespace

// The filters as the algorithm takes them; hours and weekdays need dated incidents, and
// every --where condition must hold for some incident.
static FilterOptions filter_options(const FilterParams& f, const Ingested& in) {
    const IncidentSet& set = in.set;
    FilterOptions fo;
    fo.from = f.from;
    fo.to = f.to;
    fo.crime_types = f.crime_types;
    fo.hours = f.hours;
    fo.days = f.days;
    fo.months = f.months;
    fo.whole_range = f.time_rule == "whole";
    fo.aoristic = f.time_rule == "aoristic";
    if (fo.hours != FilterOptions::all<24>() || fo.days != FilterOptions::all<7>())
        for (const auto& i : set.incidents)
            if (i.precision == TimePrecision::month)
                throw UsageError("--hours and --weekdays need incidents with dates and times; these have months only "
                                 "(data.police.uk). --months works on them; use a police export for hours");
    for (const auto& w : f.where) {
        const auto at = std::find(in.conditions.begin(), in.conditions.end(), w);
        if (at == in.conditions.end()) throw std::logic_error("--where " + w + " was not tested while reading");
        const auto k = static_cast<std::size_t>(at - in.conditions.begin());
        const std::uint32_t bit = std::uint32_t{1} << k;
        fo.required_flags |= bit;
        if (std::any_of(set.incidents.begin(), set.incidents.end(), [&](const Incident& i) { return (i.flags & bit) != 0; }))
            continue;
        // Matching nothing is a misspelt value (Y for Yes), not an empty map to print.
        std::vector<std::pair<std::string, std::uint64_t>> seen;
        if (k < in.condition_values.size()) seen.assign(in.condition_values[k].begin(), in.condition_values[k].end());
        std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string values;
        for (std::size_t v = 0; v < seen.size() && v < 12; ++v)
            values += fmt::format("{}'{}' ({})", v ? ", " : "", seen[v].first, seen[v].second);
        if (seen.size() > 12) values += ", ...";
        const auto c = parse_condition(w);
        throw std::runtime_error(fmt::format("--where {}: none of the {} incidents read has it; the column '{}' holds {}",
                                             w, set.incidents.size(), c.field, values.empty() ? "no values" : values));
    }
    return fo;
}

// With --time-rule aoristic, the kept incidents' weights take their shares.
static void apply_shares(IncidentSet& set, const std::vector<bool>& keep, const std::vector<double>& shares) {
    if (shares.empty()) return;
    for (std::size_t i = 0; i < keep.size(); ++i)
        if (keep[i]) set.incidents[i].weight *= shares[i];
}

void filter_period_type(Ingested& in, const FilterParams& f) {
    const FilterOptions fo = filter_options(f, in);
    std::vector<bool> keep;
    std::vector<double> shares;
    try {
        keep = select(in.set, fo, in.filtered, &shares);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(e.what()) + type_hint(in.set, f.crime_types));
    }
    apply_shares(in.set, keep, shares);
    keep_selected(in.set, keep, in.assignment);
}

Ingested select_period_type(const Ingested& base, const FilterParams& f) {
    const FilterOptions fo = filter_options(f, base);
    Ingested out;
    out.filtered = base.filtered;
    std::vector<bool> keep;
    std::vector<double> shares;
    try {
        keep = select(base.set, fo, out.filtered, &shares);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string(e.what()) + type_hint(base.set, f.crime_types));
    }
    out.set = base.set.empty_like();
    out.rejects = base.rejects;
    out.details = base.details;
    out.lonlat = base.lonlat;
    out.inputs = base.inputs;
    out.layers = base.layers;
    out.area_sources = base.area_sources;
    out.rows = base.rows;
    out.loaded = base.loaded;
    out.rejected = base.rejected;
    out.months_read = base.months_read;
    out.conditions = base.conditions;
    out.condition_values = base.condition_values;
    const auto kept = static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true));
    out.set.incidents.reserve(kept);
    out.assignment.assign(base.assignment.size(), {});
    for (auto& a : out.assignment) a.reserve(kept);
    for (std::size_t i = 0; i < keep.size(); ++i) {
        if (!keep[i]) continue;
        out.set.incidents.push_back(base.set.incidents[i]);
        if (!shares.empty()) out.set.incidents.back().weight *= shares[i];
        for (std::size_t l = 0; l < base.assignment.size(); ++l) out.assignment[l].push_back(base.assignment[l][i]);
    }
    return out;
}

void filter_within(Ingested& in, const FilterParams& f) {
    if (f.within.empty()) return;
    std::vector<bool> inside(in.set.incidents.size(), false);
    bool code_known = false;
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto& layer = in.layers[l];
        std::vector<bool> match(layer.area_count());
        for (std::size_t a = 0; a < match.size(); ++a) {
            match[a] = layer.code(static_cast<std::int32_t>(a)) == f.within;
            code_known = code_known || match[a];
        }
        for (std::size_t i = 0; i < inside.size(); ++i) {
            const auto a = in.assignment[l][i];
            if (a >= 0 && match[static_cast<std::size_t>(a)]) inside[i] = true;
        }
    }
    if (!code_known) throw UsageError("--within " + f.within + ": no area has this code in the --areas layers");
    in.filtered.outside_within = static_cast<std::uint64_t>(std::count(inside.begin(), inside.end(), false));
    keep_selected(in.set, inside, in.assignment);
}

void log_filtered(const Ingested& in, Log& log) {
    if (in.filtered.total() == 0) return;
    const auto& f = in.filtered;
    std::string more;
    if (f.outside_time) more += fmt::format(", outside --hours/--weekdays/--months {}", f.outside_time);
    if (f.outside_where) more += fmt::format(", not --where {}", f.outside_where);
    if (f.outside_extent) more += fmt::format(", outside the study extent {}", f.outside_extent);
    log.note(fmt::format("kept {} incidents; filtered out {} (before --from {}, after --to {}, other type {}, "
                         "outside --within {}{})",
                         in.set.incidents.size(), f.total(), f.before_from, f.after_to, f.other_type, f.outside_within, more));
}

}  // namespace hotspots::steps
