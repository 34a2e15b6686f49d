// What every output carries of its inputs: the files and their row counts, the parameters,
// the filtered counts and the period.
#include "steps/input.hpp"

#include "io/source_check.hpp"
#include "model/parallel.hpp"
#include "model/version.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace hotspots::steps {

std::string period_text(const IncidentSet& set) {
    if (set.incidents.empty()) return "";
    const unsigned workers = thread_count(0);
    std::vector<Seconds> los(workers, set.incidents.front().from), his(workers, set.incidents.front().to);
    parallel_chunks(set.incidents.size(), workers, [&](std::size_t i0, std::size_t i1, unsigned w) {
        for (std::size_t i = i0; i < i1; ++i) {
            los[w] = std::min(los[w], set.incidents[i].from);
            his[w] = std::max(his[w], set.incidents[i].to);
        }
    });
    const Seconds lo = *std::min_element(los.begin(), los.end()), hi = *std::max_element(his.begin(), his.end());
    return format_date(lo) + " .. " + format_date(hi);
}

namespace {

// Every file with its counts; beyond ten files, one entry per folder (a GeoTIFF's metadata
// line, or a GeoJSON's, stays readable for 171 monthly files).
// `extent`: the reading left out the rows outside a study extent, counted per file.
nlohmann::json input_entries(const IncidentSet& set, bool extent) {
    nlohmann::json inputs = nlohmann::json::array();
    if (set.sources.size() <= 10) {
        for (const auto& s : set.sources) {
            inputs.push_back({{"path", s.path}, {"layer", s.layer}, {"schema", s.schema}, {"crs", s.crs}, {"rows", s.rows},
                              {"loaded", s.loaded}, {"rejected", s.rejected}});
            if (extent) inputs.back()["outside_extent"] = s.outside;
        }
        return inputs;
    }
    std::vector<std::string> folders;
    std::map<std::string, std::vector<const SourceSummary*>> by_folder;
    for (const auto& s : set.sources) {
        const std::string plain = io::plain_path(s.path);
        const std::string folder = std::filesystem::path(plain).parent_path().string();
        if (!by_folder.count(folder)) folders.push_back(folder);
        by_folder[folder].push_back(&s);
    }
    for (const auto& folder : folders) {
        const auto& list = by_folder[folder];
        std::uint64_t rows = 0, loaded = 0, rejected = 0, outside = 0;
        std::set<std::string> schemas, crss;
        for (const auto* s : list) {
            rows += s->rows;
            loaded += s->loaded;
            rejected += s->rejected;
            outside += s->outside;
            schemas.insert(s->schema);
            crss.insert(s->crs);
        }
        auto name = [](const SourceSummary* s) { return std::filesystem::path(s->path).filename().string(); };
        inputs.push_back({{"folder", folder.empty() ? "." : folder},
                          {"files", list.size()},
                          {"first", name(list.front())},
                          {"last", name(list.back())},
                          {"schema", fmt::format("{}", fmt::join(schemas, ", "))},
                          {"crs", fmt::format("{}", fmt::join(crss, ", "))},
                          {"rows", rows},
                          {"loaded", loaded},
                          {"rejected", rejected}});
        if (extent) inputs.back()["outside_extent"] = outside;
    }
    return inputs;
}

}  // namespace

nlohmann::json metadata(const std::string& command, const InputParams& o, const FilterParams& f, const Ingested& in,
                        const nlohmann::json& extra_parameters) {
    const nlohmann::json inputs = input_entries(in.set, in.extent);
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : in.area_sources) {
        areas.push_back({{"spec", a.spec}, {"label", a.label}, {"code_field", a.code_field},
                         {"name_field", a.name_field}, {"crs", a.crs}, {"features", a.features}});
    }
    nlohmann::json params = {{"schema", o.schema},         {"work_crs", o.work_crs}, {"crs", o.crs},
                             {"from", f.from_text},        {"to", f.to_text},        {"crime_types", f.crime_types},
                             {"within", f.within},         {"max_reject_rate", o.max_reject_rate}};
    // The time filters are recorded when given (outputs made without them stay as they were).
    if (!f.hours_text.empty()) params["hours"] = f.hours_text;
    if (!f.days_text.empty()) params["weekdays"] = f.days_text;
    if (!f.months_text.empty()) params["months"] = f.months_text;
    if (!f.hours_text.empty() || !f.days_text.empty() || !f.months_text.empty()) params["time_rule"] = f.time_rule;
    if (!f.where.empty()) params["where"] = f.where;
    for (auto& [k, v] : extra_parameters.items()) params[k] = v;
    nlohmann::json result = {{"generator", std::string("hotspots ") + version},
            {"command", command},
            {"parameters", params},
            {"inputs", inputs},
            {"areas", areas},
            {"rows", {{"read", in.rows}, {"loaded", in.loaded}, {"rejected", in.rejected}}},
            {"filtered_out",
             {{"before_from", in.filtered.before_from},
              {"after_to", in.filtered.after_to},
              {"other_type", in.filtered.other_type},
              {"outside_within", in.filtered.outside_within}}},
            {"incidents", in.set.incidents.size()},
            {"period", period_text(in.set)},
            {"crs", o.work_crs}};
    if (in.filtered.outside_time) result["filtered_out"]["outside_time"] = in.filtered.outside_time;
    if (in.filtered.outside_where) result["filtered_out"]["outside_where"] = in.filtered.outside_where;
    if (in.extent) result["filtered_out"]["outside_extent"] = in.filtered.outside_extent;
    return result;
}

std::vector<MetadataKey> metadata_keys() {
    // filtered_out and an input's outside_extent are left out: with the rows read they give the
    // step's count back. first and last: the months of a folder of police.uk files.
    return metadata_roles(
        {{ColumnRole::identifier, "generator command crs"},
         {ColumnRole::count, "incidents"},
         {ColumnRole::date, "period inputs.first inputs.last"},
         {ColumnRole::measure, "parameters.{schema work_crs crs from to crime_types within max_reject_rate hours weekdays months "
                               "time_rule where} inputs.{path layer crs schema folder files rows loaded rejected} "
                               "areas.{spec label code_field name_field crs features} rows.{read loaded rejected}"}});
}

std::string areas_text(const std::vector<AreaTouched>& areas) {
    std::string s;
    for (const auto& a : areas) {
        const double pct = 100 * a.share;
        s += fmt::format("{}{}{} {}", s.empty() ? "" : "; ", a.name, a.code == a.name ? "" : " (" + a.code + ")",
                         pct < 0.5 ? "<1%" : fmt::format("{:.0f}%", pct));
    }
    return s;
}

}  // namespace hotspots::steps
