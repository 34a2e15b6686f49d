#pragma once
// The release's parts as its files share them (report/release*.cpp): the products held, the
// writer of one step's products, and the release's state. Not for other files.
#include "report/release.hpp"

#include <map>
#include <string>
#include <vector>

namespace hotspots::report {
namespace detail {

// A held product's counts, as cells of the release: where each one is.
struct CellAt {
    std::size_t product, row, column;
};

// A product held until the release is protected, as one table whatever its kind: a layer's
// attributes, or a CSV table's text cells.
struct Held {
    enum class Kind { features, table, raster };
    Kind kind = Kind::table;
    std::size_t step = 0;
    std::string role, style;
    io::FeatureTable table;          // features (and a CSV table's cells as text fields)
    std::vector<Column> header;      // a CSV table's columns
    std::vector<steps::Members> members;
    steps::ScaledStyle scaled;       // a style made from a column's values: made again from the published ones
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

// A cell's value as a number (an integer, a real, or text holding one); NaN otherwise.
double number_of(const io::FieldValue& v);

// For each row of `h`, 1 + the step's number of its street segment when the segment is shorter
// than `metres` (Members::street_m, street_unit), else 0 (other rows, units that are not
// segments, or 0 metres).
std::vector<std::uint64_t> short_rows(const Held& h, double metres);

}  // namespace detail

struct Release::Impl {
    struct StepHeld;
    const PublishParams& o;
    Log& log;
    std::vector<DisclosureCell> cells;
    std::vector<detail::CellAt> cell_at;
    std::vector<detail::Held> held;
    std::vector<std::unique_ptr<StepHeld>> steps;
    std::map<std::uint64_t, std::uint8_t> keys;  // record keys (cell-key method)
    std::string secret;
    ReleaseAudit audit;
    std::vector<std::string> published;  // per cell, after commit
    bool committed = false;

    Impl(const PublishParams& p, Log& l) : o(p), log(l) {}
    void protect();
    void apply(detail::Held& h);
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
    void counts(const std::string& role, std::vector<steps::Members> members) override { m_members[role] = std::move(members); }
    void scaled_style(const std::string& role, steps::ScaledStyle style) override { m_scaled[role] = std::move(style); }
    // Where some counts are withheld whatever they are (short street segments), a row's
    // presence must say nothing: every unit is listed.
    bool every_unit() const override;
    bool wants_counts() const override { return true; }

private:
    bool locates(const std::string& role) const;
    Release::Impl& m_r;
    std::size_t m_step;
    std::map<std::string, std::vector<steps::Members>> m_members;
    std::map<std::string, steps::ScaledStyle> m_scaled;
};

struct Release::Impl::StepHeld {
    std::string label;
    steps::StepInfo info;
    std::vector<std::uint64_t> ids;  // each of the step's incidents, as the release knows it
    std::vector<std::pair<double, double>> xy;  // and where it is (to count a surface's bands)
    std::size_t total = 0;           // its cell: the step's count of incidents
    std::size_t input = 0;           // which of the release's inputs it read
    Writer* inner = nullptr;
    std::unique_ptr<Writer> owned;
    Log* log = nullptr;
    std::unique_ptr<StepWriter> writer;
};

}  // namespace hotspots::report
