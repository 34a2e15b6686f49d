// dashboard: repeat victims, callers or addresses per theme (docs/dashboard.md, "Repeat victims
// and callers"; the figures in hotspots/repeat_victims). The keys themselves are never written.
#include "hotspots/repeat_victims.hpp"
#include "steps/dashboard.hpp"

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace hotspots::steps {

void DashboardStep::write_repeats(const DashboardResult& r, Writer& w) const {
    if (m_repeats.empty() || m_repeat_key.empty() || !r.in) return;
    const auto& set = r.in->set;
    const auto masks = theme_masks(r.themes, *r.in);
    std::vector<char> reported(r.areas.size(), 0);
    for (std::size_t a : r.reported) reported[a] = 1;
    // Keys as small numbers (the pool's index; 0 is the empty text).
    auto day_of = [](Seconds t) { return t >= 0 ? t / seconds_per_day : -((-t + seconds_per_day - 1) / seconds_per_day); };
    const std::int64_t month_end = days_from_civil(r.month / 12, r.month % 12 + 1, days_in_month(r.month / 12, r.month % 12 + 1));
    const auto [first12, last12] = window_months(Window::twelve, r.month);
    struct Period {
        const char* name;
        std::int64_t first, last;
    };
    const std::vector<Period> periods{{"12m", days_from_civil(first12 / 12, first12 % 12 + 1, 1), month_end},
                                      {"4w", month_end - 27, month_end}};
    const std::int64_t data_first = days_from_civil(r.cube.first_month / 12, r.cube.first_month % 12 + 1, 1);
    using R = ColumnRole;
    const std::vector<Column> header{
        {"theme", R::identifier},        {"period", R::identifier},          {"first_day", R::identifier},
        {"last_day", R::identifier},     {"incidents", R::count},            {"victims", R::count},
        {"repeat_victims", R::count},    {"repeat_victim_share", R::rate, Derivation::ratio("repeat_victims", "victims")},
        {"repeats_28d", R::count},       {"repeats_28d_share", R::rate, Derivation::ratio("repeats_28d", "incidents")},
        {"repeats_365d", R::count},      {"repeats_365d_share", R::rate, Derivation::ratio("repeats_365d", "incidents")},
        {"without_key", R::count},       {"note", R::identifier}};
    std::vector<std::vector<std::string>> rows;
    Members incidents{"incidents", {}, false}, r28{"repeats_28d", {}, false}, r365{"repeats_365d", {}, false};
    auto share = [](std::uint64_t a, std::uint64_t b) { return b ? fmt::format("{}", double(a) / double(b)) : std::string(); };
    for (std::size_t th = 0; th < r.themes.size(); ++th) {
        std::vector<KeyedEvent> events;
        for (std::size_t i = 0; i < set.incidents.size(); ++i) {
            const auto& inc = set.incidents[i];
            if (r.unit_of[i] < 0 || !reported[static_cast<std::size_t>(r.unit_of[i])]) continue;
            if (!theme_takes(r.themes[th], inc.category, set.text(inc.crime_type), (inc.flags & masks[th]) == masks[th])) continue;
            const bool keyed = !trim_blanks(set.text(inc.group)).empty();
            events.push_back({keyed ? inc.group + 1 : 0, day_of(inc.from), static_cast<std::uint32_t>(i)});
        }
        for (const auto& p : periods) {
            const auto f = repeat_figures(events, p.first, p.last);
            // A year's look-back before the data's start is not in the data: said, not hidden.
            const std::string note = p.first - 365 < data_first ? "repeats within a year look back before the data" : "";
            rows.push_back({r.themes[th].key, p.name, format_date(p.first * seconds_per_day), format_date(p.last * seconds_per_day),
                            std::to_string(f.incidents), std::to_string(f.victims), std::to_string(f.repeat_victims),
                            share(f.repeat_victims, f.victims), std::to_string(f.repeats_28.size()),
                            share(f.repeats_28.size(), f.incidents), std::to_string(f.repeats_365.size()),
                            share(f.repeats_365.size(), f.incidents), std::to_string(f.unkeyed), note});
            incidents.rows.push_back(f.in_period);
            r28.rows.push_back(f.repeats_28);
            r365.rows.push_back(f.repeats_365);
        }
    }
    // victims, repeat_victims and without_key count people or rows the writer is not told of:
    // publishing withholds them beside a hidden count.
    w.counts("repeats", {std::move(incidents), std::move(r28), std::move(r365)});
    w.table("repeats", header, rows, r.metadata);
}

}  // namespace hotspots::steps
