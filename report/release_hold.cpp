// What the release holds of each kind of product a step writes: a surface banded, a layer's
// features (polygons snapped, point layers and layers of places withheld), a table's cells;
// texts and incident records are not counts.
#include "report/release_detail.hpp"

#include "geo/geos.hpp"
#include "report/published_text.hpp"
#include "report/surface.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace hotspots::report {

using detail::Held;

bool StepWriter::locates(const std::string& role) const {
    for (const auto& p : m_r.steps[m_step]->info.products)
        if (p.role == role) return p.locates_incidents;
    return false;
}

void StepWriter::raster(const std::string& role, const io::RasterOutput& out, const std::string& style) {
    if (out.tiles)
        throw steps::UsageError(tiles_not_published);  // check_publish_tiles refuses it before reading
    Held h;
    h.kind = Held::Kind::raster;
    h.step = m_step;
    h.role = role;
    const auto& s = *m_r.steps[m_step];
    auto banded = published_surface(out, m_r.o, s.xy, *s.log);
    h.style = style.empty() ? std::string() : banded.style;
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
    if (const auto it = m_scaled.find(role); it != m_scaled.end()) {
        h.scaled = std::move(it->second);
        m_scaled.erase(it);
    }
    m_r.held.push_back(std::move(h));
}

bool StepWriter::every_unit() const { return m_r.o.min_street_length > 0; }

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
    // Incident records are no counts: written now (the folder or the files appear only whole),
    // their metadata as every product's (each record is shown: their number is no secret).
    io::IncidentOutput shown = out;
    published_metadata(shown.metadata, std::to_string(out.set.incidents.size()), m_r.o, s.info.metadata, true, true);
    s.inner->incidents(role, shown);
}

}  // namespace hotspots::report
