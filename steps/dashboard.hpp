#pragma once
// dashboard: the partnership board's figures per area and theme (docs/dashboard.md). Shared by
// dashboard.cpp (declarations, checks, the counts) and dashboard_outputs.cpp (tables, text).
#include "hotspots/change_points.hpp"
#include "hotspots/dashboard.hpp"
#include "io/count_table.hpp"
#include "model/theme.hpp"
#include "steps/step.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hotspots::steps {

struct DashboardArea {
    std::string code, name, group;
    Wkb polygon;  // empty when no --areas layer has it
    bool has_population = false;
};

struct DashboardResult : Result {
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
};

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
                 {.role = "series", .kind = ProductKind::table}}};
    }
    void check(Context& ctx, const AreaLayers& areas) override;
    bool wants_incidents() const override { return m_tables.empty(); }
    Needs needs() const override {
        Needs n;
        n.ids = n.location = n.lsoa = false;
        return n;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;
    std::string report(const Result& r) const override;

private:
    void counts_from_tables(DashboardResult& r, Log& log) const;
    void counts_from_incidents(DashboardResult& r, const Ingested& in, Log& log) const;
    void choose_areas(DashboardResult& r, const Ingested& in, Log& log) const;
    void join_population(DashboardResult& r, Log& log) const;
    void warn_missing(const DashboardResult& r, Log& log) const;

    std::string m_month_text, m_themes_text = "auto", m_per, m_population, m_population_field, m_output, m_tidy, m_series;
    double m_confidence = 0.95, m_gap_median = 20;
    ChangePointOptions m_change;
    std::size_t m_top = 10;
    // Set by check().
    std::vector<io::CountTable> m_tables;
    std::vector<Theme> m_themes;
    std::vector<std::string> m_within;  // --within, taken from the filters (it narrows the areas reported)
    const io::PopulationTable* m_population_table = nullptr;
    const PolygonFile* m_population_areas = nullptr;  // --population-field: the --per layer read with it
};

// The board's wording of a change: "a decrease of 12%", "an increase of 3%", "no change";
// "" when the earlier count is 0 (no percentage).
std::string change_words(double before, double after);
// "September to November 2021", "December 2020 to November 2021", "November 2021".
std::string months_text(int first, int last);

}  // namespace hotspots::steps
