// What kde writes and prints besides the raster: metadata, the hotspot table, the summary.
#include "geo/crs.hpp"
#include "steps/kde.hpp"
#include "steps/round.hpp"

#include <fmt/format.h>

#include <cmath>

namespace hotspots::steps {
namespace {

std::string codes_text(const std::vector<AreaTouched>& areas) {
    std::string s;
    for (const auto& a : areas) s += (s.empty() ? "" : ";") + a.code;
    return s;
}

}  // namespace

nlohmann::json kde_metadata(const KdeParams& o, const InputParams& input, const FilterParams& filters, const KdeResult& r) {
    const auto& p = r.plan;
    nlohmann::json extra = {
        {"kernel", o.kde.kernel_text},
        {"bandwidth_m", p.bandwidth},
        {"bandwidth_rule", p.bandwidth_choice.rule},
        {"bandwidth_details", p.bandwidth_choice.details},
        {"bandwidth_field", input.columns.bandwidth},
        {"cell_m", p.cell},
        {"cell_rule", p.cell_rule},
        {"output_value", o.output_value},
        {"area_unit", o.kde.area_unit},
        {"weight_field", input.columns.weight},
        {"weights_table", o.harm_weights},
        {"denominator", o.denominator},
        {"denominator_points", o.denominator_points},
        {"min_denominator", o.min_denominator},
        {"extent", o.area.extent_text},
        {"mask", o.area.mask},
        {"threshold", o.threshold.text},
        {"min_area_m2", o.min_area},
        {"simplify_m", p.simplify},
        {"grid", {{"xmin", p.grid.xmin}, {"ymax", p.grid.ymax}, {"cols", p.grid.cols}, {"rows", p.grid.rows}}}};
    auto meta = metadata("kde", input, filters, *r.in, extra);
    meta["total_weight"] = r.total_weight;
    if (o.output_value != "raw" && !o.rate()) meta["grid_holds_pct"] = round_to(100 * r.held / r.total_weight, 3);
    meta["max_value"] = r.max_value;
    return meta;
}

io::FeatureTable hotspot_table(const HotspotSet& hs, const Ingested& in, const std::string& crs,
                               const nlohmann::json& meta, double study_m2) {
    using io::FieldType;
    io::FeatureTable t;
    t.layer = "hotspots";
    t.crs = crs;
    t.metadata = meta;
    using R = ColumnRole;
    t.fields = {{"rank", FieldType::integer, R::rank, Derivation::rank("incidents", "", true)},
                {"label", FieldType::text, R::area},
                {"incidents", FieldType::integer, R::count},
                {"share_pct", FieldType::real, R::rate, Derivation::ratio("incidents", "@incidents", 100)},
                {"area_m2", FieldType::real, R::measure},
                {"incidents_per_ha", FieldType::real, R::rate, Derivation::ratio("incidents", "area_m2", 1e4)},
                {"pai", FieldType::real, R::rate},
                {"peak", FieldType::real, R::rate},
                {"mean", FieldType::real, R::rate},
                {"weight", FieldType::real, R::count},
                {"top_categories", FieldType::text, R::text},
                {"top_location", FieldType::text, R::place},
                {"top_location_count", FieldType::integer, R::count},
                {"street", FieldType::text, R::place},  // the place its label names (docs/labels.md)
                {"first_date", FieldType::text, R::date},
                {"last_date", FieldType::text, R::date},
                {"centroid_lon", FieldType::real, R::area},
                {"centroid_lat", FieldType::real, R::area},
                {"peak_x", FieldType::real, R::place},
                {"peak_y", FieldType::real, R::place},
                {"peak_hours", FieldType::text, R::date},
                {"peak_hours_pct", FieldType::real, R::rate},
                {"peak_days", FieldType::text, R::date},
                {"peak_days_pct", FieldType::real, R::rate},
                {"temporal_class", FieldType::text, R::category}};
    for (const auto& layer : in.layers) {
        t.fields.push_back({layer.label(), FieldType::text, R::area});
        t.fields.push_back({layer.label() + "_codes", FieldType::text, R::area});
    }
    geo::Transformer to_lonlat(t.crs, "EPSG:4326");
    for (const auto& h : hs.hotspots) {
        double lon = h.centroid.x, lat = h.centroid.y;
        to_lonlat.transform(&lon, &lat, 1);
        std::string cats;
        for (const auto& [c, n] : h.top_categories) cats += fmt::format("{}{} ({})", cats.empty() ? "" : ", ", slug(c), n);
        std::vector<io::FieldValue> row = {
            std::int64_t{h.rank},
            h.label,
            static_cast<std::int64_t>(h.incidents),
            round_to(h.share_pct, 2),
            round_to(h.area_m2, 1),
            round_to(static_cast<double>(h.incidents) / (h.area_m2 / 1e4), 3),
            // PAI: its share of the incidents over its share of the study area.
            h.area_m2 > 0 && study_m2 > 0 ? round_to(h.share_pct / 100 / (h.area_m2 / study_m2), 3) : 0.0,
            h.peak,
            h.mean,
            h.weight,
            cats,
            h.top_location,
            static_cast<std::int64_t>(h.top_location_count),
            h.place,
            h.incidents ? format_date(h.first) : std::string(),
            h.incidents ? format_date(h.last) : std::string(),
            round_to(lon, 6),
            round_to(lat, 6),
            round_to(h.peak_xy.x, 2),
            round_to(h.peak_xy.y, 2)};
        // Month-only incidents have no hours: the signature stays empty.
        const auto& sig = h.signature;
        const bool timed = sig.total > 0;
        row.emplace_back(timed ? io::FieldValue(hours_text(sig.peak_from, sig.peak_hours)) : io::FieldValue());
        row.emplace_back(timed ? io::FieldValue(round_to(100 * sig.peak_hours_share, 1)) : io::FieldValue());
        row.emplace_back(timed ? io::FieldValue(days_text(sig.peak_days)) : io::FieldValue());
        row.emplace_back(timed ? io::FieldValue(round_to(100 * sig.peak_days_share, 1)) : io::FieldValue());
        row.emplace_back(timed && !sig.temporal_class.empty() ? io::FieldValue(sig.temporal_class) : io::FieldValue());
        for (const auto& a : h.areas) {
            row.emplace_back(areas_text(a));
            row.emplace_back(codes_text(a));
        }
        t.rows.push_back(std::move(row));
        t.geometries.push_back(h.polygon);
    }
    return t;
}

std::string hotspot_report(const HotspotSet& hs, std::size_t incidents) {
    std::string s;
    auto out = std::back_inserter(s);
    const std::size_t shown = std::min<std::size_t>(hs.hotspots.size(), 10);
    if (shown == 0) return "no hotspots at this threshold\n";
    fmt::format_to(out, "{:<4} {:<32} {:>9} {:>7} {:>9}  {}\n", "rank", "label", "incidents", "share", "area ha",
                   "top categories");
    for (std::size_t k = 0; k < shown; ++k) {
        const auto& h = hs.hotspots[k];
        std::string cats;
        for (const auto& [c, n] : h.top_categories) cats += fmt::format("{}{} {}", cats.empty() ? "" : ", ", slug(c), n);
        fmt::format_to(out, "{:<4} {:<32} {:>9} {:>6.1f}% {:>9.1f}  {}\n", h.rank, h.label, h.incidents, h.share_pct,
                       h.area_m2 / 1e4, cats);
    }
    if (hs.hotspots.size() > shown) fmt::format_to(out, "... {} more in the output\n", hs.hotspots.size() - shown);
    std::uint64_t in_hot = 0;
    for (const auto& h : hs.hotspots) in_hot += h.incidents;
    fmt::format_to(out, "{} of {} incidents ({:.1f}%) are inside the {} hotspots\n", in_hot, incidents,
                   incidents ? 100.0 * static_cast<double>(in_hot) / static_cast<double>(incidents) : 0.0,
                   hs.hotspots.size());
    return s;
}

}  // namespace hotspots::steps
