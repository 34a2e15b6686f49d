#include "io/theme_file.hpp"

#include "io/gdal_util.hpp"
#include "model/condition.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>

namespace hotspots::io {
namespace {

std::string key_from(const std::string& name) {
    std::string k;
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c))) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!k.empty() && k.back() != '-') k += '-';
    }
    while (!k.empty() && k.back() == '-') k.pop_back();
    return k;
}

}  // namespace

std::vector<Theme> read_themes(const std::string& path) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw IoError(fmt::format("{}: line {}: {}", path, e.source().begin.line, e.description()));
    }
    auto fail = [&](const toml::node& n, const std::string& message) {
        throw IoError(fmt::format("{}: line {}: {}", path, n.source().begin.line, message));
    };
    for (auto&& [k, v] : table)
        if (k.str() != "theme") fail(v, fmt::format("unknown key '{}'; a themes file holds [[theme]] tables", k.str()));
    const auto* list = table["theme"].as_array();
    if (!list || !list->is_array_of_tables() || list->empty())
        throw IoError(path + ": no [[theme]] tables (name = \"...\", minor = [...], categories = [...])");
    std::vector<Theme> themes;
    std::set<std::string> keys;
    for (const auto& node : *list) {
        Theme t;
        for (auto&& [k, value] : *node.as_table()) {
            const std::string key(k.str());
            const toml::node& v = value;  // a plain reference: lambdas cannot capture a structured binding (clang 14)
            auto strings = [&](std::vector<std::string>& out) {
                const auto* a = v.as_array();
                if (!a) fail(v, key + ": give a list of texts, e.g. [\"RES BURGLARY OF A HOME\"]");
                for (const auto& e : *a) {
                    if (!e.is_string()) fail(e, key + ": give texts in quotes");
                    out.push_back(e.as_string()->get());
                }
            };
            if (key == "name" || key == "key") {
                if (!v.is_string()) fail(v, key + ": give a text in quotes");
                (key == "name" ? t.name : t.key) = v.as_string()->get();
            } else if (key == "major") strings(t.major);
            else if (key == "minor") strings(t.minor);
            else if (key == "categories") strings(t.categories);
            else if (key == "types") strings(t.types);
            else if (key == "where") {
                strings(t.where);
                for (const auto& w : t.where) try {
                        parse_condition(w);
                    } catch (const std::invalid_argument& e) {
                        fail(v, std::string("where: ") + e.what());
                    }
            } else fail(v, fmt::format("unknown key '{}' in [[theme]] (name, key, major, minor, categories, types, where)", key));
        }
        if (t.name.empty()) fail(node, "[[theme]] needs a name");
        if (t.key.empty()) t.key = key_from(t.name);
        if (!t.for_counts() && !t.for_incidents())
            fail(node, "theme '" + t.name +
                           "' has no rule: give major or minor (count tables), categories, types or where (incidents)");
        for (const auto& c : t.categories)
            if (!category_from_name(c))
                fail(node, "theme '" + t.name + "': '" + c + "' is not a category (docs/categories.md lists them)");
        if (!keys.insert(t.key).second) fail(node, "theme '" + t.key + "' is given twice");
        themes.push_back(std::move(t));
    }
    return themes;
}

}  // namespace hotspots::io
