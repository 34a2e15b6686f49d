#pragma once
// --publish (docs/publish.md): outputs safe to put on a website. Incidents inside sensitive
// sites (refuges) are removed before any computation; then, as the products are written,
// counts below --suppress-below become "<N" (and the other figures of their row are left out),
// point layers and incident records are dropped unless --keep-points, text products (GPX,
// sheets, JSON) are dropped, surfaces are coarsened to --publish-cell, and polygons are
// snapped to a tenth of it, those smaller than a cell dropped. Without --publish nothing
// changes.
#include "steps/step.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hotspots::report {

using steps::Context;
using steps::Ingested;
using steps::Log;
using steps::Params;
using steps::Writer;

// --publish and its options. The front-ends declare them (every command that reads
// incidents, and a pack's top-level keys); steps never see them.
struct PublishParams {
    bool on = false, keep_points = false;
    std::int64_t suppress_below = 5;
    double cell = 100;  // metres
    std::string sensitive_sites;
};
void declare_publish(Params& p, PublishParams& o);
// Whether `name` is one of the options declare_publish declares (--publish and its own).
bool publish_option(const std::string& name);

// Options against each other (the others of --publish need it; `p` holds them as given), and
// the sites read.
void check_publish(const PublishParams& o, const Params& p, Context& ctx);

// Removes the incidents inside --sensitive-sites; returns how many there were.
std::uint64_t remove_sensitive(Ingested& in, const PublishParams& o, Context& ctx);

// What was done, for the metadata of every product and the report's front page.
nlohmann::json publish_statement(const PublishParams& o, std::uint64_t removed);

// A count for a manifest or a report: "<N" below the threshold when publishing.
nlohmann::json published_count(std::size_t n, const PublishParams& o);

// A writer that makes the products safe to publish before handing them on; `products` are the
// step's declarations (which of them locate incidents).
class PublishWriter : public Writer {
public:
    PublishWriter(Writer& inner, const PublishParams& o, std::uint64_t removed, std::vector<steps::Product> products, Log& log)
        : m_inner(inner), m_o(o), m_removed(removed), m_products(std::move(products)), m_log(log) {}
    void raster(const std::string& role, const io::RasterOutput& out, const std::string& style) override;
    void features(const std::string& role, const io::FeatureTable& table, const std::string& style) override;
    void table(const std::string& role, const std::vector<Column>& header,
               const std::vector<std::vector<std::string>>& rows, const nlohmann::json& metadata) override;
    void csv(const std::string& role, const std::vector<Column>& header, const std::string& lines,
             const nlohmann::json& metadata) override;
    void text(const std::string& role, const std::string& text, const std::string& extension) override;
    void incidents(const std::string& role, const io::IncidentOutput& out) override;

private:
    nlohmann::json statement() const;
    bool locates_incidents(const std::string& role) const;
    Writer& m_inner;
    const PublishParams& m_o;
    std::uint64_t m_removed;
    std::vector<steps::Product> m_products;
    Log& m_log;
};

}  // namespace hotspots::report
