// The one list of steps (osmium-tool's commands.cpp): no registration by static initialisers.
#include "steps/step.hpp"

#include <functional>
#include <utility>

namespace hotspots::steps {

// Each defined in the step's own file.
std::unique_ptr<Step> make_info();
std::unique_ptr<Step> make_map();
std::unique_ptr<Step> make_kde();
std::unique_ptr<Step> make_repeats();
std::unique_ptr<Step> make_nearrepeat();
std::unique_ptr<Step> make_cocoon();
std::unique_ptr<Step> make_gistar();
std::unique_ptr<Step> make_lisa();
std::unique_ptr<Step> make_change();
std::unique_ptr<Step> make_trend();
std::unique_ptr<Step> make_dashboard();
std::unique_ptr<Step> make_profile();
std::unique_ptr<Step> make_site();
std::unique_ptr<Step> make_facilities();
std::unique_ptr<Step> make_risk();
std::unique_ptr<Step> make_walk();
std::unique_ptr<Step> make_evaluate();
std::unique_ptr<Step> make_predict();
std::unique_ptr<Step> make_sample();
std::unique_ptr<Step> make_cluster();
std::unique_ptr<Step> make_scan();
std::unique_ptr<Step> make_compare();
std::unique_ptr<Step> make_streets();

namespace {

using Factory = std::function<std::unique_ptr<Step>()>;

std::vector<std::pair<std::string, Factory>>& factories() {
    static std::vector<std::pair<std::string, Factory>> list = {
        {"info", make_info},       {"map", make_map},         {"kde", make_kde},
        {"repeats", make_repeats}, {"nearrepeat", make_nearrepeat}, {"cocoon", make_cocoon},
        {"gistar", make_gistar},
        {"lisa", make_lisa},
        {"cluster", make_cluster},
        {"scan", make_scan},
        {"compare", make_compare},
        {"change", make_change},
        {"trend", make_trend},
        {"streets", make_streets},
        {"dashboard", make_dashboard},
        {"profile", make_profile},
        {"site", make_site},
        {"facilities", make_facilities},
        {"risk", make_risk},
        {"walk", make_walk},
        {"evaluate", make_evaluate},
        {"predict", make_predict},
        {"sample", make_sample},
    };
    return list;
}

}  // namespace

void Step::declare_common(bool areas_required) {
    declare_input(m_params, m_input);
    declare_filters(m_params, m_filters);
    declare_areas(m_params, m_areas, areas_required);
    declare_run(m_params, m_run);
    m_params.start_group(ParamGroup::step);
}

void Step::declare_no_style() {
    m_params.flag("no-style", m_no_style, "Do not write QGIS styles (NAME.qml beside a .tif or .geojson, the layer_styles table in a .gpkg)").in_group(ParamGroup::output);
}

nlohmann::json params_json(const Params& params) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& p : params.all()) {
        if (p.group != ParamGroup::step && p.group != ParamGroup::filters) continue;
        const std::vector<std::string> values = p.given ? p.values : std::vector<std::string>{p.default_text};
        if (!p.given && p.default_text.empty()) continue;
        auto typed = [&](const std::string& v) -> nlohmann::json {
            if (p.kind == ParamKind::flag) return v == "true";
            if (p.kind == ParamKind::number || p.kind == ParamKind::integer) {
                try {
                    return parse_number(v, Range{});
                } catch (const UsageError&) {
                    return v;
                }
            }
            return v;
        };
        if (p.repeatable) {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& v : values) list.push_back(typed(v));
            out[p.name] = list;
        } else {
            out[p.name] = typed(values.front());
        }
    }
    return out;
}

void add_step(const std::string& name, std::function<std::unique_ptr<Step>()> factory) {
    for (const auto& [n, f] : factories())
        if (n == name) throw std::invalid_argument("a step named " + name + " is registered already");
    factories().emplace_back(name, std::move(factory));
}

std::vector<std::string> step_names() {
    std::vector<std::string> names;
    for (const auto& [name, f] : factories()) names.push_back(name);
    return names;
}

std::unique_ptr<Step> make_step(const std::string& name) {
    for (const auto& [n, f] : factories())
        if (n == name) {
            auto step = f();
            step->params().apply_defaults();
            return step;
        }
    return nullptr;
}

}  // namespace hotspots::steps
