// The report's front page and its appendix (how the pack was made).
#include "report/report_html_detail.hpp"

#include "io/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hotspots::report::detail {
namespace {

namespace fs = std::filesystem;
using io::xml_escape;
using nlohmann::json;

// An absolute path (up to a ",option=..." tail) as seen from `base`: a report handed round
// names no one's home folder, and its paths work wherever the pack is copied with its inputs.
std::string relative(const std::string& text, const fs::path& base) {
    if (text.empty() || text.front() != '/' || base.empty()) return text;
    const auto comma = std::min(text.find(','), text.size());
    const fs::path rel = fs::path(text.substr(0, comma)).lexically_normal().lexically_relative(base);
    return (rel.empty() ? text.substr(0, comma) : rel.string()) + text.substr(comma);
}

// A parameter's value as a person writes it: 99, not 99.0; paths relative to `base`.
std::string shown(const json& v, const fs::path& base = {}) {
    if (v.is_string()) return relative(v.get<std::string>(), base);
    if (v.is_number_float()) return fmt::format("{:g}", v.get<double>());
    if (v.is_array()) {
        std::string s;
        for (const auto& e : v) s += (s.empty() ? "" : ", ") + shown(e, base);
        return s;
    }
    return v.dump();
}

}  // namespace

// The front page leads with what the reader acts on: the themes and their sections (each
// opens with its ranked hotspots); how the pack was made is in the appendix at the end.
std::string front_page(const Manifest& m, const std::string& title, const std::string& leads) {
    std::string body;
    auto out = std::back_inserter(body);
    fmt::format_to(out, "<section class=\"page front\"><h1>{}</h1>\n", xml_escape(title));
    std::string versions;
    for (const auto& [k, val] : m.versions.items()) versions += (versions.empty() ? "" : ", ") + k + " " + text_of(val);
    fmt::format_to(out, "<p>{} &middot; made by {} ({})</p>\n",
                   xml_escape(m.pack ? "Month " + m.pack->month + " \u00b7 period " + m.pack->period
                                     : "Period " + m.period.value_or("")),
                   xml_escape(m.generator), xml_escape(versions));
    if (m.published)
        fmt::format_to(out, "<p class=\"published\"><b>Prepared for publication.</b> {}.</p>\n",
                       xml_escape(m.published->contains("statement") ? text_of((*m.published)["statement"]) : ""));
    if (m.pack) {
        body += leads;
    } else {  // a command's report: the theme it is of
        fmt::format_to(out, "<h3>Themes</h3><table class=\"data\"><tr><th>theme</th><th>crime types</th></tr>\n");
        for (const auto& t : m.themes) {
            std::string types;
            for (const auto& c : t.crime_types) types += (types.empty() ? "" : ", ") + c;
            fmt::format_to(out, "<tr><td><a href=\"#theme-{}\">{}</a></td><td>{}</td></tr>\n", xml_escape(t.name),
                           xml_escape(t.title.empty() ? t.name : t.title), xml_escape(types.empty() ? "all" : types));
        }
        fmt::format_to(out, "</table>\n");
    }
    std::size_t warned = 0;
    for (const auto& s : m.steps) warned += s.warnings.size();
    fmt::format_to(out, "<p class=\"small\">Inputs, {}steps and parameters: <a href=\"#appendix\">appendix</a>.</p>"
                        "</section>\n", warned ? fmt::format("{} warning{}, ", warned, warned == 1 ? "" : "s") : "");
    return body;
}

// The appendix: inputs, warnings (a heading only when there are some), each step's
// parameters, paths relative to `base`.
std::string appendix(const Manifest& m, const fs::path& base) {
    std::string body;
    auto out = std::back_inserter(body);
    fmt::format_to(out, "<section class=\"page appendix\" id=\"appendix\"><h2>Appendix: how this was made</h2>\n"
                        "<h3>Inputs</h3><table class=\"data\"><tr><th>input</th><th>rows</th><th>loaded</th>"
                        "<th>rejected</th><th>rejects listed in</th></tr>\n");
    for (const auto& in : m.inputs) {
        const auto count = [&](std::uint64_t v) { return in.counts_marker.empty() ? std::to_string(v) : xml_escape(in.counts_marker); };
        fmt::format_to(out, "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                       xml_escape(relative(in.name, base)), count(in.rows), count(in.loaded), count(in.rejected),
                       xml_escape(relative(in.rejects_file, base)));
    }
    fmt::format_to(out, "</table>\n");
    if (!m.context.empty()) {  // the pack's context layers, as the pack file names them
        fmt::format_to(out, "<h3>Context layers</h3><table class=\"data\"><tr><th>file (from the pack file)</th><th>kind</th>"
                            "<th>drawn from</th></tr>\n");
        for (const auto& c : m.context)
            fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n", xml_escape(c.file), xml_escape(c.kind),
                           xml_escape(c.copy));
        fmt::format_to(out, "</table>\n");
    }
    std::string warnings;
    for (const auto& s : m.steps)
        for (const auto& w : s.warnings) warnings += "<li>" + xml_escape(s.theme + " / " + s.name + ": " + w) + "</li>\n";
    if (!warnings.empty()) fmt::format_to(out, "<h3>Warnings</h3><ul class=\"small\">{}</ul>\n", warnings);
    fmt::format_to(out, "<h3>Steps and parameters</h3><table class=\"data params\"><tr><th>theme</th><th>step</th><th>incidents</th>"
                        "<th>parameters</th></tr>\n");
    for (const auto& s : m.steps) {
        std::string params;
        for (const auto& [k, v] : s.parameters.items()) params += (params.empty() ? "" : "; ") + k + " " + shown(v, base);
        fmt::format_to(out, "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td></tr>\n",
                       xml_escape(s.theme), xml_escape(s.name),
                       xml_escape(s.skipped ? "skipped" : s.incidents.is_null() ? "" : text_of(s.incidents)),
                       xml_escape(params));
    }
    fmt::format_to(out, "</table></section>\n");
    return body;
}

}  // namespace hotspots::report::detail
