#include "pack/pack_file.hpp"

#include "model/condition.hpp"

#include "io/gdal_util.hpp"
#include "pack/periods.hpp"
#include "report/publish.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

namespace hotspots::pack {
namespace fs = std::filesystem;
using steps::Param;
using steps::ParamGroup;
using steps::UsageError;

namespace {

// The keys of the pack's own tables, with their help: one list for reading, docs and schema.
struct KeyDoc {
    std::string table;  // "" top level, "inputs", "areas", "theme", "step"
    std::string key;
    std::string type;   // JSON schema type
    std::string def;
    std::string help;
};

const std::vector<KeyDoc>& key_docs() {
    static const std::vector<KeyDoc> list = [] {
        std::vector<KeyDoc> l = {
            {"", "title", "string", "", "Title of the pack: the manifest and the QGIS project carry it"},
            {"", "month", "string", "",
             "The pack month YYYY-MM; relative periods end with it, and a dashboard step reports it (the command's "
             "--month overrides it)"},
            {"", "period", "string", "month", "Period of every step that gives none (from, to or period): see the forms"},
            {"", "work-crs", "string", "EPSG:27700", "Working CRS of the analyses, in metres"},
            {"", "geojson", "boolean", "false", "Also write every vector layer as GeoJSON (RFC 7946) in its theme's folder"},
            {"", "shared-scale", "boolean", "true",
             "Density maps of one theme share one colour scale (the largest maximum), so periods compare by eye"},
            {"", "context", "array", "",
             "Context layers, relative to the pack file: vector files (roads, streets: grey, named where they have a name "
             "field) or rasters, MBTiles, GeoPackages of tiles (base maps), cut to the area into the folder's context/, drawn "
             "beneath every theme's map in the report and in the QGIS project's Context group (docs/report.md); hotspots pack "
             "--context adds to them"}};
        // Publishing: the commands' options, as declared (docs/publish.md); a pack is published whole.
        steps::Params publish;
        report::PublishParams values;
        report::declare_publish(publish, values);
        for (const auto& p : publish.all()) {
            const std::string type = p.kind == steps::ParamKind::flag      ? "boolean"
                                     : p.kind == steps::ParamKind::integer ? "integer"
                                     : p.kind == steps::ParamKind::number  ? "number"
                                                                           : "string";
            std::string help = p.help + (p.unit.empty() ? "" : " (" + p.unit + ")");
            if (p.name == "publish") help += "; hotspots pack --publish turns it on too";
            l.push_back({"", p.name, type, p.kind == steps::ParamKind::flag ? "false" : p.default_text, help});
        }
        std::string runs;
        for (const auto& name : steps::step_names())
            if (steps::make_step(name)->reads_incidents()) runs += (runs.empty() ? "" : ", ") + name;
        const std::vector<KeyDoc> tables = {
            {"inputs", "files", "array", "", "Incident files, folders or glob patterns (required); also the input options below"},
            {"areas", "path", "string", "", "Polygon file (required)"},
            {"areas", "as", "string", "(the file name)", "Label of the layer (ward, borough, bcu); layers with one label are generations"},
            {"areas", "layer", "string", "(the first)", "Layer to read"},
            {"areas", "code", "string", "(detected)", "Area code field"},
            {"areas", "name", "string", "(detected)", "Area name field"},
            {"areas", "crs", "string", "", "CRS when the file has none"},
            {"areas", "from", "string", "", "First day the boundaries were in force (YYYY-MM-DD; YYYY-MM: its first day); a step's period wholly before it is refused"},
            {"areas", "to", "string", "", "Last day the boundaries were in force (YYYY-MM-DD; YYYY-MM: its last day); a step's period wholly after it is refused"},
            {"areas", "unique", "string", "", "Make repeated codes unique: a field (DISTRICT) or in:LABEL (another [[areas]] layer)"},
            {"theme", "name", "string", "", "Name of the theme (required): its folder and the start of its layer names"},
            {"theme", "title", "string", "(its name)", "Title shown in the QGIS project and the manifest"},
            {"theme", "input", "string", "(the only input)", "Which [inputs.NAME] the theme reads"},
            {"theme", "crime-type", "array", "(every incident)", "Categories or raw crime types (as --crime-type)"},
            {"theme", "within", "string", "", "Keep incidents inside the area with this code"},
            {"theme", "where", "array", "", "Attribute conditions every incident must meet (as --where: FIELD=A,B, FIELD!=A, FIELD~PATTERN)"},
            {"theme", "harm-weights", "string", "",
             "CSV of category (or crime_type) and weight: every step of the theme weighs its incidents"},
            {"step", "run", "string", "", "The analysis (required): " + runs},
            {"step", "name", "string", "(its run)", "Name of its outputs (unique in the pack; give one when a step runs twice)"},
            {"step", "themes", "array", "(every theme)",
             "The themes it runs on; a text (themes = \"board.toml\") is the step's own themes option (dashboard)"},
        };
        l.insert(l.end(), tables.begin(), tables.end());
        return l;
    }();
    return list;
}

bool known(const std::string& table, const std::string& key) {
    for (const auto& k : key_docs())
        if (k.table == table && key == k.key) return true;
    return false;
}

std::vector<std::string> keys_of(const std::string& table) {
    std::vector<std::string> out;
    for (const auto& k : key_docs())
        if (k.table == table) out.emplace_back(k.key);
    return out;
}

struct Reader {
    PackFile& pack;

    [[noreturn]] void fail(int line, const std::string& message) const { throw UsageError(where(pack, line) + message); }

    static int line_of(const toml::node& n) { return static_cast<int>(n.source().begin.line); }

    std::string scalar(const toml::node& n, const std::string& key) const {
        if (auto s = n.as_string()) return s->get();
        if (auto i = n.as_integer()) return std::to_string(i->get());
        if (auto f = n.as_floating_point()) return fmt::format("{}", f->get());
        if (auto b = n.as_boolean()) return b->get() ? "true" : "false";
        if (auto d = n.as_date()) return fmt::format("{:04d}-{:02d}-{:02d}", int(d->get().year), int(d->get().month), int(d->get().day));
        fail(line_of(n), key + ": give a text, a number, true/false or a date here");
    }

    Setting setting(const std::string& key, const toml::node& n) const {
        Setting s{key, {}, line_of(n), false};
        if (const auto* a = n.as_array()) {
            s.array = true;
            for (const auto& e : *a) s.values.push_back(scalar(e, key));
            if (s.values.empty()) fail(s.line, key + ": an empty list");
        } else if (n.is_table()) {
            fail(s.line, key + ": a table here; give a value");
        } else {
            s.values.push_back(scalar(n, key));
        }
        return s;
    }

    std::string single(const Setting& s) const {
        if (s.array || s.values.size() != 1) fail(s.line, s.key + ": give one value, not a list");
        return s.values.front();
    }

    [[noreturn]] void unknown(int line, const std::string& key, const std::string& table,
                              const std::vector<std::string>& candidates) const {
        const std::string near = steps::closest(key, candidates);
        fail(line, fmt::format("unknown key '{}' in {}{}", key, table, near.empty() ? "" : "; did you mean '" + near + "'?"));
    }

    // A path in the file, relative to the pack file's folder.
    std::string path(const std::string& p) const {
        if (p.empty() || fs::path(p).is_absolute() || p.rfind("/vsi", 0) == 0) return p;
        return (fs::path(pack.folder) / p).lexically_normal().string();
    }

    // The publish keys, checked as the commands' options are.
    steps::Params publish_params{};
    void publish(const Setting& s, const std::string& value) {
        if (publish_params.all().empty()) {
            report::declare_publish(publish_params, pack.publish);
            publish_params.apply_defaults();
        }
        try {
            publish_params.set(*publish_params.find(s.key), {s.key == "sensitive-sites" ? path(value) : value}, s.key);
        } catch (const UsageError& e) {
            fail(s.line, e.what());
        }
        if (s.key != "publish" && !pack.publish_line) pack.publish_line = s.line;
    }

    static bool plain_name(const std::string& s) { return std::regex_match(s, std::regex("[A-Za-z0-9][A-Za-z0-9_-]*")); }

    void top(const toml::table& t);
    void inputs(const toml::node& n);
    void input(const std::string& name, const toml::table& t, int line);
    void areas(const toml::node& n);
    void themes(const toml::node& n);
    void steps(const toml::node& n);
    void step(const toml::table& t);
};

void Reader::top(const toml::table& t) {
    std::vector<std::string> candidates = keys_of("");
    for (const char* k : {"inputs", "areas", "theme", "step"}) candidates.emplace_back(k);
    const toml::node* inputs_node = nullptr;
    const toml::node* areas_node = nullptr;
    const toml::node* themes_node = nullptr;
    const toml::node* steps_node = nullptr;
    int period_line = 1;
    for (auto&& [k, v] : t) {
        const std::string key(k.str());
        const int line = line_of(v);
        if (key == "inputs") inputs_node = &v;
        else if (key == "areas") areas_node = &v;
        else if (key == "theme") themes_node = &v;
        else if (key == "step") steps_node = &v;
        else if (!known("", key)) unknown(line, key, "the pack file", candidates);
        else if (key == "context") {
            for (const auto& f : setting(key, v).values) {
                if (f.empty()) fail(line, "context: an empty path; give a file, as context = [\"../roads.gpkg\"]");
                pack.context.push_back(path(f));
                pack.context_lines.push_back(line);
            }
        } else {
            const auto s = setting(key, v);
            const std::string value = single(s);
            if (key == "title") pack.title = value;
            else if (key == "month") {
                if (pack.month < 0) try {
                        pack.month = parse_month(value);
                    } catch (const UsageError& e) {
                        fail(line, std::string("month: ") + e.what());
                    }
            } else if (key == "period") {
                pack.period = value;
                period_line = line;
            }
            else if (key == "work-crs") pack.work_crs = value;
            else if (report::publish_option(key)) publish(s, value);
            else if (key == "geojson" || key == "shared-scale") try {
                    (key == "geojson" ? pack.geojson : pack.shared_scale) = steps::parse_bool(value);
                } catch (const UsageError& e) {
                    fail(line, key + ": " + e.what());
                }
        }
    }
    for (const auto& p : publish_params.all())
        if (p.given && p.name != "publish" && !pack.publish.on && !pack.publish_command)
            fail(pack.publish_line, p.name + " is an option of publish; add publish = true (or run hotspots pack --publish)");
    if (!inputs_node) fail(1, "no [inputs]: say which incident files the pack reads ([inputs] files = [...])");
    if (!themes_node) fail(1, "no [[theme]]: give at least one (name = \"burglary\", crime-type = [\"burglary\"])");
    if (!steps_node) fail(1, "no [[step]]: give at least one (run = \"kde\")");
    try {
        pack.period = resolve_period(pack.period, pack.month, std::nullopt);
    } catch (const UsageError& e) {
        fail(period_line, std::string("period: ") + e.what());
    }
    inputs(*inputs_node);
    if (areas_node) areas(*areas_node);
    themes(*themes_node);
    steps(*steps_node);
}

void Reader::inputs(const toml::node& n) {
    const auto* t = n.as_table();
    if (!t) fail(line_of(n), "inputs must be a table: [inputs] files = [...], or [inputs.NAME] for several");
    if (t->contains("files")) {
        input("incidents", *t, line_of(n));
        return;
    }
    for (auto&& [k, v] : *t) {
        const auto* sub = v.as_table();
        if (!sub) fail(line_of(v), "inputs." + std::string(k.str()) + ": give files = [...] (and input options) in [inputs] or [inputs.NAME]");
        if (!plain_name(std::string(k.str()))) fail(line_of(v), "inputs." + std::string(k.str()) + ": use letters, digits, - and _ in names");
        input(std::string(k.str()), *sub, line_of(v));
    }
    if (pack.inputs.empty()) fail(line_of(n), "[inputs] names no files");
}

void Reader::input(const std::string& name, const toml::table& t, int line) {
    PackInput in{name, {}, {}, line};
    // A throwaway declaration of the input options, to check each value here.
    steps::Params params;
    steps::InputParams o;
    steps::declare_input(params, o);
    params.apply_defaults();
    std::vector<std::string> candidates{"files"};
    for (const auto& p : params.all())
        if (!p.positional && p.kind != steps::ParamKind::output && p.name != "work-crs") candidates.push_back(p.name);
    for (auto&& [k, v] : t) {
        const std::string key(k.str());
        const auto s = setting(key, v);
        if (key == "files") {
            for (const auto& f : s.values) in.files.push_back(path(f));
            continue;
        }
        Param* p = params.find(key);
        if (key == "work-crs") fail(s.line, "work-crs is set once, at the top of the pack file");
        if (!p || p->positional || p->kind == steps::ParamKind::output) unknown(s.line, key, "[inputs]", candidates);
        if (s.array && !p->repeatable) fail(s.line, key + ": give one value, not a list");
        try {
            params.set(*p, s.values, key);
        } catch (const UsageError& e) {
            fail(s.line, e.what());
        }
        in.options.push_back(s);
    }
    if (in.files.empty()) fail(line, "inputs " + name + ": give files = [\"folder/\", \"file.csv\"]");
    pack.inputs.push_back(std::move(in));
}

void Reader::areas(const toml::node& n) {
    const auto* a = n.as_array();
    if (!a || !a->is_array_of_tables()) fail(line_of(n), "areas must be [[areas]] tables (path = ..., as = ...)");
    for (const auto& e : *a) {
        const auto& t = *e.as_table();
        std::string spec, extra;
        for (auto&& [k, v] : t) {
            const std::string key(k.str());
            const auto s = setting(key, v);
            if (!known("areas", key)) unknown(s.line, key, "[[areas]]", keys_of("areas"));
            const std::string value = single(s);
            if (key == "path") spec = path(value);
            else extra += "," + key + "=" + value;
        }
        if (spec.empty()) fail(line_of(e), "[[areas]] needs path = \"wards.gpkg\"");
        try {
            io::parse_area_spec(spec + extra);
        } catch (const io::IoError& err) {
            fail(line_of(e), err.what());
        }
        pack.areas.push_back(spec + extra);
        pack.area_lines.push_back(line_of(e));
    }
}

void Reader::themes(const toml::node& n) {
    const auto* a = n.as_array();
    if (!a || !a->is_array_of_tables()) fail(line_of(n), "theme must be [[theme]] tables (name = ..., crime-type = [...])");
    std::set<std::string> names;
    for (const auto& e : *a) {
        PackTheme th;
        th.line = line_of(e);
        for (auto&& [k, v] : *e.as_table()) {
            const std::string key(k.str());
            const auto s = setting(key, v);
            if (!known("theme", key)) unknown(s.line, key, "[[theme]]", keys_of("theme"));
            if (key == "crime-type") th.crime_types = s.values;
            else if (key == "name") th.name = single(s);
            else if (key == "title") th.title = single(s);
            else if (key == "input") th.input = single(s);
            else if (key == "within") th.within = single(s);
            else if (key == "where") {
                th.where = s.values;
                for (const auto& w : th.where) try {
                        parse_condition(w);
                    } catch (const std::invalid_argument& err) {
                        fail(s.line, "theme where " + std::string(err.what()));
                    }
            }
            else if (key == "harm-weights") th.harm_weights = path(single(s));
        }
        if (th.name.empty()) fail(th.line, "[[theme]] needs a name (name = \"burglary\")");
        if (!plain_name(th.name)) fail(th.line, "theme " + th.name + ": use letters, digits, - and _ in names");
        if (!names.insert(th.name).second) fail(th.line, "theme " + th.name + " is given twice");
        if (th.title.empty()) th.title = th.name;
        if (th.input.empty()) {
            if (pack.inputs.size() > 1)
                fail(th.line, "theme " + th.name + ": there are several [inputs]; say which with input = \"NAME\"");
            th.input = pack.inputs.front().name;
        }
        std::vector<std::string> input_names;
        for (const auto& in : pack.inputs) input_names.push_back(in.name);
        if (std::find(input_names.begin(), input_names.end(), th.input) == input_names.end()) {
            const std::string near = steps::closest(th.input, input_names);
            fail(th.line, "theme " + th.name + ": no [inputs." + th.input + "]" +
                              (near.empty() ? "" : "; did you mean " + near + "?"));
        }
        try {
            steps::check_crime_types(th.crime_types);
        } catch (const UsageError& err) {
            fail(th.line, "theme " + th.name + ": " + err.what());
        }
        pack.themes.push_back(std::move(th));
    }
}

void Reader::steps(const toml::node& n) {
    const auto* a = n.as_array();
    if (!a || !a->is_array_of_tables()) fail(line_of(n), "step must be [[step]] tables (run = \"kde\", ...)");
    for (const auto& e : *a) step(*e.as_table());
    std::set<std::string> names;
    for (const auto& s : pack.steps)
        if (!names.insert(s.name).second)
            fail(s.line, "two steps are named " + s.name + "; give one of them name = \"" + s.name + "-2\" (say)");
}

void Reader::step(const toml::table& t) {
    PackStep st;
    st.line = line_of(t);
    std::vector<Setting> options;
    std::optional<Setting> themes;
    for (auto&& [k, v] : t) {
        const std::string key(k.str());
        const auto s = setting(key, v);
        if (key == "run") st.run = single(s);
        else if (key == "name") st.name = single(s);
        else if (key == "themes") themes = s;
        else options.push_back(s);
    }
    std::vector<std::string> runnable;
    for (const auto& name : steps::step_names())
        if (steps::make_step(name)->reads_incidents()) runnable.push_back(name);
    if (st.run.empty()) fail(st.line, "[[step]] needs run = \"" + fmt::format("{}", fmt::join(runnable, "\", \"")) + "\"");
    if (std::find(runnable.begin(), runnable.end(), st.run) == runnable.end()) {
        const std::string near = steps::closest(st.run, runnable);
        fail(st.line, fmt::format("run = \"{}\": no such step{}; the steps are {}", st.run,
                                  near.empty() ? "" : " (did you mean " + near + "?)", fmt::join(runnable, ", ")));
    }
    // themes = [...] names the pack's themes the step runs on; a text is the step's own themes
    // option when it has one (dashboard: themes = "board.toml", a file relative to the pack's).
    if (themes) {
        if (!themes->array && steps::make_step(st.run)->params().find("themes")) {
            options.push_back(*themes);
        } else {
            st.themes = themes->values;
        }
    }
    if (st.name.empty()) st.name = st.run;
    if (!plain_name(st.name)) fail(st.line, "step " + st.name + ": use letters, digits, - and _ in names");
    if (st.themes.empty())
        for (const auto& th : pack.themes) st.themes.push_back(th.name);
    std::vector<std::string> theme_names;
    for (const auto& th : pack.themes) theme_names.push_back(th.name);
    for (const auto& th : st.themes)
        if (std::find(theme_names.begin(), theme_names.end(), th) == theme_names.end()) {
            const std::string near = steps::closest(th, theme_names);
            fail(st.line, "step " + st.name + ": no theme " + th + (near.empty() ? "" : "; did you mean " + near + "?"));
        }

    // The step's own declarations check every key and value, here, before anything is read.
    auto step = steps::make_step(st.run);
    auto& params = step->params();
    std::vector<std::string> candidates{"run", "name", "themes"};
    for (const auto& p : params.all()) {
        std::string belongs;
        if (step_key_allowed(p, belongs)) candidates.push_back(p.name);
    }
    auto find = [&](const std::string& key) -> const Setting* {
        for (const auto& s : options)
            if (s.key == key) return &s;
        return nullptr;
    };
    const bool has_period = find("period") || find("from") || find("to");
    const bool two_periods = params.find("before") != nullptr;
    const std::string label = "step " + st.name + ": ";
    // A step whose command requires area layers (map: --areas) is refused without them, as the
    // command is, rather than writing its incidents with no area at all.
    for (const auto& p : params.all())
        if (p.group == ParamGroup::areas && p.required && pack.areas.empty())
            fail(st.line, label + st.run + " needs area layers (its --" + p.name + " is required on the command line): add an "
                          "[[areas]] table, as [[areas]] path = \"wards.geojson\" as = \"ward\" (docs/pack.md)");
    std::optional<Period> own;  // the step's period, for "same period last year"
    auto resolve = [&](Setting& s, const Param& p, const std::optional<Period>& base) {
        try {
            for (auto& v : s.values)
                v = p.temporal == steps::Temporal::period ? resolve_period(v, pack.month, base) : resolve_date(v, pack.month);
        } catch (const UsageError& e) {
            fail(s.line, label + s.key + ": " + e.what());
        }
    };
    // Dates and periods are resolved against the pack month first: after, then before.
    std::sort(options.begin(), options.end(), [](const Setting& a, const Setting& b) {
        auto rank = [](const std::string& k) { return k == "after" || k == "period" ? 0 : k == "before" ? 1 : 2; };
        return rank(a.key) < rank(b.key);
    });
    for (auto& s : options) {
        Param* p = params.find(s.key);
        if (!p && report::publish_option(s.key))
            fail(s.line, label + s.key + " is a top-level key of the pack file: publish = true publishes every step's products "
                                         "(docs/publish.md)");
        if (!p) {
            if (s.key.find('_') != std::string::npos) {
                std::string dashed = s.key;
                std::replace(dashed.begin(), dashed.end(), '_', '-');
                if (params.find(dashed)) fail(s.line, label + "unknown key '" + s.key + "'; keys are spelt with -: '" + dashed + "'");
            }
            unknown(s.line, s.key, "[[step]] " + st.run, candidates);
        }
        std::string belongs;
        if (!step_key_allowed(*p, belongs)) fail(s.line, label + s.key + " " + belongs);
        if (s.array && !p->repeatable) fail(s.line, label + s.key + ": give one value, not a list");
        // Every file an option names, whatever its kind, as its declaration says where it lies.
        for (auto& v : s.values) v = steps::rebase_file(*p, v, [&](const std::string& f) { return path(f); });
        if (p->temporal != steps::Temporal::none) {
            const auto whole = parse_period(pack.period);
            resolve(s, *p, s.key == "before" && own ? own : whole);
            if (s.key == "after" || s.key == "period") own = parse_period(s.values.front());
        }
        try {
            params.set(*p, s.values, s.key);
        } catch (const UsageError& e) {
            fail(s.line, label + e.what());
        }
        st.options.push_back(s);
    }
    // Defaults from the pack: the month (dashboard's reporting month), the period, and for
    // change the two periods.
    if (pack.month >= 0 && params.find("month") && !find("month"))
        st.options.push_back({"month", {format_month_number(pack.month)}, st.line, false});
    if (two_periods) {
        if (!find("after")) st.options.push_back({"after", {pack.period}, st.line, false});
        const auto after = parse_period(find("after") ? find("after")->values.front() : pack.period);
        if (!find("before")) st.options.push_back({"before", {resolve_period("same period last year", pack.month, after)}, st.line, false});
    } else if (!has_period) {
        st.options.push_back({"period", {pack.period}, st.line, false});
        if (params.find("since") && !find("since"))
            st.options.push_back({"since", {pack.period.substr(0, pack.period.find(".."))}, st.line, false});
    }
    // One step a theme, each with every key set (the defaults above too).
    auto set_all = [&](steps::Step& s, bool defaults_only) {
        for (const auto& o : st.options) {
            if (defaults_only && find(o.key)) continue;
            try {
                s.params().set(*s.params().find(o.key), o.values, o.key);
            } catch (const UsageError& e) {
                fail(o.line, label + e.what());
            }
        }
    };
    set_all(*step, true);
    st.made.push_back(std::move(step));
    for (std::size_t theme = 1; theme < st.themes.size(); ++theme) {
        std::shared_ptr<steps::Step> another = steps::make_step(st.run);
        set_all(*another, false);
        st.made.push_back(std::move(another));
    }
    pack.steps.push_back(std::move(st));
}

}  // namespace

std::string where(const PackFile& pack, int line) { return fmt::format("{} line {}: ", pack.path, line); }

bool step_key_allowed(const Param& p, std::string& belongs) {
    switch (p.group) {
    case ParamGroup::input: belongs = "belongs in [inputs]"; return false;
    case ParamGroup::areas: belongs = "belongs in [[areas]]"; return false;
    case ParamGroup::output: belongs = "is not a pack key: a pack names its own files (see docs/pack.md)"; return false;
    case ParamGroup::run: belongs = "is an option of the pack command (hotspots pack --" + p.name + ")"; return false;
    case ParamGroup::filters:
        if (p.name == "crime-type") {
            belongs = "belongs in a [[theme]] (a step runs on its themes' incidents)";
            return false;
        }
        return true;
    case ParamGroup::step: return true;
    }
    return true;
}

PackFile read_pack(const std::string& path, const std::string& month, bool publish) {
    PackFile pack;
    pack.path = path;
    pack.publish_command = publish;
    pack.folder = fs::path(path).has_parent_path() ? fs::path(path).parent_path().string() : ".";
    if (!month.empty()) pack.month = parse_month(month);
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw io::IoError(path + ": no such pack file");
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw UsageError(fmt::format("{} line {}: {}", path, e.source().begin.line, e.description()));
    }
    Reader{pack}.top(table);
    if (publish) pack.publish.on = true;
    return pack;
}

std::string pack_keys_markdown() {
    std::string s;
    const char* tables[][2] = {{"", "top level"}, {"inputs", "[inputs] or [inputs.NAME]"}, {"areas", "[[areas]]"},
                               {"theme", "[[theme]]"}, {"step", "[[step]]"}};
    s += "| table | key | value | default | meaning |\n|---|---|---|---|---|\n";
    for (const auto& t : tables)
        for (const auto& k : key_docs())
            if (k.table == t[0])
                s += fmt::format("| {} | `{}` | {} | {} | {} |\n", t[1], k.key, k.type,
                                 k.def.empty() ? "" : k.def[0] == '(' ? k.def : "`" + k.def + "`", k.help);
    return s;
}

namespace {

nlohmann::json key_schema(const std::string& type, const std::string& def, const std::string& help) {
    nlohmann::json j = {{"description", help}};
    if (type == "array") j["type"] = nlohmann::json::array({"array", "string"});
    else j["type"] = type;
    if (!def.empty() && type == "boolean") j["default"] = def == "true";
    else if (!def.empty() && def[0] != '(') j["default"] = def;
    return j;
}

nlohmann::json param_schema(const Param& p) {
    nlohmann::json j = {{"description", p.help + (p.unit.empty() ? "" : " (" + p.unit + ")")}};
    switch (p.kind) {
    case steps::ParamKind::flag: j["type"] = "boolean"; break;
    case steps::ParamKind::number: j["type"] = nlohmann::json::array({"number", "string"}); break;
    case steps::ParamKind::integer: j["type"] = "integer"; break;
    case steps::ParamKind::list: j["type"] = nlohmann::json::array({"array", "string"}); break;
    default: j["type"] = p.default_text.empty() ? nlohmann::json("string") : nlohmann::json::array({"string", "number"});
    }
    if (!p.choices.empty()) j["enum"] = p.choices;
    if (!p.default_text.empty()) j["default"] = p.default_text;
    return j;
}

}  // namespace

nlohmann::json step_key_schema(const steps::Params& params) {
    nlohmann::json props = nlohmann::json::object();
    for (const auto& k : key_docs())
        if (k.table == "step") props[k.key] = key_schema(k.type, k.def, k.help);
    for (const auto& p : params.all()) {
        std::string belongs;
        if (step_key_allowed(p, belongs)) props[p.name] = param_schema(p);
    }
    return props;
}

nlohmann::json pack_file_schema() {
    nlohmann::json top = nlohmann::json::object(), areas = nlohmann::json::object(), theme = nlohmann::json::object(),
                   input = nlohmann::json::object();
    for (const auto& k : key_docs()) {
        const std::string& t = k.table;
        auto& target = t.empty() ? top : t == "areas" ? areas : t == "theme" ? theme : t == "inputs" ? input : top;
        if (t != "step") target[k.key] = key_schema(k.type, k.def, k.help);
    }
    steps::Params params;
    steps::InputParams o;
    steps::declare_input(params, o);
    for (const auto& p : params.all())
        if (!p.positional && p.kind != steps::ParamKind::output && p.name != "work-crs") input[p.name] = param_schema(p);
    nlohmann::json input_table = {{"type", "object"}, {"properties", input}, {"additionalProperties", false}};
    top["inputs"] = {{"description", "[inputs] files = [...] for one input, or [inputs.NAME] tables for several"},
                     {"anyOf", {input_table, {{"type", "object"}, {"additionalProperties", input_table}}}}};
    top["areas"] = {{"type", "array"},
                    {"items", {{"type", "object"}, {"properties", areas}, {"required", {"path"}}, {"additionalProperties", false}}}};
    top["theme"] = {{"type", "array"},
                    {"items", {{"type", "object"}, {"properties", theme}, {"required", {"name"}}, {"additionalProperties", false}}}};
    return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
            {"title", "hotspots pack file"},
            {"type", "object"},
            {"properties", top},
            {"required", {"inputs", "theme", "step"}},
            {"additionalProperties", false}};
}

}  // namespace hotspots::pack
