#include "report/report_parts.hpp"

#include "io/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

namespace hotspots::report {

using io::xml_escape;
using nlohmann::json;

std::size_t column(const Rows& rows, const char* name) {
    if (rows.empty()) return 0;
    return static_cast<std::size_t>(std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin());
}

bool numeric(const std::string& v) {
    if (v.empty()) return false;
    char* end = nullptr;
    std::strtod(v.c_str(), &end);
    return end && *end == '\0';
}

// A table of the first `most` rows of `rows` (header first), columns picked by name (all when
// `columns` is empty); says how many more the file holds.
std::string html_table(const Rows& rows, const std::vector<std::string>& columns,
                       std::size_t most, const std::string& file, const std::string& css, bool as_given) {
    if (rows.empty()) return "";
    std::vector<std::size_t> pick;
    if (columns.empty()) {
        for (std::size_t c = 0; c < rows[0].size(); ++c) pick.push_back(c);
    } else {
        for (const auto& name : columns)
            for (std::size_t c = 0; c < rows[0].size(); ++c)
                if (rows[0][c] == name) pick.push_back(c);
    }
    std::string s = "<table class=\"data " + css + "\"><thead><tr>";
    for (auto c : pick) s += "<th>" + xml_escape(rows[0][c]) + "</th>";
    s += "</tr></thead><tbody>\n";
    for (std::size_t r = 1; r < rows.size() && r <= most; ++r) {
        s += "<tr>";
        for (auto c : pick) {
            const std::string& v = c < rows[r].size() ? rows[r][c] : std::string();
            std::string shown = v;
            if (!as_given && numeric(v) && v.find('.') != std::string::npos) shown = fmt::format("{:.4g}", std::strtod(v.c_str(), nullptr));
            s += numeric(v) ? "<td class=\"num\">" + xml_escape(shown) + "</td>" : "<td>" + xml_escape(shown) + "</td>";
        }
        s += "</tr>\n";
    }
    s += "</tbody></table>\n";
    if (rows.size() - 1 > most)
        s += fmt::format("<p class=\"small\">{} more rows in <code>{}</code>.</p>\n", rows.size() - 1 - most, xml_escape(file));
    return s;
}

// The Knox table as a heat table: the ratio of observed to expected pairs, shaded, with
// marks for significance.
std::string heat_table(const Rows& rows) {
    if (rows.size() < 2) return "";
    std::vector<std::string> distances, times;
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> cell;  // ratio, p
    const auto d = column(rows, "distance"), t = column(rows, "time"), ratio = column(rows, "knox_ratio"),
               p = column(rows, "p_value");
    if (std::max({d, t, ratio, p}) >= rows[0].size()) return "";
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto& row = rows[r];
        if (std::find(distances.begin(), distances.end(), row[d]) == distances.end()) distances.push_back(row[d]);
        if (std::find(times.begin(), times.end(), row[t]) == times.end()) times.push_back(row[t]);
        // A published table hides small counts and their ratios: NaN, shown as hidden.
        cell[{row[d], row[t]}] = {numeric(row[ratio]) ? std::strtod(row[ratio].c_str(), nullptr) : std::nan(""),
                                  numeric(row[p]) ? std::strtod(row[p].c_str(), nullptr) : 1.0};
    }
    std::string s = "<table class=\"data knox\"><thead><tr><th>distance \\ time</th>";
    for (const auto& tt : times) s += "<th>" + xml_escape(tt) + "</th>";
    s += "</tr></thead><tbody>\n";
    for (const auto& dd : distances) {
        s += "<tr><th>" + xml_escape(dd) + "</th>";
        for (const auto& tt : times) {
            const auto it = cell.find({dd, tt});
            if (it == cell.end()) {
                s += "<td></td>";
                continue;
            }
            const auto [r, pv] = it->second;
            if (std::isnan(r)) {
                s += "<td class=\"num\">hidden</td>";
                continue;
            }
            const double heat = std::clamp((r - 1) / 2, 0.0, 1.0);
            const std::string mark = pv < 0.01 ? "**" : pv < 0.05 ? "*" : "";
            s += fmt::format("<td class=\"num\" style=\"background:rgba(215,48,31,{:.2f})\">{:.2f}{}</td>", 0.85 * heat, r, mark);
        }
        s += "</tr>\n";
    }
    return s + "</tbody></table>\n<p class=\"small\">Knox ratio: pairs observed over pairs expected by chance (permutations); "
               "* p &lt; 0.05, ** p &lt; 0.01. Above 1 and marked: near repeats at that distance and time.</p>\n";
}

// Cumulative share of incidents against cumulative share of places, busiest first.
nlohmann::json concentration(const Rows& rows, const std::string& count) {
    json pts = json::array({json::array({0, 0})});
    if (rows.size() < 2) return pts;
    const auto c = column(rows, count.c_str());
    if (c >= rows[0].size()) return pts;
    std::vector<double> n;
    for (std::size_t r = 1; r < rows.size(); ++r) n.push_back(std::strtod(rows[r][c].c_str(), nullptr));
    std::sort(n.begin(), n.end(), std::greater<>());
    double total = 0, acc = 0;
    for (double v : n) total += v;
    const std::size_t step = std::max<std::size_t>(1, n.size() / 200);
    for (std::size_t k = 0; k < n.size(); ++k) {
        acc += n[k];
        if ((k + 1) % step == 0 || k + 1 == n.size())
            pts.push_back({std::round(1000.0 * static_cast<double>(k + 1) / static_cast<double>(n.size())) / 10,
                           std::round(1000 * acc / total) / 10});
    }
    return pts;
}

namespace {

// A number, or NaN for an empty, hidden ("<5", "x") or missing value.
double value(const std::vector<std::string>& row, std::size_t c) {
    if (c >= row.size() || !numeric(row[c])) return std::nan("");
    return std::strtod(row[c].c_str(), nullptr);
}

}  // namespace

// The board as people read it: figures to one decimal (the CSV keeps them whole) and each rank
// with its field, "7 of 32".
Rows board_shown(Rows rows) {
    for (const char* rank : {"rank_12m", "rank_group_12m"}) {
        const auto r = column(rows, rank), of = column(rows, (std::string(rank) + "_of").c_str());
        if (r >= rows[0].size() || of >= rows[0].size()) continue;
        for (std::size_t k = 1; k < rows.size(); ++k)
            if (r < rows[k].size() && of < rows[k].size() && numeric(rows[k][r]) && numeric(rows[k][of]))
                rows[k][r] += " of " + rows[k][of];
        rows[0][of] += " (in the rank)";  // not listed: html_table picks columns by name
    }
    for (std::size_t k = 1; k < rows.size(); ++k)
        for (auto& v : rows[k])
            if (numeric(v) && v.find_first_of(".eE") != std::string::npos) {
                v = fmt::format("{:.1f}", std::strtod(v.c_str(), nullptr));
                if (v == "-0.0") v = "0.0";
            }
    return rows;
}

// The months from `months` months before the last (all of them for 0): the chart of a board
// shows the recent trend, not every month the data holds.
std::size_t first_shown(const std::vector<std::string>& months, int recent) {
    return recent > 0 && months.size() > static_cast<std::size_t>(recent) ? months.size() - static_cast<std::size_t>(recent) : 0;
}

BoardSection board_section(const Rows& board, const Rows& series, const std::string& id, const std::string& board_file,
                           int recent) {
    BoardSection out;
    if (board.size() < 2) return out;
    // The map layout's columns carry the theme's key ("burglary_rate_12m"): read without it.
    Rows ranked = board;
    // Street segments, hexagons or cells (dashboard --units streets, --cell) have their own first
    // columns and no rate per 1,000: their map layout is keyed by the rank column, and they are
    // ranked by count.
    const bool units = column(board, "area_name") >= board[0].size();
    for (const char* suffix : {"_rate_12m", "_rank_12m"}) {
        if (!units && std::string(suffix) == "_rank_12m") break;
        const auto key = std::find_if(board[0].begin(), board[0].end(), [&](const std::string& h) {
            return h.ends_with(suffix) && h.size() > std::strlen(suffix);
        });
        if (key == board[0].end()) continue;
        const std::string prefix = key->substr(0, key->size() - std::strlen(suffix) + 1);
        for (auto& c : ranked[0])
            if (c.starts_with(prefix)) c = c.substr(prefix.size());
        break;
    }
    const auto rate = column(ranked, "rate_12m");
    auto by = rate < ranked[0].size() ? rate : column(ranked, "count_12m");
    if (by >= ranked[0].size()) by = column(ranked, "12m");
    // Highest 12-month rate (or count) first; hidden figures last.
    std::stable_sort(ranked.begin() + 1, ranked.end(), [&](const auto& a, const auto& b) {
        const double x = value(a, by), y = value(b, by);
        if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
        return x > y;
    });
    const bool streets = column(board, "street") < board[0].size();
    out.html = std::string("<div class=\"block\"><h3>Partnership board: last 3 and 12 months, ") +
               (!units ? "rate per 1,000 residents" : streets ? "street segments (rate per 100 m)" : "cells") + "</h3>" +
               html_table(board_shown(ranked), {"area_name", "segment", "street", "name", "ward", "length_m", "theme_name", "count_3m", "3m", "count_3m_before", "3m_before", "change_3m_pct",
                                   "count_12m", "12m", "count_12m_before", "12m_before", "change_12m_pct", "rate_12m",
                                   "per_100m_12m", "rank_12m",
                                   // With the dashboard's --financial-year, --compare-with, --targets:
                                   "count_fytd", "fytd", "count_fytd_before", "fytd_before", "change_fytd_pct",
                                   "rank_group_12m", "target_status"},
                          12, board_file, "board", true);
    out.html += std::string("<p class=\"small\">") +
                (units ? "Highest 12-month count first; rank 1 is the lowest count among the units. "
                       : "Highest 12-month rate first; rank 1 is the lowest rate among the areas. ") +
                "Changes are per cent on the same months a year before; figures to one decimal (the board's file keeps "
                "them whole).</p>";
    const auto close = [&] {
        out.html += "</div>";
        return out;
    };
    if (series.size() < 2) return close();
    // Monthly rate per 1,000: the whole area (its counts over its residents) and the five areas
    // with the highest 12-month rate.
    const auto name = column(series, "area_name"), month = column(series, "month"), count = column(series, "count"),
               pop = column(series, "population"), per = column(series, "rate_per_1000"),
               missing = column(series, "missing"), level_change = column(series, "level_change");
    if (std::max({name, month, count, pop, per}) >= series[0].size()) return close();
    // A board of several themes: the chart is of the theme of its highest rate.
    const auto series_theme = column(series, "theme"), board_theme = column(ranked, "theme");
    std::string only;
    if (series_theme < series[0].size())
        only = board_theme < ranked[1].size() ? ranked[1][board_theme] : series[1][series_theme];
    const auto theirs = [&](const std::vector<std::string>& row, std::size_t c) {
        return only.empty() || c >= row.size() || row[c] == only;
    };
    bool several = false;
    for (std::size_t r = 1; r < series.size(); ++r) several = several || !theirs(series[r], series_theme);
    std::vector<std::string> months;
    for (std::size_t r = 1; r < series.size(); ++r) months.push_back(series[r][month]);
    std::sort(months.begin(), months.end());
    months.erase(std::unique(months.begin(), months.end()), months.end());
    // The chart ends with the board's month: a series may run on past it.
    if (const auto bm = column(ranked, "month"); bm < ranked[1].size() && ranked[1][bm].size() == 7)
        months.erase(std::upper_bound(months.begin(), months.end(), ranked[1][bm]), months.end());
    const std::size_t all_months = months.size();
    months.erase(months.begin(), months.begin() + static_cast<std::ptrdiff_t>(first_shown(months, recent)));
    std::map<std::string, std::size_t> at;
    for (std::size_t k = 0; k < months.size(); ++k) at[months[k]] = k;
    std::vector<double> sum(months.size(), 0), people(months.size(), 0);
    std::vector<bool> complete(months.size(), true);
    std::map<std::string, std::vector<double>> rates;
    std::map<std::string, std::vector<std::size_t>> changes;  // the months a new level starts (docs/dashboard.md)
    for (std::size_t r = 1; r < series.size(); ++r) {
        const auto& row = series[r];
        const auto shown = at.find(row[month]);
        if (!theirs(row, series_theme) || shown == at.end()) continue;
        const std::size_t k = shown->second;
        const double n = value(row, count), p = value(row, pop);
        // A month of missing data leaves the area out of that month's whole (its residents
        // too); a hidden count leaves the month without one.
        if (level_change < row.size() && row[level_change] == "yes") changes[row[name]].push_back(k);
        if (missing < row.size() && row[missing] == "yes") continue;
        if (std::isnan(n) || std::isnan(p)) complete[k] = false;
        else sum[k] += n, people[k] += p;
        auto& line = rates.try_emplace(row[name], months.size(), std::nan("")).first->second;
        line[k] = value(row, per);
    }
    json lines = json::array();
    json whole = json::array();
    bool any = false;
    for (std::size_t k = 0; k < months.size(); ++k) {
        if (complete[k] && people[k] > 0) {
            whole.push_back(std::round(1e4 * 1000 * sum[k] / people[k]) / 1e4);
            any = true;
        } else {
            whole.push_back(nullptr);
        }
    }
    if (any) lines.push_back({{"label", "all areas"}, {"data", whole}, {"whole", true}});
    const auto area = column(ranked, "area_name");
    std::string changed;
    for (std::size_t r = 1; r < ranked.size() && lines.size() < (any ? 6u : 5u); ++r) {
        if (area >= ranked[r].size()) break;
        if (!theirs(ranked[r], board_theme)) continue;
        const auto it = rates.find(ranked[r][area]);
        if (it == rates.end()) continue;
        json data = json::array();
        for (double v : it->second) data.push_back(std::isnan(v) ? json(nullptr) : json(v));
        const auto& at_months = changes[it->first];
        lines.push_back({{"label", it->first}, {"data", data}, {"whole", false}, {"changes", at_months}});
        for (std::size_t k : at_months) changed += (changed.empty() ? "" : "; ") + it->first + " from " + months[k];
    }
    out.trend = {{"months", months}, {"lines", lines}};
    out.html += fmt::format("<canvas class=\"chart wide\" id=\"trend-{}\" width=\"760\" height=\"260\"></canvas>"
                            "<p class=\"small\">{}Crimes a month per 1,000 residents: all areas (thick) and the areas "
                            "with the highest 12-month rate; an area's month of missing data is a gap in its line and "
                            "is left out of all areas' (its residents too){}{}. {}</p></div>",
                            xml_escape(id),
                            months.size() < all_months
                                ? fmt::format("The last {} months ({} to {}; the series file holds {}). ", months.size(),
                                              xml_escape(months.front()), xml_escape(months.back()), all_months)
                                : std::string(),
                            any ? "" : "; with counts hidden there is no line of all areas",
                            several ? ". The chart is of " + xml_escape(only) + "; the other themes are in the series file" : "",
                            level_change >= series[0].size() ? ""
                            : changed.empty()                ? "No change of level in these areas (triangles mark one: Poisson change points)."
                                                             : "Changes of level (triangles; Poisson change points): " + xml_escape(changed) + ".");
    return out;
}

}  // namespace hotspots::report
