#pragma once
// dashboard: the partnership board's figures per area and theme (docs/dashboard.md). Shared by
// dashboard.cpp (declarations, checks, the counts) and dashboard_outputs.cpp (tables, text).
#include "hotspots/board_periods.hpp"
#include "hotspots/change_points.hpp"
#include "hotspots/dashboard.hpp"
#include "hotspots/outcomes.hpp"
#include "io/count_table.hpp"
#include "model/theme.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::steps {

struct DashboardArea {
    std::string code, name, group;
    Wkb polygon;  // empty when no --areas layer has it
    bool has_population = false;
};

// What a row of the board stands for, and its first columns' names: areas (area_code,
// area_name, group), street segments (segment, street, ward) or hexagons and square cells
// (hexagon or cell, name, ward). See docs/dashboard.md "Streets, hexagons and cells".
struct UnitColumns {
    std::string kind = "areas", code = "area_code", name = "area_name", group = "group";
    bool streets = false;  // rates per 100 m of street (the "population" is the length in metres)
    bool grid = false;     // hexagons or square cells: no rate (equal sizes: the count is the rate)
};

struct DashboardResult : Result {
    UnitColumns unit;
    std::vector<XY> unit_points;  // units only: each row's middle (ward, --within)
    nlohmann::json unit_note;     // units only: what they were (metadata)
    std::vector<double> unit_length;  // street segments: metres (the rates' denominator)
    std::vector<Theme> themes;
    std::vector<DashboardArea> areas;      // every area of the source
    std::vector<std::size_t> reported;     // indexes into areas
    CountCube cube;
    std::vector<PopulationByYear> population;  // by area
    Dashboard figures;
    std::vector<ChangePoints> changes;  // [k x themes + t] for reported[k]: the series' levels
    int month = 0;
    std::string source_kind;  // "count tables" or "incidents"
    nlohmann::json metadata;
    // From incidents: the incidents and each one's area (-1: none), so each count can say which
    // incidents it counts (publishing protects the board, its series and its tidy table together).
    const Ingested* in = nullptr;
    std::vector<std::int64_t> unit_of;
    // --financial-year: the year to date and the same months a year earlier, by reported area
    // and theme ([k x themes + t]); empty without it.
    std::pair<int, int> fytd{0, -1}, fytd_before{0, -1};
    std::vector<SpanFigures> fytd_figures;
    // --season: the weekly counts of each season (this one and the same weeks of earlier years).
    struct WeekCount {
        std::size_t k = 0, theme = 0, season = 0;  // reported area, theme, season
        int season_year = 0, years_before = 0;
        IsoWeek week;
        double count = 0;  // NaN: the week is not wholly in the data, or holds a missing month
        std::string missing;  // why the count is empty: "before the data", "after the month", "missing data"
        std::vector<std::uint32_t> incidents;
    };
    std::vector<Season> seasons;
    std::vector<WeekCount> weekly;
    // --outcome-column: each incident's outcome group (-1: none recorded, -2: not in the table);
    // empty without it.
    OutcomeGroups outcome_groups;
    std::vector<int> outcome_of;
    // --compare-with: each reported area's rank among its group, [k x themes + t]; --targets:
    // each line's status. Empty without them.
    struct GroupRank {
        std::string group;
        int rank_3m = 0, of_3m = 0, rank_12m = 0, of_12m = 0;
        std::string basis;  // "rate" or "count"
    };
    std::vector<GroupRank> group_ranks;
    struct TargetStatus {
        std::string target, status, rule;
    };
    std::vector<TargetStatus> target_status;
};

namespace detail {
struct CubeMembers;
}

class DashboardStep : public Step {
public:
    DashboardStep();
    StepInfo info() const override {
        return {"dashboard",
                "The partnership board's figures: counts, change, rates per 1,000 and ranks per area and theme",
                "docs/dashboard.md",
                {{.role = "board", .kind = ProductKind::features, .title = "The board", .table = TableView::board,
                  .with = "series"},
                 {.role = "tidy", .kind = ProductKind::table},
                 {.role = "series", .kind = ProductKind::table},
                 {.role = "weekly", .kind = ProductKind::table},
                 {.role = "outcomes", .kind = ProductKind::table},
                 {.role = "repeats", .kind = ProductKind::table}},
                // The units' note without its incidents left off the streets or outside the cells
                // (unsnapped, outside): with the step's count, a remainder of the units' counts.
                metadata_roles({{ColumnRole::measure, "parameters.{change_min_months change_penalty confidence count_tables month "
                                                      "population source_kind themes} parameters.units.{kind network "
                                                      "street_tolerance_m segments cell_m shape hexagons cells wards rate "
                                                      "ranked_by} parameters.count_tables.{path layout rows months}"}})};
    }
    void check(Context& ctx, const AreaLayers& areas) override;
    bool wants_incidents() const override { return m_tables.empty(); }
    Needs needs() const override {
        Needs n;
        n.ids = n.location = n.lsoa = false;
        n.conditions = theme_conditions();
        n.group_column = m_outcome_column.empty() ? m_repeat_key : m_outcome_column;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    // The themes' where conditions, each once (tested while reading; docs/dashboard.md).
    std::vector<std::string> theme_conditions() const;
    // The financial year to date and the seasons' weeks (dashboard_periods.cpp).
    void board_periods(DashboardResult& r, Log& log) const;
    void weekly_counts(DashboardResult& r) const;
    void write_weekly(const DashboardResult& r, Writer& w) const;
    // Outcomes (dashboard_outcomes.cpp).
    void check_outcomes(Context& ctx, bool tables);
    void outcome_groups(DashboardResult& r, Log& log) const;
    void write_outcomes(const DashboardResult& r, Writer& w) const;
    // Comparators and targets (dashboard_compare.cpp).
    void check_compare(Context& ctx);
    void compare(DashboardResult& r) const;
    // Repeat victims (dashboard_repeats.cpp).
    void write_repeats(const DashboardResult& r, Writer& w) const;
    // The monthly counts (dashboard_counts.cpp).
    void counts_from_tables(DashboardResult& r, Log& log) const;
    void counts_from_incidents(DashboardResult& r, const Ingested& in, Context& ctx) const;
    // The products: the board as a layer (dashboard_layer.cpp) or a table (dashboard_board.cpp),
    // the tidy table and the series (dashboard_outputs.cpp).
    void write_layer(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const;
    void write_board(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const;
    void write_tidy(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const;
    void write_series(const DashboardResult& r, const detail::CubeMembers& cm, Writer& w) const;
    // --units streets, --cell: street segments, hexagons or cells as the rows (dashboard_units.cpp).
    bool units_mode() const { return m_grid.streets || m_grid.cell > 0; }
    void check_units(Context& ctx, const AreaLayers& areas, bool tables);
    void unit_rows(DashboardResult& r, const Ingested& in, Context& ctx) const;
    void units_within(DashboardResult& r, const Ingested& in, std::vector<bool>& keep) const;
    // The areas reported and the missing months said (dashboard_run.cpp); residents
    // (dashboard_population.cpp).
    void choose_areas(DashboardResult& r, const Ingested& in, Log& log) const;
    void join_population(DashboardResult& r, Log& log) const;
    void warn_missing(const DashboardResult& r, Log& log) const;

    GridParams m_grid;  // --units streets, --cell METRES or hex:SIZE
    std::string m_month_text, m_themes_text = "auto", m_per, m_population, m_population_field, m_output, m_tidy, m_series;
    std::string m_smooth = "none";
    double m_confidence = 0.95, m_gap_median = 20;
    ChangePointOptions m_change;
    std::size_t m_top = 10;
    bool m_financial_year = false;
    int m_year_start = 4;
    std::vector<std::string> m_season_texts;
    std::size_t m_season_years = 3;
    std::string m_weekly;
    std::vector<Season> m_seasons;  // parsed by check()
    std::string m_outcome_column, m_outcome_groups_path, m_outcomes;
    double m_unavailable_limit = 0.5;
    OutcomeGroups m_outcome_groups;  // set by check()
    std::string m_compare_with, m_targets;
    double m_amber_margin = 5;
    struct Peers {
        std::string area, group;
        std::vector<std::string> peers;
        std::size_t row = 0;
    };
    std::vector<Peers> m_groups;  // set by check()
    struct Target {
        std::string theme, area;
        bool level = false;
        double value = 0;
        std::size_t row = 0;
    };
    std::vector<Target> m_target_rows;  // set by check()
    std::string m_repeat_key, m_repeats;
    // Set by check().
    std::vector<io::CountTable> m_tables;
    std::vector<Theme> m_themes;
    std::vector<std::string> m_within;  // --within, taken from the filters (it narrows the areas reported)
    const io::PopulationTable* m_population_table = nullptr;
    const PolygonFile* m_population_areas = nullptr;  // --population-field: the --per layer read with it
};

// Each theme's where conditions as bits of Incident::flags (tested while reading: the step's
// needs); 0 for a theme without conditions.
std::vector<std::uint32_t> theme_masks(const std::vector<Theme>& themes, const Ingested& in);

// The board's wording of a change: "a decrease of 12%", "an increase of 3%", "no change";
// "" when the earlier count is 0 (no percentage).
std::string change_words(double before, double after);
// "September to November 2021", "December 2020 to November 2021", "November 2021".
std::string months_text(int first, int last);

}  // namespace hotspots::steps
