#include "io/count_table.hpp"

#include "io/csv_parts.hpp"
#include "io/gdal_util.hpp"
#include "io/source_check.hpp"
#include "io/text.hpp"
#include "model/parallel.hpp"
#include "model/time.hpp"

#include <cpl_vsi.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

namespace hotspots::io {
namespace {

// YYYYMM (a wide table's month column) or YYYY-MM as a month number.
std::optional<int> month_of(std::string_view s) {
    int y = 0, m = 0;
    if (s.size() == 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::from_chars(s.data(), s.data() + 4, y);
        std::from_chars(s.data() + 4, s.data() + 6, m);
    } else if (s.size() >= 7 && s[4] == '-') {
        std::from_chars(s.data(), s.data() + 4, y);
        std::from_chars(s.data() + 5, s.data() + 7, m);
        if (s.size() > 7 && s[7] != '-') return std::nullopt;
    } else {
        return std::nullopt;
    }
    if (y < 1900 || y > 2200 || m < 1 || m > 12) return std::nullopt;
    return y * 12 + m - 1;
}

struct Columns {
    int code = -1, name = -1, group = -1, major = -1, minor = -1, month = -1, count = -1;
    std::vector<std::pair<int, int>> months;  // wide: (field, month number)
};

int find(const std::vector<std::string>& names, std::initializer_list<const char*> wanted, const Columns& taken) {
    for (const char* w : wanted)
        for (std::size_t i = 0; i < names.size(); ++i) {
            const int f = static_cast<int>(i);
            if (names[i] == w && f != taken.code && f != taken.name && f != taken.group && f != taken.major) return f;
        }
    return -1;
}

Columns columns_of(const std::vector<std::string>& names) {
    Columns c;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (auto m = month_of(names[i]); m && names[i].size() == 6) c.months.emplace_back(static_cast<int>(i), *m);
    c.code = find(names, {"wardcode", "ward_code", "lsoa_code", "lsoacode", "area_code", "gss_code", "code"}, c);
    c.name = find(names, {"wardname", "ward_name", "lsoa_name", "boroughname", "borough_name", "area_name", "name", "area"}, c);
    c.group = find(names, {"lookup_boroughname", "boroughname", "borough_name", "borough"}, c);
    c.major = find(names, {"majortext", "major_category", "major"}, c);
    c.minor = find(names, {"minortext", "minor_category", "minor", "category", "crime_type"}, c);
    c.month = find(names, {"month", "period"}, c);
    c.count = find(names, {"count", "value", "offences", "n"}, c);
    return c;
}

std::vector<std::string> field_names(OGRLayerH layer) {
    std::vector<std::string> names;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
        names.push_back(lower_case(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i))));
    return names;
}

// A count: a whole number of 0 or more.
bool parse_count(const char* text, double& out) {
    std::string_view s(text);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size() && out >= 0 && out <= 1e9 &&
           out == std::floor(out);
}

std::string text(OGRFeatureH f, int field) {
    if (field < 0) return "";
    std::string s = utf8_safe(OGR_F_GetFieldAsString(f, field));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// GDAL takes a first line holding numbers (201004, ...) for data unless told it is a header.
std::vector<std::string> open_options(const std::string& path) {
    const std::string p = lower_case(path);
    auto ends = [&](const char* e) { return p.size() >= std::strlen(e) && p.compare(p.size() - std::strlen(e), std::string::npos, e) == 0; };
    if (ends(".csv") || ends(".tsv") || ends(".csv.gz") || ends(".tsv.gz")) return {"AUTODETECT_TYPE=NO", "HEADERS=YES"};
    return {};
}

}  // namespace

bool is_count_table(const std::string& path) {
    auto ds = open_vector(path, open_options(path));
    const auto names = field_names(pick_layer(ds.get(), path, ""));
    const auto c = columns_of(names);
    // The MPS tables' category columns say "count table" even when the month columns are
    // missing or misnamed: read as one, it says what is wrong (not "incidents need --areas").
    const bool mps = std::find(names.begin(), names.end(), "majortext") != names.end() ||
                     std::find(names.begin(), names.end(), "minortext") != names.end();
    return !c.months.empty() || (c.month >= 0 && c.count >= 0) || mps;
}

namespace {

// Reads what GDAL opens as `source` (the file, or a part of it), naming `path` in messages.
CountTable read_one(const std::string& path, const Source& source) {
    auto ds = open_source(source, open_options(path));
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    const auto names = field_names(layer);
    const auto c = columns_of(names);
    CountTable t;
    t.path = path;
    const bool wide = !c.months.empty();
    t.layout = wide ? "wide" : "long";
    if (!wide && (c.month < 0 || c.count < 0))
        throw IoError(path + ": not a count table: it needs month columns named YYYYMM (wide), or 'month' and 'count' "
                             "columns (long); it has " + fmt::format("{}", fmt::join(names, ", ")));
    if (c.code < 0 && c.name < 0)
        throw IoError(path + ": no area column (wardcode, lsoa_code, boroughname, area_code, area or name)");
    if (c.minor < 0 && c.major < 0)
        throw IoError(path + ": no category column (majortext/minortext, major_category/minor_category, or category)");
    auto name_of = [&](int f) { return f < 0 ? std::string() : names[static_cast<std::size_t>(f)]; };
    t.code_field = name_of(c.code);
    t.name_field = name_of(c.name);
    t.group_field = name_of(c.group);
    t.major_field = name_of(c.major);
    t.minor_field = name_of(c.minor);
    auto where = [&](std::uint64_t row) { return fmt::format("{}: row {}", path, row); };

    // A column named with six digits that is no month (201013) is a mistake in the header: said
    // as it is, not as a gap between the months around it.
    for (const auto& n : names)
        if (n.size() == 6 && std::all_of(n.begin(), n.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) && !month_of(n))
            throw IoError(fmt::format("{}: column {} is not a month (YYYYMM, month 01 to 12); correct the header", path, n));
    if (wide) {
        t.first_month = c.months.front().second;
        t.months = static_cast<int>(c.months.size());
        for (std::size_t k = 0; k < c.months.size(); ++k)
            if (c.months[k].second != t.first_month + static_cast<int>(k))
                throw IoError(fmt::format("{}: the month columns are not consecutive months: column {} follows {}", path,
                                          names[static_cast<std::size_t>(c.months[k].first)],
                                          k ? names[static_cast<std::size_t>(c.months[k - 1].first)] : ""));
    }
    // Long tables: values gathered per series, then laid out over the table's months.
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> by_key;
    std::vector<std::vector<std::pair<int, double>>> long_values;
    int lo = 1 << 30, hi = -1;

    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        const std::uint64_t row = ++t.rows;
        CountSeries s;
        s.code = text(f, c.code >= 0 ? c.code : c.name);
        s.name = text(f, c.name >= 0 ? c.name : c.code);
        s.group = text(f, c.group);
        s.major = text(f, c.major);
        s.minor = text(f, c.minor);
        if (s.code.empty()) throw IoError(where(row) + ": no area code or name; fill it in or remove the row");
        if (wide) {
            s.values.resize(static_cast<std::size_t>(t.months));
            for (std::size_t k = 0; k < c.months.size(); ++k) {
                const char* v = OGR_F_GetFieldAsString(f, c.months[k].first);
                if (!parse_count(v, s.values[k]))
                    throw IoError(fmt::format("{}: column {}: '{}' is not a count (a whole number of 0 or more)", where(row),
                                              names[static_cast<std::size_t>(c.months[k].first)], utf8_safe(v)));
            }
            t.series.push_back(std::move(s));
            continue;
        }
        const std::string month_text = text(f, c.month);
        const auto m = month_of(month_text);
        if (!m) throw IoError(fmt::format("{}: month '{}' is not YYYY-MM or YYYYMM", where(row), month_text));
        double v = 0;
        const char* count_text = OGR_F_GetFieldAsString(f, c.count);
        if (!parse_count(count_text, v))
            throw IoError(fmt::format("{}: count '{}' is not a whole number of 0 or more", where(row), utf8_safe(count_text)));
        lo = std::min(lo, *m);
        hi = std::max(hi, *m);
        auto [it, added] = by_key.emplace(std::make_tuple(s.code, s.major, s.minor), t.series.size());
        if (added) {
            t.series.push_back(std::move(s));
            long_values.emplace_back();
        }
        long_values[it->second].emplace_back(*m, v);
    }
    if (t.rows == 0) throw IoError(path + ": the table has no rows");
    if (!wide) {
        // A month with no row for a series is 0: long tables leave out zero counts.
        t.first_month = lo;
        t.months = hi - lo + 1;
        t.has_month.assign(static_cast<std::size_t>(t.months), 0);
        for (std::size_t k = 0; k < t.series.size(); ++k) {
            auto& values = t.series[k].values;
            values.assign(static_cast<std::size_t>(t.months), 0.0);
            for (const auto& [m, v] : long_values[k]) {
                values[static_cast<std::size_t>(m - lo)] += v;
                t.has_month[static_cast<std::size_t>(m - lo)] = 1;
            }
        }
    } else {
        t.has_month.assign(static_cast<std::size_t>(t.months), 1);
    }
    return t;
}

}  // namespace

namespace {

// The first record of a CSV with more fields than its header (GDAL drops the extra ones
// without a word: a stray comma shifts a row's months); 0 when none. Quotes are respected.
std::pair<std::uint64_t, std::size_t> first_long_record(const std::string& vsi_path, std::size_t& header_fields) {
    std::unique_ptr<VSILFILE, int (*)(VSILFILE*)> f(VSIFOpenL(vsi_path.c_str(), "rb"), VSIFCloseL);
    if (!f) return {0, 0};
    std::vector<char> buf(1 << 16);
    bool in_quote = false, header = true, any = false;
    std::size_t fields = 1;
    std::uint64_t record = 0;
    header_fields = 0;
    auto end_record = [&]() -> bool {
        if (any) {
            if (header) {
                header_fields = fields;
                header = false;
            } else {
                ++record;
                if (fields > header_fields) return true;
            }
        }
        fields = 1;
        any = false;
        return false;
    };
    for (std::size_t n; (n = VSIFReadL(buf.data(), 1, buf.size(), f.get())) > 0;)
        for (std::size_t i = 0; i < n; ++i) {
            const char ch = buf[i];
            if (ch == '"') in_quote = !in_quote;
            else if (!in_quote && ch == ',') ++fields;
            else if (!in_quote && ch == '\n') {
                if (end_record()) return {record, fields};
                continue;
            }
            if (ch != '\r' && ch != ' ') any = true;
        }
    if (end_record()) return {record, fields};
    return {0, 0};
}

}  // namespace

CountTable read_count_table(const std::string& path, unsigned threads) {
    const Source source = check_source(path);
    check_expansion(source);
    if (!source.drivers.empty() && source.drivers.front() == "CSV" && lower_case(path).find(".tsv") == std::string::npos) {
        std::size_t header_fields = 0;
        const auto [row, fields] = first_long_record(source.open_path, header_fields);
        if (row)
            throw IoError(fmt::format("{}: row {} has {} fields, the header {}: a stray comma shifts the row's values "
                                      "(quote a field that holds one, or remove the extra ones)",
                                      path, row, fields, header_fields));
    }
    // GDAL reads CSV a feature at a time: a large wide table (the London ward table, 9 MB of
    // 3.5 million counts) is cut into parts of whole records, read side by side.
    if (threads > 1 && !source.compressed) {
        CsvParts parts(source.open_path, threads, std::uint64_t{1} << 20);
        if (!parts.paths().empty()) {
            const auto n = parts.paths().size();
            std::vector<CountTable> pieces(n);
            std::vector<char> failed(n, 0);
            parallel_items(n, threads, [&](std::size_t i, unsigned) {
                try {
                    pieces[i] = read_one(path, Source{parts.paths()[i], source.file, {"CSV"}, false});
                } catch (const std::exception&) {
                    failed[i] = 1;
                }
            });
            bool whole = std::none_of(failed.begin(), failed.end(), [](char f) { return f != 0; });
            for (const auto& p : pieces)
                whole = whole && p.layout == "wide" && p.first_month == pieces[0].first_month && p.months == pieces[0].months;
            if (whole) {
                CountTable t = std::move(pieces[0]);
                t.path = path;
                for (std::size_t i = 1; i < n; ++i) {
                    t.rows += pieces[i].rows;
                    for (auto& s : pieces[i].series) t.series.push_back(std::move(s));
                }
                return t;
            }
            // A part failed (or is not wide): read the file whole, so the message names the
            // file's own row.
        }
    }
    return read_one(path, source);
}

PopulationTable read_population(const std::string& path) {
    auto ds = open_vector(path, open_options(path));
    OGRLayerH layer = pick_layer(ds.get(), path, "");
    const auto names = field_names(layer);
    auto pick = [&](std::initializer_list<const char*> wanted) {
        for (const char* w : wanted)
            for (std::size_t i = 0; i < names.size(); ++i)
                if (names[i] == w) return static_cast<int>(i);
        return -1;
    };
    const int code = pick({"code", "wardcode", "ward_code", "area_code", "gss_code", "lsoa_code", "borough_code"});
    const int name = pick({"ward_name", "wardname", "name", "area_name", "lsoa_name", "boroughname", "borough"});
    int group = pick({"borough", "boroughname", "borough_name", "lookup_boroughname", "district"});
    if (group == name) group = -1;
    const int year = pick({"year"});
    const int value = pick({"population", "residents", "value"});
    if ((code < 0 && name < 0) || value < 0)
        throw IoError(path + ": a population table needs a code column (code, wardcode, area_code, gss_code) and a "
                             "population column (population, residents or value)");
    PopulationTable t;
    t.path = path;
    t.code_field = names[static_cast<std::size_t>(code >= 0 ? code : name)];
    t.name_field = name >= 0 ? names[static_cast<std::size_t>(name)] : "";
    t.group_field = group >= 0 ? names[static_cast<std::size_t>(group)] : "";
    t.year_field = year >= 0 ? names[static_cast<std::size_t>(year)] : "";
    t.value_field = names[static_cast<std::size_t>(value)];
    std::map<std::string, std::size_t> index;
    std::uint64_t row = 0;
    OGR_L_ResetReading(layer);
    for (FeaturePtr fp(OGR_L_GetNextFeature(layer)); fp; fp.reset(OGR_L_GetNextFeature(layer))) {
        auto* f = static_cast<OGRFeatureH>(fp.get());
        ++row;
        const std::string c = text(f, code >= 0 ? code : name);
        if (c.empty()) throw IoError(fmt::format("{}: row {}: no area code", path, row));
        int y = 0;
        if (year >= 0) {
            const std::string ys = text(f, year);
            const auto [end, ec] = std::from_chars(ys.data(), ys.data() + ys.size(), y);
            if (ec != std::errc() || end != ys.data() + ys.size() || y < 1900 || y > 2200)
                throw IoError(fmt::format("{}: row {}: year '{}' is not a year", path, row, ys));
        }
        double v = 0;
        const std::string vs = text(f, value);
        const auto [end, ec] = std::from_chars(vs.data(), vs.data() + vs.size(), v);
        if (ec != std::errc() || end != vs.data() + vs.size() || !(v > 0) || !std::isfinite(v))
            throw IoError(fmt::format("{}: row {}: population '{}' is not a number above 0 (an area without residents "
                                      "has no rate: leave its row out)",
                                      path, row, vs));
        auto [it, added] = index.emplace(c, t.codes.size());
        if (added) {
            t.codes.push_back(c);
            t.names.push_back(text(f, name));
            t.groups.push_back(text(f, group));
            t.by_year.emplace_back();
        }
        auto& years = t.by_year[it->second];
        if (std::any_of(years.begin(), years.end(), [&](const auto& p) { return p.first == y; }))
            throw IoError(fmt::format("{}: row {}: {} has a population for {} already", path, row, c,
                                      year >= 0 ? std::to_string(y) : "every year"));
        years.emplace_back(y, v);
    }
    if (t.codes.empty()) throw IoError(path + ": the population table has no rows");
    return t;
}

}  // namespace hotspots::io
