// dashboard: declarations, checks, and the monthly counts from count tables or incidents.
#include "steps/dashboard.hpp"

#include "io/count_table.hpp"
#include "io/theme_file.hpp"
#include "model/parallel.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>

namespace hotspots::steps {
namespace {

// Entries of the MPS tables that are not places: never ranked.
bool mps_pseudo_area(const std::string& name) {
    for (const char* n : {"Unknown", "London Heathrow and London City Airports", "Aviation Security (SO18)"})
        if (same_text(name, n)) return true;
    return false;
}

// The one theme --crime-type makes is keyed by its types, as the board's themes are by theirs:
// "burglary", "burglary+robbery", "burglary-residential" (a raw type: lower case, a dash for
// each run of other characters), so a map layer's columns say what they count.
std::string crime_types_key(const std::vector<std::string>& types) {
    std::string key;
    for (const auto& t : types) {
        std::string k;
        if (const auto c = category_from_name(t)) {
            k = std::string(slug(*c));
        } else {
            for (char ch : t) {
                const auto u = static_cast<unsigned char>(ch);
                if (std::isalnum(u)) k += static_cast<char>(std::tolower(u));
                else if (!k.empty() && k.back() != '-') k += '-';
            }
            while (!k.empty() && k.back() == '-') k.pop_back();
        }
        if (k.empty()) k = "selected";
        key += (key.empty() ? "" : "+") + k;
    }
    return key;
}

int parse_month(const std::string& text) {
    const auto t = parse_when(text);
    if (!t || t->precision != TimePrecision::month)
        throw UsageError("--month " + text + ": give a month as YYYY-MM, e.g. 2021-11");
    return month_number(t->from);
}

}  // namespace

DashboardStep::DashboardStep() {
    declare_common(false);
    auto& p = m_params;
    p.text("month", m_month_text,
           "The reporting month YYYY-MM (default: the last complete month of the data)")
        .shown_as("YYYY-MM");
    p.text("themes", m_themes_text,
           "auto (with --crime-type: one theme of the incidents kept; else the board's), board, all, or a .toml file")
        .def("auto")
        .shown_as("auto|board|all|FILE")
        .reads_file([](const std::string& v) -> std::optional<FileSpan> {
            if (v.size() > 5 && v.compare(v.size() - 5, 5, ".toml") == 0) return FileSpan{};
            return std::nullopt;
        });
    p.text("per", m_per, "The --areas layer whose areas are reported, for incidents (default: the first); with "
           "--units streets or --cell, the layer naming each unit's ward").shown_as("LABEL");
    // Street segments, hexagons or square cells instead of areas: no default cell, no extent,
    // no neighbours (nothing here is spatial statistics), the dashboard's own --per; the
    // network's defaults not declared, so a pack's manifest stays as it was without them.
    declare_grid(p, m_grid, {.cell_default = "", .cell_auto = false, .extent_and_mask = false, .neighbours = false,
                             .streets = true, .hex = true, .declared_defaults = false, .per = false});
    // Said for the board: its rows are areas unless one of these is given.
    p.find("cell")->help = "Rows of square cells of this size in metres instead of areas; or hexagons, hex:SIZE[:flat] "
                           "(SIZE the metres between opposite edges, pointy-topped unless :flat)";
    p.find("units")->help = "streets: rows of the street segments of --network instead of areas (docs/dashboard.md); "
                            "cells: areas, or --cell";
    p.path("population", m_population, "Residents by area code and year (CSV: code, year, population)");
    p.text("population-field", m_population_field,
           "Residents from this field of the --per layer's polygons (one figure for every year)")
        .shown_as("FIELD");
    p.number("confidence", m_confidence, "Confidence of the rates' intervals", Range::between(0.5, 0.999)).def("0.95");
    p.text("smooth", m_smooth, "Also give each rate smoothed by global empirical Bayes (eb: towards the reported areas' "
           "rate, Marshall 1991) beside the raw one; needs residents")
        .one_of({"none", "eb"})
        .def("none");
    p.number("gap-median", m_gap_median,
             "A month with under a tenth of an area's usual rows is missing data when that usual (the median of the "
             "12 months either side, of every incident or count the filters keep, whatever its theme) is at least this",
             Range::above(0))
        .def("20");
    p.output("output", m_output, "One row per area and theme, every figure: .csv, .xlsx, .gpkg, .geojson", "board",
             ".csv .xlsx .gpkg .geojson")
        .short_form("o");
    p.output("tidy", m_tidy, "One row per area, theme and period (CSV)", "tidy", ".csv");
    p.output("series", m_series, "Monthly counts and rates per area and theme, for trend charts (CSV)", "series", ".csv");
    p.number("change-penalty", m_change.penalty_log_n,
             "The series' change points: the penalty per change of level, times ln n (n months), on twice the "
             "negative Poisson log-likelihood: 3 is the change term of the modified BIC, 2 the BIC; higher finds fewer "
             "changes (docs/dashboard.md)",
             Range::between(0.1, 100))
        .def("3");
    p.integer("change-min-months", m_change.min_segment, "The series' change points: months of each level, at least",
              Range::between(1, 60))
        .def("3");
    p.integer("top", m_top, "Areas printed per theme (the highest rates or counts)", Range::at_least(0)).def("10");
    p.flag("financial-year", m_financial_year,
           "Add the financial year to date against the same months a year earlier (count_fytd, change_fytd_pct, ...)");
    p.integer("year-start", m_year_start, "The financial year's first month (4: April to March)", Range::between(1, 12))
        .def("4");
    auto& season = p.list("season", m_season_texts,
                          "A named season of ISO weeks (summer=W22-W35; awn=W40-W10) or dates (summer=06-01..08-31): "
                          "its weekly counts against the same weeks of earlier years, in --weekly (repeatable)");
    season.value_name = "NAME=WEEKS";
    season.parse = [this](const std::string& v) {
        try {
            parse_season(v);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--season ") + e.what());
        }
        m_season_texts.push_back(v);
    };
    season.clear = [this] { m_season_texts.clear(); };
    p.integer("season-years", m_season_years, "Earlier years each season's weeks are compared with",
              Range::between(1, 10))
        .def("3");
    p.text("outcome-column", m_outcome_column,
           "The column of each incident's outcome (data.police.uk: \"Last outcome category\"): the shares of each "
           "outcome group and the positive outcome rate, in --outcomes")
        .shown_as("FIELD");
    p.path("outcome-groups", m_outcome_groups_path,
           "Outcome categories' groups (CSV: category, group, positive); default: built in, docs/outcome-groups.csv");
    p.number("unavailable-limit", m_unavailable_limit,
             "Above this share of 'Status update unavailable' outcomes, a period gets a statement, not a positive outcome rate",
             Range::between(0, 1))
        .def("0.5");
    p.output("outcomes", m_outcomes, "Outcome groups' counts and shares per area, theme and period (CSV)", "outcomes", ".csv");
    p.text("repeat-key", m_repeat_key,
           "The column keying each incident to its victim, caller or address: repeat victims' shares and repeats "
           "within 28 days and a year, in --repeats")
        .shown_as("FIELD");
    p.output("repeats", m_repeats, "Repeat victims (callers, addresses) per theme, 12 months and 4 weeks (CSV)", "repeats",
             ".csv");
    p.path("compare-with", m_compare_with,
           "Most Similar Groups (CSV: area, peer[, group]): each area's rank among its group beside its rank among all");
    p.path("targets", m_targets,
           "Targets (CSV: theme, area or *, change (%) or level (12-month count)): a red/amber/green status per line");
    p.number("amber-margin", m_amber_margin,
             "Amber: within this many percentage points above a change target, or per cent above a level",
             Range::at_least(0))
        .def("5");
    p.output("weekly", m_weekly, "Each --season's weekly counts per area and theme, this year and earlier ones (CSV)",
             "weekly", ".csv");
    declare_no_style();
}

void DashboardStep::check(Context& ctx, const AreaLayers& areas) {
    if (!m_month_text.empty()) parse_month(m_month_text);
    // Count tables or incidents: the file's header says (every input must agree).
    m_tables.clear();
    const auto files = expand(m_input);
    std::size_t tables = 0;
    for (const auto& f : files) tables += io::is_count_table(f) ? 1 : 0;
    if (tables && tables != files.size())
        throw UsageError("give count tables or incident files, not both (" + std::to_string(tables) + " of " +
                         std::to_string(files.size()) + " inputs are count tables)");
    if (tables) {
        for (const auto& f : files) m_tables.push_back(io::read_count_table(f, thread_count(ctx.threads())));
        if (!m_per.empty()) throw UsageError("--per chooses the --areas layer for incidents; a count table's areas are its own");
        if (!m_filters.crime_types.empty())
            throw UsageError("--crime-type selects incidents; for a count table, give --themes (a file of MPS category texts)");
        if (m_filters.from || m_filters.to)
            throw UsageError("--from and --to select incidents; a count table's periods follow from --month");
    } else if (areas.layers.empty() && !units_mode()) {
        throw UsageError("incidents need --areas (the wards or boroughs to report), e.g. --areas wards.gpkg,as=ward");
    } else if (!m_per.empty()) {
        layer_labelled(m_per, areas.layers);
    }
    // --within narrows the areas reported and the false-discovery family; the ranks among all
    // peers still need every area's incidents, so the incidents are not filtered by it.
    m_within = io::split_commas(m_filters.within);
    m_filters.within.clear();
    if (!tables && m_within.size() > 1) throw UsageError("--within: give one area code for incidents");
    if (!tables && !m_within.empty()) {
        bool known = false;
        for (const auto& l : areas.layers)
            for (const auto& g : l.generations()) known = known || g.index->find_code(m_within.front()) >= 0;
        if (!known) throw UsageError("--within " + m_within.front() + ": no area has this code in the --areas layers");
    }

    if (m_themes_text == "auto") {
        if (!m_filters.crime_types.empty()) {
            Theme t;
            t.key = crime_types_key(m_filters.crime_types);
            t.name = fmt::format("{}", fmt::join(m_filters.crime_types, ", "));
            t.everything = true;
            m_themes = {t};
        } else {
            m_themes = default_themes();
        }
    } else if (m_themes_text == "board") {
        m_themes = default_themes();
    } else if (m_themes_text == "all") {
        Theme t;
        t.key = "all";
        t.name = "All rows";
        t.everything = true;
        m_themes = {t};
    } else {
        const bool toml = m_themes_text.size() > 5 && m_themes_text.compare(m_themes_text.size() - 5, 5, ".toml") == 0;
        if (!toml) {
            const std::string near = closest(m_themes_text, {"auto", "board", "all"});
            throw UsageError("--themes " + m_themes_text + ": give auto, board, all or a .toml file" +
                             (near.empty() ? "" : "; did you mean " + near + "?"));
        }
        m_themes = io::read_themes(m_themes_text);
        ctx.record_read(m_themes_text);
    }
    // A theme with no rule for this kind of source is left out, never reported as 0.
    std::vector<Theme> usable;
    std::vector<std::string> left_out;
    for (auto& t : m_themes) {
        if (tables ? t.for_counts() : t.for_incidents()) usable.push_back(std::move(t));
        else left_out.push_back(t.name);
    }
    if (!left_out.empty())
        ctx.log().note(fmt::format("themes without a rule for {}: {} (left out; see docs/dashboard.md)",
                                   tables ? "count tables" : "incidents", fmt::join(left_out, ", ")));
    if (usable.empty()) throw UsageError("no theme applies to these inputs; give --themes with rules for them");
    m_themes = std::move(usable);
    check_units(ctx, areas, tables != 0);
    if (m_smooth != "none" && m_population.empty() && m_population_field.empty() && !m_grid.streets)
        throw UsageError("--smooth " + m_smooth + " smooths rates per 1,000 residents: give --population or --population-field");

    m_seasons.clear();
    for (const auto& t : m_season_texts) {
        m_seasons.push_back(parse_season(t));
        for (std::size_t k = 0; k + 1 < m_seasons.size(); ++k)
            if (m_seasons[k].name == m_seasons.back().name) throw UsageError("--season " + t + ": a season of that name is given twice");
    }
    if (!m_seasons.empty() && tables)
        throw UsageError("--season counts incidents by their days; count tables hold months: give incident files");
    if (!m_seasons.empty() && m_weekly.empty())
        throw UsageError("--season: give --weekly FILE.csv for the seasons' weekly counts");
    check_outcomes(ctx, tables);
    check_compare(ctx);
    if (!m_repeat_key.empty()) {
        if (tables) throw UsageError("--repeat-key reads incidents' keys; count tables have none");
        if (!m_outcome_column.empty())
            throw UsageError("--repeat-key and --outcome-column cannot be given together: incidents are read with one "
                             "grouping column (the victim key or the outcome), not two; run the dashboard once for each");
        if (m_repeats.empty()) throw UsageError("--repeat-key: give --repeats FILE.csv for the repeat victims table");
    }
    m_population_table = m_population.empty() ? nullptr : &ctx.population(m_population, "--population");
    m_population_areas = nullptr;
    if (!m_population_field.empty()) {
        if (!m_population.empty()) throw UsageError("give --population or --population-field, not both");
        if (areas.sources.empty()) throw UsageError("--population-field reads the --areas polygons: give --areas");
        // The latest layer of that label: the boundaries the areas are reported in.
        const std::string per = m_per.empty() ? areas.sources.front().label : m_per;
        const AreaSource* source = nullptr;
        for (const auto& a : areas.sources)
            if (a.label == per) source = &a;
        if (!source) throw UsageError("--population-field: no --areas layer is labelled " + per);
        m_population_areas = &ctx.polygons(source->spec, "--population-field", m_population_field);
    }
}

void DashboardStep::counts_from_tables(DashboardResult& r, Log& log) const {
    // Areas by code, in order of first appearance; months over every table.
    std::map<std::string, std::size_t> index;
    int first = 1 << 30, last = -1;
    for (const auto& t : m_tables) {
        first = std::min(first, t.first_month);
        last = std::max(last, t.first_month + t.months - 1);
        for (const auto& s : t.series)
            if (index.emplace(s.code, r.areas.size()).second) r.areas.push_back({s.code, s.name, s.group, {}, false});
    }
    // A month in several tables is taken from the table where it is fuller (the larger total):
    // a new table's first month can be a stub of a few rows, and re-based counts differ little.
    const int months = last - first + 1;
    std::vector<int> owner(static_cast<std::size_t>(months), -1);
    auto column_total = [&](std::size_t k, int m) {
        double sum = 0;
        const auto& t = m_tables[k];
        for (const auto& s : t.series) sum += s.values[static_cast<std::size_t>(m - t.first_month)];
        return sum;
    };
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        for (int m = t.first_month; m < t.first_month + t.months; ++m) {
            auto& o = owner[static_cast<std::size_t>(m - first)];
            if (o < 0) {
                o = static_cast<int>(k);
                continue;
            }
            const auto other = static_cast<std::size_t>(o);
            const double mine = column_total(k, m), theirs = column_total(other, m);
            const std::size_t taken = mine > theirs ? k : other;
            log.note(fmt::format("{} is in {} ({:.0f} in all) and {} ({:.0f}): taken from {}", format_month_number(m),
                                 m_tables[other].path, theirs, t.path, mine, m_tables[taken].path));
            o = static_cast<int>(taken);
        }
    }
    for (int m = 0; m < months; ++m)
        if (owner[static_cast<std::size_t>(m)] < 0)
            throw std::runtime_error("the count tables leave out " + format_month_number(first + m) +
                                     "; give a table that covers it");
    r.cube.resize(r.areas.size(), m_themes.size(), first, months);
    // A month is missing for an area when the table that gives it has no row for the area (a
    // ward of one table only), or has no row at all for that month (a long table's gap).
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        std::vector<char> has_area(r.areas.size(), 0);
        for (const auto& s : t.series) has_area[index.at(s.code)] = 1;
        for (int i = 0; i < t.months; ++i) {
            const int m = t.first_month + i - first;
            if (owner[static_cast<std::size_t>(m)] != static_cast<int>(k)) continue;
            const bool month_held = t.has_month.empty() || t.has_month[static_cast<std::size_t>(i)];
            for (std::size_t a = 0; a < r.areas.size(); ++a)
                if (!month_held || !has_area[a]) r.cube.is_absent(a, m) = 1;
        }
    }
    for (std::size_t k = 0; k < m_tables.size(); ++k) {
        const auto& t = m_tables[k];
        for (const auto& s : t.series) {
            const std::size_t a = index.at(s.code);
            std::vector<std::size_t> themes;
            for (std::size_t th = 0; th < m_themes.size(); ++th)
                if (theme_counts(m_themes[th], s.major, s.minor)) themes.push_back(th);
            for (int i = 0; i < t.months; ++i) {
                const int m = t.first_month + i - first;
                if (owner[static_cast<std::size_t>(m)] != static_cast<int>(k)) continue;
                const double v = s.values[static_cast<std::size_t>(i)];
                r.cube.total(a, m) += v;
                for (auto th : themes) r.cube.count(a, th, m) += v;
            }
        }
    }
}

// A theme nothing in the data matches is a mapping that failed (a misspelt text, a layout
// without that detail): it is left out with a warning, never reported as 0 everywhere.
// What the columns of a theme's conditions hold, for the warning on a theme matching nothing
// (Yes where the file has Y).
static std::string condition_values_text(const Theme& t, const Ingested* in) {
    if (!in || t.where.empty()) return "";
    std::string out;
    for (const auto& w : t.where) {
        const auto at = std::find(in->conditions.begin(), in->conditions.end(), w);
        if (at == in->conditions.end()) continue;
        const auto k = static_cast<std::size_t>(at - in->conditions.begin());
        std::vector<std::pair<std::string, std::uint64_t>> seen;
        if (k < in->condition_values.size()) seen.assign(in->condition_values[k].begin(), in->condition_values[k].end());
        std::stable_sort(seen.begin(), seen.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string values;
        for (std::size_t v = 0; v < seen.size() && v < 8; ++v)
            values += fmt::format("{}'{}' ({})", v ? ", " : "", seen[v].first, seen[v].second);
        out += fmt::format("; '{}': its column holds {}", w, values.empty() ? "no values" : values);
    }
    return out;
}

static void drop_empty_themes(DashboardResult& r, Log& log) {
    std::vector<std::size_t> keep;
    for (std::size_t th = 0; th < r.themes.size(); ++th) {
        double sum = 0;
        for (std::size_t a = 0; a < r.cube.areas; ++a)
            for (int m = 0; m < r.cube.months; ++m) sum += r.cube.count(a, th, m);
        if (sum > 0) keep.push_back(th);
        else log.warning(fmt::format("theme '{}': nothing in the data matches its rules; left out (check its texts: "
                                     "docs/dashboard.md){}",
                                     r.themes[th].name, condition_values_text(r.themes[th], r.in)));
    }
    if (keep.empty()) throw std::runtime_error("no theme matches anything in the data; give --themes with rules for it");
    if (keep.size() == r.themes.size()) return;
    CountCube c;
    c.resize(r.cube.areas, keep.size(), r.cube.first_month, r.cube.months);
    c.totals = r.cube.totals;
    std::vector<Theme> themes;
    for (std::size_t k = 0; k < keep.size(); ++k) {
        themes.push_back(r.themes[keep[k]]);
        for (std::size_t a = 0; a < c.areas; ++a)
            for (int m = 0; m < c.months; ++m) c.count(a, k, m) = r.cube.count(a, keep[k], m);
    }
    r.themes = std::move(themes);
    r.cube = std::move(c);
}

void DashboardStep::counts_from_incidents(DashboardResult& r, const Ingested& in, Context& ctx) const {
    auto& log = ctx.log();
    std::string per;
    if (units_mode()) {
        unit_rows(r, in, ctx);  // logs its incidents on no unit itself
    } else {
        per = m_per.empty() ? in.layers.front().label() : m_per;
        const auto& layer = in.layers[layer_labelled(per, in.layers)];
        if (layer.generations().size() > 1)
            log.note(fmt::format("areas '{}': reporting its latest boundaries ({}); incidents under earlier ones are not counted",
                                 per, layer.generations().back().source));
        const auto& index = *layer.generations().back().index;
        for (std::size_t i = 0; i < index.size(); ++i) r.areas.push_back({index.code(i), index.name(i), "", index.wkb(i), false});
        r.unit_of = area_unit_of_incident(per, in);
    }
    r.in = &in;
    const auto& unit_of = r.unit_of;
    if (in.set.incidents.empty() || in.months_read.empty())
        throw std::runtime_error("no incidents left after filtering; nothing to count");
    // The months are those the inputs hold (every row read, whatever the filters keep), within
    // --from/--to: a month with none of the theme's incidents is a zero, and a month the inputs
    // do not hold at all is missing data, not a zero.
    int first = in.months_read.front(), last = in.months_read.back();
    if (m_filters.from) first = std::max(first, month_number(*m_filters.from));
    if (m_filters.to) last = std::min(last, month_number(*m_filters.to));
    for (const auto& inc : in.set.incidents) {
        first = std::min(first, month_number(inc.from));
        last = std::max(last, month_number(inc.from));
    }
    r.cube.resize(r.areas.size(), m_themes.size(), first, last - first + 1);
    for (int m = first; m <= last; ++m)
        if (!std::binary_search(in.months_read.begin(), in.months_read.end(), m))
            for (std::size_t a = 0; a < r.areas.size(); ++a) r.cube.is_absent(a, m - first) = 1;
    const auto masks = theme_masks(m_themes, in);
    std::uint64_t outside = 0;
    for (std::size_t i = 0; i < in.set.incidents.size(); ++i) {
        const auto& inc = in.set.incidents[i];
        if (unit_of[i] < 0) {
            ++outside;
            continue;
        }
        const auto a = static_cast<std::size_t>(unit_of[i]);
        const int m = month_number(inc.from) - first;
        r.cube.total(a, m) += 1;
        const std::string& type = in.set.text(inc.crime_type);
        for (std::size_t th = 0; th < m_themes.size(); ++th)
            if (theme_takes(m_themes[th], inc.category, type, (inc.flags & masks[th]) == masks[th]))
                r.cube.count(a, th, m) += 1;
    }
    if (outside && !units_mode()) log.note(fmt::format("{} incidents are in no area of '{}' (not counted)", outside, per));
}

void DashboardStep::choose_areas(DashboardResult& r, const Ingested& in, Log& log) const {
    std::vector<bool> keep(r.areas.size(), true);
    if (!m_within.empty()) {
        if (units_mode()) {
            units_within(r, in, keep);
        } else if (m_tables.empty()) {
            const std::string per = m_per.empty() ? in.layers.front().label() : m_per;
            const auto& layer = in.layers[layer_labelled(per, in.layers)];
            const auto inside = areas_within(layer, m_within.front(), in.layers);
            const auto offset = layer.offset(layer.generations().size() - 1);
            for (std::size_t a = 0; a < r.areas.size(); ++a) keep[a] = inside[offset + a];
        } else {
            // A table's areas by code, name or borough.
            for (const auto& w : m_within) {
                const bool any = std::any_of(r.areas.begin(), r.areas.end(), [&](const DashboardArea& a) {
                    return same_text(a.code, w) || same_text(a.name, w) || same_text(a.group, w);
                });
                if (!any) {
                    std::vector<std::string> names;
                    for (const auto& a : r.areas) names.push_back(a.group.empty() ? a.name : a.group);
                    const std::string near = closest(w, names);
                    throw UsageError("--within " + w + ": no area of the tables has this code, name or borough" +
                                     (near.empty() ? "" : "; did you mean " + near + "?"));
                }
            }
            for (std::size_t a = 0; a < r.areas.size(); ++a)
                keep[a] = std::any_of(m_within.begin(), m_within.end(), [&](const std::string& w) {
                    return same_text(r.areas[a].code, w) || same_text(r.areas[a].name, w) || same_text(r.areas[a].group, w);
                });
        }
    }
    for (std::size_t a = 0; a < r.areas.size(); ++a)
        // A street may be called "Unknown": only the MPS tables' pseudo-areas are left out.
        if (keep[a] && (units_mode() || !mps_pseudo_area(r.areas[a].name))) r.reported.push_back(a);
    if (r.reported.empty()) throw UsageError("--within " + m_filters.within + ": no area to report");
    if (!m_within.empty())
        log.note(fmt::format("--within {}: {} of {} {} reported", fmt::join(m_within, ","), r.reported.size(),
                             r.areas.size(), r.unit.kind == "streets" ? "street segments" : r.unit.kind));
}

void DashboardStep::join_population(DashboardResult& r, Log& log) const {
    r.population.assign(r.areas.size(), {});
    for (std::size_t a = 0; a < r.unit_length.size(); ++a)
        if (r.unit_length[a] > 0) r.population[a] = {{0, r.unit_length[a]}};  // per 100 m (see run)
    if (m_population_areas) {
        std::map<std::string, double> by_code;
        for (const auto& a : m_population_areas->layer.inputs) by_code.emplace(a.code, a.value);
        for (std::size_t a = 0; a < r.areas.size(); ++a) {
            const auto it = by_code.find(r.areas[a].code);
            if (it == by_code.end()) continue;
            if (!(it->second > 0))
                throw std::runtime_error(fmt::format("--population-field {}: {} ({}) has a population of {}; an area "
                                                     "without residents has no rate",
                                                     m_population_field, r.areas[a].name, r.areas[a].code, it->second));
            r.population[a] = {{0, it->second}};
            r.areas[a].has_population = true;
        }
        return;
    }
    if (!m_population_table) return;
    const auto& t = *m_population_table;
    std::map<std::string, std::size_t> by_code;
    for (std::size_t i = 0; i < t.codes.size(); ++i) by_code.emplace(t.codes[i], i);
    std::size_t matched = 0, by_name = 0, reported_without = 0;
    for (std::size_t a = 0; a < r.areas.size(); ++a) {
        auto it = by_code.find(r.areas[a].code);
        std::size_t row = it == by_code.end() ? t.codes.size() : it->second;
        // A borough table names its areas (no code): match by name then. Areas with codes
        // match by code only: a ward's name outlives its boundaries (Hendon 2014 is not
        // Hendon 2022), its code does not. A name two rows share (Edgware in Barnet and in
        // Harrow) matches neither: "Edgware (Harrow)" (unique=, docs/areas.md) matches the
        // row of that name and borough.
        const auto& name = r.areas[a].name;
        const bool named_only = r.areas[a].code == name;
        if (named_only && row == t.codes.size()) {
            std::vector<std::size_t> rows;
            for (std::size_t i = 0; i < t.codes.size(); ++i)
                if (same_text(t.names[i], name) || same_text(t.codes[i], name) ||
                    (!t.groups[i].empty() && same_text(t.names[i] + " (" + t.groups[i] + ")", name)))
                    rows.push_back(i);
            if (rows.size() > 1) {
                auto row_text = [&](std::size_t i) {
                    return t.codes[i] + (t.groups[i].empty() ? "" : " in " + t.groups[i]);
                };
                throw std::runtime_error(fmt::format(
                    "--population {}: area '{}' has no code, and {} rows have its name ({}, {}{}): which population is "
                    "its own cannot be told. Give the areas their codes (--areas ...,code=FIELD), or make repeated "
                    "names unique with --areas ...,unique=FIELD or unique=in:LABEL (docs/areas.md)",
                    t.path, name, rows.size(), row_text(rows[0]), row_text(rows[1]), rows.size() > 2 ? ", ..." : ""));
            }
            if (!rows.empty()) {
                row = rows.front();
                ++by_name;
            }
        }
        if (row == t.codes.size()) continue;
        r.population[a] = t.by_year[row];
        r.areas[a].has_population = true;
        ++matched;
    }
    for (std::size_t a : r.reported) reported_without += r.areas[a].has_population ? 0 : 1;
    if (reported_without)
        log.warning(fmt::format("--population {}: {} of the {} areas reported have no population there (by code or name): "
                                "their rates are left empty{}",
                                t.path, reported_without, r.reported.size(),
                                matched == 0 ? "; are the codes of the same boundaries (2022 wards against 2014 codes)?" : ""));
    else if (matched)
        log.note(fmt::format("--population {}: {} areas matched{}", t.path, matched,
                             by_name == matched ? " by name"
                             : by_name        ? fmt::format(" ({} by {}, {} by name)", matched - by_name, t.code_field, by_name)
                                              : " by " + t.code_field));
}

// Missing months, said once per kind and set of months, naming the areas: months the inputs
// do not hold, months a count table gives without an area, and months an area has (almost)
// no rows in while it has many in the months around.
void DashboardStep::warn_missing(const DashboardResult& r, Log& log) const {
    const auto& cube = r.cube;
    std::vector<int> whole;  // absent for every area: not in the inputs
    for (int m = 0; m < cube.months; ++m) {
        bool all = cube.areas > 0;
        for (std::size_t a = 0; a < cube.areas && all; ++a) all = cube.is_absent(a, m);
        if (all) whole.push_back(cube.first_month + m);
    }
    auto months_of = [](const std::vector<int>& ms) {
        std::vector<std::string> out;
        for (int g : ms) out.push_back(format_month_number(g));
        return fmt::format("{}", fmt::join(out, ", "));
    };
    const int month = r.month;
    auto in_periods = [&](const std::vector<int>& ms) {
        return std::any_of(ms.begin(), ms.end(), [&](int g) { return g >= month - 23 && g <= month; });
    };
    if (!whole.empty())
        log.warning(fmt::format("{} {} not in the {}: missing data, not zero; {} periods holding {} are left empty",
                                months_of(whole), whole.size() == 1 ? "is" : "are",
                                m_tables.empty() ? "inputs (no row of any kind)" : "count tables",
                                in_periods(whole) ? "the" : "any", whole.size() == 1 ? "it" : "them"));
    std::map<std::vector<int>, std::vector<std::string>> absent, suspect;
    for (std::size_t k = 0; k < r.reported.size(); ++k) {
        const std::size_t a = r.reported[k];
        std::vector<int> own;
        for (int m = 0; m < cube.months; ++m)
            if (cube.is_absent(a, m) && !std::binary_search(whole.begin(), whole.end(), cube.first_month + m))
                own.push_back(cube.first_month + m);
        if (!own.empty()) absent[own].push_back(r.areas[a].name);
        if (!r.figures.suspect[k].empty()) suspect[r.figures.suspect[k]].push_back(r.areas[a].name);
    }
    auto names_of = [](const std::vector<std::string>& names) {
        const std::size_t shown = std::min<std::size_t>(names.size(), 5);
        return fmt::format("{} area{} ({}{})", names.size(), names.size() == 1 ? "" : "s",
                           fmt::join(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                           names.size() > shown ? ", ..." : "");
    };
    for (const auto& [gaps, names] : absent)
        log.warning(fmt::format("the count table giving {} has no row for {}: missing data there, not zero; the periods "
                                "holding {} are left empty for {}",
                                months_of(gaps), names_of(names), gaps.size() == 1 ? "it" : "them",
                                names.size() == 1 ? "it" : "them"));
    for (const auto& [gaps, names] : suspect)
        log.warning(fmt::format("(almost) no rows in {} for {} while the months around have at least {:g} a month: the "
                                "source left {} out of {}; taken as missing data, and the periods holding {} are left "
                                "empty (--gap-median sets that floor)",
                                months_of(gaps), names_of(names), m_gap_median, names.size() == 1 ? "it" : "them",
                                gaps.size() == 1 ? "that month" : "those months", gaps.size() == 1 ? "it" : "them"));
}

std::unique_ptr<Result> DashboardStep::run(Ingested& in, Context& ctx) {
    auto r = std::make_unique<DashboardResult>();
    r->themes = m_themes;
    if (m_tables.empty()) {
        r->source_kind = "incidents";
        counts_from_incidents(*r, in, ctx);
    } else {
        r->source_kind = "count tables";
        counts_from_tables(*r, ctx.log());
        // Polygons for the map layer, where an --areas layer has the table's codes.
        for (auto& a : r->areas)
            for (const auto& l : in.layers) {
                const auto& index = *l.generations().back().index;
                if (const int i = index.find_code(a.code); i >= 0 && a.polygon.empty()) a.polygon = index.wkb(std::size_t(i));
            }
    }
    drop_empty_themes(*r, ctx.log());
    ctx.log().stage("monthly counts");
    choose_areas(*r, in, ctx.log());
    join_population(*r, ctx.log());

    // The month: given, or the last month of the data (for dated incidents, the last whole
    // month: a month whose last day has passed in the data).
    const int last = r->cube.first_month + r->cube.months - 1;
    if (!m_month_text.empty()) {
        r->month = parse_month(m_month_text);
    } else {
        r->month = last;
        if (m_tables.empty()) {
            Seconds latest = 0;
            bool monthly = true;
            for (const auto& inc : in.set.incidents) {
                latest = std::max(latest, inc.from);
                monthly = monthly && inc.precision == TimePrecision::month;
            }
            int y = 0, m = 0, d = 0;
            civil_from_days(latest / seconds_per_day, y, m, d);
            if (!monthly && d < days_in_month(y, m)) r->month = last - 1;
        }
        ctx.log().note("--month not given: reporting " + format_month_number(r->month) + ", the last complete month of the data");
    }
    if (r->month < r->cube.first_month || r->month > last)
        throw UsageError(fmt::format("--month {}: the data run from {} to {}", format_month_number(r->month),
                                     format_month_number(r->cube.first_month), format_month_number(last)));
    if (r->month - 23 < r->cube.first_month)
        ctx.log().warning(fmt::format("the data start in {}: the 12 months before the last 12 need {}; those figures are "
                                      "left empty",
                                      format_month_number(r->cube.first_month), format_month_number(r->month - 23)));

    DashboardOptions o;
    o.month = r->month;
    o.reported = r->reported;
    for (std::size_t a = 0; a < r->areas.size(); ++a)
        if (units_mode() || !mps_pseudo_area(r->areas[a].name)) o.peers.push_back(a);
    o.confidence = m_confidence;
    o.gap_median = m_gap_median;
    o.smooth = m_smooth == "eb";
    o.per = r->unit.streets ? 100 : 1000;
    // Segments' lengths differ too much for a rate ranking (one incident on 5 m would top it).
    o.rank_by_rate = !units_mode();
    try {
        r->figures = compute_dashboard(r->cube, r->population, o);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(std::string("--population: ") + e.what());
    }
    for (std::size_t k = 0; k < r->reported.size(); ++k)
        for (std::size_t t = 0; t < r->themes.size(); ++t)
            r->changes.push_back(cube_change_points(r->cube, r->reported[k], t, r->figures.gaps[k], m_change));
    ctx.log().stage("figures");
    warn_missing(*r, ctx.log());
    board_periods(*r, ctx.log());
    outcome_groups(*r, ctx.log());
    compare(*r);
    nlohmann::json extra = {{"month", format_month_number(r->month)},
                            {"themes", m_themes_text},
                            {"population", m_population},
                            {"confidence", m_confidence},
                            {"change_penalty", m_change.penalty_log_n},
                            {"change_min_months", m_change.min_segment},
                            {"source_kind", r->source_kind},
                            {"within", fmt::format("{}", fmt::join(m_within, ","))}};
    if (!m_tables.empty()) {
        nlohmann::json tables = nlohmann::json::array();
        for (const auto& t : m_tables)
            tables.push_back({{"path", t.path},
                              {"layout", t.layout},
                              {"rows", t.rows},
                              {"months", format_month_number(t.first_month) + ".." +
                                             format_month_number(t.first_month + t.months - 1)}});
        extra["count_tables"] = tables;
    }
    if (units_mode()) {
        extra["units"] = r->unit_note;
        extra["units"]["rate"] = r->unit.streets ? "per 100 m of street" : "none (units of one size: the count)";
        extra["units"]["ranked_by"] = "count";
    }
    r->metadata = metadata("dashboard", m_input, m_filters, in, extra);
    return r;
}

std::vector<std::uint32_t> theme_masks(const std::vector<Theme>& themes, const Ingested& in) {
    std::vector<std::uint32_t> masks(themes.size(), 0);
    for (std::size_t th = 0; th < themes.size(); ++th)
        for (const auto& w : themes[th].where) {
            const auto at = std::find(in.conditions.begin(), in.conditions.end(), w);
            if (at == in.conditions.end()) throw std::logic_error("theme condition " + w + " was not tested while reading");
            masks[th] |= std::uint32_t{1} << static_cast<unsigned>(at - in.conditions.begin());
        }
    return masks;
}

std::vector<std::string> DashboardStep::theme_conditions() const {
    std::vector<std::string> out;
    if (!m_tables.empty()) return out;
    for (const auto& t : m_themes)
        for (const auto& w : t.where)
            if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    return out;
}

std::unique_ptr<Step> make_dashboard() { return std::make_unique<DashboardStep>(); }

}  // namespace hotspots::steps
