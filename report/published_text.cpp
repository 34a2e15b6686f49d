#include "report/published_text.hpp"

#include "report/publish.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

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

void hide_counts(nlohmann::json& j, std::int64_t below, const std::string& key = "") {
    static const std::set<std::string> kept = {"parameters", "inputs", "areas", "rows", "published", "versions", "grid",
                                               "crs", "bandwidth", "bands", "polygons", "groups"};
    if (j.is_object()) {
        for (auto& [k, v] : j.items())
            if (!kept.count(k)) hide_counts(v, below, k);
    } else if (j.is_array()) {
        for (auto& v : j) hide_counts(v, below, key);
    } else if (j.is_number()) {
        const double v = j.get<double>();
        const auto has = [&](const char* w) { return key.find(w) != std::string::npos; };
        const auto ends = [&](const char* w) { return key.ends_with(w); };
        // A whole number is a count whatever its type (site's covered_by_existing was 2.0 beside
        // a hidden <5), unless its key names a unit of length or time.
        const bool measure = ends("_m") || ends("_m2") || ends("_km") || ends("_days") || ends("_months");
        const bool count = !has("pct") && !has("share") && !has("rate") && !has("per_") && !measure &&
                           (j.is_number_integer() || v == std::floor(v) || has("weight") || has("incidents"));
        if (count && v > 0 && v < static_cast<double>(below)) j = fmt::format("<{}", below);
    }
}

// Counts of a step's incidents by where they fall outside its units (unsnapped, outside every
// area or cell, and what is left on the units: incidents_on_streets, a network density's mass),
// at any depth: the audit holds them as no cell, so with the published step count and the
// units' counts they would give a withheld or hidden unit's count back (a short street's:
// tests/cli/test_publish_streets.sh). In the parameters too: evaluate records its units' note
// there (unsnapped, inside_on_no_unit), and no option has those names.
void erase_remainders(nlohmann::json& j) {
    static const std::set<std::string> kept = {"inputs", "areas", "rows", "published", "versions"};
    if (!j.is_object()) return;
    for (const char* key : {"unsnapped", "incidents_on_streets", "mass", "outside", "outside_units", "inside_on_no_unit"}) j.erase(key);
    for (auto& [k, v] : j.items())
        if (!kept.count(k)) erase_remainders(v);
}

// Means of rates over a back-test's periods (evaluate's means, predict's back-test: mean_hit_rate,
// mean_pai, ...), at any depth. Tables publish a rate only as their columns declare it made from
// the published counts (a hit rate n / N where both are shown); a mean of them, at full
// precision beside a hidden n, gives it back (one test period: the mean is n / N itself).
void erase_means(nlohmann::json& j) {
    static const std::set<std::string> kept = {"parameters", "inputs", "areas", "rows", "published", "versions"};
    if (j.is_array())
        for (auto& v : j) erase_means(v);
    if (!j.is_object()) return;
    for (auto it = j.begin(); it != j.end();)
        if (it.key().starts_with("mean_")) it = j.erase(it);
        else ++it;
    for (auto& [k, v] : j.items())
        if (!kept.count(k)) erase_means(v);
}

}  // namespace

void published_parameters(nlohmann::json& parameters) {
    if (!parameters.is_object()) return;
    // A pack's maps of one theme share a colour scale, recorded as scale-max: the largest of
    // their densities, the max_value the metadata withholds (a published surface is coloured
    // by its bands, not by it).
    for (const char* key : {"scale-max", "scale_max"}) parameters.erase(key);
}

void published_metadata(nlohmann::json& meta, const std::string& incidents, const PublishParams& o) {
    if (!meta.is_object()) return;
    meta.erase("filtered_out");
    // Each input's rows left out outside the study extent are a filter's count too (steps/input.hpp).
    if (auto inputs = meta.find("inputs"); inputs != meta.end() && inputs->is_array())
        for (auto& input : *inputs)
            if (input.is_object()) input.erase("outside_extent");
    // Statistics of the counts give them back: a mean of the cells times their number is the
    // total, a standard deviation their sum of squares, a total weight the count (unweighted),
    // the surface's maximum a lone incident's kernel; a global Moran's I of the rates (lisa's
    // eb_moran_i) is a test statistic of every count, one equation in the hidden ones.
    for (const char* key : {"mean", "sd", "variance", "total_weight", "max_value", "eb_moran_i"}) meta.erase(key);
    // A model fitted to the counts (risk terrain's): its intercept, dispersion and likelihood are
    // functions of every cell's count, a hidden one included, so with the published cells they
    // are equations in the hidden counts (with one factor, the factor-free cells' total is their
    // number times exp(intercept)). Its family and the number of cells stay.
    if (auto fit = meta.find("fit"); fit != meta.end() && fit->is_object())
        for (const char* key : {"intercept", "intercept_se", "theta", "log_likelihood", "bic"}) fit->erase(key);
    erase_remainders(meta);
    erase_means(meta);
    // A step's summary of its counts (facilities' incidents attributed and their concentration,
    // repeats' shares at repeat places, clusters' noise): totals, shares and a Gini of every
    // count, the hidden ones too. Eleven facilities at <5 and 11 incidents attributed were 1
    // each (tests/cli/test_publish_metadata.sh).
    meta.erase("summary");
    if (auto p = meta.find("parameters"); p != meta.end()) published_parameters(*p);
    const bool shown = !incidents.empty() && incidents.find_first_not_of("0123456789") == std::string::npos;
    if (!shown) {
        // Nor its input's rows read and loaded: a file holding only the step's incidents (an
        // analyst's extract) has as many, whatever the step publishes.
        meta.erase("period");
        meta.erase("rows");
        if (auto in = meta.find("inputs"); in != meta.end() && in->is_array())
            for (auto& e : *in)
                if (e.is_object())
                    for (const char* key : {"rows", "loaded", "rejected"}) e.erase(key);
    }
    hide_counts(meta, o.suppress_below);
    if (meta.contains("incidents")) {
        if (shown) meta["incidents"] = std::stoll(incidents);
        else meta["incidents"] = incidents;
    }
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
