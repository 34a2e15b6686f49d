#include "report/published_text.hpp"

#include "report/publish.hpp"
#include "steps/input.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace hotspots::report {
namespace {

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Whether the number at text[a, b) is a date, a time of day or a length of time, not a figure.
bool structural(const std::string& text, std::size_t a, std::size_t b) {
    const auto joined = [&](std::size_t at) { return at < text.size() && (text[at] == '-' || text[at] == '/' || text[at] == ':'); };
    if ((a > 1 && joined(a - 1) && digit(text[a - 2])) || (joined(b) && b + 1 < text.size() && digit(text[b + 1]))) return true;
    if (a >= 4 && text.compare(a - 4, 4, "per ") == 0) return true;  // "per 1,000": a unit
    const std::string token = text.substr(a, b - a);
    if (token.size() == 4 && token.find_first_not_of("0123456789") == std::string::npos) {
        const int year = std::stoi(token);
        if (year >= 1900 && year <= 2100) return true;
    }
    std::string after = text.substr(b, 8);
    std::transform(after.begin(), after.end(), after.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* unit : {" month", "-month", " year", "-year", " week", "-week", " day", "-day", " hour", "-hour", "th", "st",
                             "nd", "rd"})
        if (after.rfind(unit, 0) == 0) return true;
    return false;
}

// Whether `token` (digits, commas, a point) states one of `figures`. A whole number not given as
// a percentage must be one exactly: a rate of 4.19 rounding to 4 is no licence to print a hidden
// count of 4. A percentage or a number with decimals may be a figure rounded to its decimals
// ("25% more" of 25.3, "2.1 per 1,000" of 2.11).
bool states(const std::string& token, bool percent, const std::vector<std::string>& figures) {
    std::string plain;
    for (char c : token)
        if (c != ',') plain += c;
    const auto point = plain.find('.');
    const int decimals = point == std::string::npos ? 0 : static_cast<int>(plain.size() - point - 1);
    const double v = std::strtod(plain.c_str(), nullptr);
    for (const auto& f : figures) {
        const double x = std::strtod(f.c_str(), nullptr);
        if (decimals == 0 && !percent) {
            if (x == v) return true;
            continue;
        }
        if (fmt::format("{:.{}f}", x, decimals) == fmt::format("{:.{}f}", v, decimals)) return true;
        if (decimals == 0 && std::llround(std::abs(x)) == std::llround(v)) return true;
    }
    return false;
}

}  // namespace

std::string published_text(const std::string& text, const std::vector<std::string>& figures, std::int64_t threshold) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!digit(text[i]) || (i > 0 && (std::isalpha(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_'))) {
            out += text[i++];
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && (digit(text[j]) || ((text[j] == ',' || text[j] == '.') && j + 1 < text.size() && digit(text[j + 1]))))
            ++j;
        const std::string token = text.substr(i, j - i);
        const bool percent = j < text.size() && text[j] == '%';
        if (structural(text, i, j) || states(token, percent, figures)) {
            out += token;
        } else {
            std::string plain;
            for (char c : token)
                if (c != ',') plain += c;
            // A count is whole: a number with decimals is a rate, hidden as "x" whatever its size.
            const bool whole = plain.find('.') == std::string::npos;
            out += whole && std::strtod(plain.c_str(), nullptr) < static_cast<double>(threshold) ? fmt::format("<{}", threshold) : "x";
        }
        i = j;
    }
    return out;
}

namespace {

using steps::MetadataKey;

// The declaration of `path` (a list's members share their list's path).
const MetadataKey* declared(const std::vector<MetadataKey>& keys, const std::string& path) {
    for (const auto& k : keys)
        if (k.path == path) return &k;
    return nullptr;
}

bool declared_below(const std::vector<MetadataKey>& keys, const std::string& path) {
    return std::any_of(keys.begin(), keys.end(), [&](const MetadataKey& k) {
        return k.path.size() > path.size() && k.path.starts_with(path) && k.path[path.size()] == '.';
    });
}

struct MetaContext {
    const std::vector<MetadataKey>& keys;
    std::int64_t below;
    bool step_shown;      // the step's count of incidents is published
    bool every_count;     // the product shows every count it has
};

// A count's figures below the threshold as its marker, at any depth.
void hide_small(nlohmann::json& j, std::int64_t below) {
    if (j.is_structured()) {
        for (auto& v : j) hide_small(v, below);
    } else if (j.is_number() && j.get<double>() > 0 && j.get<double>() < static_cast<double>(below)) {
        j = fmt::format("<{}", below);
    }
}

// A text of the metadata (a solver's note) states no figure the release does not: its numbers
// become markers as in a table's text with no published figure beside it.
void mask_text(nlohmann::json& j, std::int64_t below) {
    if (j.is_structured()) {
        for (auto& v : j) mask_text(v, below);
    } else if (j.is_string()) {
        j = published_text(j.get<std::string>(), {}, below);
    }
}

// Whether a value of `role` is published (it may still be changed by apply_role).
bool published_role(ColumnRole role, const MetaContext& c) {
    switch (role) {
    case ColumnRole::count:
    case ColumnRole::measure:
    case ColumnRole::identifier:
    case ColumnRole::area:
    case ColumnRole::category:
    case ColumnRole::text: return true;
    case ColumnRole::date: return c.step_shown;
    case ColumnRole::rank: return c.every_count;
    default: return false;  // rate, statistic, place
    }
}

void apply_role(nlohmann::json& j, ColumnRole role, const MetaContext& c) {
    if (role == ColumnRole::count) hide_small(j, c.below);
    if (role == ColumnRole::text) mask_text(j, c.below);
}

// Keeps the keys declared, each as its role says; drops every other.
void keep_declared(nlohmann::json& j, const std::string& path, const MetaContext& c) {
    if (j.is_array()) {
        for (auto& v : j) keep_declared(v, path, c);
        return;
    }
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end();) {
        const std::string p = path.empty() ? it.key() : path + "." + it.key();
        const auto* d = declared(c.keys, p);
        if (!d && !declared_below(c.keys, p)) {
            it = j.erase(it);
            continue;
        }
        if (d && !published_role(d->role, c)) {
            it = j.erase(it);
            continue;
        }
        // An object's keys are declared each (a declaration covers a value and a list's members,
        // not keys an object may gain): a new key inside a declared object is left out too.
        const bool object = it.value().is_object() || (it.value().is_array() && std::any_of(it.value().begin(), it.value().end(),
                                                                                          [](const auto& v) { return v.is_object(); }));
        if (object) {
            keep_declared(it.value(), p, c);
            if (d) apply_role(it.value(), d->role, c);
        } else if (d) {
            apply_role(it.value(), d->role, c);
        } else {
            it = j.erase(it);  // a value where only keys below it are declared
            continue;
        }
        ++it;
    }
}

// The value at a dotted path (objects only), or nullptr.
nlohmann::json* at_path(nlohmann::json& j, const std::string& path) {
    nlohmann::json* v = &j;
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto end = std::min(path.find('.', start), path.size());
        if (!v->is_object()) return nullptr;
        const auto it = v->find(path.substr(start, end - start));
        if (it == v->end()) return nullptr;
        v = &*it;
        start = end + 1;
    }
    return v;
}

// A figure bounded by a count is published beside it: as it is where the count is shown, else
// the count's marker (or nothing where the count is not published).
void bound_by_counts(nlohmann::json& meta, const std::vector<MetadataKey>& keys) {
    for (const auto& k : keys) {
        if (k.with.empty()) continue;
        auto* v = at_path(meta, k.path);
        if (!v) continue;
        const auto* count = at_path(meta, k.with);
        if (!count || (!count->is_number() && !count->is_string())) {
            *v = nullptr;
        } else if (count->is_string()) {
            *v = *count;
        }
    }
}

}  // namespace

void published_parameters(nlohmann::json& parameters) {
    if (!parameters.is_object()) return;
    // A pack's maps of one theme share a colour scale, recorded as scale-max: the largest of
    // their densities, the max_value the metadata withholds (a published surface is coloured
    // by its bands, not by it).
    for (const char* key : {"scale-max", "scale_max"}) parameters.erase(key);
}

bool count_shown(const std::string& published) {
    return !published.empty() && published.find_first_not_of("0123456789") == std::string::npos;
}

void published_metadata(nlohmann::json& meta, const std::string& incidents, const PublishParams& o,
                        const std::vector<steps::MetadataKey>& keys, bool every_count, bool input_shown) {
    if (!meta.is_object()) return;
    const bool shown = count_shown(incidents);
    auto all = steps::metadata_keys();
    all.insert(all.end(), keys.begin(), keys.end());
    // Publishing's own: a banded surface's breaks.
    for (const char* k : {"unit", "bands", "breaks", "quantiles_of_cells_with_density", "min_incidents_per_piece", "pieces_lowered"})
        all.push_back({std::string("bands.") + k, ColumnRole::measure, ""});
    if (!shown || !input_shown) {
        // Nor its input's rows read and loaded: a file holding only the step's incidents (an
        // analyst's extract) has as many, whatever the step publishes.
        meta.erase("rows");
        if (auto in = meta.find("inputs"); in != meta.end() && in->is_array())
            for (auto& e : *in)
                if (e.is_object())
                    for (const char* key : {"rows", "loaded", "rejected"}) e.erase(key);
    }
    keep_declared(meta, "", MetaContext{all, o.suppress_below, shown, every_count});
    if (meta.contains("incidents")) {
        if (shown) meta["incidents"] = std::stoll(incidents);
        else meta["incidents"] = incidents;
    }
    // After the step's count: a figure that repeats it (a summary's incidents) takes its marker,
    // "x" too where the audit hid it as secondary.
    bound_by_counts(meta, all);
    if (auto p = meta.find("parameters"); p != meta.end()) published_parameters(*p);
}

std::vector<std::vector<std::string>> split_csv_lines(const std::string& lines) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row(1);
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const char c = lines[i];
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < lines.size() && lines[i + 1] == '"') {
                row.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                row.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.emplace_back();
        } else if (c == '\n') {
            rows.push_back(std::move(row));
            row.assign(1, "");
            any = false;
        } else if (c != '\r') {
            row.back() += c;
        }
    }
    if (any) rows.push_back(std::move(row));
    return rows;
}

}  // namespace hotspots::report
