// map: every incident with the areas it falls in, and counts per area and category.
#include "geo/geos.hpp"
#include "hotspots/summary.hpp"
#include "io/qgis_style.hpp"
#include "io/street_style.hpp"
#include "io/text.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <filesystem>

namespace hotspots::steps {
namespace {

struct MapResult : Result {
    const Ingested* in = nullptr;
    nlohmann::json metadata;
    std::vector<SummaryRow> summary;
    std::optional<CountedUnits> units;  // --counts
    unsigned threads = 0;               // --threads, for formatting the output
};

class Map : public Step {
public:
    Map() {
        declare_common(true);
        declare_no_style();
        m_params.output("output", m_output, "Output file: .gpkg, .geojson (RFC 7946) or .csv", "incidents",
                        ".gpkg .geojson .csv")
            .short_form("o")
            .needed();
        m_params.output("summary", m_summary, "Also write counts per area x category (CSV), with 'outside'", "summary",
                        ".csv");
        // cells (no default), no auto, no extent, no neighbours, streets, hexagons; defaults not listed.
        declare_grid(m_params, m_grid, {"", false, false, false, true, true, false});
        m_params.output("counts", m_counts, "Counts per unit as a layer: --per areas, --cell squares or hex:SIZE hexagons, "
                                            "or --units streets segments (.gpkg, .geojson or .csv)", "units",
                        ".gpkg .geojson .csv");
    }
    bool weighs_incidents() const override { return true; }
    // A CSV's lon/lat columns print the input's own where it has them (io/input_lonlat.hpp).
    Needs needs() const override {
        Needs n;
        n.lonlat = io::lower_case(std::filesystem::path(m_output).extension().string()) == ".csv";
        return n;
    }
    StepInfo info() const override {
        return {"map",
                "Map incidents to wards, boroughs, the BCU or any areas; write them with area codes and a summary",
                "docs/areas.md",
                {{.role = "incidents", .kind = ProductKind::incidents, .locates_incidents = true},
                 {.role = "summary", .kind = ProductKind::table, .table = TableView::rows},
                 {.role = "units", .kind = ProductKind::features, .title = "Incidents per unit"}},
                metadata_roles({{ColumnRole::measure, "parameters.{output summary}"},
                {ColumnRole::measure, "streets.network streets.street_tolerance_m hexagons.{cell_m flat}"}})};
    }
    void check(Context& ctx, const AreaLayers& areas) override {
        const bool units = !m_grid.per.empty() || m_grid.cell > 0 || m_grid.streets;
        if (units && m_counts.empty())
            throw UsageError("--per, --cell and --units streets say what --counts counts in; name the file with --counts");
        if (!units && !m_counts.empty())
            throw UsageError("--counts: give the units: --per LABEL, --cell METRES, --cell hex:SIZE or --units streets");
        if (!m_grid.per.empty() && m_grid.cell > 0) throw UsageError("give --per or --cell, not both");
        check_grid(m_grid, m_params, areas, ctx);
    }
    // A pack asks for every product: the counts only come with units.
    bool makes(const std::string& role) const override {
        return role != "units" || !m_grid.per.empty() || m_grid.cell > 0 || m_grid.streets;
    }
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;

private:
    void write_units(const MapResult& r, Writer& w) const;
    std::string m_output, m_summary, m_counts;
    GridParams m_grid;
};

std::unique_ptr<Result> Map::run(Ingested& in, Context& ctx) {
    if (in.set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    auto r = std::make_unique<MapResult>();
    r->in = &in;
    r->threads = ctx.threads();
    r->metadata = metadata("map", m_input, m_filters, in, {{"output", m_output}, {"summary", m_summary}});
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        if (c.outside || c.no_boundaries)
            ctx.log().note(fmt::format("areas '{}': {} incidents outside every area{} (kept, with an empty code)",
                                       in.layers[l].label(), c.outside,
                                       c.no_boundaries ? fmt::format(", {} with no boundaries in force on their date", c.no_boundaries)
                                                       : ""));
    }
    if (!m_counts.empty()) {
        r->units = counted_units(m_grid, in, ctx);
        if (m_grid.streets) r->metadata["streets"] = {{"network", m_grid.network.path},
                                                      {"street_tolerance_m", m_grid.network.tolerance},
                                                      {"unsnapped", r->units->outside}};
        else if (r->units->outside) r->metadata["outside_units"] = r->units->outside;
        if (m_grid.is_hex) r->metadata["hexagons"] = {{"cell_m", m_grid.hex.size}, {"flat", m_grid.hex.flat}};
    }
    if (!m_summary.empty()) {
        // --within: the summary lists the areas inside it, not every area of every layer.
        std::vector<std::vector<bool>> keep;
        if (!m_filters.within.empty())
            for (const auto& layer : in.layers) keep.push_back(areas_within(layer, m_filters.within, in.layers));
        r->summary = summarise(in.set, in.layers, in.assignment, keep);
    }
    return r;
}

void Map::write(const Result& result, Writer& w) const {
    const auto& r = result_as<MapResult>(result);
    w.incidents("incidents", {r.in->set, r.in->layers, r.in->assignment, r.metadata, r.threads, io::incident_style(), r.in->lonlat.get()});
    if (r.units) write_units(r, w);
    if (r.summary.empty()) return;
    // layer,code,name,incidents,weight, then one column per category with any incident.
    std::array<bool, category_count> used{};
    for (const auto& row : r.summary)
        for (std::size_t c = 0; c < category_count; ++c) used[c] = used[c] || row.by_category[c] > 0;
    using R = ColumnRole;
    std::vector<Column> header = {{"layer", R::identifier}, {"code", R::area}, {"name", R::area}, {"incidents", R::count},
                                  {"weight", R::count}};
    for (std::size_t c = 0; c < category_count; ++c)
        if (used[c]) header.emplace_back(std::string(categories()[c].slug), R::count);
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : r.summary) {
        std::vector<std::string> line = {row.layer, row.code, row.name, std::to_string(row.total), fmt::format("{}", row.weight)};
        for (std::size_t c = 0; c < category_count; ++c)
            if (used[c]) line.push_back(std::to_string(row.by_category[c]));
        rows.push_back(std::move(line));
    }
    // Which incidents each count counts: the row's, and of them each category's.
    // The weight counts the same incidents (with unit weights it is the same count).
    std::vector<Members> members{{"incidents", {}}, {"weight", {}}};
    for (std::size_t c = 0; c < category_count; ++c)
        if (used[c]) members.push_back({std::string(categories()[c].slug), {}});
    for (const auto& row : r.summary) {
        members[0].rows.push_back(row.members);
        members[1].rows.push_back(row.members);
        for (std::size_t k = 2; k < members.size(); ++k) members[k].rows.emplace_back();
        for (auto i : row.members) {
            const auto c = static_cast<std::size_t>(r.in->set.incidents[i].category);
            for (std::size_t k = 2; k < members.size(); ++k)
                if (members[k].column == categories()[c].slug) members[k].rows.back().push_back(i);
        }
    }
    w.counts("summary", std::move(members));
    w.table("summary", header, rows, nullptr);
}

// One feature a unit: its code and name (cells: unit, row, col), for segments their length, the
// incidents (weights summed) and for segments per 100 m.
void Map::write_units(const MapResult& r, Writer& w) const {
    using io::FieldType;
    using R = ColumnRole;
    const auto& c = *r.units;
    const auto& u = c.units;
    io::FeatureTable t;
    t.layer = "units";
    t.crs = m_input.work_crs;
    t.metadata = r.metadata;
    if (c.cells)
        t.fields = {{"unit", FieldType::integer, R::identifier}, {"row", FieldType::integer, R::identifier},
                    {"col", FieldType::integer, R::identifier}};
    else
        t.fields = {{"code", FieldType::text, R::area}, {"name", FieldType::text, R::area}};
    if (m_grid.streets) t.fields.push_back({"length_m", FieldType::real, R::measure});
    t.fields.push_back({"incidents", FieldType::real, R::count});
    if (m_grid.streets)
        t.fields.push_back({"per_100m", FieldType::real, R::rate, Derivation::ratio("incidents", "length_m", 100)});
    geo::GeosContext ctx;
    for (std::size_t k = 0; k < u.counts.size(); ++k) {
        std::vector<io::FieldValue> v;
        v = unit_identity(u, k, c.cells, ctx, t.geometries);
        if (m_grid.streets) v.emplace_back(u.length[k]);
        v.emplace_back(u.counts[k]);
        if (m_grid.streets) v.emplace_back(u.length[k] > 0 ? 100 * u.counts[k] / u.length[k] : 0.0);
        t.rows.push_back(std::move(v));
    }
    w.counts("units", {unit_members("incidents", c.unit_of, u.counts.size(), u.length)});
    // Five equal classes up to the largest count (published: the largest published count).
    ScaledStyle style{"incidents", [streets = m_grid.streets, label = c.cells ? "unit" : "name"](const std::vector<double>& counts) {
        double most = 0;
        for (double v : counts) most = std::max(most, v);
        if (streets) return io::segment_count_style(most);
        std::vector<double> bounds;
        for (int k = 1; k <= 5; ++k) bounds.push_back(std::max(most, 1.0) * k / 5);
        return io::choropleth_style("hotspots incidents per unit", "incidents", 0, bounds, label);
    }};
    w.features("units", t, std::move(style), u.counts);
}

}  // namespace

std::unique_ptr<Step> make_map() { return std::make_unique<Map>(); }

}  // namespace hotspots::steps
