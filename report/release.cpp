#include "report/release.hpp"

#include "geo/geos.hpp"
#include "io/atomic_file.hpp"
#include "hotspots/dashboard.hpp"
#include "report/published_text.hpp"
#include "report/surface.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace hotspots::report {
namespace {

using steps::Members;
using steps::Product;

// A held product's counts, as cells of the release: where each one is.
struct CellAt {
    std::size_t product, row, column;
};

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

// A count as text: whole numbers without a decimal point (a weighted count keeps its fraction).
std::string count_text(double v) {
    return v == std::floor(v) && std::abs(v) < 9e15 ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{:g}", v);
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

// A product held until the release is protected, as one table whatever its kind: a layer's
// attributes, or a CSV table's text cells.
struct Held {
    enum class Kind { features, table, raster };
    Kind kind = Kind::table;
    std::size_t step = 0;
    std::string role, style;
    io::FeatureTable table;          // features (and a CSV table's cells as text fields)
    std::vector<Column> header;      // a CSV table's columns
    std::vector<Members> members;
    Grid grid;                       // raster
    std::vector<double> values;
    io::RasterOutput raster;
    std::vector<Column> columns() const {
        if (kind == Kind::table) return header;
        std::vector<Column> c;
        for (const auto& f : table.fields) c.emplace_back(f.name, f.role, f.derived);
        return c;
    }
};

}  // namespace

struct Release::Impl {
    struct StepHeld;
    const PublishParams& o;
    Log& log;
    std::vector<DisclosureCell> cells;
    std::vector<CellAt> cell_at;
    std::vector<Held> held;
    std::vector<std::unique_ptr<StepHeld>> steps;
    std::map<std::uint64_t, std::uint8_t> keys;  // record keys (cell-key method)
    std::string secret;
    ReleaseAudit audit;
    std::vector<std::string> published;  // per cell, after commit
    bool committed = false;

    Impl(const PublishParams& p, Log& l) : o(p), log(l) {}
    void protect();
    void apply(Held& h);
    std::string marker_of(std::size_t cell) const { return published[cell]; }
};

// The writer of one step: holds its products for the release.
class StepWriter : public Writer {
public:
    StepWriter(Release::Impl& r, std::size_t step) : m_r(r), m_step(step) {}
    void raster(const std::string& role, const io::RasterOutput& out, const std::string& style) override;
    void features(const std::string& role, const io::FeatureTable& table, const std::string& style) override;
    void table(const std::string& role, const std::vector<Column>& header, const std::vector<std::vector<std::string>>& rows,
               const nlohmann::json& metadata) override;
    void csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
             const nlohmann::json& metadata) override;
    void text(const std::string& role, const std::string& text, const std::string& extension) override;
    void incidents(const std::string& role, const io::IncidentOutput& out) override;
    void counts(const std::string& role, std::vector<Members> members) override { m_members[role] = std::move(members); }

private:
    bool locates(const std::string& role) const;
    Release::Impl& m_r;
    std::size_t m_step;
    std::map<std::string, std::vector<Members>> m_members;
};

struct Release::Impl::StepHeld {
    std::string label;
    steps::StepInfo info;
    std::vector<std::uint64_t> ids;  // each of the step's incidents, as the release knows it
    std::vector<std::pair<double, double>> xy;  // and where it is (to count a surface's bands)
    std::size_t total = 0;           // its cell: the step's count of incidents
    Writer* inner = nullptr;
    std::unique_ptr<Writer> owned;
    Log* log = nullptr;
    std::unique_ptr<StepWriter> writer;
};

namespace {

// A release-wide id for an incident: its input, source file and row.
std::uint64_t global_id(std::size_t input, const Incident& i) {
    return (static_cast<std::uint64_t>(input) << 56) | (static_cast<std::uint64_t>(i.source & 0xffffff) << 32) | i.row;
}

// What an incident is, for its record key: the same in every release that holds it.
std::string identity(const IncidentSet& set, const Incident& i) {
    return fmt::format("{}|{:.1f}|{:.1f}|{}|{}|{}", set.id(i), i.x, i.y, i.from, i.to, set.text(i.crime_type));
}

}  // namespace

bool StepWriter::locates(const std::string& role) const {
    for (const auto& p : m_r.steps[m_step]->info.products)
        if (p.role == role) return p.locates_incidents;
    return false;
}

void StepWriter::raster(const std::string& role, const io::RasterOutput& out, const std::string& style) {
    if (out.tiles)
        throw steps::UsageError("a surface made in tiles (--tile-size) cannot be published: publishing bands the whole surface at "
                         "once; publish a run without --tile-size");
    Held h;
    h.kind = Held::Kind::raster;
    h.step = m_step;
    h.role = role;
    h.style = style;
    const auto& s = *m_r.steps[m_step];
    auto banded = published_surface(out, m_r.o, s.xy, *s.log);
    h.grid = std::move(banded.grid);
    h.values = std::move(banded.values);
    h.raster = out;
    h.raster.description = banded.description;
    h.raster.metadata["bands"] = std::move(banded.bands);
    m_r.held.push_back(std::move(h));
}

void StepWriter::features(const std::string& role, const io::FeatureTable& table, const std::string& style) {
    auto& log = *m_r.steps[m_step]->log;
    geo::GeosContext ctx;
    auto gh = ctx.get();
    bool points = false;
    for (const auto& w : table.geometries) {
        auto g = geo::from_wkb(ctx, w.data(), w.size());
        points = points || GEOSGeomTypeId_r(gh, g.get()) == GEOS_POINT || GEOSGeomTypeId_r(gh, g.get()) == GEOS_MULTIPOINT;
    }
    // Points, and layers drawn round single incidents or through chosen places (cocooning zones
    // are circles round burglaries; a walk's route passes its stops), show where incidents are.
    if ((points || locates(role)) && !m_r.o.keep_points) {
        log.warning(fmt::format("--publish: the {} layer ({}) is not written; --keep-points keeps it", role,
                                points ? "points" : "drawn round incidents or places"));
        return;
    }
    Held h;
    h.kind = Held::Kind::features;
    h.step = m_step;
    h.role = role;
    h.style = style;
    h.table = table;
    h.table.rows.clear();
    h.table.geometries.clear();
    std::vector<std::size_t> kept;
    const double min_area = m_r.o.cell * m_r.o.cell;
    std::size_t small = 0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        auto g = geo::from_wkb(ctx, table.geometries[i].data(), table.geometries[i].size());
        const int type = GEOSGeomTypeId_r(gh, g.get());
        if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON) {
            h.table.geometries.push_back(table.geometries[i]);
        } else {
            // Polygons on a grid of a tenth of the publishing cell; smaller than a cell: left out.
            auto snapped = geo::checked(ctx, GEOSGeom_setPrecision_r(gh, g.get(), m_r.o.cell / 10, 0), "precision");
            double area = 0;
            GEOSArea_r(gh, snapped.get(), &area);
            if (area < min_area) {
                ++small;
                continue;
            }
            h.table.geometries.push_back(geo::to_wkb(ctx, snapped.get()));
        }
        h.table.rows.push_back(table.rows[i]);
        kept.push_back(i);
    }
    if (small)
        log.note(fmt::format("--publish: {} polygons of the {} layer smaller than {:g} m square left out", small, role, m_r.o.cell));
    auto members = std::move(m_members[role]);
    m_members.erase(role);
    for (auto& m : members) {
        std::vector<std::vector<std::uint32_t>> rows;
        for (auto i : kept) rows.push_back(i < m.rows.size() ? std::move(m.rows[i]) : std::vector<std::uint32_t>{});
        m.rows = std::move(rows);
    }
    h.members = std::move(members);
    m_r.held.push_back(std::move(h));
}

void StepWriter::table(const std::string& role, const std::vector<Column>& header,
                       const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) {
    const bool places = locates(role) ||
                        std::any_of(header.begin(), header.end(), [](const Column& c) { return c.role == ColumnRole::place; });
    if (places && !m_r.o.keep_points) {
        m_r.steps[m_step]->log->warning(
            fmt::format("--publish: the {} table (it lists places) is not written; --keep-points keeps it", role));
        return;
    }
    Held h;
    h.kind = Held::Kind::table;
    h.step = m_step;
    h.role = role;
    h.header = header;
    h.table.metadata = metadata.is_null() ? nlohmann::json::object() : metadata;
    for (const auto& c : header) h.table.fields.emplace_back(c.name, io::FieldType::text, c.role, c.derived);
    for (const auto& r : rows) {
        std::vector<io::FieldValue> v;
        for (std::size_t k = 0; k < header.size(); ++k) v.emplace_back(k < r.size() ? r[k] : std::string());
        h.table.rows.push_back(std::move(v));
    }
    h.members = std::move(m_members[role]);
    m_members.erase(role);
    m_r.held.push_back(std::move(h));
}

void StepWriter::csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
                     const nlohmann::json& metadata) {
    table(role, header, split_csv_lines(lines), metadata);
}

void StepWriter::text(const std::string& role, const std::string&, const std::string&) {
    m_r.steps[m_step]->log->warning(
        fmt::format("--publish: the {} file is not written (it holds places and counts a published output does not show)", role));
}

void StepWriter::incidents(const std::string& role, const io::IncidentOutput& out) {
    auto& s = *m_r.steps[m_step];
    if (!m_r.o.keep_points) {
        s.log->warning(fmt::format("--publish: the {} records are not written; --keep-points keeps them", role));
        return;
    }
    // Incident records are no counts: written now (the folder or the files appear only whole).
    s.inner->incidents(role, out);
}

Release::Release(const PublishParams& o, Log& log) : m(std::make_unique<Impl>(o, log)) {
    if (o.method == "cell-key") m->secret = publish_secret(o, log);
}

Release::~Release() = default;

Writer& Release::step(std::unique_ptr<Writer> inner, const steps::StepInfo& info, const steps::Ingested& data,
                      std::size_t input, const std::string& label, Log& log) {
    auto& w = step(*inner, info, data, input, label, log);
    m->steps.back()->owned = std::move(inner);
    return w;
}

Writer& Release::step(Writer& inner, const steps::StepInfo& info, const steps::Ingested& data, std::size_t input,
                      const std::string& label, Log& log) {
    auto s = std::make_unique<Impl::StepHeld>();
    s->label = label;
    s->info = info;
    s->inner = &inner;
    s->log = &log;
    s->ids.reserve(data.set.incidents.size());
    for (const auto& i : data.set.incidents) {
        s->ids.push_back(global_id(input, i));
        s->xy.emplace_back(i.x, i.y);
        if (!m->secret.empty()) m->keys.emplace(s->ids.back(), record_key(m->secret, identity(data.set, i)));
    }
    // The step's count of incidents is a count of the release too (the manifest and the
    // metadata publish it).
    DisclosureCell total;
    total.members = s->ids;
    std::sort(total.members.begin(), total.members.end());
    total.members.erase(std::unique(total.members.begin(), total.members.end()), total.members.end());
    total.value = static_cast<double>(data.set.incidents.size());
    total.opaque = total.members.size() != data.set.incidents.size();
    total.group = m->steps.size();
    s->total = m->cells.size();
    m->cells.push_back(std::move(total));
    m->cell_at.push_back({static_cast<std::size_t>(-1), m->steps.size(), 0});
    s->writer = std::make_unique<StepWriter>(*m, m->steps.size());
    m->steps.push_back(std::move(s));
    return *m->steps.back()->writer;
}

void Release::Impl::protect() {
    // Every count of every held product is a cell, with the incidents it counts when given.
    for (std::size_t p = 0; p < held.size(); ++p) {
        auto& h = held[p];
        if (h.kind == Held::Kind::raster) continue;
        const auto& s = *steps[h.step];
        for (std::size_t k = 0; k < h.table.fields.size(); ++k) {
            if (h.table.fields[k].role != ColumnRole::count) continue;
            const Members* m = nullptr;
            for (const auto& x : h.members)
                if (x.column == h.table.fields[k].name) m = &x;
            for (std::size_t r = 0; r < h.table.rows.size(); ++r) {
                const double v = number_of(h.table.rows[r][k]);
                if (std::isnan(v)) continue;
                DisclosureCell c;
                c.value = v;
                c.group = h.step;
                if (m && r < m->rows.size()) {
                    // A step's own units of count (a count table's) are its own: apart from
                    // every incident and every other step's.
                    for (auto i : m->rows[r])
                        if (m->own_ids) c.members.push_back((std::uint64_t{1} << 63) | (std::uint64_t{h.step} << 40) | i);
                        else if (i < s.ids.size()) c.members.push_back(s.ids[i]);
                    std::sort(c.members.begin(), c.members.end());
                    c.members.erase(std::unique(c.members.begin(), c.members.end()), c.members.end());
                }
                // Only a whole count of exactly the incidents given links to the others.
                c.opaque = !m || static_cast<double>(c.members.size()) != v;
                if (c.opaque) c.members.clear();
                cells.push_back(std::move(c));
                cell_at.push_back({p, r, k});
            }
        }
    }
    const auto where = [&](std::size_t c) {
        const auto& at = cell_at[c];
        if (at.product == static_cast<std::size_t>(-1)) return steps[at.row]->label + ": its count of incidents";
        const auto& h = held[at.product];
        std::string unit;
        for (std::size_t k = 0; k < h.table.fields.size() && unit.empty(); ++k)
            if (h.table.fields[k].role == ColumnRole::area)
                if (const auto* t = std::get_if<std::string>(&h.table.rows[at.row][k])) unit = *t;
        return fmt::format("{} {}, row {}{}: {}", steps[h.step]->label, h.role, at.row + 1, unit.empty() ? "" : " (" + unit + ")",
                           h.table.fields[at.column].name);
    };
    published.assign(cells.size(), "");
    audit.counts = cells.size();
    const std::string hidden = fmt::format("<{}", o.suppress_below);
    if (o.method == "cell-key") {
        audit.method = "cell-key";
        for (std::size_t c = 0; c < cells.size(); ++c) {
            unsigned key = 0;
            if (!cells[c].opaque)
                for (auto id : cells[c].members) {
                    // A count table's units have no record of their own: keyed by their step and place.
                    const auto it = keys.find(id);
                    key += it != keys.end() ? it->second : record_key(secret, fmt::format("unit|{}", id & 0xffffffffffffULL));
                }
            else
                key = record_key(secret, where(c) + "|" + count_text(cells[c].value));
            const auto value = perturbed_count(std::llround(cells[c].value), static_cast<std::uint8_t>(key & 0xff), o.suppress_below);
            published[c] = std::to_string(value);
            audit.perturbed += static_cast<double>(value) != cells[c].value;
        }
        return;
    }
    audit.method = "suppression";
    audit.protection = std::min(o.protection, static_cast<int>(o.suppress_below - 1));
    {
        std::size_t primary = 0, opaque = 0;
        for (const auto& c : cells) {
            primary += c.value > 0 && c.value < static_cast<double>(o.suppress_below);
            opaque += c.opaque;
        }
        log.stage(fmt::format("release: {} counts ({} opaque, {} below {})", cells.size(), opaque, primary, o.suppress_below));
    }
    DisclosureOptions d;
    d.threshold = o.suppress_below;
    d.protection = o.protection;
    const auto r = protect_by_suppression(cells, d);
    audit.atoms = r.atoms;
    audit.solves = r.solves;
    log.stage(fmt::format("release: {} atoms in {} groups of linked counts, {} programs solved", r.atoms, r.components, r.solves));
    if (!r.passed) {
        std::string list;
        for (std::size_t k = 0; k < r.failing.size() && k < 10; ++k) list += "\n  " + where(r.failing[k]);
        throw ReleaseRefused(fmt::format(
            "--publish: {} hidden counts cannot be protected: what is published gives them back to within fewer than {} "
            "values:{}{}\npublish fewer linked tables (a --summary, a board beside its series), a coarser grid or period, or "
            "use --disclosure cell-key",
            r.failing.size(), audit.protection, list, r.failing.size() > 10 ? "\n  ..." : ""));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        published[c] = r.state[c] == CellState::primary ? hidden : r.state[c] == CellState::secondary ? "x" : count_text(cells[c].value);
        audit.primary += r.state[c] == CellState::primary;
        audit.secondary += r.state[c] == CellState::secondary;
    }
    // A count the audit cannot place (a weighted sum, a count not knowing its incidents) is
    // protected by its own value only: in a product with a hidden count it could stand in for
    // one (a weight equal to its row's count) or give one back by difference, so there it is
    // withheld.
    std::set<std::size_t> with_hidden;
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (r.state[c] != CellState::shown) with_hidden.insert(cell_at[c].product);
    for (std::size_t c = 0; c < cells.size(); ++c)
        if (cells[c].opaque && r.state[c] == CellState::shown && cell_at[c].product != static_cast<std::size_t>(-1) &&
            with_hidden.count(cell_at[c].product)) {
            published[c] = "";
            ++audit.withheld;
        }
    for (const auto& i : r.intervals) {
        audit.hidden.push_back({where(i.cell), published[i.cell], i.low, i.high});
        // -vv lists what the audit leaves open of each hidden count (docs/publish.md).
        if (log.verbose() >= 2) log.note(fmt::format("audit: {}: {} in [{:g}, {:g}]", where(i.cell), published[i.cell], i.low, i.high));
    }
}

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
    // Counts first, then what is made from them, row by row.
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
    auto& meta = h.kind == Held::Kind::raster ? h.raster.metadata : h.table.metadata;
    published_metadata(meta, total, o);
}

void Release::commit() {
    m->protect();
    for (auto& h : m->held) m->apply(h);
    const auto statement = publish_statement(m->o, m->audit.to_json());
    io::CommitTogether together;
    for (auto& h : m->held) {
        auto& inner = *m->steps[h.step]->inner;
        if (h.kind == Held::Kind::raster) {
            h.raster.grid = &h.grid;
            h.raster.values = &h.values;
            h.raster.metadata["published"] = statement;
            inner.raster(h.role, h.raster, h.style);
        } else if (h.kind == Held::Kind::features) {
            h.table.metadata["published"] = statement;
            inner.features(h.role, h.table, h.style);
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const auto& r : h.table.rows) {
                std::vector<std::string> line;
                for (const auto& v : r) line.push_back(std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : std::string());
                rows.push_back(std::move(line));
            }
            h.table.metadata["published"] = statement;
            inner.table(h.role, h.header, rows, h.table.metadata);
        }
    }
    together.commit();
    m->committed = true;
    m->log.note(fmt::format("--publish: {} counts protected by {}{}", m->audit.counts, m->audit.method,
                            m->audit.method == "suppression"
                                ? fmt::format(" ({} hidden below {}, {} more so that none can be worked out)", m->audit.primary,
                                              m->o.suppress_below, m->audit.secondary)
                                : fmt::format(" ({} changed)", m->audit.perturbed)));
}

nlohmann::json Release::step_incidents(const std::string& label) const {
    for (const auto& s : m->steps)
        if (s->label == label) {
            const std::string& v = m->published[s->total];
            char* end = nullptr;
            const long long n = std::strtoll(v.c_str(), &end, 10);
            return end && *end == '\0' && !v.empty() ? nlohmann::json(n) : nlohmann::json(v);
        }
    return nullptr;
}

const ReleaseAudit& Release::audit() const { return m->audit; }

nlohmann::json ReleaseAudit::to_json() const {
    nlohmann::json j = {{"method", method}, {"counts", counts}};
    if (method == "suppression") {
        j["hidden_below_threshold"] = primary;
        j["hidden_secondary"] = secondary;
        j["protection"] = protection;
        if (withheld) j["withheld_unplaced"] = withheld;
        double narrowest = std::numeric_limits<double>::infinity();
        for (const auto& h : hidden)
            if (h.marker.starts_with("<")) narrowest = std::min(narrowest, std::floor(h.high) - std::ceil(std::max(1.0, h.low)) + 1);
        if (std::isfinite(narrowest)) j["fewest_values_open"] = narrowest;
    } else {
        j["changed"] = perturbed;
    }
    return j;
}

}  // namespace hotspots::report
