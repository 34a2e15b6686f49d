#include "pack/period_checks.hpp"

#include "io/area_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace hotspots::pack {
namespace {

using steps::UsageError;

constexpr Seconds earliest = std::numeric_limits<Seconds>::min();
constexpr Seconds latest = std::numeric_limits<Seconds>::max();

std::string period_text(const Period& p) {
    if (p.from == earliest && p.to == latest) return "any date";
    if (p.from == earliest) return "up to " + format_date(p.to);
    if (p.to == latest) return "from " + format_date(p.from);
    return format_date(p.from) + ".." + format_date(p.to);
}

// One label's boundaries: every [[areas]] table of it (its generations), with their dates.
struct Boundaries {
    std::string label;
    std::vector<Period> in_force;  // open ends for dates not given
    std::vector<int> lines;
    std::vector<std::string> paths;
    bool dated = false;  // some table of the label gives from or to
};

std::vector<Boundaries> boundaries_of(const PackFile& pack) {
    std::vector<Boundaries> out;
    for (std::size_t i = 0; i < pack.areas.size(); ++i) {
        const auto spec = io::parse_area_spec(pack.areas[i]);
        auto it = std::find_if(out.begin(), out.end(), [&](const Boundaries& b) { return b.label == spec.label; });
        if (it == out.end()) {
            out.push_back({spec.label, {}, {}, {}, false});
            it = out.end() - 1;
        }
        it->in_force.push_back({spec.from.value_or(earliest), spec.to.value_or(latest)});
        it->lines.push_back(pack.area_lines[i]);
        it->paths.push_back(spec.path);
        it->dated = it->dated || spec.from || spec.to;
    }
    return out;
}

// Whether the union of `in_force` meets `p`, and whether it covers all of it.
struct Cover {
    bool meets = false, whole = false;
};
Cover cover(std::vector<Period> in_force, const Period& p) {
    std::sort(in_force.begin(), in_force.end(), [](const Period& a, const Period& b) { return a.from < b.from; });
    Cover c;
    Seconds reached = p.from;  // everything of p before this is covered
    bool gap = false;
    for (const auto& f : in_force) {
        if (f.to < p.from || f.from > p.to) continue;
        c.meets = true;
        if (f.from > reached) gap = true;
        if (f.to >= reached) reached = f.to == latest ? latest : f.to + 1;
    }
    c.whole = c.meets && !gap && (reached == latest || reached > p.to);
    return c;
}

std::string in_force_text(const Boundaries& b) {
    std::string s;
    for (const auto& f : b.in_force) s += (s.empty() ? "" : " and ") + period_text(f);
    return s;
}

}  // namespace

std::vector<StepPeriod> step_periods(const steps::Step& step) {
    std::vector<StepPeriod> out;
    const auto& f = step.filters();
    if (f.from || f.to) out.push_back({"period", {f.from.value_or(earliest), f.to.value_or(latest)}});
    // The step's own periods (change's before and after): declared as periods, outside the
    // filters, so no step is named here.
    for (const auto& p : step.params().all()) {
        if (p.temporal != steps::Temporal::period || p.group == steps::ParamGroup::filters) continue;
        const auto& values = p.given ? p.values : std::vector<std::string>{p.default_text};
        for (const auto& v : values)
            if (const auto period = parse_period(v)) out.push_back({p.name, *period});
    }
    return out;
}

std::string periods_text(const std::vector<StepPeriod>& periods) {
    if (periods.size() == 1 && periods.front().name == "period") return period_text(periods.front().period);
    std::string s;
    for (const auto& p : periods) s += (s.empty() ? "" : " and ") + p.name + " " + period_text(p.period);
    return s;
}

std::map<const PackStep*, std::vector<std::string>> check_area_dates(const PackFile& pack, steps::Log& log) {
    std::map<const PackStep*, std::vector<std::string>> warnings;
    const auto all = boundaries_of(pack);
    if (all.empty()) return warnings;
    if (std::none_of(all.begin(), all.end(), [](const Boundaries& b) { return b.dated; })) {
        // Once for the file, not once per step: it is the file that lacks the dates.
        log.warning(where(pack, pack.area_lines.front()) +
                    "no [[areas]] says when its boundaries were in force, so the pack cannot check that they match its "
                    "periods (wards and other boundaries are redrawn every few years); give from = \"YYYY-MM\" and "
                    "to = \"YYYY-MM\" in each [[areas]] (docs/pack.md)");
        return warnings;
    }
    for (const auto& b : all) {
        if (!b.dated) continue;
        const std::string table = fmt::format("[[areas]] {} ({})", b.label, fmt::join(b.paths, ", "));
        for (const auto& st : pack.steps) {
            if (st.made.empty()) continue;
            for (const auto& sp : step_periods(*st.made.front())) {
                const auto c = cover(b.in_force, sp.period);
                if (c.whole) continue;
                const std::string said =
                    fmt::format("{} holds boundaries in force {}; step {} (line {}) counts incidents {}{}", table,
                                in_force_text(b), st.name, st.line, sp.name == "period" ? "in " : "in its " + sp.name + " period ",
                                period_text(sp.period));
                if (!c.meets)
                    throw UsageError(where(pack, b.lines.front()) + said +
                                     fmt::format(", wholly outside them: none of its incidents would fall in a {0}. Add the {0} "
                                                 "boundaries in force then (another [[areas]] with as = \"{0}\" and from = "
                                                 "\"YYYY-MM\"), or run the pack for a month they cover (--month)",
                                                 b.label));
                const std::string w = said + fmt::format(", partly outside them: those outside their dates fall in no {0} "
                                                         "(add the {0} boundaries in force then as another [[areas]] with "
                                                         "as = \"{0}\")",
                                                         b.label);
                log.warning(where(pack, b.lines.front()) + w);
                warnings[&st].push_back(w);
            }
        }
    }
    return warnings;
}

std::string skip_reason(const steps::Step& step, const steps::Ingested& base, const steps::Ingested& selected,
                        const std::string& input) {
    const auto periods = step_periods(step);
    const auto in = [](const IncidentSet& set, const Period& p) {
        return std::any_of(set.incidents.begin(), set.incidents.end(),
                           [&](const Incident& i) { return i.from >= p.from && i.from <= p.to; });
    };
    // A period the input holds nothing of lies beyond its files (change's after period past
    // their last month): the step would compare data with no data, so it does not run, even
    // when its other periods have incidents.
    for (const auto& p : periods)
        if (!in(base.set, p.period))
            return fmt::format("no incidents in {}{}: {}", p.name == "period" ? "" : "its " + p.name + " period ",
                               period_text(p.period), inputs_dates({input}, {&base}));
    const bool some = periods.empty() ? !selected.set.incidents.empty()
                                      : std::any_of(periods.begin(), periods.end(),
                                                    [&](const StepPeriod& p) { return in(selected.set, p.period); });
    if (some) return "";
    return fmt::format("no incidents of the theme in {} (input {} has some then, none of the theme's crime types, area "
                       "or conditions)",
                       periods_text(periods), input);
}

std::string inputs_dates(const std::vector<std::string>& names, const std::vector<const steps::Ingested*>& read) {
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (!read[i]) continue;
        const auto& m = read[i]->months_read;
        s += (s.empty() ? "" : ", ") +
             (m.empty() ? "input " + names[i] + " holds no incidents"
                        : "input " + names[i] + " holds incidents from " + format_month_number(m.front()) + " to " +
                              format_month_number(m.back()));
    }
    return s;
}

std::string nothing_in_period(const PackFile& pack, const std::vector<const steps::Step*>& made,
                              const std::vector<const steps::Ingested*>& read) {
    std::vector<std::string> periods, names;
    for (const auto* s : made) {
        const auto p = periods_text(step_periods(*s));
        if (std::find(periods.begin(), periods.end(), p) == periods.end()) periods.push_back(p);
    }
    for (const auto& in : pack.inputs) names.push_back(in.name);
    return fmt::format("{}: no incidents in the period for any theme: every step on every theme has none in its period "
                       "({}); {}. Run the pack for a month the inputs cover (--month YYYY-MM), or add newer files to its "
                       "[inputs]",
                       pack.path, fmt::join(periods, "; "), inputs_dates(names, read));
}

}  // namespace hotspots::pack
