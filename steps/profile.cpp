// profile: when the incidents happen: hour x weekday (by start, and aoristic shares of their
// from/to ranges), and the seasonal index of the monthly counts.
#include "hotspots/profile.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace hotspots::steps {
namespace {

const char* day_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct ProfileResult : Result {
    std::optional<WeekProfile> week;   // none for month-only data
    std::optional<Seasonal> seasonal;  // none under 24 months
    std::vector<ClockChange> clock;
    std::uint64_t month_only = 0;
    nlohmann::json metadata;
};

class Profile : public Step {
public:
    Profile() {
        declare_common(false);
        auto& p = m_params;
        p.output("output", m_output, "Hour x weekday: incidents by start and aoristic shares (CSV)", "week", ".csv")
            .short_form("o");
        p.output("monthly", m_monthly, "Monthly counts, centred 12-month trend and ratio (CSV)", "monthly", ".csv");
        p.output("seasonal", m_seasonal, "The seasonal index of each calendar month (CSV)", "seasonal", ".csv");
        p.output("clock-change", m_clock, "Incidents in the weeks before and after each clock change, and in the "
                 "evening hours 17-20 (CSV)", "clock-change", ".csv");
        p.integer("clock-weeks", m_weeks, "Weeks either side of a clock change", Range::between(1, 12)).def("4");
        p.number("standout-sd", m_sd, "A month stands out when its ratio to its month's index is this many SDs from 1",
                 Range::above(0))
            .def("2");
    }
    StepInfo info() const override {
        return {"profile",
                "When crime happens: hour x weekday (aoristic) and the seasonal index of monthly counts",
                "docs/time.md",
                {{.role = "week", .kind = ProductKind::table, .table = TableView::rows},
                 {.role = "monthly", .kind = ProductKind::table, .table = TableView::rows},
                 {.role = "seasonal", .kind = ProductKind::table, .table = TableView::rows},
                 {.role = "clock-change", .kind = ProductKind::table, .table = TableView::rows}},
                metadata_roles({{ColumnRole::measure, "parameters.{aoristic clock_weeks seasonal standout_sd}"}})};
    }
    void check(Context&, const AreaLayers&) override {}
    Needs needs() const override {
        Needs n;
        n.ids = n.location = n.lsoa = false;
        n.type = false;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    std::string m_output, m_monthly, m_seasonal, m_clock;
    double m_sd = 2;
    std::int64_t m_weeks = 4;
};

std::unique_ptr<Result> Profile::run(Ingested& in, Context& ctx) {
    auto r = std::make_unique<ProfileResult>();
    const auto& incs = in.set.incidents;
    if (incs.empty()) throw std::runtime_error("no incidents left after filtering; nothing to profile");
    for (const auto& i : incs) r->month_only += i.precision == TimePrecision::month ? 1 : 0;
    if (r->month_only == incs.size()) {
        if (!m_output.empty())
            throw UsageError("-o: these incidents have months only (data.police.uk): no hour or weekday to profile; "
                             "give --monthly or --seasonal, or a police export with dates and times");
        ctx.log().note("month-only data: no hour x weekday profile, only the months");
    } else {
        if (r->month_only)
            ctx.log().warning(fmt::format("{} incidents have months only: left out of the hour x weekday profile",
                                          r->month_only));
        IncidentSet exact = in.set.empty_like();
        for (const auto& i : incs)
            if (i.precision != TimePrecision::month) exact.incidents.push_back(i);
        r->week = week_profile(exact, ctx.threads());
        r->clock = clock_changes(exact, static_cast<int>(m_weeks));
    }
    // A pack asks for every table, over periods of any length: a table with no rows says so.
    if (!m_clock.empty() && r->clock.empty())
        ctx.log().warning(fmt::format("--clock-change: no clock change has {} weeks of dated incidents on both sides, so "
                                      "the table has no rows; give a longer period or fewer --clock-weeks",
                                      m_weeks));
    int first = month_number(incs.front().from), last = first;
    for (const auto& i : incs) {
        first = std::min(first, month_number(i.from));
        last = std::max(last, month_number(i.from));
    }
    std::vector<double> counts(static_cast<std::size_t>(last - first + 1), 0.0);
    for (const auto& i : incs) counts[static_cast<std::size_t>(month_number(i.from) - first)] += 1;
    if (counts.size() >= 24) {
        r->seasonal = seasonal_index(first, counts, m_sd);
    } else {
        if (!m_seasonal.empty() || !m_monthly.empty())
            throw UsageError(fmt::format("--seasonal/--monthly: the data cover {} months; a seasonal index needs 24",
                                         counts.size()));
        ctx.log().note(fmt::format("{} months of data: too few for a seasonal index (24)", counts.size()));
    }
    r->metadata = metadata("profile", m_input, m_filters, in,
                           {{"aoristic", "each hour's share of its real overlap with the from/to range; Europe/London "
                                         "clock changes; ranges over 7 days spread evenly"},
                            {"seasonal", "ratio to the centred 2x12 moving average, mean by calendar month, scaled to "
                                         "average 1"},
                            {"standout_sd", m_sd},
                            {"clock_weeks", m_weeks}});
    return r;
}

void Profile::write(const Result& result, Writer& w) const {
    const auto& r = result_as<ProfileResult>(result);
    if (!m_output.empty() && r.week) {
        std::vector<std::vector<std::string>> rows;
        const double n = static_cast<double>(r.week->incidents);
        for (int k = 0; k < hours_per_week; ++k) {
            const auto i = static_cast<std::size_t>(k);
            rows.push_back({day_names[k / 24], std::to_string(k % 24), fmt::format("{:.0f}", r.week->starts[i]),
                            fmt::format("{:.10g}", r.week->aoristic[i]), fmt::format("{:.4g}", 100 * r.week->aoristic[i] / n)});
        }
        w.table("week",
                {{"weekday", ColumnRole::identifier}, {"hour", ColumnRole::identifier}, {"starts", ColumnRole::count},
                 {"aoristic", ColumnRole::count}, {"aoristic_pct", ColumnRole::rate}},
                rows, r.metadata);
    }
    if (!m_clock.empty()) {
        std::vector<std::vector<std::string>> rows;
        auto pct = [](double a, double b) { return b > 0 ? fmt::format("{:.1f}", 100 * (a / b - 1)) : std::string(); };
        for (const auto& c : r.clock)
            rows.push_back({format_date(c.day), c.back ? "back" : "forward", fmt::format("{:.0f}", c.before),
                            fmt::format("{:.0f}", c.after), pct(c.after, c.before), fmt::format("{:.0f}", c.evening_before),
                            fmt::format("{:.0f}", c.evening_after), pct(c.evening_after, c.evening_before)});
        w.table("clock-change",
                {{"date", ColumnRole::identifier}, {"clocks", ColumnRole::identifier}, {"before", ColumnRole::count},
                 {"after", ColumnRole::count}, {"change_pct", ColumnRole::rate, Derivation::change("after", "before")},
                 {"evening_before", ColumnRole::count}, {"evening_after", ColumnRole::count},
                 {"evening_change_pct", ColumnRole::rate, Derivation::change("evening_after", "evening_before")}},
                rows, r.metadata);
    }
    if (r.seasonal) {
        const auto& s = *r.seasonal;
        if (!m_monthly.empty()) {
            std::vector<std::vector<std::string>> rows;
            auto num = [](double v) { return std::isnan(v) ? std::string() : fmt::format("{:.6g}", v); };
            for (std::size_t t = 0; t < s.counts.size(); ++t) {
                const int m = s.first_month + static_cast<int>(t);
                const bool out = std::find(s.standouts.begin(), s.standouts.end(), m) != s.standouts.end();
                rows.push_back({format_month_number(m), fmt::format("{:.0f}", s.counts[t]), num(s.trend[t]), num(s.ratio[t]),
                                fmt::format("{:.6g}", s.index[static_cast<std::size_t>(m % 12)]), out ? "yes" : "no"});
            }
            w.table("monthly",
                    {{"month", ColumnRole::identifier}, {"count", ColumnRole::count}, {"trend", ColumnRole::rate},
                     {"ratio", ColumnRole::rate}, {"month_index", ColumnRole::rate}, {"stands_out", ColumnRole::category}},
                    rows, r.metadata);
        }
        if (!m_seasonal.empty()) {
            std::vector<std::vector<std::string>> rows;
            for (std::size_t m = 0; m < 12; ++m) rows.push_back({month_names[m], fmt::format("{:.6g}", s.index[m])});
            w.table("seasonal", {{"month", ColumnRole::identifier}, {"index", ColumnRole::rate}}, rows, r.metadata);
        }
    }
}

std::string Profile::report(const Result& result) const {
    const auto& r = result_as<ProfileResult>(result);
    std::string s;
    auto out = std::back_inserter(s);
    if (r.week) {
        const auto& w = *r.week;
        fmt::format_to(out, "{} incidents ({} with a from/to range): % of the week's aoristic total by hour\n", w.incidents,
                       w.ranged);
        fmt::format_to(out, "hour ");
        for (const char* d : day_names) fmt::format_to(out, "{:>6}", d);
        s += '\n';
        for (int h = 0; h < 24; ++h) {
            fmt::format_to(out, "{:02d}   ", h);
            for (int d = 0; d < 7; ++d)
                fmt::format_to(out, "{:>6.1f}", 100 * w.aoristic[static_cast<std::size_t>(d * 24 + h)] / static_cast<double>(w.incidents));
            s += '\n';
        }
    }
    if (!r.clock.empty()) {
        double back_all[2] = {0, 0}, back_eve[2] = {0, 0}, fwd_all[2] = {0, 0}, fwd_eve[2] = {0, 0};
        for (const auto& c : r.clock) {
            auto* all = c.back ? back_all : fwd_all;
            auto* eve = c.back ? back_eve : fwd_eve;
            all[0] += c.before;
            all[1] += c.after;
            eve[0] += c.evening_before;
            eve[1] += c.evening_after;
        }
        auto change = [](const double* v) { return v[0] > 0 ? fmt::format("{:+.0f}%", 100 * (v[1] / v[0] - 1)) : std::string("-"); };
        fmt::format_to(out, "clock changes ({} weeks either side, {} changes): clocks back {} ({}-{}h {}), clocks forward {} "
                            "({}-{}h {})\n",
                       m_weeks, r.clock.size(), change(back_all), evening_from, evening_to, change(back_eve),
                       change(fwd_all), evening_from, evening_to, change(fwd_eve));
    }
    if (r.seasonal) {
        const auto& z = *r.seasonal;
        fmt::format_to(out, "seasonal index ({} to {}):", format_month_number(z.first_month),
                       format_month_number(z.first_month + static_cast<int>(z.counts.size()) - 1));
        for (std::size_t m = 0; m < 12; ++m) fmt::format_to(out, " {} {:.2f}", month_names[m], z.index[m]);
        s += '\n';
        if (!z.standouts.empty()) {
            fmt::format_to(out, "months that stand out:");
            for (int m : z.standouts) {
                const auto t = static_cast<std::size_t>(m - z.first_month);
                fmt::format_to(out, " {} ({:.0f}, {:+.0f}% on its month's usual share)", format_month_number(m),
                               z.counts[t], 100 * (z.ratio[t] / z.index[static_cast<std::size_t>(m % 12)] - 1));
            }
            s += '\n';
        }
    }
    return s;
}

}  // namespace

std::unique_ptr<Step> make_profile() { return std::make_unique<Profile>(); }

}  // namespace hotspots::steps
