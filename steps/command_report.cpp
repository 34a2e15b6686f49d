#include "steps/command_report.hpp"

#include "io/area_reader.hpp"
#include "io/versions.hpp"
#include "model/version.hpp"
#include "steps/publish.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace hotspots::steps {

ReportPage command_report(Step& step, const Ingested& in, const std::vector<std::string>& warnings, std::uint64_t removed,
                          Log& log) {
    namespace fs = std::filesystem;
    const std::string command = step.info().name;
    const auto& types = step.filters().crime_types;
    // The one theme: the crime types chosen, or every incident.
    std::string id, title;
    for (const auto& t : types) {
        std::string plain;
        for (char c : t) plain += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
        id += (id.empty() ? "" : "_") + plain;
        title += (title.empty() ? "" : ", ") + t;
    }
    if (id.empty()) id = "all", title = "All incidents";
    nlohmann::json m;
    m["generator"] = std::string("hotspots ") + version;
    m["versions"] = io::library_versions();
    const auto& f = step.filters();
    m["period"] = f.from_text.empty() && f.to_text.empty()
                      ? "of the data " + period_text(in.set)
                      : (f.from_text.empty() ? "" : "from " + f.from_text) + (f.to_text.empty() ? "" : " to " + f.to_text);
    m["themes"] = nlohmann::json::array({{{"name", id}, {"title", title}, {"crime_types", types}}});
    m["steps"] = nlohmann::json::array({{{"name", command},
                                         {"run", command},
                                         {"theme", id},
                                         {"parameters", params_json(step.params())},
                                         {"incidents", published_count(in.set.incidents.size(), step.publish())},
                                         {"warnings", warnings}}});
    m["inputs"] = nlohmann::json::array({{{"name", "incidents"},
                                          {"rows", in.rows},
                                          {"loaded", in.loaded},
                                          {"rejected", in.rejected},
                                          {"rejects_file", step.input().rejects}}});
    // Boundaries from the area files as given (a pack copies them into its GeoPackage).
    m["areas"] = nlohmann::json::array();
    for (const auto& a : in.area_sources) {
        const auto spec = io::parse_area_spec(a.spec);
        m["areas"].push_back({{"label", a.label}, {"file", spec.path}, {"layer", spec.layer}});
    }
    m["outputs"] = nlohmann::json::array();
    for (const auto& p : step.params().all()) {
        if (p.kind != ParamKind::output || p.group != ParamGroup::output || !p.given || p.role.empty()) continue;
        for (const auto& file : p.values) {
            std::error_code ec;
            // --publish may have withheld it.
            if (fs::exists(file, ec)) m["outputs"].push_back({{"file", file}, {"layer", ""}, {"theme", id}, {"step", command}, {"role", p.role}});
        }
    }
    if (step.publish().on) {
        m["published"] = publish_statement(step.publish(), removed);
        if (!step.params().find("marking")->given)
            log.warning("--publish: the report is marked " + step.report_marking() +
                        " (the default): give the published page its marking with --marking");
    }
    ReportOptions o{"", step.report_marking(), "", fmt::format("hotspots {}: {}", command, title)};
    return report_html(m, "", o, log);
}

}  // namespace hotspots::steps
