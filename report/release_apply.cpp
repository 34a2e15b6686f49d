// The published counts applied to a held product: each rate, rank and text made again from them,
// and what a row with a hidden count would give back withheld.
#include "report/release_detail.hpp"

#include "hotspots/dashboard.hpp"
#include "report/published_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hotspots::report {
namespace {

using detail::Held;
using detail::number_of;

// What a row keeps when one of its counts is hidden: the unit it stands for and what describes
// the analysis; not what was counted, when, or where exactly.
bool kept_in_hidden_row(ColumnRole r) {
    switch (r) {
    case ColumnRole::area:
    case ColumnRole::identifier:
    case ColumnRole::rank:
    case ColumnRole::measure:
    case ColumnRole::category:
    case ColumnRole::text: return true;  // withheld or scrubbed by its own rule (apply)
    default: return false;
    }
}

// `text` without `words` (and the spaces they leave): "H2 Beech Road" -> "H2".
void strip_words(std::string& text, const std::string& words) {
    for (auto at = text.find(words); at != std::string::npos; at = text.find(words)) {
        std::size_t a = at, b = at + words.size();
        while (a > 0 && text[a - 1] == ' ') --a;
        if (b < text.size() && text[b] == ',') ++b;  // "H2 Beech Road, Ward" -> "H2 Ward"
        text.erase(a, b - a);
    }
}

// "a,b" -> {"a", "b"}
std::vector<std::string> split_names(const std::string& list) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start < list.size()) {
        const auto end = std::min(list.find(',', start), list.size());
        if (end > start) names.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return names;
}

// "{rank_basis_3m}_3m" with the row's rank_basis_3m = "rate" -> "rate_3m".
template <class Lookup>
std::string resolve_template(const std::string& name, Lookup lookup) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto close = name[i] == '{' ? name.find('}', i) : std::string::npos;
        if (close == std::string::npos) {
            out += name[i];
            continue;
        }
        out += lookup(name.substr(i + 1, close - i - 1));
        i = close;
    }
    return out;
}

}  // namespace

namespace detail {

double number_of(const io::FieldValue& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* s = std::get_if<std::string>(&v)) {
        char* end = nullptr;
        const double x = std::strtod(s->c_str(), &end);
        if (!s->empty() && end && *end == '\0') return x;
    }
    return std::nan("");
}

std::vector<std::uint64_t> short_rows(const Held& h, double metres) {
    std::vector<std::uint64_t> out(h.table.rows.size(), 0);
    for (const auto& m : h.members)
        for (std::size_t r = 0; r < m.street_m.size() && r < out.size(); ++r)
            if (m.street_m[r] < metres) out[r] = 1 + (r < m.street_unit.size() ? m.street_unit[r] : 0);
    return out;
}

}  // namespace detail

void Release::Impl::apply(Held& h) {
    const std::size_t p = static_cast<std::size_t>(&h - held.data());
    const auto columns = h.columns();
    // The published text of each count cell of this product.
    std::map<std::pair<std::size_t, std::size_t>, std::string> shown;
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cell_at[c].product == p) shown[{cell_at[c].row, cell_at[c].column}] = published[c];
    const auto& step = *steps[h.step];
    const std::string total = published[step.total];
    const bool features = h.kind == Held::Kind::features;
    for (std::size_t k = 0; k < h.table.fields.size(); ++k)
        if (h.table.fields[k].role == ColumnRole::count && features) h.table.fields[k].type = io::FieldType::text;
    auto index = [&](const std::string& name) -> std::size_t {
        for (std::size_t k = 0; k < columns.size(); ++k)
            if (columns[k].name == name) return k;
        return columns.size();
    };
    // Counts first, then what is made from them, row by row. A short street segment's row
    // keeps no class either (a Gi* bin, a LISA quadrant, a change's direction): with its
    // neighbours' counts, a class bounds its count as a z would.
    const auto short_row = detail::short_rows(h, o.min_street_length);
    std::vector<bool> row_hidden(h.table.rows.size(), false);
    for (std::size_t r = 0; r < h.table.rows.size(); ++r) {
        auto& row = h.table.rows[r];
        const auto original = row;
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (columns[k].role != ColumnRole::count) continue;
            const auto it = shown.find({r, k});
            if (it == shown.end()) continue;
            row[k] = it->second;
            row_hidden[r] = row_hidden[r] || it->second == "x" || it->second.starts_with("<");
        }
        const auto value = [&](const std::string& name) -> double {
            if (name == "@incidents") return number_of(io::FieldValue(total));
            const auto k = index(name);
            return k < columns.size() ? number_of(row[k]) : std::nan("");
        };
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const auto& c = columns[k];
            if (c.role == ColumnRole::count) continue;
            const auto& d = c.derived;
            using Kind = Derivation::Kind;
            if ((c.role == ColumnRole::rate || c.role == ColumnRole::rank) && d.kind != Kind::rank && d.kind != Kind::rank_of) {
                // A rate is made again from the published figures, or not published.
                const double a = value(d.of), b = d.per.empty() ? std::nan("") : value(d.per);
                double v = std::nan("");
                if (d.kind == Kind::ratio && b > 0) v = a / b * d.scale;
                else if (d.kind == Kind::change && b > 0) v = (a - b) / b * 100;
                else if (d.kind == Kind::difference) v = a - b;
                else if ((d.kind == Kind::ci_low || d.kind == Kind::ci_high) && b > 0 && a >= 0) {
                    const auto [low, high] = poisson_interval(a, d.level);
                    v = (d.kind == Kind::ci_low ? low : high) / b * d.scale;
                }
                row[k] = std::isnan(v) ? io::FieldValue{}
                         : features && h.table.fields[k].type == io::FieldType::integer ? io::FieldValue{std::int64_t(std::llround(v))}
                         : features ? io::FieldValue{v}
                                    : io::FieldValue{fmt::format("{:.6g}", v)};
                continue;
            }
            if (c.role == ColumnRole::statistic) {
                row[k] = io::FieldValue{};  // published as classes (category columns) only
                continue;
            }
            if (row_hidden[r] && !kept_in_hidden_row(c.role)) row[k] = io::FieldValue{};
            if (short_row[r] && c.role == ColumnRole::category) row[k] = io::FieldValue{};
        }
        // A hidden row's name says no more than its unit: a label made from the street of its
        // incidents ("H2 Beech Road") loses the street with the row's places.
        if (row_hidden[r])
            for (std::size_t q = 0; q < columns.size(); ++q) {
                if (columns[q].role != ColumnRole::place) continue;
                const auto* place = std::get_if<std::string>(&original[q]);
                if (!place) continue;
                std::string street = *place;
                if (street.starts_with("On or near ")) street = street.substr(11);
                if (street.size() < 3) continue;
                for (std::size_t k = 0; k < columns.size(); ++k)
                    if (columns[k].role == ColumnRole::area)
                        if (auto* t = std::get_if<std::string>(&row[k])) strip_words(*t, street);
            }
        // Texts say only what the row publishes: a text stating a hidden count is withheld (its
        // words would narrow it: "an increase" bounds the year before), and any other number in a
        // text that is not a published figure of its row becomes a marker.
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (columns[k].role != ColumnRole::text) continue;
            const auto& d = columns[k].derived;
            bool withheld = row_hidden[r] && d.kind != Derivation::Kind::words;
            if (d.kind == Derivation::Kind::words)
                for (const auto& name : split_names(d.of))
                    if (const auto q = index(name); q < columns.size())
                        if (const auto it = shown.find({r, q}); it != shown.end())
                            withheld = withheld || it->second == "x" || it->second.starts_with("<");
            if (withheld) row[k] = io::FieldValue{};
        }
        std::vector<std::string> figures;
        for (std::size_t k = 0; k < columns.size(); ++k)
            if (columns[k].role == ColumnRole::count || columns[k].role == ColumnRole::rate || columns[k].role == ColumnRole::measure)
                if (const double v = number_of(row[k]); !std::isnan(v)) figures.push_back(fmt::format("{:.6g}", v));
        for (std::size_t k = 0; k < columns.size(); ++k)
            if (columns[k].role == ColumnRole::text)
                if (const auto* t = std::get_if<std::string>(&row[k])) row[k] = published_text(*t, figures, o.suppress_below);
    }
    // Ranks, and how many they are among, from the published figures.
    auto text_of = [](const io::FieldValue& v) -> std::string {
        return std::visit([](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) return x;
            else if constexpr (std::is_same_v<T, std::int64_t>) return std::to_string(x);
            else return "";
        }, v);
    };
    for (std::size_t k = 0; k < columns.size(); ++k) {
        const auto& d = columns[k].derived;
        if (d.kind != Derivation::Kind::rank && d.kind != Derivation::Kind::rank_of) continue;
        std::vector<std::size_t> within;
        for (const auto& name : split_names(d.per))
            if (const auto q = index(name); q < columns.size()) within.push_back(q);
        std::map<std::string, std::vector<std::pair<std::size_t, double>>> groups;
        for (std::size_t r = 0; r < h.table.rows.size(); ++r) {
            auto& row = h.table.rows[r];
            const auto of = index(resolve_template(d.of, [&](const std::string& name) {
                const auto q = index(name);
                return q < columns.size() ? text_of(row[q]) : std::string();
            }));
            std::string g = std::to_string(of);
            for (auto q : within) g += '\x1f' + text_of(row[q]);
            if (of < columns.size())
                if (const double v = number_of(row[of]); !std::isnan(v)) groups[g].push_back({r, d.descending ? -v : v});
            row[k] = io::FieldValue{};
        }
        for (auto& [g, members] : groups) {
            std::vector<double> v;
            for (const auto& m : members) v.push_back(m.second);
            const auto ranks = competition_ranks(v);
            for (std::size_t q = 0; q < members.size(); ++q) {
                const std::int64_t x = d.kind == Derivation::Kind::rank ? ranks[q] : static_cast<std::int64_t>(members.size());
                h.table.rows[members[q].first][k] = features ? io::FieldValue{x} : io::FieldValue{std::to_string(x)};
            }
        }
    }
    // A style classed on a column's values (a legend up to the largest count), from the published
    // ones: the unpublished values' classes would show a withheld or hidden count.
    if (h.scaled.make) {
        std::vector<double> values;
        if (const auto k = index(h.scaled.column); k < columns.size())
            for (const auto& row : h.table.rows)
                if (const double v = number_of(row[k]); !std::isnan(v)) values.push_back(v);
        h.style = h.scaled.make(values);
    }
    auto& meta = h.kind == Held::Kind::raster ? h.raster.metadata : h.table.metadata;
    // Orders between counts (a back-test's methods won and lost) are published only where the
    // product shows every count they order, as ranks are made only from published figures.
    const bool every_count = std::none_of(row_hidden.begin(), row_hidden.end(), [](bool b) { return b; });
    // Its input's rows read and loaded are the incidents of every step that read it: where one of
    // them is hidden, those rows less the shown steps' counts would give it back.
    const bool input_shown = std::all_of(steps.begin(), steps.end(), [&](const auto& s) {
        return s->input != step.input || count_shown(published[s->total]);
    });
    published_metadata(meta, total, o, step.info.metadata, every_count, input_shown);
}

}  // namespace hotspots::report
