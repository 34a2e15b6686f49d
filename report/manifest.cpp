#include "report/manifest.hpp"

#include <stdexcept>

namespace hotspots::report {
namespace {

using nlohmann::json;

template <class T>
void put(json& j, const char* key, const std::optional<T>& v) {
    if (v) j[key] = *v;
}

// A field read back: absent or null gives the default; a value of another type is an error
// naming the field (a hand-edited or foreign manifest).
template <class T>
T get(const json& j, const char* key, T otherwise = T{}) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return otherwise;
    try {
        return it->get<T>();
    } catch (const json::exception&) {
        throw std::runtime_error(std::string("manifest field '") + key + "' is " + it->dump() + ", not what a manifest holds");
    }
}

template <class T>
std::optional<T> maybe(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return get<T>(j, key);
}

const json& list(const json& j, const char* key) {
    static const json empty = json::array();
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return empty;
    if (!it->is_array()) throw std::runtime_error(std::string("manifest field '") + key + "' is not a list");
    return *it;
}

}  // namespace

json to_json(const Manifest& m) {
    json j;
    j["generator"] = m.generator;
    j["versions"] = m.versions;
    if (m.pack)
        j["pack"] = {{"file", m.pack->file},     {"sha256", m.pack->sha256}, {"title", m.pack->title},
                     {"month", m.pack->month},   {"period", m.pack->period}, {"work_crs", m.pack->work_crs}};
    put(j, "period", m.period);
    j["inputs"] = json::array();
    for (const auto& in : m.inputs) {
        json e = {{"name", in.name}, {"rows", in.rows}, {"loaded", in.loaded}, {"rejected", in.rejected},
                  {"rejects_file", in.rejects_file}};
        if (!in.counts_marker.empty())
            for (const char* k : {"rows", "loaded", "rejected"}) e[k] = in.counts_marker;
        if (in.files) {
            e["files"] = json::array();
            for (const auto& f : *in.files) {
                json file = {{"path", f.path}, {"sha256", f.sha256}, {"schema", f.schema}, {"crs", f.crs},
                             {"rows", f.rows}, {"loaded", f.loaded}, {"rejected", f.rejected}};
                if (!in.counts_marker.empty())
                    for (const char* k : {"rows", "loaded", "rejected"}) file[k] = in.counts_marker;
                e["files"].push_back(std::move(file));
            }
        }
        put(e, "removed_in_sensitive_sites", in.removed_in_sensitive_sites);
        j["inputs"].push_back(std::move(e));
    }
    if (m.published) j["published"] = *m.published;
    j["areas"] = json::array();
    for (const auto& a : m.areas) {
        json e = {{"label", a.label}};
        put(e, "spec", a.spec);
        put(e, "code_field", a.code_field);
        put(e, "name_field", a.name_field);
        put(e, "crs", a.crs);
        put(e, "features", a.features);
        put(e, "file", a.file);
        put(e, "layer", a.layer);
        j["areas"].push_back(std::move(e));
    }
    if (!m.context.empty()) {
        j["context"] = json::array();
        for (const auto& c : m.context)
            j["context"].push_back({{"file", c.file}, {"kind", c.kind}, {"bytes", c.bytes}, {"sha256", c.sha256}, {"copy", c.copy}});
    }
    j["themes"] = json::array();
    for (const auto& t : m.themes) {
        json e = {{"name", t.name}, {"title", t.title}, {"crime_types", t.crime_types}};
        put(e, "input", t.input);
        put(e, "within", t.within);
        put(e, "harm_weights", t.harm_weights);
        j["themes"].push_back(std::move(e));
    }
    j["steps"] = json::array();
    for (const auto& s : m.steps) {
        json e = {{"name", s.name},          {"run", s.run},           {"theme", s.theme},
                  {"parameters", s.parameters}, {"incidents", s.incidents}, {"warnings", s.warnings}};
        put(e, "line", s.line);
        if (s.filtered_out)
            e["filtered_out"] = {{"before_from", s.filtered_out->before_from},
                                 {"after_to", s.filtered_out->after_to},
                                 {"other_type", s.filtered_out->other_type},
                                 {"outside_within", s.filtered_out->outside_within}};
        put(e, "seconds", s.seconds);
        put(e, "skipped", s.skipped);
        put(e, "headline", s.headline);
        put(e, "period", s.period);
        j["steps"].push_back(std::move(e));
    }
    j["outputs"] = json::array();
    for (const auto& o : m.outputs) {
        json e = {{"file", o.file}};
        put(e, "layer", o.layer);
        put(e, "theme", o.theme);
        put(e, "step", o.step);
        put(e, "role", o.role);
        put(e, "rows", o.rows);
        put(e, "bytes", o.bytes);
        put(e, "sha256", o.sha256);
        j["outputs"].push_back(std::move(e));
    }
    if (m.seconds)
        j["seconds"] = {{"checks", m.seconds->checks},
                        {"reading", m.seconds->reading},
                        {"steps", m.seconds->steps},
                        {"writing", m.seconds->writing},
                        {"total", m.seconds->total}};
    return j;
}

Manifest manifest_from_json(const json& j) {
    if (!j.is_object()) throw std::runtime_error("a manifest is a JSON object");
    Manifest m;
    m.generator = get<std::string>(j, "generator");
    m.versions = j.value("versions", json::object());
    if (const auto it = j.find("pack"); it != j.end() && it->is_object())
        m.pack = PackEntry{get<std::string>(*it, "file"),  get<std::string>(*it, "sha256"), get<std::string>(*it, "title"),
                           get<std::string>(*it, "month"), get<std::string>(*it, "period"), get<std::string>(*it, "work_crs")};
    m.period = maybe<std::string>(j, "period");
    for (const auto& e : list(j, "inputs")) {
        InputEntry in;
        in.name = get<std::string>(e, "name");
        if (const auto r = e.find("rows"); r != e.end() && r->is_string()) {
            in.counts_marker = r->get<std::string>();
        } else {
            in.rows = get<std::uint64_t>(e, "rows");
            in.loaded = get<std::uint64_t>(e, "loaded");
            in.rejected = get<std::uint64_t>(e, "rejected");
        }
        in.rejects_file = get<std::string>(e, "rejects_file");
        in.removed_in_sensitive_sites = maybe<std::uint64_t>(e, "removed_in_sensitive_sites");
        if (e.contains("files")) {
            in.files.emplace();
            for (const auto& f : list(e, "files")) {
                SourceEntry file{get<std::string>(f, "path"), get<std::string>(f, "sha256"), get<std::string>(f, "schema"),
                                 get<std::string>(f, "crs")};
                if (in.counts_marker.empty()) {  // else the input's marker stands for them too
                    file.rows = get<std::uint64_t>(f, "rows");
                    file.loaded = get<std::uint64_t>(f, "loaded");
                    file.rejected = get<std::uint64_t>(f, "rejected");
                }
                in.files->push_back(std::move(file));
            }
        }
        m.inputs.push_back(std::move(in));
    }
    if (const auto it = j.find("published"); it != j.end() && !it->is_null()) m.published = *it;
    for (const auto& e : list(j, "areas")) {
        AreaEntry a;
        a.label = get<std::string>(e, "label");
        a.spec = maybe<std::string>(e, "spec");
        a.code_field = maybe<std::string>(e, "code_field");
        a.name_field = maybe<std::string>(e, "name_field");
        a.crs = maybe<std::string>(e, "crs");
        a.features = maybe<std::size_t>(e, "features");
        a.file = maybe<std::string>(e, "file");
        a.layer = maybe<std::string>(e, "layer");
        m.areas.push_back(std::move(a));
    }
    for (const auto& e : list(j, "context"))
        m.context.push_back({get<std::string>(e, "file"), get<std::string>(e, "kind"), get<std::uintmax_t>(e, "bytes"),
                             get<std::string>(e, "sha256"), get<std::string>(e, "copy")});
    for (const auto& e : list(j, "themes")) {
        ThemeEntry t;
        t.name = get<std::string>(e, "name");
        t.title = get<std::string>(e, "title");
        t.input = maybe<std::string>(e, "input");
        t.within = maybe<std::string>(e, "within");
        t.harm_weights = maybe<std::string>(e, "harm_weights");
        t.crime_types = get<std::vector<std::string>>(e, "crime_types");
        m.themes.push_back(std::move(t));
    }
    for (const auto& e : list(j, "steps")) {
        StepEntry s;
        s.name = get<std::string>(e, "name");
        s.run = get<std::string>(e, "run");
        s.theme = get<std::string>(e, "theme");
        s.line = maybe<int>(e, "line");
        s.parameters = e.value("parameters", json::object());
        s.incidents = e.value("incidents", json());
        if (const auto f = e.find("filtered_out"); f != e.end() && f->is_object())
            s.filtered_out = FilteredOut{get<std::uint64_t>(*f, "before_from"), get<std::uint64_t>(*f, "after_to"),
                                         get<std::uint64_t>(*f, "other_type"), get<std::uint64_t>(*f, "outside_within")};
        s.seconds = maybe<double>(e, "seconds");
        s.skipped = maybe<std::string>(e, "skipped");
        s.headline = maybe<std::string>(e, "headline");
        s.period = maybe<std::string>(e, "period");
        for (const auto& w : list(e, "warnings")) s.warnings.push_back(w.is_string() ? w.get<std::string>() : w.dump());
        m.steps.push_back(std::move(s));
    }
    for (const auto& e : list(j, "outputs")) {
        OutputEntry o;
        o.file = get<std::string>(e, "file");
        o.layer = maybe<std::string>(e, "layer");
        o.theme = maybe<std::string>(e, "theme");
        o.step = maybe<std::string>(e, "step");
        o.role = maybe<std::string>(e, "role");
        o.rows = maybe<std::size_t>(e, "rows");
        o.bytes = maybe<std::uintmax_t>(e, "bytes");
        o.sha256 = maybe<std::string>(e, "sha256");
        m.outputs.push_back(std::move(o));
    }
    if (const auto it = j.find("seconds"); it != j.end() && it->is_object())
        m.seconds = Seconds{get<double>(*it, "checks"), get<double>(*it, "reading"), get<double>(*it, "steps"),
                            get<double>(*it, "writing"), get<double>(*it, "total")};
    return m;
}

}  // namespace hotspots::report
