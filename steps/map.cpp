// map: every incident with the areas it falls in, and counts per area and category.
#include "hotspots/summary.hpp"
#include "steps/step.hpp"
#include "steps/units.hpp"

#include <fmt/format.h>

#include <array>

namespace hotspots::steps {
namespace {

struct MapResult : Result {
    const Ingested* in = nullptr;
    nlohmann::json metadata;
    std::vector<SummaryRow> summary;
};

class Map : public Step {
public:
    Map() {
        declare_common(true);
        m_params.output("output", m_output, "Output file: .gpkg, .geojson (RFC 7946) or .csv", "incidents",
                        ".gpkg .geojson .csv")
            .short_form("o")
            .needed();
        m_params.output("summary", m_summary, "Also write counts per area x category (CSV), with 'outside'", "summary",
                        ".csv");
    }
    bool weighs_incidents() const override { return true; }
    StepInfo info() const override {
        return {"map",
                "Map incidents to wards, boroughs, the BCU or any areas; write them with area codes and a summary",
                "docs/areas.md",
                {{.role = "incidents", .kind = ProductKind::incidents, .locates_incidents = true},
                 {.role = "summary", .kind = ProductKind::table, .table = TableView::rows}}};
    }
    void check(Context&, const AreaLayers&) override {}
    std::unique_ptr<Result> run(Ingested& in, Context& ctx) override;
    void write(const Result& r, Writer& w) const override;

private:
    std::string m_output, m_summary;
};

std::unique_ptr<Result> Map::run(Ingested& in, Context& ctx) {
    if (in.set.incidents.empty())
        throw std::runtime_error("no incidents left after filtering; nothing written (check --from, --to, --crime-type, --within)");
    auto r = std::make_unique<MapResult>();
    r->in = &in;
    r->metadata = metadata("map", m_input, m_filters, in, {{"output", m_output}, {"summary", m_summary}});
    for (std::size_t l = 0; l < in.layers.size(); ++l) {
        const auto c = count_mapped(in.assignment[l]);
        if (c.outside || c.no_boundaries)
            ctx.log().note(fmt::format("areas '{}': {} incidents outside every area{} (kept, with an empty code)",
                                       in.layers[l].label(), c.outside,
                                       c.no_boundaries ? fmt::format(", {} with no boundaries in force on their date", c.no_boundaries)
                                                       : ""));
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
    w.incidents("incidents", {r.in->set, r.in->layers, r.in->assignment, r.metadata});
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

}  // namespace

std::unique_ptr<Step> make_map() { return std::make_unique<Map>(); }

}  // namespace hotspots::steps
