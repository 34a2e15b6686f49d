// dashboard: its declarations and the checks before anything is read; the themes' conditions.
#include "steps/dashboard.hpp"
#include "steps/dashboard_detail.hpp"

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

}  // namespace

namespace detail {

int parse_month(const std::string& text) {
    const auto t = parse_when(text);
    if (!t || t->precision != TimePrecision::month)
        throw UsageError("--month " + text + ": give a month as YYYY-MM, e.g. 2021-11");
    return month_number(t->from);
}

}  // namespace detail

using detail::parse_month;

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
