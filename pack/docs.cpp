#include "pack/docs.hpp"

#include "pack/pack_file.hpp"
#include "report/report_html.hpp"
#include "runner/runner.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

namespace hotspots::pack {
using namespace steps;
namespace {

std::string cell(std::string s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
}

std::string value_text(const Param& p) {
    std::string v;
    switch (p.kind) {
    case ParamKind::flag:
    case ParamKind::count: return "flag";
    case ParamKind::number: v = "number"; break;
    case ParamKind::integer: v = "integer"; break;
    case ParamKind::path: v = "file"; break;
    case ParamKind::output: v = "file (" + p.extensions + ")"; break;
    case ParamKind::list: v = "text, repeatable"; break;
    default: v = p.choices.empty() ? "text" : "one of " + fmt::format("{}", fmt::join(p.choices, ", ")); break;
    }
    if (!p.range.empty() && p.range != "a finite number") v += " " + p.range;
    if (!p.unit.empty()) v += ", " + p.unit;
    return v;
}

std::string table(const Params& params, bool (*wanted)(const Param&)) {
    std::string s = "| option | value | default | meaning |\n|---|---|---|---|\n";
    for (const auto& p : params.all()) {
        if (!wanted(p)) continue;
        std::string names = p.positional ? "`" + p.name + "...`" : "`--" + p.name + "`";
        if (!p.letter.empty()) names = "`-" + p.letter + "`, " + names;
        for (const auto& a : p.aliases) names += ", `--" + a + "` (old name)";
        std::string meaning = p.help;
        if (p.required) meaning += " (required)";
        const std::string def = p.default_text.empty() ? std::string() : fmt::format("`{}`", cell(p.default_text));
        s += fmt::format("| {} | {} | {} | {} |\n", names, cell(value_text(p)), def, cell(meaning));
    }
    return s;
}

bool shared_group(const Param& p) {
    return p.group == ParamGroup::input || p.group == ParamGroup::filters || p.group == ParamGroup::areas ||
           p.group == ParamGroup::run;
}
bool own_group(const Param& p) { return !shared_group(p); }

}  // namespace

std::map<std::string, std::string> option_sections() {
    std::map<std::string, std::string> out;
    const auto all = [](const Param&) { return true; };
    // Every command that reads incidents shares its input, filter, area and run options, and
    // the front-ends' publishing and report options.
    Params front;
    runner::FrontParams front_values;
    runner::declare_front(front, front_values);
    front.apply_defaults();
    const std::string front_rows = table(front, all);
    out["common"] = table(make_step("info")->params(), shared_group) + front_rows.substr(front_rows.find('\n', front_rows.find('\n') + 1) + 1);
    for (const auto& name : step_names()) {
        auto step = make_step(name);
        out[name] = step->reads_incidents() ? table(step->params(), own_group) : table(step->params(), all);
    }
    Params report_params;
    report::ReportCommandParams report_values;
    report::declare_report_command(report_params, report_values);
    report_params.apply_defaults();
    out["report"] = table(report_params, all);
    out["pack"] = pack_keys_markdown();
    return out;
}

std::string refresh_sections(const std::string& doc, const std::map<std::string, std::string>& sections,
                             std::vector<std::string>& stale, std::vector<std::string>& found) {
    std::string out = doc;
    for (const auto& [name, text] : sections) {
        const std::string open = "<!-- options:" + name + " -->\n", close = "<!-- /options:" + name + " -->";
        const auto a = out.find(open);
        const auto b = a == std::string::npos ? std::string::npos : out.find(close, a);
        if (b == std::string::npos) continue;
        found.push_back(name);
        const auto from = a + open.size();
        if (out.compare(from, b - from, text) != 0) {
            stale.push_back(name);
            out.replace(from, b - from, text);
        }
    }
    return out;
}

nlohmann::json pack_schema() {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& name : step_names()) {
        auto step = make_step(name);
        if (!step->reads_incidents()) continue;
        nlohmann::json props = step_key_schema(step->params());
        props["run"] = {{"const", name}};
        steps.push_back({{"type", "object"},
                         {"description", step->info().summary},
                         {"properties", props},
                         {"required", {"run"}},
                         {"additionalProperties", false}});
    }
    nlohmann::json schema = pack_file_schema();
    schema["properties"]["step"] = {{"type", "array"}, {"items", {{"oneOf", steps}}}};
    return schema;
}

}  // namespace hotspots::pack
