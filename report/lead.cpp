#include "report/lead.hpp"

#include "hotspots/hotspot_change.hpp"
#include "io/pack_reader.hpp"
#include "io/text.hpp"
#include "model/time.hpp"
#include "report/report_parts.hpp"
#include "steps/step.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>

namespace hotspots::report {
namespace {

namespace fs = std::filesystem;
using io::xml_escape;
using steps::MapView;
using steps::Product;
using steps::TableView;

constexpr std::size_t top_hotspots = 5, top_changes = 8, board_lines = 3;

bool layer_file(const std::string& f) {
    const std::string l = io::lower_case(f);
    return l.ends_with(".gpkg") || l.ends_with(".geojson") || l.ends_with(".shp") || l.ends_with(".fgb");
}

// A published table's value as it is shown: a hidden count stays "<5" or "x", an empty cell is
// "x" (hidden, or not made from the published counts).
std::string shown(const std::string& v) { return v.empty() ? "x" : v; }

double number(const std::string& v) { return numeric(v) ? std::strtod(v.c_str(), nullptr) : std::nan(""); }

std::string one_decimal(double v) { return std::isnan(v) ? "x" : fmt::format("{:.1f}", v); }
std::string signed_pct(double v) { return std::isnan(v) ? "" : fmt::format("{:+.0f}%", v); }

std::optional<Period> period_of(const StepEntry& s) {
    const auto p = s.parameters.find("period");
    if (p == s.parameters.end() || !p->is_string()) return std::nullopt;
    return parse_period(p->get<std::string>());
}

std::string period_text(const StepEntry& s) {
    const auto p = s.parameters.find("period");
    return p != s.parameters.end() && p->is_string() ? period_words(p->get<std::string>()) : s.name;
}

// A product's rows: its CSV, else its layer's attributes.
Rows rows_of(const Item& x, const std::vector<Item>& items, const std::string& folder) {
    const Item* src = nullptr;
    for (const auto& y : items)
        if (!src && y.step == x.step && y.product.role == x.product.role && y.out->file.ends_with(".csv")) src = &y;
    if (!src) src = &x;
    return io::read_rows((fs::path(folder) / src->out->file).string(), src->out->file.ends_with(".csv") ? "" : src->out->layer.value_or(""));
}

// The line that says why a part of the lead is not there: its step was skipped, or ran but the
// release does not hold its product, or no step of the theme makes it. Never a figure.
template <typename Makes>
std::string absent(const ThemeEntry& t, const std::vector<StepEntry>& steps, Makes makes, const std::string& what) {
    for (const auto& s : steps) {
        if (s.theme != t.name) continue;
        const auto& products = declared_products(s.run);
        if (std::none_of(products.begin(), products.end(), makes)) continue;
        if (s.skipped) return fmt::format("<p class=\"small absent\">{}: step {} was skipped: {}.</p>\n", xml_escape(what), xml_escape(s.name), xml_escape(*s.skipped));
        return fmt::format("<p class=\"small absent\">{}: step {} ran, but this release does not hold them (withheld when "
                           "published).</p>\n", xml_escape(what), xml_escape(s.name));
    }
    return fmt::format("<p class=\"small absent\">{}: no step of this theme makes them.</p>\n", xml_escape(what));
}

struct Ranked {
    Rows rows;
    std::vector<PeriodHotspot> hotspots;
};

Ranked ranked(const Item& x, const std::string& folder) {
    const std::string file = (fs::path(folder) / x.out->file).string(), layer = x.out->layer.value_or("");
    Ranked r{io::read_rows(file, layer), {}};
    const auto geoms = io::read_geometries(file, layer);
    const auto c = column(r.rows, x.product.count.c_str());
    for (std::size_t k = 1; k < r.rows.size() && k - 1 < geoms.size(); ++k)
        r.hotspots.push_back({geoms[k - 1], c < r.rows[k].size() ? number(r.rows[k][c]) : std::nan("")});
    return r;
}

// The theme's earlier hotspots to compare with: of another step of the same kind, whose period
// ends before this one's starts, the latest.
const Item* comparison(const Item& now, const std::vector<Item>& items) {
    const auto p = period_of(*now.step);
    if (!p) return nullptr;
    const Item* best = nullptr;
    hotspots::Seconds best_end = 0;
    for (const auto& y : items) {
        if (y.step == now.step || y.run != now.run || y.product.role != now.product.role || !layer_file(y.out->file)) continue;
        const auto q = period_of(*y.step);
        if (q && q->to < p->from && (!best || q->to > best_end)) best = &y, best_end = q->to;
    }
    return best;
}

std::string hotspot_lead(const Item& now, const std::vector<Item>& items, const std::vector<StepEntry>& steps, const std::string& folder) {
    const auto r = ranked(now, folder);
    const Rows& rows = r.rows;
    const auto label = column(rows, now.product.label.c_str()), count = column(rows, now.product.count.c_str());
    const std::string when = period_text(*now.step);
    if (rows.size() < 2) return fmt::format("<p>No hotspots in {}.</p>\n", xml_escape(when));
    const Item* then = comparison(now, items);
    std::vector<HotspotChange> changes;
    Ranked before;
    if (then) {
        before = ranked(*then, folder);
        changes = hotspot_changes(r.hotspots, period_of(*now.step)->days(), before.hotspots, period_of(*then->step)->days());
    }
    const std::string then_when = then ? period_text(*then->step) : "";
    std::string s = fmt::format("<h3>Top hotspots, {}</h3><table class=\"data lead-hotspots\"><thead><tr><th>hotspot</th>"
                                "<th>incidents</th>{}</tr></thead><tbody>\n",
                                xml_escape(when), then ? "<th>" + xml_escape(then_when) + "</th><th>change</th><th>class</th>" : "");
    const auto cell = [&](std::size_t k, std::size_t c) { return c < rows[k].size() ? rows[k][c] : std::string(); };
    for (std::size_t k = 1; k < rows.size() && k <= top_hotspots; ++k) {
        s += fmt::format("<tr data-label=\"{0}\"><td>{0}</td><td class=\"num\" data-count=\"now\">{1}</td>", xml_escape(cell(k, label)),
                         xml_escape(shown(cell(k, count))));
        if (then && k - 1 < changes.size()) {
            const auto& c = changes[k - 1];
            const std::string was = c.overlaps.empty() ? "\u2013" : std::isnan(c.before) ? "x" : fmt::format("{:.0f}", c.before);
            s += fmt::format("<td class=\"num\" data-count=\"before\">{}</td><td class=\"num\">{}</td><td><span class=\"cls {}\">{}</span></td>",
                             xml_escape(was), xml_escape(signed_pct(c.change_pct)), class_name(c.cls), class_name(c.cls));
        }
        s += "</tr>\n";
    }
    s += "</tbody></table>\n";
    if (!then) {
        for (const auto& st : steps)
            if (st.theme == now.step->theme && st.run == now.run && st.skipped)
                return s + fmt::format("<p class=\"small absent\">No change or class: step {} (of an earlier period) was skipped: {}.</p>\n",
                                       xml_escape(st.name), xml_escape(*st.skipped));
        return s + "<p class=\"small\">No earlier hotspots in this theme to compare with: a second step of the same kind over an "
                   "earlier period (such as the same months last year) gives each hotspot its change and class.</p>\n";
    }
    std::map<std::string, int> n;
    for (const auto& c : changes) ++n[class_name(c.cls)];
    std::string tally;
    for (const char* k : {"new", "persistent", "intensifying", "diminishing", "hidden"})
        if (n[k]) tally += fmt::format("{}{} {}", tally.empty() ? "" : ", ", n[k], k);
    const auto gone = gone_hotspots(changes, before.hotspots.size());
    s += fmt::format("<p class=\"small\">{0} hotspots: {1}. Of the {2} hotspots of {3} (step {5}), {4} overlap none of "
                     "these.</p>\n",
                     rows.size() - 1, xml_escape(tally), before.hotspots.size(), xml_escape(then_when), gone.size(),
                     xml_escape(then->step->name));
    return s;
}

std::string change_lead(const Item& x, const std::vector<Item>& items, const std::string& folder) {
    Rows rows = rows_of(x, items, folder);
    const Product& p = x.product;
    const auto cat = column(rows, p.category.c_str());
    const auto per = x.step->parameters.find("per");
    const std::string areas = per != x.step->parameters.end() && per->is_string() ? per->get<std::string>() + "s" : "areas";
    std::string named;
    for (std::size_t from = 0; !p.title_from.empty() && from <= p.title_from.size();) {
        const auto to = std::min(p.title_from.find(',', from), p.title_from.size());
        const auto v = x.step->parameters.find(p.title_from.substr(from, to - from));
        // Declared as "before,after": said as the latest against the earlier.
        if (v != x.step->parameters.end() && v->is_string())
            named = period_words(v->get<std::string>()) + (named.empty() ? "" : " against " + named);
        from = to + 1;
    }
    Rows sig = {rows.empty() ? std::vector<std::string>{} : rows[0]};
    for (std::size_t k = 1; k < rows.size(); ++k)
        if (cat < rows[k].size() && (rows[k][cat] == "increase" || rows[k][cat] == "decrease")) sig.push_back(rows[k]);
    const auto by = column(sig, p.sort.c_str());
    std::stable_sort(sig.begin() + 1, sig.end(), [&](const auto& a, const auto& b) {
        const double u = by < a.size() ? number(a[by]) : std::nan(""), v = by < b.size() ? number(b[by]) : std::nan("");
        return !std::isnan(u) && (std::isnan(v) || u < v);
    });
    std::string s = fmt::format("<h3>{} with a significant change{}</h3>\n", xml_escape(std::string(1, static_cast<char>(std::toupper(areas[0]))) + areas.substr(1)),
                                named.empty() ? "" : ", " + xml_escape(named));
    if (sig.size() < 2)
        return s + fmt::format("<p class=\"lead-none\">None: no {} changed significantly (step {}: FDR-adjusted p &lt; 0.05).</p>\n",
                               xml_escape(areas), xml_escape(x.step->name));
    return s + html_table(sig, p.columns, top_changes, x.out->file, "lead-change");
}

std::string board_lead(const Item& x, const std::vector<Item>& items, const std::string& folder) {
    Rows rows = rows_of(x, items, folder);
    if (rows.size() < 2) return "";
    // A board of street segments, hexagons or cells (no area_name): ranked by count, no rate per
    // 1,000 to lead with; its table is in the theme's section.
    if (column(rows, "area_name") >= rows[0].size())
        return "<p class=\"small absent\">The partnership board's lines: this board's rows are street segments or cells, "
               "ranked by count (no rate per 1,000 residents); it is in the theme's section.</p>\n";
    // The board's columns carry the theme's key ("burglary_rate_12m"): read without it.
    const auto header = rows[0];
    for (const auto& h : header)
        if (h.ends_with("_rate_12m")) {
            const std::string prefix = h.substr(0, h.size() - 8);
            for (auto& c : rows[0])
                if (c.starts_with(prefix)) c = c.substr(prefix.size());
            break;
        }
    const auto col = [&](const char* a, const char* b) {
        const auto c = column(rows, a);
        return c < rows[0].size() ? c : column(rows, b);
    };
    const auto name = column(rows, "area_name"), rate = column(rows, "rate_12m"), rank = column(rows, "rank_12m"),
               of = column(rows, "rank_12m_of"), n12 = col("12m", "count_12m"), b12 = col("12m_before", "count_12m_before"),
               pct = col("change_12m_pct", "change_12m_pct"), n3 = col("3m", "count_3m"), b3 = col("3m_before", "count_3m_before");
    const auto get = [&](const std::vector<std::string>& row, std::size_t c) { return c < row.size() ? row[c] : std::string(); };
    std::vector<std::size_t> order;
    for (std::size_t k = 1; k < rows.size(); ++k) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const double u = number(get(rows[a], rate)), v = number(get(rows[b], rate));
        return !std::isnan(u) && (std::isnan(v) || u > v);
    });
    // A release without rates (published: rates from hidden counts are left out) has no
    // "highest" to lead with; its table is in the theme's section.
    if (std::none_of(rows.begin() + 1, rows.end(), [&](const auto& row) { return !std::isnan(number(get(row, rate))); }))
        return "<p class=\"small absent\">The partnership board's lines: this release holds no 12-month rates to rank the "
               "areas by; the board is in the theme's section.</p>\n";
    std::string s = "<h3>Partnership board: the highest 12-month rates</h3><ul class=\"lead-board\">\n";
    for (std::size_t k = 0; k < order.size() && k < board_lines; ++k) {
        const auto& row = rows[order[k]];
        const double change = number(get(row, pct));
        s += fmt::format("<li data-area=\"{0}\"><b>{0}</b>: {1} per 1,000 residents, rank {2} of {3} (1: the lowest rate); "
                         "<span data-count=\"12m\">{4}</span> crimes in the last 12 months ({5} on the 12 months before: "
                         "<span data-count=\"12m_before\">{6}</span>), <span data-count=\"3m\">{7}</span> in the last 3 "
                         "(<span data-count=\"3m_before\">{8}</span> a year before).</li>\n",
                         xml_escape(get(row, name)), one_decimal(number(get(row, rate))), xml_escape(shown(get(row, rank))),
                         xml_escape(shown(get(row, of))), xml_escape(shown(get(row, n12))),
                         std::isnan(change) ? "x" : fmt::format("{:+.1f}%", change), xml_escape(shown(get(row, b12))),
                         xml_escape(shown(get(row, n3))), xml_escape(shown(get(row, b3))));
    }
    // The whole area, only when no count of it is hidden: a total over hidden counts would
    // give back their sum.
    double now = 0, was = 0;
    for (std::size_t k = 1; k < rows.size(); ++k) now += number(get(rows[k], n12)), was += number(get(rows[k], b12));
    if (!std::isnan(now) && !std::isnan(was))
        s += fmt::format("<li data-area=\"all\">All {} areas: {:.0f} crimes in the last 12 months ({} on the 12 months before: "
                         "{:.0f}).</li>\n",
                         rows.size() - 1, now, was > 0 ? fmt::format("{:+.1f}%", 100 * (now - was) / was) : "x", was);
    return s + "</ul>\n";
}

}  // namespace

const std::vector<Product>& declared_products(const std::string& run) {
    static std::map<std::string, std::vector<Product>> cache;
    auto it = cache.find(run);
    if (it == cache.end()) {
        auto step = steps::make_step(run);
        it = cache.emplace(run, step ? step->info().products : std::vector<Product>{}).first;
    }
    return it->second;
}

std::string lead_key() {
    return "<p class=\"small\">Each hotspot is compared with the earlier period's hotspots it overlaps: <b>new</b> overlaps "
           "none; <b>intensifying</b> or <b>diminishing</b>: its daily rate is significantly higher or lower than theirs "
           "together (exact test, Benjamini-Hochberg over the theme's hotspots, p &lt; 0.05); <b>persistent</b>: no "
           "significant change (docs/report.md).</p>\n";
}

std::string theme_lead(const ThemeEntry& t, const std::vector<Item>& items, const std::vector<StepEntry>& steps, const std::string& folder) {
    const auto first = [&](auto pred) -> const Item* {
        for (const auto& x : items)
            if (pred(x)) return &x;
        return nullptr;
    };
    const auto hotspots = [](const Product& p) { return p.map == MapView::outlines && !p.count.empty() && !p.label.empty(); };
    const auto change = [](const Product& p) { return p.map == MapView::change; };
    const auto board = [](const Product& p) { return p.table == TableView::board; };
    std::string types;
    for (const auto& c : t.crime_types) types += (types.empty() ? "" : ", ") + c;
    std::string s = fmt::format("<div class=\"lead\" id=\"lead-{0}\"><h2><a href=\"#theme-{0}\">{1}</a> <span class=\"small\">{2}</span></h2>\n"
                                "<div class=\"cols\"><div>\n",
                                xml_escape(t.name), xml_escape(t.title.empty() ? t.name : t.title), xml_escape(types.empty() ? "all crime types" : types));
    if (const Item* x = first([&](const Item& i) { return hotspots(i.product) && layer_file(i.out->file); }))
        s += hotspot_lead(*x, items, steps, folder);
    else
        s += absent(t, steps, hotspots, "Ranked hotspots");
    s += "</div><div>\n";
    if (const Item* x = first([&](const Item& i) { return change(i.product); }))
        s += change_lead(*x, items, folder);
    else
        s += absent(t, steps, change, "Change by area");
    if (const Item* x = first([&](const Item& i) { return board(i.product); }))
        s += board_lead(*x, items, folder);
    else
        s += absent(t, steps, board, "The partnership board's lines");
    return s + "</div></div></div>\n";
}

}  // namespace hotspots::report
