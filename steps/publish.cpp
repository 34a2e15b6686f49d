#include "steps/publish.hpp"

#include "geo/area_index.hpp"
#include "geo/geos.hpp"
#include "hotspots/filter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <charconv>
#include <regex>
#include <set>

namespace hotspots::steps {
namespace {

// Integer columns that are not counts of incidents: ranks, indexes, flags, lengths of time.
bool identifier(const std::string& name) {
    static const std::set<std::string> ids = {"rank", "order", "row", "col", "bin", "unit", "year", "month", "stops",
                                              "optimal", "on_network", "hot_steps", "cold_steps", "months_active",
                                              "train_months", "periods", "cells", "sites", "position", "chain"};
    return ids.count(name) > 0;
}

// Coordinates and other figures that say nothing of the counts (residents are public).
bool location(const std::string& name) {
    static const std::set<std::string> names = {"x", "y", "lon", "lat", "centroid_lon", "centroid_lat", "peak_x", "peak_y",
                                                "easting", "northing", "area_m2", "area_km2", "p", "p_adjusted", "z",
                                                "population", "population_year"};
    return names.count(name) > 0;
}

bool integer_text(const std::string& v, long long& out) {
    if (v.empty()) return false;
    char* end = nullptr;
    out = std::strtoll(v.c_str(), &end, 10);
    return end && *end == '\0';
}

// Splits a CSV line as our writers make it (quotes doubled inside quoted fields).
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

// A count hidden by the threshold ("<5") or by secondary suppression ("x").
bool hidden_cell(const std::string& v, const std::string& hidden) { return v == hidden || v == "x"; }

// Counts inside a text ("burglary (4), robbery (2)"): below the threshold they become "(<N)";
// in a row with a hidden count all of them go, as they would add up to it.
std::string hide_text_counts(const std::string& text, bool row_hidden, std::int64_t below) {
    static const std::regex count(R"( ?\((\d+)\))");
    if (text.find('(') == std::string::npos) return text;
    std::string out;
    auto from = text.cbegin();
    for (std::sregex_iterator it(text.begin(), text.end(), count), end; it != end; ++it) {
        out.append(from, (*it)[0].first);
        // from_chars, not std::stoll: "Unit (123456789012345678901)" is out of range, a large number.
        const std::string digits = (*it)[1].str();
        long long n = 0;
        const bool large = std::from_chars(digits.data(), digits.data() + digits.size(), n).ec != std::errc();
        if (!row_hidden) out += !large && n > 0 && n < below ? fmt::format(" (<{})", below) : it->str();
        from = (*it)[0].second;
    }
    out.append(from, text.cend());
    return out;
}

// The metadata's own counts (a run's incidents and their total weight, a summary's repeat
// places) below the threshold become "<N"; the parameters, inputs, grid, the numbers of
// polygons and the statement are left as they are.
void hide_metadata_counts(nlohmann::json& j, std::int64_t below, const std::string& key = "") {
    static const std::set<std::string> kept = {"parameters", "inputs", "areas", "rows", "filtered_out", "published",
                                               "versions", "grid", "crs", "period", "bandwidth", "bands",
                                               "polygons", "groups"};
    if (j.is_object()) {
        for (auto& [k, v] : j.items())
            if (!kept.count(k)) hide_metadata_counts(v, below, k);
    } else if (j.is_array()) {
        for (auto& v : j) hide_metadata_counts(v, below, key);
    } else if (j.is_number()) {
        const double v = j.get<double>();
        const auto has = [&](const char* w) { return key.find(w) != std::string::npos; };
        const bool count = !has("pct") && !has("share") && !has("rate") && !has("per_") &&
                           (j.is_number_integer() || has("weight") || has("incidents"));
        if (count && v > 0 && v < static_cast<double>(below)) j = fmt::format("<{}", below);
    }
}

// Secondary suppression, so a total cannot give a hidden count back by subtraction: a row or a
// column (of the `columns` of `cells`) with exactly one hidden count hides its next smallest
// too (shown as "x"), until no row or column has one alone.
void hide_secondary(std::vector<std::vector<std::string>>& cells, const std::vector<std::size_t>& columns,
                    const std::string& hidden) {
    // Hides the smallest positive count among `shown`; false when there is none to hide.
    auto smallest = [](const std::vector<std::string*>& shown) {
        long long best = -1;
        std::string* at = nullptr;
        for (std::string* c : shown) {
            long long v = 0;
            if (integer_text(*c, v) && v > 0 && (best < 0 || v < best)) {
                best = v;
                at = c;
            }
        }
        if (at) at->assign(1, 'x');
        return at != nullptr;
    };
    auto one_hidden = [&](const std::vector<std::string*>& line) {
        std::vector<std::string*> shown;
        int n = 0;
        for (std::string* c : line) {
            if (hidden_cell(*c, hidden)) ++n;
            else shown.push_back(c);
        }
        return n == 1 && smallest(shown);
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (auto& r : cells) {
            std::vector<std::string*> line;
            for (auto k : columns)
                if (k < r.size()) line.push_back(&r[k]);
            changed = one_hidden(line) || changed;
        }
        for (auto k : columns) {
            std::vector<std::string*> line;
            for (auto& r : cells)
                if (k < r.size()) line.push_back(&r[k]);
            changed = one_hidden(line) || changed;
        }
    }
}

}  // namespace

void check_publish(const PublishParams& o, const Params& p, Context& ctx) {
    if (!o.on)
        for (const auto& q : p.all())
            if (q.given && q.name != "publish" && publish_option(q.name))
                throw UsageError(fmt::format("--{} is an option of --publish; add --publish", q.name));
    if (o.on && !o.sensitive_sites.empty()) ctx.polygons(o.sensitive_sites, "--sensitive-sites");
}

std::uint64_t remove_sensitive(Ingested& in, const PublishParams& o, Context& ctx) {
    if (!o.on || o.sensitive_sites.empty()) return 0;
    const auto& sites = ctx.polygons(o.sensitive_sites, "--sensitive-sites");
    geo::AreaLocator locate(*sites.index);
    std::vector<bool> keep(in.set.incidents.size(), true);
    std::uint64_t removed = 0;
    for (std::size_t i = 0; i < keep.size(); ++i)
        if (locate.locate(in.set.incidents[i].x, in.set.incidents[i].y) >= 0) {
            keep[i] = false;
            ++removed;
        }
    keep_selected(in.set, keep, in.assignment);
    ctx.log().note(fmt::format("--publish: {} incidents inside --sensitive-sites {} removed before any computation", removed,
                               o.sensitive_sites));
    return removed;
}

nlohmann::json PublishWriter::statement() const { return publish_statement(m_o, m_removed); }

nlohmann::json publish_statement(const PublishParams& o, std::uint64_t removed) {
    return {{"suppress_below", o.suppress_below},
            {"sensitive_sites", o.sensitive_sites},
            {"removed_in_sensitive_sites", removed},
            {"points_kept", o.keep_points},
            {"cell_m", o.cell},
            {"polygon_precision_m", o.cell / 10},
            {"statement", fmt::format("Published: counts below {} shown as <{} (other figures of their rows left out), and "
                                      "others as x where a total would give a hidden one back; {}"
                                      "surfaces at {:g} m cells or coarser; polygons on a {:g} m grid, none smaller than "
                                      "{:g} m square{}",
                                      o.suppress_below, o.suppress_below,
                                      o.keep_points ? "" : "point layers and incident records left out; ", o.cell,
                                      o.cell / 10, o.cell,
                                      o.sensitive_sites.empty()
                                          ? ""
                                          : fmt::format("; {} incidents inside sensitive sites removed before any computation",
                                                        removed))}};
}

nlohmann::json published_count(std::size_t n, const PublishParams& o) {
    if (o.on && n > 0 && static_cast<std::int64_t>(n) < o.suppress_below) return fmt::format("<{}", o.suppress_below);
    return n;
}

void PublishWriter::raster(const std::string& role, const io::RasterOutput& out, const std::string& style) {
    const Grid& g = *out.grid;
    const auto f = static_cast<std::size_t>(std::max(1.0, std::ceil(m_o.cell / g.cell - 1e-9)));
    Grid coarse = g;
    coarse.cell = g.cell * static_cast<double>(f);
    coarse.cols = (g.cols + f - 1) / f;
    coarse.rows = (g.rows + f - 1) / f;
    // The mean of each block's cells with a value (a density stays a density).
    std::vector<double> sum(coarse.cells(), 0), n(coarse.cells(), 0);
    for (std::size_t r = 0; r < g.rows; ++r)
        for (std::size_t c = 0; c < g.cols; ++c) {
            const double v = (*out.values)[r * g.cols + c];
            if (std::isnan(v)) continue;
            const std::size_t k = (r / f) * coarse.cols + c / f;
            sum[k] += v;
            n[k] += 1;
        }
    std::vector<double> values(coarse.cells());
    for (std::size_t k = 0; k < values.size(); ++k) values[k] = n[k] > 0 ? sum[k] / n[k] : std::nan("");
    io::RasterOutput o = out;
    o.grid = &coarse;
    o.values = &values;
    hide_metadata_counts(o.metadata, m_o.suppress_below);
    o.metadata["published"] = statement();
    m_inner.raster(role, o, style);
}

void PublishWriter::features(const std::string& role, const io::FeatureTable& table, const std::string& style) {
    geo::GeosContext ctx;
    auto h = ctx.get();
    bool points = false;
    for (const auto& w : table.geometries) {
        auto g = geo::from_wkb(ctx, w.data(), w.size());
        points = points || GEOSGeomTypeId_r(h, g.get()) == GEOS_POINT || GEOSGeomTypeId_r(h, g.get()) == GEOS_MULTIPOINT;
    }
    // Points, and layers drawn round single incidents or through chosen places (cocooning zones
    // are circles round burglaries; a walk's route passes its stops), show where incidents are.
    if ((points || role == "zones" || role == "route") && !m_o.keep_points) {
        m_log.warning(fmt::format("--publish: the {} layer ({}) is not written; --keep-points keeps it", role,
                                  points ? "points" : "drawn round incidents or places"));
        return;
    }
    io::FeatureTable t = table;
    hide_metadata_counts(t.metadata, m_o.suppress_below);
    t.metadata["published"] = statement();
    // Counts become text ("<5"); a row with one suppressed keeps only its names and places.
    // Counts: integer fields that are not identifiers and never negative (a difference is not a
    // count, but tells one: it is left out with the row's other figures).
    std::vector<bool> count(t.fields.size(), false), derived(t.fields.size(), false);
    for (std::size_t k = 0; k < t.fields.size(); ++k) {
        if (t.fields[k].type != io::FieldType::integer || identifier(t.fields[k].name)) continue;
        bool negative = false;
        for (const auto& r : table.rows)
            if (const auto* v = std::get_if<std::int64_t>(&r[k]); v && *v < 0) negative = true;
        (negative ? derived : count)[k] = true;
        t.fields[k].type = io::FieldType::text;
    }
    t.rows.clear();
    t.geometries.clear();
    const double min_area = m_o.cell * m_o.cell;
    std::size_t small = 0;
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        auto g = geo::from_wkb(ctx, table.geometries[i].data(), table.geometries[i].size());
        const int type = GEOSGeomTypeId_r(h, g.get());
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
            t.geometries.push_back(table.geometries[i]);
            kept.push_back(i);
            continue;
        }
        auto snapped = geo::checked(ctx, GEOSGeom_setPrecision_r(h, g.get(), m_o.cell / 10, 0), "precision");
        double area = 0;
        GEOSArea_r(h, snapped.get(), &area);
        if (area < min_area) {
            ++small;
            continue;
        }
        t.geometries.push_back(geo::to_wkb(ctx, snapped.get()));
        kept.push_back(i);
    }
    // The counts as text, small ones hidden; then the same secondary suppression as tables
    // (a layer's column adds up to a total published elsewhere).
    const std::string hidden = fmt::format("<{}", m_o.suppress_below);
    std::vector<std::vector<std::string>> cells(kept.size(), std::vector<std::string>(t.fields.size()));
    std::vector<std::size_t> counts;
    for (std::size_t k = 0; k < t.fields.size(); ++k)
        if (count[k]) counts.push_back(k);
    for (std::size_t i = 0; i < kept.size(); ++i)
        for (auto k : counts)
            if (const auto* v = std::get_if<std::int64_t>(&table.rows[kept[i]][k]))
                cells[i][k] = *v > 0 && *v < m_o.suppress_below ? hidden : std::to_string(*v);
    hide_secondary(cells, counts, hidden);
    for (std::size_t i = 0; i < kept.size(); ++i) {
        auto row = table.rows[kept[i]];
        bool suppressed = false;
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (derived[k])
                if (const auto* v = std::get_if<std::int64_t>(&row[k])) row[k] = std::to_string(*v);
            if (!count[k] || std::holds_alternative<std::monostate>(row[k])) continue;
            row[k] = cells[i][k];
            suppressed = suppressed || hidden_cell(cells[i][k], hidden);
        }
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (suppressed && ((std::holds_alternative<double>(row[k]) && !location(t.fields[k].name)) || derived[k]))
                row[k] = io::FieldValue{};
            if (const auto* text = std::get_if<std::string>(&row[k]); text && !count[k])
                row[k] = hide_text_counts(*text, suppressed, m_o.suppress_below);
        }
        t.rows.push_back(std::move(row));
    }
    if (small)
        m_log.note(fmt::format("--publish: {} polygons of the {} layer smaller than {:g} m square left out", small, role, m_o.cell));
    m_inner.features(role, t, style);
}

void PublishWriter::table(const std::string& role, const std::vector<std::string>& header,
                          const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) {
    // A table with coordinates but no grid cell (near-repeat chains, addresses) lists places.
    auto has = [&](const char* name) { return std::find(header.begin(), header.end(), name) != header.end(); };
    const bool places = (has("x") && has("y")) || (has("easting") && has("northing")) || (has("lon") && has("lat"));
    if (places && !(has("row") && has("col")) && !m_o.keep_points) {
        m_log.warning(fmt::format("--publish: the {} table (it lists places) is not written; --keep-points keeps it", role));
        return;
    }
    // A column is a count when every value is a whole number and its name is not an identifier or a place.
    std::vector<bool> count(header.size(), true), numeric(header.size(), true);
    for (std::size_t k = 0; k < header.size(); ++k)
        if (identifier(header[k]) || location(header[k])) count[k] = false;
    for (const auto& r : rows)
        for (std::size_t k = 0; k < header.size() && k < r.size(); ++k) {
            long long v = 0;
            if (r[k].empty()) continue;
            if (!integer_text(r[k], v) || v < 0) count[k] = false;
            char* end = nullptr;
            std::strtod(r[k].c_str(), &end);
            if (!end || *end != '\0') numeric[k] = false;
        }
    std::vector<std::vector<std::string>> out = rows;
    const std::string hidden = fmt::format("<{}", m_o.suppress_below);
    for (auto& r : out)
        for (std::size_t k = 0; k < header.size() && k < r.size(); ++k) {
            long long v = 0;
            if (count[k] && integer_text(r[k], v) && v > 0 && v < m_o.suppress_below) r[k] = hidden;
        }
    std::vector<std::size_t> counts;
    for (std::size_t k = 0; k < header.size(); ++k)
        if (count[k]) counts.push_back(k);
    hide_secondary(out, counts, hidden);
    for (auto& r : out) {
        bool suppressed = false;
        for (std::size_t k = 0; k < header.size() && k < r.size(); ++k) suppressed = suppressed || hidden_cell(r[k], hidden);
        for (std::size_t k = 0; k < header.size() && k < r.size(); ++k) {
            if (suppressed && numeric[k] && !count[k] && !identifier(header[k]) && !location(header[k])) r[k].clear();
            if (!numeric[k]) r[k] = hide_text_counts(r[k], suppressed, m_o.suppress_below);
        }
    }
    nlohmann::json meta = metadata.is_null() ? nlohmann::json::object() : metadata;
    hide_metadata_counts(meta, m_o.suppress_below);
    meta["published"] = statement();
    m_inner.table(role, header, out, meta);
}

void PublishWriter::csv(const std::string& role, const std::vector<std::string>& header, const std::string& lines,
                        const nlohmann::json& metadata) {
    std::vector<std::vector<std::string>> rows;
    std::size_t from = 0;
    while (from < lines.size()) {
        auto to = lines.find('\n', from);
        if (to == std::string::npos) to = lines.size();
        rows.push_back(split_csv(lines.substr(from, to - from)));
        from = to + 1;
    }
    table(role, header, rows, metadata);
}

void PublishWriter::text(const std::string& role, const std::string&, const std::string&) {
    m_log.warning(fmt::format("--publish: the {} file is not written (it holds places and counts a published output "
                              "does not show)", role));
}

void PublishWriter::incidents(const std::string& role, const io::IncidentOutput& out) {
    if (!m_o.keep_points) {
        m_log.warning(fmt::format("--publish: the {} records are not written; --keep-points keeps them", role));
        return;
    }
    m_inner.incidents(role, out);
}

}  // namespace hotspots::steps
